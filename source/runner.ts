import { setTimeout as delay } from 'node:timers/promises';
import { CancelledError, StepError } from './errors.js';
import type { Emit } from './events.js';
import type { Step, StepContext } from './steps/step.js';

export type RunOutcome = { exitCode: 0 } | { exitCode: 1 | 130; failedStep: string };

type SharedContext = Omit<StepContext, 'log' | 'progress' | 'sleep'>;

/** Runs the steps in order, reporting each through `emit`; stops at the first failure. */
export async function runSteps(steps: readonly Step[], shared: SharedContext, emit: Emit): Promise<RunOutcome> {
  for (const step of steps) {
    const started = Date.now();
    emit({ type: 'step-start', id: step.id });
    const ctx: StepContext = {
      ...shared,
      log: (line) => emit({ type: 'step-line', id: step.id, line: shared.secrets.redact(line) }),
      progress: (detail) => emit({ type: 'step-progress', id: step.id, detail: shared.secrets.redact(detail) }),
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
        detail: result?.detail === undefined ? undefined : shared.secrets.redact(result.detail),
        ms: Date.now() - started,
      });
    } catch (error) {
      const cancelled = error instanceof CancelledError || shared.signal.aborted;
      const redact = shared.secrets.redact;
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
      return { exitCode: cancelled ? 130 : 1, failedStep: step.id };
    }
  }
  return { exitCode: 0 };
}
