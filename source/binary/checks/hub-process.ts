import { StepError } from '../../errors.js';
import type { Step } from '../../steps/step.js';
import { currentHubInputs, describeStaleness, hubStaleness, runningHubPid } from '../hub-process.js';
import { binaryFacts } from '../run-facts.js';
import { pathsOf } from '../settings.js';

export const hubProcessCheck: Step = {
  id: 'hub-process',
  title: 'The hub process',
  severity: 'warning',
  describe: (config) => [`the pid in ${pathsOf(config).pid} runs the hub from ${pathsOf(config).dir}, with the files there now`],
  async run({ config, state }) {
    const paths = pathsOf(config);
    const pid = await runningHubPid(paths);
    if (!pid) {
      throw new StepError(
        `The hub create-kedge-hub started from ${paths.dir} is not running.`,
        `Start it with ${paths.launcher} (or run create-kedge-hub again); if you run it another way, such as systemd, this is expected.`,
      );
    }
    binaryFacts(state).pid = pid;
    // A run stopped between writing a new token and restarting the hub leaves it serving the old one.
    const staleness = await hubStaleness(paths, pid, await currentHubInputs(paths));
    if (staleness.kind === 'changed') {
      throw new StepError(`The hub (pid ${pid}) runs, but ${describeStaleness(staleness)}.`, 'Run create-kedge-hub again (no command needed: an unfinished rotation resumes); it restarts the hub it started.');
    }
    return { detail: `pid ${pid}, log ${paths.log}` };
  },
};
