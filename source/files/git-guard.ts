import { appendFile, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { StepError } from '../errors.js';

/** A file is guarded with everything named after it (backup, journal, lock); a directory as a whole. */
export type GuardedPath = 'file' | 'directory';

export type GitGuardResult =
  | { kind: 'outside-git' }
  | { kind: 'no-git' }
  | { kind: 'already-ignored'; repo: string }
  | { kind: 'ignored-now'; repo: string; gitignore: string; entry: string };

/** Where the values file would land relative to git, without changing anything. */
export async function inspectGit(valuesPath: string, what: GuardedPath = 'file'): Promise<{ repo?: string; relative?: string; tracked: boolean; ignored: boolean; gitMissing: boolean }> {
  const { dir, rest } = await nearestExistingDirectory(path.dirname(valuesPath));
  const top = await git(dir, ['rev-parse', '--show-toplevel']);
  if (top === 'missing') return { tracked: false, ignored: false, gitMissing: true };
  if (top.exitCode !== 0) return { tracked: false, ignored: false, gitMissing: false };
  const repo = top.stdout.trim();
  const real = path.join(await realpath(dir), rest, path.basename(valuesPath));
  const relative = path.relative(repo, real).split(path.sep).join('/');
  const tracked = await git(repo, ['ls-files', '--error-unmatch', '--', relative]);
  return {
    repo,
    relative,
    tracked: tracked !== 'missing' && tracked.exitCode === 0,
    // The backup beside it holds the old token during a rotation: it must be ignored too.
    ignored: (await isIgnored(repo, relative)) && (what === 'directory' || (await isIgnored(repo, `${relative}.backup`))),
    gitMissing: false,
  };
}

/**
 * Makes sure the values file can never be committed: refuses a tracked file, and otherwise
 * adds it to the repository's .gitignore and proves it with `git check-ignore`.
 */
export async function guardValuesFile(valuesPath: string, flag = '--values', what: GuardedPath = 'file'): Promise<GitGuardResult> {
  const found = await inspectGit(valuesPath, what);
  if (found.gitMissing) return { kind: 'no-git' };
  if (!found.repo || !found.relative) return { kind: 'outside-git' };
  if (found.tracked) {
    throw new StepError(
      `${valuesPath} is tracked by git in ${found.repo}; writing the token there would put a root password in the repository.`,
      `Nothing was written. Choose a path outside git with ${flag} (the default is under ~/.config), or untrack it: git rm --cached ${found.relative}`,
    );
  }
  if (found.ignored) return { kind: 'already-ignored', repo: found.repo };

  const gitignore = path.join(found.repo, '.gitignore');
  // The file and everything named after it: its backup, journal and lock.
  const entry = `/${escapeGitignore(found.relative)}${what === 'file' ? '*' : ''}`;
  const before = await readFile(gitignore, 'utf8').catch(() => '');
  const separator = before === '' || before.endsWith('\n') ? '' : '\n';
  await appendFile(gitignore, `${separator}# kedge hub values: holds the hub admin token\n${entry}\n`);
  if (!(await inspectGit(valuesPath, what)).ignored) {
    throw new StepError(
      `Added ${entry} to ${gitignore}, but git still does not ignore ${found.relative} (a later rule may re-include it).`,
      `Nothing else was written. Fix the .gitignore rules, or choose a path outside git with ${flag}.`,
    );
  }
  return { kind: 'ignored-now', repo: found.repo, gitignore, entry };
}

async function isIgnored(repo: string, relative: string): Promise<boolean> {
  const result = await git(repo, ['check-ignore', '-q', '--', relative]);
  return result !== 'missing' && result.exitCode === 0;
}

async function git(cwd: string, args: string[]) {
  const result = await execa('git', args, { cwd, reject: false, stdin: 'ignore' });
  return (result as { code?: string }).code === 'ENOENT' ? ('missing' as const) : result;
}

async function nearestExistingDirectory(start: string): Promise<{ dir: string; rest: string }> {
  let dir = path.resolve(start);
  const missing: string[] = [];
  for (;;) {
    const found = await stat(dir).catch(() => undefined);
    if (found?.isDirectory()) return { dir, rest: missing.reverse().join(path.sep) };
    const parent = path.dirname(dir);
    if (parent === dir) return { dir, rest: missing.reverse().join(path.sep) };
    missing.push(path.basename(dir));
    dir = parent;
  }
}

function escapeGitignore(relative: string): string {
  return relative.replace(/[\\*?[\]!#]/g, (c) => `\\${c}`).replace(/ $/, '\\ ');
}
