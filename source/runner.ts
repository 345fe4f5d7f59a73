import { setTimeout as delay } from 'node:timers/promises';
import { CancelledError, StepError } from './errors.js';
import type { Emit } from './events.js';
import { isGroup, type PlanItem, type Step, type StepContext } from './steps/step.js';

export type RunOutcome = { exitCode: 0 } | { exitCode: 1 | 130; failedStep: string };

type SharedContext = Omit<StepContext, 'log' | 'progress' | 'sleep'>;

type StepOutcome = { ok: true } | { ok: false; cancelled: boolean; id: string };

/** Runs the plan in order (a group's steps concurrently), reporting each step through `emit`; stops after the first fatal failure. */
export async function runSteps(plan: readonly PlanItem[], shared: SharedContext, emit: Emit): Promise<RunOutcome> {
  for (const item of plan) {
    const group = isGroup(item) ? item.steps : [item];
    const outcomes = await Promise.all(group.map((step) => runStep(step, shared, emit)));
    const failed = outcomes.find((o): o is Extract<StepOutcome, { ok: false }> => !o.ok);
    if (failed) return { exitCode: failed.cancelled ? 130 : 1, failedStep: failed.id };
  }
  return { exitCode: 0 };
}

async function runStep(step: Step, shared: SharedContext, emit: Emit): Promise<StepOutcome> {
  const started = Date.now();
  const redact = shared.secrets.redact;
  emit({ type: 'step-start', id: step.id });
  const ctx: StepContext = {
    ...shared,
    log: (line) => emit({ type: 'step-line', id: step.id, line: redact(line) }),
    progress: (detail) => emit({ type: 'step-progress', id: step.id, detail: redact(detail) }),
    sleep: (ms) => delay(ms, undefined, { signal: shared.signal }).catch(() => {
      throw new CancelledError();
    }),
  };
  try {
    if (shared.signal.aborted) throw new CancelledError();
    const result = await step.run(ctx);
    emit({
      type: 'step-end',
      id: step.id,
      status: result?.status ?? 'ok',
      detail: result?.detail === undefined ? undefined : redact(result.detail),
      hint: result?.hint === undefined ? undefined : redact(result.hint),
      ms: Date.now() - started,
    });
    return { ok: true };
  } catch (error) {
    const cancelled = error instanceof CancelledError || shared.signal.aborted;
    if (!cancelled && error instanceof StepError && step.severity === 'warning') {
      // A warning check that fails is reported and the run goes on.
      emit({ type: 'step-end', id: step.id, status: 'warn', detail: redact(error.message), hint: error.hint && redact(error.hint), ms: Date.now() - started });
      return { ok: true };
    }
    emit({
      type: 'step-fail',
      id: step.id,
      message: redact(cancelled ? 'Cancelled.' : (error as Error).message),
      hint: error instanceof StepError && error.hint ? redact(error.hint) : undefined,
      tail: error instanceof StepError ? error.tail.map(redact) : [],
      ms: Date.now() - started,
      cancelled,
    });
    if (!cancelled && !(error instanceof StepError)) {
      // An unexpected error: keep its stack for whoever reports the bug, never the token.
      emit({ type: 'step-line', id: step.id, line: redact(String((error as Error).stack ?? error)) });
    }
    return { ok: false, cancelled, id: step.id };
  }
}
