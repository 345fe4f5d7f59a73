import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { Options } from '../options.js';
import type { Prompter } from '../prompts.js';
import type { Target } from '../resolve-config.js';
import { findExecutable } from './find-executable.js';
import { NO_DEV_MODE, NO_DEV_MODE_HINT } from './flags.js';
import { defaultHubDir, hubPaths, type BinaryHubSettings, type HubTarget } from './settings.js';

/** The binary target's "where": its one directory and the executable; no cluster is involved. */
export async function resolveBinaryTarget(options: Options, deps: { prompter?: Prompter; env: NodeJS.ProcessEnv }): Promise<Target> {
  let dir = options.hubDir ?? defaultHubDir(options.release, deps.env);
  if (!options.hubDir && deps.prompter && options.command === 'install') dir = path.resolve(await deps.prompter.hubDir(dir));
  const wanted = options.hubBinary ?? 'kedge-hub';
  const binary: BinaryHubSettings = {
    dir,
    binary: (await findExecutable(wanted, deps.env.PATH)) ?? wanted,
    systemd: options.systemd,
    start: options.start,
  };
  return { kubeContext: '', valuesPath: hubPaths(dir, options.release).token, release: options.release, namespace: options.namespace, binary };
}


/** --target, else the one an earlier run set up here (binary only when only it was), else asked on a terminal, else helm. */
export async function chooseHubTarget(options: Options, deps: { prompter?: Prompter; env: NodeJS.ProcessEnv; helmValuesPath: string }): Promise<HubTarget> {
  if (options.target) return options.target;
  const helmFlags = options.kubeContext !== undefined || options.valuesPath !== undefined || options.chartVersion !== undefined;
  const binaryToken = hubPaths(defaultHubDir(options.release, deps.env), options.release).token;
  const [binarySetUp, helmSetUp] = await Promise.all([binaryToken, deps.helmValuesPath].map((file) => stat(file).then(() => true, () => false)));
  const found: HubTarget = binarySetUp && !helmSetUp && !helmFlags ? 'binary' : 'helm';
  // --no-dev-mode only works with Helm: refused for the binary set up here, and no offer of the binary on a first setup.
  if (found === 'binary' && options.devMode === false) throw new UsageError(NO_DEV_MODE.replace('--target binary', `the binary target set up in ${path.dirname(binaryToken)}`), NO_DEV_MODE_HINT);
  // Asked only for a first setup: a re-run goes straight to what is already there.
  const fresh = !binarySetUp && !helmSetUp && !helmFlags && options.devMode !== false;
  return deps.prompter && fresh ? deps.prompter.hubTarget(found) : found;
}
