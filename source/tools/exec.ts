import { execa } from 'execa';
import { CancelledError, StepError } from '../errors.js';
import type { Redact } from '../secrets/redact.js';

export interface ExecResult {
  exitCode: number;
  /** Raw output, for parsing only: it may hold the token. Show `tail` instead. */
  stdout: string;
  stderr: string;
  /** The last lines of stdout and stderr, redacted: safe to show. */
  tail: string[];
}

export interface ExecOptions {
  /** Each output line, already redacted, as it arrives. */
  onLine?: (line: string) => void;
  timeoutMs?: number;
  /** Variables to set for this one child on top of the run's environment. */
  env?: NodeJS.ProcessEnv;
}

export type Exec = (command: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

export interface ExecEnvironment {
  env: NodeJS.ProcessEnv;
  redact: Redact;
  signal: AbortSignal;
}

/** No child may hang a run: a call that names no limit gets this one. */
export const DEFAULT_CHILD_TIMEOUT_MS = 2 * 60_000;
/** Beyond a child's own --timeout, the time it may take to report that it timed out. */
export const CHILD_GRACE_MS = 60_000;

const INSTALL_HINTS: Record<string, string> = {
  helm: 'Install Helm 3.8 or newer: https://helm.sh/docs/intro/install/',
  kubectl: 'Install kubectl: https://kubernetes.io/docs/tasks/tools/',
  git: 'Install git, or choose a values path outside any repository with --values.',
};

/** Runs child processes with a fixed environment, redacted output and Ctrl-C forwarded to the child. */
export function createExec({ env, redact, signal }: ExecEnvironment): Exec {
  return async (command, args, options = {}) => {
    const timeoutMs = options.timeoutMs ?? DEFAULT_CHILD_TIMEOUT_MS;
    const tail: string[] = [];
    const onLine = (line: string) => {
      const safe = redact(line);
      tail.push(safe);
      if (tail.length > 12) tail.shift();
      options.onLine?.(safe);
    };
    const watch = function* (line: unknown) {
      onLine(String(line));
      yield line;
    };
    const result = await execa(command, args, {
      env: options.env ? { ...env, ...options.env } : env,
      reject: false,
      stdin: 'ignore',
      stdout: watch,
      stderr: watch,
      cancelSignal: signal,
      forceKillAfterDelay: 5000,
      timeout: timeoutMs,
    });
    if (result.isCanceled) throw new CancelledError(`Cancelled while running ${command}.`);
    if ((result as { code?: string }).code === 'ENOENT') {
      throw new StepError(`${command} is not installed or not on PATH.`, INSTALL_HINTS[command]);
    }
    if (result.timedOut) {
      throw new StepError(`${command} ${args[0] ?? ''} did not finish within ${Math.round(timeoutMs / 1000)}s.`, 'Raise --timeout, or check the cluster.', tail);
    }
    return {
      exitCode: result.exitCode ?? 1,
      stdout: String(result.stdout ?? ''),
      stderr: String(result.stderr ?? ''),
      tail,
    };
  };
}

/** Runs and throws a StepError with the redacted output tail when the command fails. */
export async function execOrFail(exec: Exec, command: string, args: readonly string[], failure: { message: string; hint?: string }, options?: ExecOptions): Promise<ExecResult> {
  const result = await exec(command, args, options);
  if (result.exitCode !== 0) throw new StepError(failure.message, failure.hint, result.tail);
  return result;
}
