import { backupPath, removeFile, writeJournal } from '../files/journal.js';
import { tokenFingerprint } from '../secrets/token.js';
import type { Step } from './step.js';

/** Rotation, last step: the new token is proven, so the backup holding the old one goes. */
export const completeRotationStep: Step = {
  id: 'complete',
  title: 'Finish the rotation',
  describe: (config) => [`remove ${backupPath(config.valuesPath)}; record the new token's fingerprint and date in the journal`],
  async run({ config, state }) {
    const { journal } = state;
    const fingerprint = tokenFingerprint(state.token!);
    if (journal.tokenFingerprint !== fingerprint) {
      journal.tokenFingerprint = fingerprint;
      journal.tokenCreatedAt = new Date().toISOString();
    }
    journal.rotation = undefined;
    journal.overlap = config.mode === 'rotate' && config.overlap ? { oldFingerprints: (state.oldTokens ?? []).map(tokenFingerprint), since: new Date().toISOString() } : undefined;
    // Journal first: a crash before the backup goes must not leave a rotation recorded as open.
    await writeJournal(config.valuesPath, journal);
    await removeFile(backupPath(config.valuesPath));
    state.rotationCompleted = true;
    return { detail: journal.overlap ? 'backup removed; old token kept until rotate --finish' : 'backup removed' };
  },
};
