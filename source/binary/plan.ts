import type { Config } from '../config.js';
import { verifyEdgesStep, verifyNamespacesStep } from '../checks/hub-access.js';
import { kedgeContextCheck, kubeconfigFileCheck, valuesFileCheck } from '../checks/local-files.js';
import { tlsCheck } from '../checks/tls.js';
import { tokenAgeStep } from '../checks/token-age.js';
import { kubectlCheck, pluginCheck } from '../checks/tools.js';
import { completeRotationStep } from '../steps/complete-rotation.js';
import { dropOldTokensStep } from '../steps/finish-overlap.js';
import { loginStep } from '../steps/login.js';
import { oldTokenStep } from '../steps/old-token.js';
import { rotateTokenStep } from '../steps/rotate-token.js';
import type { PlanItem, Step, StepGroup } from '../steps/step.js';
import { tokenStep } from '../steps/token.js';
import { hubReadyCheck } from '../steps/wait-ready.js';
import { hubBinaryCheck } from './checks/hub-binary.js';
import { hubDirCheck } from './checks/hub-dir.js';
import { hubProcessCheck } from './checks/hub-process.js';
import { opensslCheck } from './checks/openssl.js';
import { hubPortsCheck } from './checks/ports.js';
import { listenPort, pathsOf, binaryOf } from './settings.js';
import { hubFilesStep } from './steps/hub-files.js';
import { newTokenLiveStep } from './steps/new-token-live.js';
import { startHubStep } from './steps/start-hub.js';
import { waitBinaryHubStep } from './steps/wait-hub.js';

// The Helm target's token steps, worded for the token file that takes the values file's place.
const inTokenFileWords = (text: string) => text.replace('the values file', 'the token file');
const keepOrMakeToken: Step = {
  ...tokenStep,
  describe: (config) => tokenStep.describe(config).map(inTokenFileWords),
  async run(ctx) {
    const result = await tokenStep.run(ctx);
    if (ctx.state.tokenOrigin) ctx.state.tokenOrigin = inTokenFileWords(ctx.state.tokenOrigin);
    return result?.detail ? { ...result, detail: inTokenFileWords(result.detail) } : result;
  },
};
const newToken: Step = { ...rotateTokenStep, title: 'Back up the token file and choose a new token' };
const dropOldTokens: Step = { ...dropOldTokensStep, title: 'Remove the old tokens from the token file' };
const tokenFileCheck: Step = { ...valuesFileCheck, id: 'token-file', title: 'Token file private and out of git' };

/** The binary target's steps, per mode: the Helm target's login, checks and rotation around its own files and process. */
export function planBinarySteps(config: Config): PlanItem[] {
  const starts = binaryOf(config).start;
  const preflight: StepGroup = { group: 'Preflight', steps: [hubBinaryCheck, opensslCheck, hubPortsCheck, hubDirCheck, ...(starts ? [kubectlCheck, pluginCheck] : [])] };
  const doctorChecks = [tlsCheck, kedgeContextCheck, verifyNamespacesStep, verifyEdgesStep, tokenFileCheck, kubeconfigFileCheck, tokenAgeStep];
  const doctor: StepGroup = { group: 'Verify', steps: doctorChecks };
  const restartAndProve = [hubFilesStep, startHubStep, waitBinaryHubStep, newTokenLiveStep, loginStep, doctor, oldTokenStep, completeRotationStep];
  switch (config.mode) {
    case 'install':
    case 'reapply':
      return [preflight, keepOrMakeToken, hubFilesStep, ...(starts ? [startHubStep, waitBinaryHubStep, loginStep, doctor] : [])];
    case 'rotate':
      return [preflight, newToken, ...restartAndProve];
    case 'finish-overlap':
      return [preflight, dropOldTokens, ...restartAndProve];
    case 'verify':
      return [{ group: 'Verify', steps: [kubectlCheck, pluginCheck, hubProcessCheck, hubReadyCheck, ...doctorChecks] }];
    case 'preflight':
      return [preflight];
  }
}

/** The --dry-run header: what runs where. */
export function describeBinarySetup(config: Config, modeTitle: string): string[] {
  const settings = binaryOf(config);
  const paths = pathsOf(config);
  return [
    `Plan: ${modeTitle}, with the kedge-hub binary on this machine (dry run: nothing is written, nothing is started)`,
    `  hub binary    ${settings.binary}`,
    `  hub directory ${paths.dir}`,
    `  hub URL       ${config.hubUrl} (the hub listens on :${listenPort(config.hubUrl)})`,
    `  dev mode      ${config.devMode ? 'on' : 'off'}`,
    `  start         ${settings.start ? `yes, in the background (log ${paths.log})` : 'no (--no-start)'}`,
    ...(settings.systemd ? [`  systemd unit  ${paths.unit}`] : []),
    '',
  ];
}
