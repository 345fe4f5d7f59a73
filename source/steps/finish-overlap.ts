import { StepError } from '../errors.js';
import { backupPath } from '../files/journal.js';
import { unfinishedRotation } from '../inspect-install.js';
import { tokenFingerprint } from '../secrets/token.js';
import { beginRotation } from './begin-rotation.js';
import type { Step } from './step.js';

/** rotate --finish: keep only the current token; the old ones left by rotate --overlap are retired. */
export const dropOldTokensStep: Step = {
  id: 'drop-old',
  title: 'Remove the old tokens from the values file',
  describe: (config) => [`copy ${config.valuesPath} to ${backupPath(config.valuesPath)} (0600), then keep only the current token`],
  async run(ctx) {
    const { state, secrets } = ctx;
    const { existing, journal } = state;
    // A finish that stopped after writing the file resumes: the backup still lists the old tokens.
    const unfinished = unfinishedRotation(existing);
    const current = unfinished?.token ?? existing.tokens.find((t) => tokenFingerprint(t) === journal.tokenFingerprint) ?? existing.tokens[0];
    const old = unfinished?.oldTokens ?? existing.tokens.filter((t) => t !== current);
    if (!current || old.length === 0) {
      throw new StepError('There is no overlap to finish: the values file holds a single token.', 'Nothing to do. "create-kedge-hub rotate" starts a new rotation.');
    }
    if (!unfinished) await beginRotation(ctx, { token: current, oldTokens: old, overlap: false });
    state.token = current;
    state.tokenOrigin = 'kept (the current token)';
    state.oldTokens = old;
    state.fileTokens = [current];
    for (const token of old) secrets.add(token);
    return { detail: `${unfinished ? 'resuming: ' : ''}${old.length} old token${old.length === 1 ? '' : 's'} to retire` };
  },
};
