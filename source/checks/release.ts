import { StepError } from '../errors.js';
import { releaseStatus, unstickCommand } from '../tools/helm.js';
import type { Step } from '../steps/step.js';

/** Preflight: the release's state before anything is applied. */
export const releaseStateCheck: Step = {
  id: 'release-state',
  title: 'The Helm release',
  describe: (config) => [`helm status ${config.release} --namespace ${config.namespace} --kube-context ${config.kubeContext}`],
  async run({ exec, config, state }) {
    const release = state.existing.release ?? (await releaseStatus(exec, config));
    if (!release) return { detail: `no release "${config.release}" in ${config.namespace} yet: a fresh install` };
    if (release.status === 'deployed') return { detail: `revision ${release.revision} deployed` };
    if (release.status.startsWith('pending-')) {
      throw new StepError(
        `Release "${config.release}" is stuck in ${release.status} (revision ${release.revision}): an earlier helm run was interrupted.`,
        `Run: helm ${unstickCommand(config, release).join(' ')}   (the wizard offers this on a terminal)`,
      );
    }
    if (release.status === 'failed') return { status: 'warn', detail: `revision ${release.revision} failed`, hint: 'The next helm upgrade retries it; "helm history" shows what went wrong.' };
    return { status: 'warn', detail: `revision ${release.revision} is ${release.status}` };
  },
};

/** Doctor: the release is deployed at the revision this values file last applied. */
export const releaseDeployedCheck: Step = {
  id: 'release',
  title: 'Release deployed',
  describe: (config) => [`helm status ${config.release} --namespace ${config.namespace} --kube-context ${config.kubeContext}`],
  async run({ exec, config, state }) {
    const release = await releaseStatus(exec, config);
    if (!release) throw new StepError(`There is no release "${config.release}" in ${config.namespace} on ${config.kubeContext}.`, 'Install it: run create-kedge-hub without "verify".');
    if (release.status !== 'deployed') throw new StepError(`Release "${config.release}" is ${release.status} (revision ${release.revision}).`, '"helm history" shows why; re-apply with create-kedge-hub --yes.');
    const expected = state.revision ?? state.journal.helmRevision;
    if (expected !== undefined && expected !== release.revision) {
      return { status: 'warn', detail: `revision ${release.revision} deployed, but this values file was last applied as revision ${expected}`, hint: 'Someone ran helm since; re-apply with create-kedge-hub --yes to be sure the hub runs this file.' };
    }
    return { detail: `revision ${release.revision} deployed` };
  },
};
