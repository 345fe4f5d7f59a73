import { readFile, stat } from 'node:fs/promises';
import { Document } from 'yaml';
import { StepError } from '../errors.js';
import { backupPath, readJournal } from '../files/journal.js';
import { tokensInValues, type ValuesFile } from '../files/values-file.js';
import type { ExistingInstall } from '../inspect-install.js';
import { runningHubPid } from './hub-process.js';
import { settingsInLauncher } from './launcher.js';
import type { HubPaths } from './settings.js';
import { tokensInTokenFile } from './token-file.js';

/**
 * What an earlier run left in the hub directory, in the shape the Helm target reads, so the mode choice, the kept
 * token, the rotation backup and its resume work alike: the token file stands where the values file does, and the
 * launcher's hub URL and dev mode stand in for the values file's hub keys.
 */
export async function inspectBinaryHub(paths: HubPaths): Promise<ExistingInstall> {
  const launcher = await readFile(paths.launcher, 'utf8').catch(() => undefined);
  const values = await tokenFileAsValues(paths.token, launcher);
  const journal = await readJournal(paths.token);
  const backupFile = backupPath(paths.token);
  const backup = journal?.rotation && (await stat(backupFile).catch(() => undefined)) ? await tokenFileAsValues(backupFile, launcher) : undefined;
  return { values, tokens: tokensInValues(values.doc), journal, backup, hubPid: await runningHubPid(paths) };
}

async function tokenFileAsValues(file: string, launcher: string | undefined): Promise<ValuesFile> {
  const original = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new StepError(`Cannot read the token file ${file}: ${error.message}`, 'Check its permissions.');
  });
  const settings = launcher === undefined ? undefined : settingsInLauncher(launcher);
  const doc = new Document({ hub: { hubExternalURL: settings?.hubUrl, devMode: settings?.devMode, staticAuthTokens: tokensInTokenFile(original ?? '') } });
  return { path: file, doc, original };
}
