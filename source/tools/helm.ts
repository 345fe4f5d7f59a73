import { parseDocument } from 'yaml';
import type { Config } from '../config.js';
import { helmDuration } from '../options.js';
import type { TokenKey } from '../files/values-file.js';
import { CHILD_GRACE_MS, execOrFail, type Exec, type ExecOptions } from './exec.js';

function versionArgs(config: Pick<Config, 'chartVersion'>): string[] {
  return config.chartVersion ? ['--version', config.chartVersion] : [];
}

export function showValuesArgs(config: Pick<Config, 'chart' | 'chartVersion'>): string[] {
  return ['show', 'values', config.chart, ...versionArgs(config)];
}

/** The exact helm command; the token reaches helm only through the values file. */
export function upgradeInstallArgs(config: Config, options: { createNamespace?: boolean } = {}): string[] {
  return [
    'upgrade', '--install', config.release, config.chart,
    '-f', config.valuesPath,
    '--namespace', config.namespace,
    ...(options.createNamespace === false ? [] : ['--create-namespace']),
    ...versionArgs(config),
    '--kube-context', config.kubeContext,
    '--timeout', helmDuration(config.timeoutMs),
  ];
}

export interface ChartTokenKey {
  key: TokenKey;
  /** False when the chart's values name neither key, so the current form was assumed. */
  detected: boolean;
}

/** Which key this chart version reads the static token from, read off its default values. */
export function tokenKeyFromChartValues(valuesYaml: string): ChartTokenKey {
  const doc = parseDocument(valuesYaml);
  if (doc.hasIn(['hub', 'staticAuthTokens'])) return { key: 'staticAuthTokens', detected: true };
  if (doc.hasIn(['hub', 'staticAuthToken'])) return { key: 'staticAuthToken', detected: true };
  if (/^\s*#?\s*staticAuthTokens\s*:/m.test(valuesYaml)) return { key: 'staticAuthTokens', detected: true };
  if (/^\s*#?\s*staticAuthToken\s*:/m.test(valuesYaml)) return { key: 'staticAuthToken', detected: true };
  return { key: 'staticAuthTokens', detected: false };
}

export async function showChartValues(exec: Exec, config: Config, options?: ExecOptions): Promise<string> {
  const result = await execOrFail(exec, 'helm', showValuesArgs(config), {
    message: `helm could not read the chart ${config.chart}${config.chartVersion ? ` version ${config.chartVersion}` : ''}.`,
    hint: 'Check --chart and --chart-version, and that this machine can reach the registry (or point --chart at a local chart).',
  }, options);
  return result.stdout;
}

/** Runs helm upgrade --install and returns the release revision it reports. */
export async function upgradeInstall(exec: Exec, config: Config, options?: ExecOptions & { createNamespace?: boolean }): Promise<number | undefined> {
  const result = await execOrFail(exec, 'helm', upgradeInstallArgs(config, { createNamespace: options?.createNamespace }), {
    message: `helm upgrade --install of release ${config.release} failed.`,
    hint: `The cluster was left as helm left it. See the output above; "helm status ${config.release} -n ${config.namespace} --kube-context ${config.kubeContext}" shows the release.`,
  }, { timeoutMs: config.timeoutMs + CHILD_GRACE_MS, ...options });
  const revision = /^REVISION:\s*(\d+)/m.exec(result.stdout)?.[1];
  return revision ? Number(revision) : undefined;
}

export interface ReleaseStatus {
  status: string;
  revision: number;
}

/** The release as helm sees it, or undefined when there is none (or helm cannot reach the cluster). */
export async function releaseStatus(exec: Exec, config: Pick<Config, 'release' | 'namespace' | 'kubeContext'>): Promise<ReleaseStatus | undefined> {
  const result = await exec('helm', ['status', config.release, '--namespace', config.namespace, '--kube-context', config.kubeContext, '-o', 'json']);
  if (result.exitCode !== 0) return undefined;
  try {
    const parsed = JSON.parse(result.stdout) as { version?: number; info?: { status?: string } };
    return { status: parsed.info?.status ?? 'unknown', revision: parsed.version ?? 0 };
  } catch {
    return undefined;
  }
}

/** How to get a release stuck in pending-* moving again: the exact command. */
export function unstickCommand(config: Pick<Config, 'release' | 'namespace' | 'kubeContext'>, status: ReleaseStatus): string[] {
  const where = ['--namespace', config.namespace, '--kube-context', config.kubeContext];
  // A first install has no earlier revision to go back to.
  if (status.status === 'pending-install') return ['uninstall', config.release, ...where];
  return ['rollback', config.release, ...where, '--wait=false'];
}
