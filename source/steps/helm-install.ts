import { CancelledError, StepError } from '../errors.js';
import { hubWorkloadTokens } from '../tools/kubectl.js';
import { upgradeInstall, upgradeInstallArgs } from '../tools/helm.js';
import { backupPath, removeFile, writeJournal } from '../files/journal.js';
import type { Config } from '../config.js';
import type { RunState, Step } from './step.js';
import { restoreValuesFile } from './write-values.js';

export const helmInstallStep: Step = {
  id: 'helm',
  title: 'Install the hub with helm',
  describe: (config) => [`helm ${upgradeInstallArgs(config).join(' ')}`],
  async run({ exec, config, state, log }) {
    const applied = alreadyApplied(config, state);
    if (applied) return { status: 'skipped', detail: applied };
    try {
      state.revision = await upgradeInstall(exec, config, { onLine: log, createNamespace: !state.namespaceExists });
    } catch (error) {
      // helm can fail after the hub got the new token (a later object, a hook): then the file must keep it.
      const newToken = !state.existing.tokens.includes(state.token!);
      const tokens = newToken ? await hubWorkloadTokens(exec, config).catch(() => undefined) : undefined;
      if (tokens?.includes(state.token!) && !(error instanceof CancelledError)) {
        await writeJournal(config.valuesPath, state.journal);
        const hint = 'The hub already runs the new token, so the values file keeps it. Fix the cause and run the same command again: it carries on from here.';
        throw error instanceof StepError ? new StepError(error.message, `${hint} ${error.hint ?? ''}`.trim(), error.tail) : error;
      }
      // What helm did not apply must not be claimed by the file: put it back as it was.
      const values = state.existing.values;
      await restoreValuesFile(values);
      const startedHere = state.rotationStartedHere === true;
      if (startedHere) {
        state.journal.rotation = undefined;
        await removeFile(backupPath(config.valuesPath));
      }
      await writeJournal(config.valuesPath, state.journal);
      if (error instanceof StepError) {
        const restored = startedHere
          ? 'The values file was restored: the old token is still the one in force, and nothing was lost'
          : values.original === undefined ? 'The values file this run created was removed' : 'The values file was restored to what it was before this run';
        throw new StepError(error.message, `${restored}. ${error.hint ?? ''}`.trim(), error.tail);
      }
      throw error;
    }
    state.journal.helmRevision = state.revision;
    state.journal.appliedChart = chartRef(config);
    state.journal.appliedValuesSha = state.valuesSha;
    state.journal.kubeContext = config.kubeContext;
    state.journal.clusterId = state.existing.clusterId ?? state.journal.clusterId;
    await writeJournal(config.valuesPath, state.journal);
    return { detail: `release ${config.release} in ${config.namespace}${state.revision ? `, revision ${state.revision}` : ''}` };
  },
};

function chartRef(config: Config): string {
  return `${config.chart}@${config.chartVersion ?? 'latest'}`;
}

/** A run that failed after helm succeeded resumes without a new revision when nothing helm sees has changed. */
function alreadyApplied(config: Config, state: RunState): string | undefined {
  const { journal, existing } = state;
  const resuming = (journal.failedStep ?? journal.interruptedStep) !== undefined;
  const release = existing.release;
  // Only the exact bytes helm last applied count: an edit since, or a file helm never saw, is applied.
  if (!resuming || !state.valuesSha || state.valuesSha !== journal.appliedValuesSha || journal.appliedChart !== chartRef(config)) return undefined;
  if (!release || release.status !== 'deployed' || release.revision !== journal.helmRevision) return undefined;
  state.revision = release.revision;
  return `already applied: revision ${release.revision} is deployed with this values file; resuming after it`;
}
