import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { StepError } from '../../errors.js';
import { inspectGit } from '../../files/git-guard.js';
import type { Step } from '../../steps/step.js';
import { binaryOf } from '../settings.js';

const OUTSIDE_GIT = 'Choose a directory outside git with --hub-dir (the default is under ~/.config).';

/** The one directory can be written (or made), and is neither a repository's top (which cannot be git-ignored) nor tracked. */
export const hubDirCheck: Step = {
  id: 'hub-dir',
  title: 'The hub directory',
  describe: (config) => [`${binaryOf(config).dir}: writable (or can be made), not tracked by git`],
  async run({ config }) {
    const dir = binaryOf(config).dir;
    const info = await stat(dir).catch(() => undefined);
    if (info && !info.isDirectory()) throw new StepError(`${dir} exists and is not a directory.`, 'Choose another place with --hub-dir.');
    const existing = info ? dir : await nearestExisting(dir);
    if (!(await access(existing, constants.W_OK | constants.X_OK).then(() => true, () => false))) {
      throw new StepError(`${existing} is not writable${info ? '' : `, so ${dir} cannot be made`}.`, 'Choose a place you can write to with --hub-dir.');
    }
    // Looking from inside the directory finds the repository even when the directory is its top.
    const inside = await inspectGit(path.join(dir, 'token'));
    if (inside.repo && path.posix.dirname(inside.relative ?? '') === '.') throw new StepError(`${dir} is the top of the git repository ${inside.repo}: the token would sit in it.`, OUTSIDE_GIT);
    const git = await inspectGit(dir, 'directory');
    if (git.tracked) throw new StepError(`${dir} holds files tracked by git in ${git.repo}: the token would be committed.`, OUTSIDE_GIT);
    return { detail: `${dir}${info ? '' : ' (will be made, 0700)'}${git.repo ? `; inside ${git.repo}, so it will be git-ignored` : ''}` };
  },
};

async function nearestExisting(dir: string): Promise<string> {
  let current = dir;
  while (!(await stat(current).catch(() => undefined))) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}
