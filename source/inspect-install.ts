import { stat } from 'node:fs/promises';
import { backupPath, readJournal, type Journal } from './files/journal.js';
import { loadValuesFile, tokensInValues, type ValuesFile } from './files/values-file.js';
import { tokenFingerprint } from './secrets/token.js';
import { releaseStatus, type ReleaseStatus } from './tools/helm.js';
import { clusterIdentity } from './tools/kubectl.js';
import type { Exec } from './tools/exec.js';
import { inspectBinaryHub } from './binary/inspect.js';
import { hubPaths, type BinaryHubSettings } from './binary/settings.js';

/** What an earlier run left: the values file, its journal, the Helm release. */
export interface ExistingInstall {
  values: ValuesFile;
  tokens: string[];
  journal?: Journal;
  release?: ReleaseStatus;
  /** The values file before an unfinished rotation: it holds the old token. */
  backup?: ValuesFile;
  /** The target cluster's identity (kube-system UID), when it answers. */
  clusterId?: string;
  /** --target binary: the hub process started from the hub directory, while it runs. */
  hubPid?: number;
}

export function isExisting(existing: ExistingInstall): boolean {
  return existing.tokens.length > 0 || existing.release !== undefined;
}

/** Reads the values file (a corrupt one is an error: it is never overwritten), the journal and, unless offline, the release. */
export async function inspectInstall(
  target: { valuesPath: string; release: string; namespace: string; kubeContext: string; binary?: BinaryHubSettings },
  deps: { exec: Exec; offline: boolean },
): Promise<ExistingInstall> {
  if (target.binary) return inspectBinaryHub(hubPaths(target.binary.dir, target.release));
  const values = await loadValuesFile(target.valuesPath);
  const journal = await readJournal(target.valuesPath);
  const online = !deps.offline;
  const [release, clusterId] = await Promise.all([
    // Without helm (or a cluster) there is no release to find; preflight says why.
    online ? releaseStatus(deps.exec, target).catch(() => undefined) : undefined,
    online ? clusterIdentity(deps.exec, target.kubeContext).catch(() => undefined) : undefined,
  ]);
  const backupFile = backupPath(target.valuesPath);
  const backup = journal?.rotation && (await stat(backupFile).catch(() => undefined)) ? await loadValuesFile(backupFile) : undefined;
  return { values, tokens: tokensInValues(values.doc), journal, release, backup, clusterId };
}

/** A rotation the journal records whose new token the file already holds: it resumes with the old tokens its backup keeps. */
export function unfinishedRotation(existing: ExistingInstall): { token: string; oldTokens: string[] } | undefined {
  const rotation = existing.journal?.rotation;
  const token = existing.tokens[0];
  if (!rotation || !existing.backup || !token || tokenFingerprint(token) !== rotation.newFingerprint) return undefined;
  return { token, oldTokens: tokensInValues(existing.backup.doc).filter((t) => t !== token) };
}

/** Why the token in the file is not the one create-kedge-hub last applied, or undefined when it is. */
export function tokenDrift(existing: ExistingInstall): string | undefined {
  const rotation = existing.journal?.rotation;
  const recorded = rotation?.newFingerprint ?? existing.journal?.tokenFingerprint;
  const current = existing.tokens[0];
  if (!recorded || !current) return undefined;
  const found = tokenFingerprint(current);
  // A rotation recorded but stopped before its new token reached the file: the file still holds the old one.
  if (found === recorded || rotation?.oldFingerprints.includes(found)) return undefined;
  return `the token in ${existing.values.path} (fingerprint ${found}) is not the one create-kedge-hub last applied (fingerprint ${recorded}); it was changed by hand`;
}

/** Whole days since the token was created, when the journal knows. */
export function tokenAgeDays(journal: Journal | undefined, now = Date.now()): number | undefined {
  if (!journal?.tokenCreatedAt) return undefined;
  return Math.floor((now - Date.parse(journal.tokenCreatedAt)) / 86_400_000);
}
