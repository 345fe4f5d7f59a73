import type { Config } from './config.js';
import { skipsTlsVerify } from './config.js';
import { tokenAgeDays } from './inspect-install.js';
import { REDACTED } from './secrets/redact.js';
import type { RunState } from './steps/step.js';
import type { RunOutcome } from './runner.js';
import { describeBinaryOutcome } from './binary/describe.js';

/** What the user needs after a run: where things are, how to use the hub, how to keep the token safe. */
export function summarise(config: Config, state: RunState, outcome: RunOutcome): string[] {
  const reminders = remindersFor(config, state);
  if (outcome.exitCode === 130) {
    return ['Cancelled. Files and cluster are as the last finished step left them; run the same command again to continue.', ...reminders];
  }
  const checksOnly = config.mode === 'verify' || config.mode === 'preflight';
  if (outcome.exitCode !== 0 && checksOnly) return ['A check failed: see its hint above. Warnings (⚠) do not fail the run.', ...reminders];
  if (outcome.exitCode !== 0 && state.rotationCompleted) {
    return [`The rotation itself is done: the new token works and the old one is rejected. A later check ("${outcome.failedStep}") failed: fix it, then run "create-kedge-hub verify".`, ...reminders];
  }
  if (outcome.exitCode !== 0) {
    return [`Stopped at step "${outcome.failedStep}". Fix the cause above and run the same command again; it picks up from there with the same token.`, ...reminders];
  }
  if (config.mode === 'verify') return ['The hub answers, and you are logged in to it.', ...reminders];
  if (config.mode === 'preflight') return ['Ready to install: run the same command without "preflight".', ...reminders];

  const loginCommand = `kubectl kedge login --hub-url ${config.hubUrl} --token <token>${skipsTlsVerify(config) ? ' --insecure-skip-tls-verify' : ''}`;
  const lines = [headline(config), '', ...where(config, state), ''];
  if (config.mode === 'rotate' || config.mode === 'finish-overlap') {
    lines.push(
      config.mode === 'rotate' && config.overlap
        ? 'Log in again with the new token on every other machine, then run "create-kedge-hub rotate --finish":'
        : 'Log in again with the new token on every machine that talks to the hub:',
      `  ${loginCommand}`,
      '',
      'On current hubs each token is its own hub user with its own fresh workspace: what was created with the old token stays with the old user.',
    );
  } else {
    lines.push('From another machine:', `  ${loginCommand}`);
  }
  lines.push(
    '',
    'Keep it safe:',
    '  - The token is a root password for the hub. Store it in a password manager or a secrets store (sops, sealed-secrets, Vault).',
    `  - Never commit the ${config.binary ? 'hub directory' : 'values file'}. Rotate the token periodically ("create-kedge-hub rotate"): it has no expiry.`,
    '  - For more than one user, switch to OIDC so each person has their own identity.',
    ...reminders,
  );
  return lines;
}

function headline(config: Config): string {
  if (config.binary?.start === false) return `Your kedge hub is set up in ${config.binary.dir}, not started (--no-start): start it as shown below, then log in.`;
  switch (config.mode) {
    case 'rotate':
      return config.overlap
        ? `The token of ${config.hubUrl} was rotated; the old token still works until "rotate --finish".`
        : `The token of ${config.hubUrl} was rotated: the new one works and the old one is rejected.`;
    case 'finish-overlap':
      return `The overlap is finished: only the current token works on ${config.hubUrl}.`;
    default:
      return `Your kedge hub is running at ${config.hubUrl} and you are logged in (kube context "kedge").`;
  }
}

function where(config: Config, state: RunState): string[] {
  const token = config.showToken && state.token ? state.token : `${REDACTED} (${state.tokenOrigin}; --show-token prints it)`;
  return [
    ...(config.binary ? describeBinaryOutcome(config, state) : [
      `  values file   ${config.valuesPath} (0600; holds the token)`,
      `  cluster       ${config.kubeContext}, release ${config.release} in ${config.namespace}${state.revision ? `, revision ${state.revision}` : ''}`,
      `  token key     hub.${state.tokenKey}`,
    ]),
    `  token         ${token}`,
  ];
}

/** Said at the end of every run until dealt with. */
function remindersFor(config: Config, state: RunState): string[] {
  const reminders: string[] = [];
  const { journal } = state;
  if (journal.overlap && config.mode !== 'finish-overlap' && !(config.mode === 'rotate' && config.overlap)) {
    reminders.push(`Reminder: an overlap started ${journal.overlap.since.slice(0, 10)} is still open; old tokens keep working until "create-kedge-hub rotate --finish".`);
  }
  const age = tokenAgeDays(journal);
  if (age !== undefined && age > config.maxTokenAgeDays && config.mode !== 'rotate') {
    reminders.push(`Reminder: the token is ${age} days old (more than ${config.maxTokenAgeDays}). Rotate it: create-kedge-hub rotate`);
  }
  if (state.edgesProviderMissing) reminders.push('Note: this hub has no edges provider yet, so "kubectl kedge edge list" cannot list edges.');
  return reminders.length ? ['', ...reminders] : [];
}
