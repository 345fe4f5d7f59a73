import os from 'node:os';
import path from 'node:path';
import type { Config, Mode } from './config.js';
import { UsageError } from './errors.js';
import { hubUrlInValues } from './files/values-file.js';
import type { ExistingInstall } from './inspect-install.js';
import { hubUrlProblem, normaliseHubUrl, type Options } from './options.js';
import type { Prompter } from './prompts.js';
import type { Exec } from './tools/exec.js';
import { findContext, KEDGE_CONTEXT, readKubeconfig, type KubeconfigView } from './tools/kubeconfig.js';
import { readJournal } from './files/journal.js';
import { describeBinaryTarget } from './binary/describe.js';
import { chooseHubTarget, resolveBinaryTarget } from './binary/resolve.js';
import { DEFAULT_BINARY_HUB_URL, type BinaryHubSettings } from './binary/settings.js';

export function defaultValuesPath(release: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'kedge-hub', `${release}.values.yaml`);
}

/** Which cluster and which values file: everything needed to find an earlier install. */
export interface Target {
  kubeContext: string;
  apiServer?: string;
  valuesPath: string;
  release: string;
  namespace: string;
  /** Set for --target binary: the hub runs on this machine, from one directory, with no cluster. */
  binary?: BinaryHubSettings;
}

/** Flags, then answers (only with a prompter), then defaults; missing input without a prompter is a usage error naming its flag. */
export async function resolveTarget(options: Options, deps: { exec: Exec; prompter?: Prompter; env: NodeJS.ProcessEnv }): Promise<Target> {
  const { exec, prompter } = deps;
  const helmValuesPath = options.valuesPath ?? defaultValuesPath(options.release, deps.env);
  if ((await chooseHubTarget(options, { prompter, env: deps.env, helmValuesPath })) === 'binary') return resolveBinaryTarget(options, deps);
  const kubeconfig = await readKubeconfig(exec);
  let valuesPath = helmValuesPath;
  if (!options.valuesPath && prompter && options.command === 'install') valuesPath = path.resolve(await prompter.valuesPath(valuesPath));

  // After a login the current context is the hub ("kedge"), not the cluster: prefer the cluster this values file was applied to.
  const recorded = (await readJournal(valuesPath))?.kubeContext;
  const current = kubeconfig.currentContext === KEDGE_CONTEXT ? undefined : kubeconfig.currentContext;
  const preferred = recorded ?? current;
  let kubeContext = options.kubeContext;
  const candidates = kubeconfig.contexts.filter((c) => c.name !== KEDGE_CONTEXT);
  if (!kubeContext && prompter && candidates.length > 1) kubeContext = await prompter.kubeContext(candidates, preferred);
  kubeContext ??= preferred ?? (candidates.length === 1 ? candidates[0]!.name : undefined);
  if (!kubeContext) {
    throw new UsageError(
      candidates.length ? '--kube-context is needed: the current context is not a cluster to install into.' : 'No kube context to install into: your kubeconfig has none.',
      candidates.length ? `Contexts found: ${candidates.map((c) => c.name).join(', ')}.` : 'Point KUBECONFIG at your cluster\'s kubeconfig, or give --kube-context.',
    );
  }
  if (kubeContext === KEDGE_CONTEXT) {
    throw new UsageError('--kube-context: "kedge" is the hub\'s own context (kubectl kedge login writes it), not a cluster to install into.', `Name the cluster's context. Contexts found: ${candidates.map((c) => c.name).join(', ') || 'none'}.`);
  }
  const context = findContextOrExplain(kubeconfig, kubeContext, { fromJournal: !options.kubeContext && kubeContext === recorded });
  return { kubeContext, apiServer: context.server, valuesPath, release: options.release, namespace: options.namespace };
}

function findContextOrExplain(kubeconfig: KubeconfigView, name: string, how: { fromJournal: boolean }) {
  if (how.fromJournal && !kubeconfig.contexts.some((c) => c.name === name)) {
    throw new UsageError(`This values file was applied through the kube context "${name}", which is no longer in your kubeconfig.`, 'Name the cluster\'s context now with --kube-context.');
  }
  return findContext(kubeconfig, name);
}

/** The hub settings: flags first; for a re-apply the values file's as defaults; asked only for a first install or a re-apply. */
export async function resolveConfig(options: Options, target: Target, mode: Mode, existing: ExistingInstall, deps: { prompter?: Prompter; providedToken?: string }): Promise<Config> {
  const { prompter } = deps;
  const recordedUrl = hubUrlInValues(existing.values.doc);
  const recordedProblem = recordedUrl === undefined ? undefined : hubUrlProblem(recordedUrl);
  const previousUrl = (recordedUrl && !recordedProblem ? normaliseHubUrl(recordedUrl) : undefined) ?? (target.binary ? DEFAULT_BINARY_HUB_URL : undefined);
  const previousDevMode = existing.values.doc.getIn(['hub', 'devMode']);
  const asks = prompter && (mode === 'install' || mode === 'reapply') ? prompter : undefined;

  let hubUrl = options.hubUrl;
  if (!hubUrl) hubUrl = asks ? await asks.hubUrl(previousUrl) : previousUrl;
  if (!hubUrl && recordedProblem) {
    throw new UsageError(`--hub-url is needed: the values file's hub.hubExternalURL "${recordedUrl}" cannot be used (${recordedProblem}).`, 'Give the hub\'s external URL, e.g. --hub-url https://hub.example.com');
  }
  if (!hubUrl) throw new UsageError('--hub-url is required when nothing can be asked (no terminal, or --yes).', 'Give the hub\'s external URL, e.g. --hub-url https://hub.example.com');

  let devMode = options.devMode;
  if (devMode === undefined && asks && !target.binary) devMode = await asks.devMode(typeof previousDevMode === 'boolean' ? previousDevMode : true);
  devMode ??= typeof previousDevMode === 'boolean' ? previousDevMode : true;

  return {
    command: options.command,
    mode,
    hubUrl,
    namespace: target.namespace,
    release: target.release,
    chart: options.chart,
    chartVersion: options.chartVersion,
    valuesPath: target.valuesPath,
    kubeContext: target.kubeContext,
    apiServer: target.apiServer,
    devMode,
    // The binary target's certificate is always its own self-signed one.
    insecureSkipTlsVerify: options.insecureSkipTlsVerify || target.binary !== undefined,
    providedToken: deps.providedToken,
    tokenSource: options.tokenFile ? 'file' : options.tokenStdin ? 'stdin' : 'generate',
    showToken: options.showToken,
    dryRun: options.dryRun,
    timeoutMs: options.timeoutMs,
    overlap: options.overlap,
    maxTokenAgeDays: options.maxTokenAgeDays,
    output: options.output,
    binary: target.binary,
  };
}

/** What the confirmation shows: exactly what will happen, and where. */
export function describeTarget(config: Config, clusterId?: string): string[] {
  if (config.binary) return describeBinaryTarget(config);
  const action = {
    install: 'install',
    reapply: 'apply the settings again (same token) to',
    rotate: `replace the token${config.overlap ? ' (keeping the old one working until rotate --finish)' : ''} of`,
    'finish-overlap': 'remove the old tokens from',
    verify: 'check',
    preflight: 'check what installing needs for',
  }[config.mode];
  return [
    'create-kedge-hub will:',
    `  ${action} release "${config.release}" (${config.chart}${config.chartVersion ? ` ${config.chartVersion}` : ''})`,
    `  in namespace "${config.namespace}" of kube context "${config.kubeContext}"${config.apiServer ? ` — API server ${config.apiServer}` : ''}`,
    ...(clusterId ? [`  (cluster identity: kube-system namespace UID ${clusterId})`] : []),
    `  for the hub URL ${config.hubUrl} (dev mode ${config.devMode ? 'on' : 'off'})`,
    `  with the values file ${config.valuesPath} (0600; it holds the token)`,
    ...(config.mode === 'verify' || config.mode === 'preflight' ? [] : ['  then log in with kubectl kedge (your current context becomes "kedge") and verify.']),
  ];
}
