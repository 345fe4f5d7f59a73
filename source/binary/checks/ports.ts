import { StepError } from '../../errors.js';
import type { Step } from '../../steps/step.js';
import { portState, runningHubPid, type PortState } from '../hub-process.js';
import { binaryFacts } from '../run-facts.js';
import { binaryOf, ETCD_PEER_PORT, listenPort, pathsOf } from '../settings.js';

/** The hub's port and its embedded etcd's are free, unless the hub started from this directory holds them. */
export const hubPortsCheck: Step = {
  id: 'hub-ports',
  title: 'Ports for the hub',
  describe: (config) => [`ports ${listenPort(config.hubUrl)} (the hub) and ${ETCD_PEER_PORT} (its embedded etcd) free on this machine, unless the hub started from ${binaryOf(config).dir} holds them`],
  async run({ config, state }) {
    const paths = pathsOf(config);
    const facts = binaryFacts(state);
    const pid = await runningHubPid(paths);
    if (pid) {
      facts.pid = pid;
      return { detail: `held by the hub started from ${paths.dir} (pid ${pid})` };
    }
    const port = listenPort(config.hubUrl);
    const [hub, etcd] = await Promise.all([portState(port), portState(ETCD_PEER_PORT)]);
    if (hub === 'free' && etcd === 'free') return { detail: `${port} and ${ETCD_PEER_PORT} free` };
    const busy = [describePort(port, 'the hub', hub), describePort(ETCD_PEER_PORT, 'embedded etcd', etcd)].filter(Boolean).join('; ');
    if (hub === 'denied') throw new StepError(`Port ${busy}.`, `Ports below 1024 need root. Let the hub listen on another port (put it in --hub-url, e.g. https://${new URL(config.hubUrl).hostname}:9443) and front it with a proxy if users need 443.`);
    if ((config.mode === 'install' || config.mode === 'preflight') && binaryOf(config).start) {
      throw new StepError(
        `Port ${busy} on this machine.`,
        `Only one kedge hub runs per host (its embedded etcd binds :${ETCD_PEER_PORT}). Stop what holds it (ss -ltnp shows who), or pick another port in --hub-url.`,
      );
    }
    // A re-run: most likely this directory's hub, run by the user (systemd, a shell) rather than by create-kedge-hub.
    facts.foreign = hub === 'in-use';
    return { status: 'warn', detail: `port ${busy}: a hub create-kedge-hub did not start may be running` };
  },
};

function describePort(port: number, what: string, state: PortState): string | undefined {
  if (state === 'free') return undefined;
  return `${port} (${what}) ${state === 'denied' ? 'cannot be opened without root' : 'is in use'}`;
}
