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

/** The ordered steps of a run. */
export function planSteps(_config: Config): Step[] {
  return [
    checkToolsStep,
    checkClusterStep,
    readChartStep,
    tokenStep,
    writeValuesStep,
    helmInstallStep,
    waitRolloutStep,
    waitHubStep,
    loginStep,
    verifyNamespacesStep,
    verifyEdgesStep,
  ];
}

/** The plan as text for --dry-run: each step and the exact commands, never the token. */
export function describePlan(config: Config, steps: readonly Step[]): string[] {
  const lines = [
    'Plan (dry run: nothing is written, no cluster is touched)',
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
