import { StepError } from '../errors.js';
import { upgradeInstall, upgradeInstallArgs } from '../tools/helm.js';
import type { Step } from './step.js';
import { restoreValuesFile } from './write-values.js';

export const helmInstallStep: Step = {
  id: 'helm',
  title: 'Install the hub with helm',
  describe: (config) => [`helm ${upgradeInstallArgs(config).join(' ')}`],
  async run({ exec, config, state, log }) {
    try {
      state.revision = await upgradeInstall(exec, config, { onLine: log });
    } catch (error) {
      // What helm did not apply must not be claimed by the file: put it back as it was.
      if (state.values) await restoreValuesFile(state.values);
      if (error instanceof StepError) {
        const restored = state.values?.original === undefined ? 'The values file this run created was removed' : 'The values file was restored to what it was before this run';
        throw new StepError(error.message, `${restored}; nothing else was written. ${error.hint ?? ''}`.trim(), error.tail);
      }
      throw error;
    }
    return { detail: `release ${config.release} in ${config.namespace}${state.revision ? `, revision ${state.revision}` : ''}` };
  },
};
