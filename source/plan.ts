import type { Config } from './config.js';
import { describeBinarySetup, planBinarySteps } from './binary/plan.js';
import { readChartStep } from './checks/chart.js';
import { clusterCheck, rbacCheck, storageClassCheck } from './checks/cluster.js';
import { verifyEdgesStep, verifyNamespacesStep } from './checks/hub-access.js';
import { hubUrlCheck } from './checks/hub-url.js';
import { kedgeContextCheck, kubeconfigFileCheck, valuesFileCheck } from './checks/local-files.js';
import { releaseDeployedCheck, releaseStateCheck } from './checks/release.js';
import { tlsCheck } from './checks/tls.js';
import { tokenAgeStep } from './checks/token-age.js';
import { helmCheck, kubectlCheck, pluginCheck } from './checks/tools.js';
import { statefulSetCheck } from './checks/workload.js';
import { completeRotationStep } from './steps/complete-rotation.js';
import { dropOldTokensStep } from './steps/finish-overlap.js';
import { helmInstallStep } from './steps/helm-install.js';
import { loginStep } from './steps/login.js';
import { oldTokenStep } from './steps/old-token.js';
import { rotateTokenStep } from './steps/rotate-token.js';
import { flattenPlan, type PlanItem, type StepGroup } from './steps/step.js';
import { tokenStep } from './steps/token.js';
import { hubReadyCheck, waitHubStep, waitRolloutStep } from './steps/wait-ready.js';
import { writeValuesStep } from './steps/write-values.js';

const TOOLS = [helmCheck, kubectlCheck, pluginCheck];
const DOCTOR_CHECKS = [releaseDeployedCheck, statefulSetCheck, tlsCheck, kedgeContextCheck, verifyNamespacesStep, verifyEdgesStep, valuesFileCheck, kubeconfigFileCheck, tokenAgeStep];
/** Everything checked before anything is written; independent, so run together. */
const PREFLIGHT: StepGroup = { group: 'Preflight', steps: [...TOOLS, clusterCheck, rbacCheck, storageClassCheck, readChartStep, hubUrlCheck, releaseStateCheck] };
/** The doctor: the last screen of every run. */
const DOCTOR: StepGroup = { group: 'Verify', steps: DOCTOR_CHECKS };
const APPLY = [helmInstallStep, waitRolloutStep, waitHubStep, loginStep];

/** The ordered steps of a run, per mode; an array inside is a group that runs concurrently. */
export function planSteps(config: Config): PlanItem[] {
  if (config.binary) return planBinarySteps(config);
  switch (config.mode) {
    case 'install':
    case 'reapply':
      return [PREFLIGHT, tokenStep, writeValuesStep, ...APPLY, DOCTOR];
    case 'rotate':
      // The login with the new token proves it; the old token's proof and the journal do not wait on the doctor.
      return [PREFLIGHT, rotateTokenStep, writeValuesStep, ...APPLY, oldTokenStep, completeRotationStep, DOCTOR];
    case 'finish-overlap':
      return [PREFLIGHT, dropOldTokensStep, writeValuesStep, ...APPLY, oldTokenStep, completeRotationStep, DOCTOR];
    case 'verify':
      return [{ group: 'Verify', steps: [...TOOLS, hubReadyCheck, ...DOCTOR_CHECKS] }];
    case 'preflight':
      return [PREFLIGHT];
  }
}

export const MODE_TITLES: Record<Config['mode'], string> = {
  install: 'install',
  reapply: 're-apply',
  rotate: 'rotate the token',
  'finish-overlap': 'finish the overlap',
  verify: 'verify',
  preflight: 'preflight',
};

/** The plan as text for --dry-run: each step and the exact commands, never the token. */
export function describePlan(config: Config, plan: readonly PlanItem[]): string[] {
  const lines = config.binary ? describeBinarySetup(config, MODE_TITLES[config.mode]) : [
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
  flattenPlan(plan).forEach((step, index) => {
    lines.push(`${index + 1}. ${step.title}${step.severity === 'warning' ? ' (warning only)' : ''}`);
    for (const command of step.describe(config)) lines.push(`     ${command}`);
  });
  return lines;
}

/** The plan for --dry-run --output json. */
export function describePlanJson(config: Config, plan: readonly PlanItem[]) {
  return {
    schemaVersion: 1,
    mode: config.mode,
    dryRun: true,
    target: { hubUrl: config.hubUrl, kubeContext: config.kubeContext, namespace: config.namespace, release: config.release, valuesPath: config.valuesPath },
    steps: flattenPlan(plan).map((step) => ({ id: step.id, title: step.title, severity: step.severity ?? 'fatal', commands: step.describe(config) })),
  };
}
