import { StepError } from '../../errors.js';
import type { Step } from '../../steps/step.js';
import { waitHubStep } from '../../steps/wait-ready.js';
import { logTail, runningHubPid } from '../hub-process.js';
import { shellWord } from '../launcher.js';
import { binaryFacts } from '../run-facts.js';
import { pathsOf } from '../settings.js';

/** The Helm target's /readyz wait, which also stops as soon as the hub this run started has exited, showing its log. */
export const waitBinaryHubStep: Step = {
  ...waitHubStep,
  async run(ctx) {
    const paths = pathsOf(ctx.config);
    const facts = binaryFacts(ctx.state);
    const sleep = async (ms: number) => {
      await ctx.sleep(ms);
      if (facts.started && (await runningHubPid(paths)) === undefined) {
        throw new StepError(`The hub (pid ${facts.pid}) exited while starting.`, `Its log is ${paths.log}. Fix the cause and run the same command again.`, await logTail(paths));
      }
    };
    try {
      return await waitHubStep.run({ ...ctx, sleep });
    } catch (error) {
      if (!(error instanceof StepError) || facts.started || facts.foreign) throw error;
      throw new StepError(error.message, `No hub runs from ${paths.dir}: start it with ${shellWord(paths.launcher)}, or run create-kedge-hub again.`, error.tail);
    }
  },
};
