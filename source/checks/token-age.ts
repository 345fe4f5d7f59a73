import { tokenAgeDays } from '../inspect-install.js';
import type { Step } from '../steps/step.js';

export const tokenAgeStep: Step = {
  id: 'token-age',
  title: 'Check the token\'s age',
  describe: (config) => [`warn when the token is older than ${config.maxTokenAgeDays} days (static tokens never expire)`],
  async run({ config, state }) {
    const age = tokenAgeDays(state.journal);
    if (age === undefined) return { status: 'warn', detail: 'unknown (the token was not created by create-kedge-hub)' };
    if (age > config.maxTokenAgeDays) return { status: 'warn', detail: `${age} days old, older than ${config.maxTokenAgeDays}: rotate it with "create-kedge-hub rotate"` };
    return { detail: `${age} day${age === 1 ? '' : 's'} old` };
  },
};
