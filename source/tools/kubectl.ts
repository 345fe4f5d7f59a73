import type { Config } from '../config.js';
import { hubFullname } from '../config.js';
import { helmDuration } from '../options.js';
import type { Exec, ExecOptions, ExecResult } from './exec.js';

export function rolloutStatusArgs(config: Config, timeoutMs = config.timeoutMs): string[] {
  return ['rollout', 'status', `statefulset/${hubFullname(config.release)}`, '--namespace', config.namespace, '--context', config.kubeContext, `--timeout=${helmDuration(timeoutMs)}`];
}

export function rolloutStatus(exec: Exec, config: Config, timeoutMs: number, options?: ExecOptions): Promise<ExecResult> {
  return exec('kubectl', rolloutStatusArgs(config, timeoutMs), options);
}

export const GET_KEDGE_NAMESPACES_ARGS = ['--context', 'kedge', 'get', 'namespaces'];

/** The cluster's server version; fails when the context does not answer. */
export function serverVersion(exec: Exec, context: string, options?: ExecOptions): Promise<ExecResult> {
  return exec('kubectl', ['--context', context, 'version', '-o', 'json', '--request-timeout=20s'], options);
}
