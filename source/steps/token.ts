import { tokenFingerprint } from '../secrets/token.js';
import { generateToken } from '../secrets/token.js';
import type { Step } from './step.js';

/** Install or re-apply: the token the user brought, else the one already in the values file, else a new one. */
export const tokenStep: Step = {
  id: 'token',
  title: 'Prepare the token',
  describe: (config) =>
    config.tokenSource === 'generate'
      ? ['keep the token already in the values file, or generate one: 32 random bytes as hex (openssl rand -hex 32)']
      : [`use the token from ${config.tokenSource === 'file' ? '--token-file' : 'standard input'}`],
  async run({ config, state, secrets }) {
    const existing = state.existing.tokens;
    if (config.providedToken) {
      state.token = config.providedToken;
      state.tokenOrigin = config.tokenSource === 'file' ? 'from --token-file' : 'from standard input';
    } else if (existing[0]) {
      // Re-running must not silently rotate: a new token would lock out every machine logged in with the old one.
      state.token = existing[0];
      state.tokenOrigin = 'kept from the values file';
    } else {
      state.token = generateToken();
      state.tokenOrigin = 'generated';
    }
    secrets.add(state.token);
    // Keep any overlap tokens the file has until rotate --finish removes them.
    state.fileTokens = [state.token, ...existing.filter((t) => t !== state.token && state.journal.overlap)];
    return { detail: `${state.tokenOrigin}, fingerprint ${tokenFingerprint(state.token)}` };
  },
};
