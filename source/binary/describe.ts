import type { Config, Mode } from '../config.js';
import type { ExistingInstall } from '../inspect-install.js';
import type { RunState } from '../steps/step.js';
import { shellWord } from './launcher.js';
import { binaryFacts } from './run-facts.js';
import { binaryOf, hubPaths, listenPort, pathsOf, type BinaryHubSettings } from './settings.js';

const ACTIONS: Record<Mode, string> = {
  install: 'set up',
  reapply: 'apply the settings again (same token) to',
  rotate: 'replace the token of',
  'finish-overlap': 'remove the old tokens from',
  verify: 'check',
  preflight: 'check what running needs for',
};

/** The confirmation before anything is written. */
export function describeBinaryTarget(config: Config): string[] {
  const settings = binaryOf(config);
  const checksOnly = config.mode === 'verify' || config.mode === 'preflight';
  const then = config.mode === 'rotate' || config.mode === 'finish-overlap'
    ? '  then restart the hub it started (or wait for you to restart yours), log in again and prove the old token dead.'
    : settings.start ? '  then start it in the background, log in with kubectl kedge (your current context becomes "kedge") and verify.' : '  and not start it (--no-start).';
  return [
    'create-kedge-hub will:',
    `  ${ACTIONS[config.mode]} the kedge hub run by ${settings.binary} on this machine,`,
    `  from ${settings.dir} (0700: the token, the serving certificate and key, the launcher, data and log),`,
    `  for the hub URL ${config.hubUrl}, listening on :${listenPort(config.hubUrl)} (dev mode ${config.devMode ? 'on' : 'off'})`,
    ...(checksOnly ? [] : [then]),
  ];
}

/** The re-run menu's picture of an earlier setup. */
export function describeBinaryExisting(existing: ExistingInstall, settings: BinaryHubSettings, release: string): string[] {
  const paths = hubPaths(settings.dir, release);
  return [
    `  hub           ${settings.binary} from ${paths.dir}: ${existing.hubPid ? `running (pid ${existing.hubPid})` : 'not running (or not started by create-kedge-hub)'}`,
    `  token file    ${paths.token}`,
  ];
}

/** Where things are after a run, and how to stop, start or hand the hub to systemd. */
export function describeBinaryOutcome(config: Config, state: RunState): string[] {
  const paths = pathsOf(config);
  const facts = binaryFacts(state);
  const q = shellWord;
  const hubProcess = facts.pid
    ? `pid ${facts.pid}, log ${paths.log}; stop it with: kill $(cat ${q(paths.pid)})`
    : facts.foreign ? 'yours, not started by create-kedge-hub: restart it whenever the files above change'
    : `not started; start it with: ${q(paths.launcher)} >> ${q(paths.log)} 2>&1 &`;
  return [
    `  hub directory ${paths.dir} (0700)`,
    `  token file    ${paths.token} (0600; holds the token)`,
    `  launcher      ${paths.launcher} (reads the token file when it starts)`,
    `  hub process   ${hubProcess}`,
    ...(facts.unitWritten ? [`  systemd unit  ${paths.unit}; to run the hub under systemd instead, stop the one above, then: systemctl --user enable --now ${q(paths.unit)}`] : []),
  ];
}
