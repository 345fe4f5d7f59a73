import type { Config } from './config.js';
import { skipsTlsVerify } from './config.js';
import { REDACTED } from './secrets/redact.js';
import type { RunState } from './steps/step.js';
import type { RunOutcome } from './runner.js';

/** What the user needs after a run: where things are, how to use the hub, how to keep the token safe. */
export function summarise(config: Config, state: RunState, outcome: RunOutcome): string[] {
  if (outcome.exitCode === 130) {
    return ['Cancelled. Files and cluster are as the last finished step left them; run the same command again to continue.'];
  }
  if (outcome.exitCode !== 0) {
    return [`Stopped at step "${outcome.failedStep}". Fix the cause above and run the same command again; finished steps are safe to repeat.`];
  }
  const login = `kubectl kedge login --hub-url ${config.hubUrl} --token <token>${skipsTlsVerify(config) ? ' --insecure-skip-tls-verify' : ''}`;
  const lines = [
    `Your kedge hub is running at ${config.hubUrl} and you are logged in (kube context "kedge").`,
    '',
    `  values file   ${config.valuesPath} (0600; holds the token)`,
    `  cluster       ${config.kubeContext}, release ${config.release} in ${config.namespace}${state.revision ? `, revision ${state.revision}` : ''}`,
    `  token key     hub.${state.tokenKey}`,
  ];
  if (config.showToken && state.token) lines.push(`  token         ${state.token}`);
  else lines.push(`  token         ${REDACTED} (${state.tokenOrigin}; --show-token prints it)`);
  lines.push(
    '',
    'From another machine:',
    `  ${login}`,
    '',
    'Keep it safe:',
    '  - The token is a root password for the hub. Store it in a password manager or a secrets store (sops, sealed-secrets, Vault).',
    '  - Never commit the values file. Rotate the token periodically: it has no expiry.',
    '  - For more than one user, switch to OIDC so each person has their own identity.',
  );
  if (state.edgesProviderMissing) lines.push('', 'Note: this hub has no edges provider yet, so "kubectl kedge edge list" cannot list edges.');
  return lines;
}
