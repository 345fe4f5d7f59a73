import type { Config } from '../config.js';
import type { RunEvent } from '../events.js';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skipped' | 'cancelled' | 'not-run';

export interface CheckRecord {
  id: string;
  title: string;
  status: CheckStatus;
  message: string | null;
  hint: string | null;
  durationMs: number | null;
}

/** The one JSON document `--output json` prints: documented in the README, never holding the token. */
export interface RunDocument {
  schemaVersion: 1;
  command: string;
  mode: string | null;
  ok: boolean;
  exitCode: number;
  target: { hubUrl: string; kubeContext: string; namespace: string; release: string; valuesPath: string } | null;
  checks: CheckRecord[];
  summary: string[];
  error: { message: string; hint: string | null } | null;
}

/** Collects events into the JSON document; prints nothing until asked. */
export function createJsonReporter(config: Config) {
  const checks = new Map<string, CheckRecord>();
  let finish: { exitCode: number; summary: string[] } | undefined;
  const emit = (event: RunEvent): void => {
    switch (event.type) {
      case 'plan':
        for (const step of event.steps) checks.set(step.id, { id: step.id, title: step.title, status: 'not-run', message: null, hint: null, durationMs: null });
        break;
      case 'step-end':
        Object.assign(checks.get(event.id)!, { status: event.status, message: event.detail ?? null, hint: event.hint ?? null, durationMs: event.ms });
        break;
      case 'step-fail':
        Object.assign(checks.get(event.id)!, { status: event.cancelled ? 'cancelled' : 'fail', message: event.message, hint: event.hint ?? null, durationMs: event.ms });
        break;
      case 'finish':
        finish = { exitCode: event.exitCode, summary: event.summary };
        break;
      default:
        break; // output lines and live progress are for people watching, not for the document
    }
  };
  const document = (): RunDocument => ({
    schemaVersion: 1,
    command: config.command,
    mode: config.mode,
    ok: finish?.exitCode === 0,
    exitCode: finish?.exitCode ?? 1,
    target: { hubUrl: config.hubUrl, kubeContext: config.kubeContext, namespace: config.namespace, release: config.release, valuesPath: config.valuesPath },
    checks: [...checks.values()],
    summary: finish?.summary ?? [],
    error: null,
  });
  return { emit, document };
}

/** The document for a run that could not start (bad usage, a refused values file, …). */
export function errorDocument(command: string, exitCode: number, message: string, hint?: string): RunDocument {
  return { schemaVersion: 1, command, mode: null, ok: false, exitCode, target: null, checks: [], summary: [], error: { message, hint: hint ?? null } };
}
