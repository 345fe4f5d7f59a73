import { StepError } from '../errors.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { guardValuesFile } from '../files/git-guard.js';
import { backupPath, writeJournal } from '../files/journal.js';
import { tokensInValues } from '../files/values-file.js';
import { tokenFingerprint } from '../secrets/token.js';
import type { Step } from './step.js';

/** rotate --finish: keep only the current token; the old ones left by rotate --overlap are retired. */
export const dropOldTokensStep: Step = {
  id: 'drop-old',
  title: 'Remove the old tokens from the values file',
  describe: (config) => [`copy ${config.valuesPath} to ${backupPath(config.valuesPath)} (0600), then keep only the current token`],
  async run({ config, state, secrets }) {
    const { existing, journal } = state;
    const current = existing.tokens.find((t) => tokenFingerprint(t) === journal.tokenFingerprint) ?? existing.tokens[0];
    // A finish that stopped after writing the file resumes: the backup still lists the old tokens.
    const resuming = journal.rotation && existing.backup && current && tokenFingerprint(current) === journal.rotation.newFingerprint && existing.tokens.length === 1;
    if (resuming) {
      state.token = current;
      state.tokenOrigin = 'kept (the current token)';
      state.oldTokens = tokensInValues(existing.backup!.doc).filter((t) => t !== current);
      state.fileTokens = [current];
      for (const token of state.oldTokens) secrets.add(token);
      return { detail: `resuming: ${state.oldTokens.length} old token${state.oldTokens.length === 1 ? '' : 's'} to retire` };
    }
    const old = existing.tokens.filter((t) => t !== current);
    if (!current || old.length === 0) {
      throw new StepError('There is no overlap to finish: the values file holds a single token.', 'Nothing to do. "create-kedge-hub rotate" starts a new rotation.');
    }
    await guardValuesFile(config.valuesPath);
    await writeFileAtomic(backupPath(config.valuesPath), existing.values.original ?? '');
    state.token = current;
    state.tokenOrigin = 'kept (the current token)';
    state.oldTokens = old;
    state.fileTokens = [current];
    state.rotationStartedHere = true;
    for (const token of existing.tokens) secrets.add(token);
    journal.rotation = { newFingerprint: tokenFingerprint(current), oldFingerprints: old.map(tokenFingerprint), startedAt: new Date().toISOString(), overlap: false };
    await writeJournal(config.valuesPath, journal);
    return { detail: `${old.length} old token${old.length === 1 ? '' : 's'} to retire` };
  },
};
