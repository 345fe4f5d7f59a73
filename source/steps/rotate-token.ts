import { StepError } from '../errors.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { guardValuesFile } from '../files/git-guard.js';
import { backupPath, writeJournal } from '../files/journal.js';
import { tokensInValues } from '../files/values-file.js';
import { generateToken, tokenFingerprint } from '../secrets/token.js';
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
  async run({ config, state, secrets }) {
    const { existing, journal } = state;
    const current = existing.tokens;
    if (current.length === 0) {
      throw new StepError(`${config.valuesPath} holds no token to rotate.`, 'Install first: run create-kedge-hub without "rotate".');
    }
    const resumable = journal.rotation && existing.backup && tokenFingerprint(current[0]!) === journal.rotation.newFingerprint;
    if (resumable) {
      state.token = current[0]!;
      state.oldTokens = tokensInValues(existing.backup!.doc).filter((t) => t !== state.token);
      state.tokenOrigin = 'resumed from the unfinished rotation';
    } else {
      if (config.overlap && state.tokenKey === 'staticAuthToken') {
        throw new StepError('--overlap needs a chart that takes a list of tokens (hub.staticAuthTokens); this one takes a single hub.staticAuthToken.', 'Rotate without --overlap, or use a newer chart with --chart-version.');
      }
      // Refuse a tracked values file before anything is written, not after the backup exists.
      await guardValuesFile(config.valuesPath);
      await writeFileAtomic(backupPath(config.valuesPath), existing.values.original ?? '');
      state.token = config.providedToken ?? generateToken();
      if (current.includes(state.token)) throw new StepError('The new token is the one already in use.', 'Give a different token, or let the wizard generate one.');
      state.oldTokens = current;
      state.rotationStartedHere = true;
      state.tokenOrigin = config.providedToken ? 'new, as given' : 'new, generated';
      journal.rotation = { newFingerprint: tokenFingerprint(state.token), oldFingerprints: current.map(tokenFingerprint), startedAt: new Date().toISOString(), overlap: config.overlap };
      await writeJournal(config.valuesPath, journal);
    }
    for (const token of [state.token, ...state.oldTokens]) secrets.add(token);
    state.fileTokens = config.overlap ? [state.token, ...state.oldTokens] : [state.token];
    return { detail: `${state.tokenOrigin}, fingerprint ${tokenFingerprint(state.token)}; backup ${backupPath(config.valuesPath)}` };
  },
};
