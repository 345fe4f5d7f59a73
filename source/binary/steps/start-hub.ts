import type { Config } from '../../config.js';
import type { Step } from '../../steps/step.js';
import { currentHubInputs, describeStaleness, hubStaleness, portState, runningHubPid, startHub, stopHub } from '../hub-process.js';
import { shellWord } from '../launcher.js';
import { binaryFacts } from '../run-facts.js';
import { listenPort, pathsOf, unitName } from '../settings.js';

/**
 * Starts the hub in the background. A hub started here before keeps running only while it runs with the files as
 * they are now (its start is recorded), so a run stopped after writing a new token still gets the hub restarted; never doubled.
 */
export const startHubStep: Step = {
  id: 'start',
  title: 'Start the hub',
  describe: (config) => {
    const paths = pathsOf(config);
    return [`${shellWord(paths.launcher)} >> ${shellWord(paths.log)} 2>&1 &   # detached; pid in ${paths.pid}; a hub started here before is stopped first unless it runs with these files (${paths.started})`];
  },
  async run({ config, state, log }) {
    const paths = pathsOf(config);
    const facts = binaryFacts(state);
    const running = await runningHubPid(paths);
    const inputs = await currentHubInputs(paths);
    if (running) {
      const staleness = await hubStaleness(paths, running, inputs);
      if (staleness.kind === 'current') {
        facts.pid = running;
        return { status: 'skipped', detail: `already running (pid ${running}) with these files` };
      }
      log(`stopping the hub (pid ${running}): ${describeStaleness(staleness)}; it starts again with the files as they are now`);
      await stopHub(paths, running);
    } else if ((await portState(listenPort(config.hubUrl))) !== 'free') {
      facts.foreign = true;
      return { status: 'warn', detail: `something create-kedge-hub did not start holds port ${listenPort(config.hubUrl)}`, hint: restartYourHub(config, facts.unitWritten === true) };
    }
    facts.pid = await startHub(paths, process.env, inputs);
    facts.started = true;
    return { detail: `${running ? 'restarted' : 'started'}: pid ${facts.pid}, log ${paths.log}` };
  },
};

/** What to tell a user whose own hub (systemd, a shell) must restart to read the new files. */
export function restartYourHub(config: Pick<Config, 'release' | 'binary'>, hasUnit: boolean): string {
  const paths = pathsOf(config);
  const systemd = hasUnit ? `systemctl --user restart ${unitName(config.release)} if you enabled the unit, or ` : '';
  return `If that is your kedge hub, restart it so it reads ${paths.dir}: ${systemd}stop it and run ${shellWord(paths.launcher)}.`;
}
