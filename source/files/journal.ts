import { readFile, rm } from 'node:fs/promises';
import type { TokenKey } from './values-file.js';
import { writeFileAtomic } from './atomic-write.js';

/**
 * What create-kedge-hub remembers about one values file, kept beside it (0600). It never holds a
 * token: only fingerprints (a SHA-256 prefix), so it is safe to read but not to log in with.
 */
export interface Journal {
  version: 1;
  tokenFingerprint?: string;
  tokenCreatedAt?: string;
  tokenKey?: TokenKey;
  helmRevision?: number;
  /** chart@version of the last successful helm run. */
  appliedChart?: string;
  /** SHA-256 of the values file bytes that helm run applied. */
  appliedValuesSha?: string;
  kubeContext?: string;
  /** The cluster's identity (kube-system namespace UID), so --yes never applies this file to another cluster. */
  clusterId?: string;
  completedSteps: string[];
  failedStep?: string;
  interruptedStep?: string;
  /** A rotation written to the file but not yet proven: the backup beside the file holds the old token. */
  rotation?: { newFingerprint: string; oldFingerprints: string[]; startedAt: string; overlap: boolean };
  /** Old tokens kept next to the new one (rotate --overlap) until `rotate --finish`. */
  overlap?: { oldFingerprints: string[]; since: string };
  updatedAt?: string;
}

export function journalPath(valuesPath: string): string {
  return `${valuesPath}.journal.json`;
}

export function backupPath(valuesPath: string): string {
  return `${valuesPath}.backup`;
}

export function lockPath(valuesPath: string): string {
  return `${valuesPath}.lock`;
}

export function emptyJournal(): Journal {
  return { version: 1, completedSteps: [] };
}

/** The journal, or undefined when there is none; an unreadable one counts as none rather than blocking the user. */
export async function readJournal(valuesPath: string): Promise<Journal | undefined> {
  const text = await readFile(journalPath(valuesPath), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Journal;
    return parsed && parsed.version === 1 ? { ...emptyJournal(), ...parsed } : undefined;
  } catch {
    return undefined;
  }
}

export async function writeJournal(valuesPath: string, journal: Journal): Promise<void> {
  const stamped = { ...journal, updatedAt: new Date().toISOString() };
  await writeFileAtomic(journalPath(valuesPath), `${JSON.stringify(stamped, null, 2)}\n`);
}

export async function removeFile(path: string): Promise<void> {
  await rm(path, { force: true });
}
