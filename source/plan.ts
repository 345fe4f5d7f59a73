import type { Config } from './config.js';
import { checkClusterStep } from './steps/check-cluster.js';
import { checkToolsStep } from './steps/check-tools.js';
import { helmInstallStep } from './steps/helm-install.js';
import { loginStep } from './steps/login.js';
import { readChartStep } from './steps/read-chart.js';
import type { Step } from './steps/step.js';
import { tokenStep } from './steps/token.js';
import { verifyEdgesStep, verifyNamespacesStep } from './steps/verify.js';
import { waitHubStep, waitRolloutStep } from './steps/wait-ready.js';
import { writeValuesStep } from './steps/write-values.js';
import { completeRotationStep } from './steps/complete-rotation.js';
import { dropOldTokensStep } from './steps/finish-overlap.js';
import { oldTokenStep } from './steps/old-token.js';
import { rotateTokenStep } from './steps/rotate-token.js';
import { tokenAgeStep } from './steps/token-age.js';

const APPLY_AND_PROVE = [helmInstallStep, waitRolloutStep, waitHubStep, loginStep, verifyNamespacesStep, verifyEdgesStep];

/** The ordered steps of a run, per mode. */
export function planSteps(config: Config): Step[] {
  const before = [checkToolsStep, checkClusterStep, readChartStep];
  switch (config.mode) {
    case 'install':
      return [...before, tokenStep, writeValuesStep, ...APPLY_AND_PROVE];
    case 'reapply':
      return [...before, tokenStep, writeValuesStep, ...APPLY_AND_PROVE, tokenAgeStep];
    case 'rotate':
      return [...before, rotateTokenStep, writeValuesStep, ...APPLY_AND_PROVE, oldTokenStep, completeRotationStep];
    case 'finish-overlap':
      return [...before, dropOldTokensStep, writeValuesStep, ...APPLY_AND_PROVE, oldTokenStep, completeRotationStep];
    case 'verify':
      return [checkToolsStep, waitHubStep, verifyNamespacesStep, verifyEdgesStep, tokenAgeStep];
  }
}

export const MODE_TITLES: Record<Config['mode'], string> = {
  install: 'install',
  reapply: 're-apply',
  rotate: 'rotate the token',
  'finish-overlap': 'finish the overlap',
  verify: 'verify',
};

/** The plan as text for --dry-run: each step and the exact commands, never the token. */
export function describePlan(config: Config, steps: readonly Step[]): string[] {
  const lines = [
    `Plan: ${MODE_TITLES[config.mode]} (dry run: nothing is written, no cluster is touched)`,
    `  kube context  ${config.kubeContext}${config.apiServer ? `  (${config.apiServer})` : ''}`,
    `  namespace     ${config.namespace}`,
    `  release       ${config.release}`,
    `  chart         ${config.chart}${config.chartVersion ? ` --version ${config.chartVersion}` : ''}`,
    `  hub URL       ${config.hubUrl}`,
    `  values file   ${config.valuesPath}`,
    `  dev mode      ${config.devMode ? 'on' : 'off'}`,
    '',
  ];
  steps.forEach((step, index) => {
    lines.push(`${index + 1}. ${step.title}`);
    for (const command of step.describe(config)) lines.push(`     ${command}`);
  });
  return lines;
}
