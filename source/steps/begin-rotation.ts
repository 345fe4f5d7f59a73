import { writeFileAtomic } from '../files/atomic-write.js';
import { guardValuesFile } from '../files/git-guard.js';
import { backupPath, writeJournal } from '../files/journal.js';
import { tokenFingerprint } from '../secrets/token.js';
import type { StepContext } from './step.js';

/**
 * Starts a rotation (rotate, rotate --finish): refuses a tracked values file before anything is written,
 * backs the file up (it holds the tokens in force) and records the rotation in the journal.
 */
export async function beginRotation({ config, state }: StepContext, change: { token: string; oldTokens: string[]; overlap: boolean }): Promise<void> {
  await guardValuesFile(config.valuesPath);
  await writeFileAtomic(backupPath(config.valuesPath), state.existing.values.original ?? '');
  state.rotationStartedHere = true;
  state.journal.rotation = {
    newFingerprint: tokenFingerprint(change.token),
    oldFingerprints: change.oldTokens.map(tokenFingerprint),
    startedAt: new Date().toISOString(),
    overlap: change.overlap,
  };
  await writeJournal(config.valuesPath, state.journal);
}
