import { StepError } from '../errors.js';
import { backupPath } from '../files/journal.js';
import { unfinishedRotation } from '../inspect-install.js';
import { generateToken, tokenFingerprint } from '../secrets/token.js';
import { beginRotation } from './begin-rotation.js';
import type { Step } from './step.js';

/**
 * Rotation, first half: back up the values file (it holds the old token), choose the new token.
 * An unfinished rotation (new token written, not yet proven) is resumed instead of starting a third token.
 */
export const rotateTokenStep: Step = {
  id: 'new-token',
  title: 'Back up the values file and choose a new token',
  describe: (config) => [
    `copy ${config.valuesPath} to ${backupPath(config.valuesPath)} (0600) until the new token is proven`,
    config.tokenSource === 'generate' ? 'generate a new token: 32 random bytes as hex' : `take the new token from ${config.tokenSource === 'file' ? '--token-file' : 'standard input'}`,
    ...(config.overlap ? ['keep the old token in hub.staticAuthTokens next to the new one (overlap)'] : []),
  ],
  async run(ctx) {
    const { config, state, secrets } = ctx;
    const current = state.existing.tokens;
    if (current.length === 0) {
      throw new StepError(`${config.valuesPath} holds no token to rotate.`, 'Install first: run create-kedge-hub without "rotate".');
    }
    const unfinished = unfinishedRotation(state.existing);
    if (unfinished) {
      state.token = unfinished.token;
      state.oldTokens = unfinished.oldTokens;
      state.tokenOrigin = 'resumed from the unfinished rotation';
    } else {
      if (config.overlap && state.tokenKey === 'staticAuthToken') {
        throw new StepError('--overlap needs a chart that takes a list of tokens (hub.staticAuthTokens); this one takes a single hub.staticAuthToken.', 'Rotate without --overlap, or use a newer chart with --chart-version.');
      }
      state.token = config.providedToken ?? generateToken();
      if (current.includes(state.token)) throw new StepError('The new token is the one already in use.', 'Give a different token, or let the wizard generate one.');
      state.oldTokens = current;
      state.tokenOrigin = config.providedToken ? 'new, as given' : 'new, generated';
      await beginRotation(ctx, { token: state.token, oldTokens: current, overlap: config.overlap });
    }
    for (const token of [state.token, ...state.oldTokens]) secrets.add(token);
    state.fileTokens = config.overlap ? [state.token, ...state.oldTokens] : [state.token];
    return { detail: `${state.tokenOrigin}, fingerprint ${tokenFingerprint(state.token)}; backup ${backupPath(config.valuesPath)}` };
  },
};
