import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { writeFileAtomic } from '../files/atomic-write.js';
import { guardValuesFile, type GitGuardResult } from '../files/git-guard.js';
import { applyHubSettings, renderValues, type ValuesFile } from '../files/values-file.js';
import { writeJournal } from '../files/journal.js';
import { tokenFingerprint } from '../secrets/token.js';
import type { RunState, Step } from './step.js';

export const writeValuesStep: Step = {
  id: 'values',
  title: 'Write the values file',
  describe: (config) => [
    `write ${config.valuesPath} (0600, atomically): hub.hubExternalURL=${config.hubUrl}, hub.devMode=${config.devMode}, the token under the chart's key, the hub host in the self-signed certificate`,
    'if that path is inside a git work tree: refuse when tracked, otherwise add it to .gitignore and prove it with git check-ignore',
  ],
  async run({ config, state, log }) {
    state.gitGuard = await guardValuesFile(config.valuesPath);
    const guardNote = describeGuard(state.gitGuard);
    if (guardNote) log(guardNote);
    const values = state.existing.values;
    applyHubSettings(values.doc, { hubUrl: config.hubUrl, devMode: config.devMode, tokens: state.fileTokens ?? [state.token!], tokenKey: state.tokenKey! });
    const text = renderValues(values.doc);
    state.valuesSha = createHash('sha256').update(text).digest('hex');
    await writeFileAtomic(config.valuesPath, text);
    recordToken(state);
    await writeJournal(config.valuesPath, state.journal);
    return {
      status: state.gitGuard.kind === 'no-git' ? 'warn' : 'ok',
      detail: [config.valuesPath, values.original === undefined ? 'created' : 'updated', guardNote].filter(Boolean).join(' · '),
    };
  },
};

// The journal learns the token's fingerprint and age as soon as the file holds it; a rotation records them once proven.
export function recordToken(state: RunState): void {
  const { journal } = state;
  journal.tokenKey = state.tokenKey;
  if (journal.rotation) return;
  const fingerprint = tokenFingerprint(state.token!);
  if (journal.tokenFingerprint !== fingerprint) {
    journal.tokenFingerprint = fingerprint;
    journal.tokenCreatedAt = new Date().toISOString();
  }
}

export function describeGuard(guard: GitGuardResult): string | undefined {
  switch (guard.kind) {
    case 'ignored-now':
      return `added ${guard.entry} to ${guard.gitignore}`;
    case 'already-ignored':
      return `git-ignored in ${guard.repo}`;
    case 'no-git':
      return 'git not found: could not check that the file stays out of a repository';
    default:
      return undefined;
  }
}

/** Puts the values file back as it was before this run (removing it if the run created it). */
export async function restoreValuesFile(values: ValuesFile): Promise<void> {
  if (values.original === undefined) await rm(values.path, { force: true });
  else await writeFileAtomic(values.path, values.original);
}
