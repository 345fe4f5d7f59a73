import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Config } from './config.js';
import { UsageError } from './errors.js';
import { hubUrlInValues, parseValues } from './files/values-file.js';
import type { Options } from './options.js';
import type { Prompter } from './prompts.js';
import type { Exec } from './tools/exec.js';
import { findContext, readKubeconfig } from './tools/kubeconfig.js';

export function defaultValuesPath(release: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'kedge-hub', `${release}.values.yaml`);
}

/** Flags, then answers (only with a prompter), then defaults; a required value missing without a prompter is a usage error naming its flag. */
export async function resolveConfig(options: Options, deps: { exec: Exec; prompter?: Prompter; env: NodeJS.ProcessEnv; providedToken?: string }): Promise<Config> {
  const { exec, prompter } = deps;
  const kubeconfig = await readKubeconfig(exec);

  let kubeContext = options.kubeContext;
  if (!kubeContext && prompter && kubeconfig.contexts.length > 1) {
    kubeContext = await prompter.kubeContext(kubeconfig.contexts, kubeconfig.currentContext);
  }
  kubeContext ??= kubeconfig.currentContext ?? kubeconfig.contexts[0]?.name;
  if (!kubeContext) {
    throw new UsageError('No kube context to install into: your kubeconfig has none.', 'Point KUBECONFIG at your cluster\'s kubeconfig, or give --kube-context.');
  }
  const context = findContext(kubeconfig, kubeContext);

  let valuesPath = options.valuesPath ?? defaultValuesPath(options.release, deps.env);

  let hubUrl = options.hubUrl;
  if (!hubUrl) {
    const previous = await previousHubUrl(valuesPath);
    if (prompter) hubUrl = await prompter.hubUrl(previous);
    else hubUrl = previous;
  }
  if (!hubUrl) throw new UsageError('--hub-url is required when nothing can be asked (no terminal, or --yes).', 'Give the hub\'s external URL, e.g. --hub-url https://hub.example.com');

  let devMode = options.devMode;
  if (devMode === undefined && prompter) devMode = await prompter.devMode();

  if (!options.valuesPath && prompter) valuesPath = path.resolve(await prompter.valuesPath(valuesPath));

  return {
    command: options.command,
    hubUrl,
    namespace: options.namespace,
    release: options.release,
    chart: options.chart,
    chartVersion: options.chartVersion,
    valuesPath,
    kubeContext,
    apiServer: context.server,
    devMode: devMode ?? true,
    insecureSkipTlsVerify: options.insecureSkipTlsVerify,
    providedToken: deps.providedToken,
    tokenSource: options.tokenFile ? 'file' : options.tokenStdin ? 'stdin' : 'generate',
    showToken: options.showToken,
    dryRun: options.dryRun,
    timeoutMs: options.timeoutMs,
  };
}

/** The hub URL a values file from an earlier run names, to offer as the default. */
async function previousHubUrl(valuesPath: string): Promise<string | undefined> {
  const text = await readFile(valuesPath, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return hubUrlInValues(parseValues(text, valuesPath));
  } catch {
    return undefined;
  }
}

/** What the confirmation shows: exactly what will happen, and where. */
export function describeTarget(config: Config): string[] {
  return [
    'create-kedge-hub will:',
    `  install release "${config.release}" (${config.chart}${config.chartVersion ? ` ${config.chartVersion}` : ''})`,
    `  into namespace "${config.namespace}" of kube context "${config.kubeContext}"${config.apiServer ? ` — API server ${config.apiServer}` : ''}`,
    `  for the hub URL ${config.hubUrl} (dev mode ${config.devMode ? 'on' : 'off'})`,
    `  writing the token to ${config.valuesPath} (0600)`,
    '  then log in with kubectl kedge (your current context becomes "kedge") and verify.',
  ];
}
