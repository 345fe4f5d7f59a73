import { showChartValues, showValuesArgs, tokenKeyFromChartValues } from '../tools/helm.js';
import type { Step } from '../steps/step.js';

export const readChartStep: Step = {
  id: 'chart',
  title: 'Read the chart',
  describe: (config) => [`helm ${showValuesArgs(config).join(' ')}   # which key the chart reads the token from`],
  async run({ exec, config, state }) {
    // Pulling from a registry can be slow; it gets the run's whole timeout.
    const values = await showChartValues(exec, config, { timeoutMs: config.timeoutMs });
    const found = tokenKeyFromChartValues(values);
    state.tokenKey = found.key;
    return found.detected
      ? { detail: `token key hub.${found.key}` }
      : { status: 'warn', detail: `the chart names no token key; using hub.${found.key} (current charts)` };
  },
};
