import type { Config } from '../config.js';
import { hubFullname } from '../config.js';
import { helmDuration } from '../options.js';
import { CHILD_GRACE_MS, type Exec, type ExecOptions, type ExecResult } from './exec.js';

export function rolloutStatusArgs(config: Config, timeoutMs = config.timeoutMs): string[] {
  return ['rollout', 'status', `statefulset/${hubFullname(config.release)}`, '--namespace', config.namespace, '--context', config.kubeContext, `--timeout=${helmDuration(timeoutMs)}`];
}

export function rolloutStatus(exec: Exec, config: Config, timeoutMs: number, options?: ExecOptions): Promise<ExecResult> {
  return exec('kubectl', rolloutStatusArgs(config, timeoutMs), { timeoutMs: timeoutMs + CHILD_GRACE_MS, ...options });
}

export const GET_KEDGE_NAMESPACES_ARGS = ['--context', 'kedge', 'get', 'namespaces'];

/** The cluster's server version; fails when the context does not answer. */
export function serverVersion(exec: Exec, context: string, options?: ExecOptions): Promise<ExecResult> {
  return exec('kubectl', ['--context', context, 'version', '-o', 'json', '--request-timeout=20s'], options);
}

/** The cluster's identity: the kube-system namespace's UID, stable for a cluster's lifetime. */
export async function clusterIdentity(exec: Exec, context: string): Promise<string | undefined> {
  const result = await exec('kubectl', ['--context', context, 'get', 'namespace', 'kube-system', '-o', 'jsonpath={.metadata.uid}', '--request-timeout=20s']);
  return result.exitCode === 0 && result.stdout.trim() ? result.stdout.trim() : undefined;
}

/** The static tokens the hub's StatefulSet runs with (its --static-auth-token args), read to compare, never shown. */
export async function hubWorkloadTokens(exec: Exec, config: Config): Promise<string[] | undefined> {
  const result = await exec('kubectl', ['--context', config.kubeContext, '-n', config.namespace, 'get', 'statefulset', hubFullname(config.release), '-o', 'json', '--request-timeout=30s']);
  if (result.exitCode !== 0) return undefined;
  const spec = JSON.parse(result.stdout) as { spec?: { template?: { spec?: { containers?: Array<{ args?: string[] }> } } } };
  const args = spec.spec?.template?.spec?.containers?.flatMap((c) => c.args ?? []) ?? [];
  return args.filter((a) => a.startsWith('--static-auth-token=')).flatMap((a) => a.slice('--static-auth-token='.length).split(','));
}
