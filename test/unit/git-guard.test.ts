import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { StepError } from '../../source/errors.js';
import { guardValuesFile } from '../../source/files/git-guard.js';
import { tempDir } from '../helpers/temp.js';

async function repo(t: Parameters<typeof tempDir>[0]): Promise<string> {
  const dir = await tempDir(t);
  await execa('git', ['init', '-q', dir]);
  await execa('git', ['-C', dir, 'config', 'user.email', 't@example.com']);
  await execa('git', ['-C', dir, 'config', 'user.name', 't']);
  return dir;
}

async function isIgnored(dir: string, file: string): Promise<boolean> {
  return (await execa('git', ['-C', dir, 'check-ignore', '-q', file], { reject: false })).exitCode === 0;
}

test('outside any repository nothing is added', async (t) => {
  const dir = await tempDir(t);
  assert.deepEqual(await guardValuesFile(path.join(dir, 'a', 'values.yaml')), { kind: 'outside-git' });
});

test('an untracked path in a repo is added to .gitignore and proven ignored', async (t) => {
  const dir = await repo(t);
  await writeFile(path.join(dir, '.gitignore'), 'node_modules'); // no trailing newline
  const result = await guardValuesFile(path.join(dir, 'deploy', 'hub values.yaml'));
  assert.equal(result.kind, 'ignored-now');
  const gitignore = await readFile(path.join(dir, '.gitignore'), 'utf8');
  assert.match(gitignore, /^node_modules\n# kedge hub values: holds the hub admin token\n\/deploy\/hub values.yaml\*\n$/);
  assert.ok(await isIgnored(dir, 'deploy/hub values.yaml.backup'), 'the rotation backup is ignored too');
  assert.ok(await isIgnored(dir, 'deploy/hub values.yaml.4242.0badf00d.tmp'), 'a temp file a crash leaves behind is ignored too');
  assert.ok(await isIgnored(dir, 'deploy/hub values.yaml'));
  await mkdir(path.join(dir, 'deploy'));
  await writeFile(path.join(dir, 'deploy', 'hub values.yaml'), 'secret');
  const status = await execa('git', ['-C', dir, 'status', '--porcelain', '--untracked-files=all']);
  assert.ok(!status.stdout.includes('hub values.yaml'), status.stdout);
});

test('a second run finds the file already ignored and adds nothing', async (t) => {
  const dir = await repo(t);
  await guardValuesFile(path.join(dir, 'values.yaml'));
  const before = await readFile(path.join(dir, '.gitignore'), 'utf8');
  const again = await guardValuesFile(path.join(dir, 'values.yaml'));
  assert.equal(again.kind, 'already-ignored');
  assert.equal(await readFile(path.join(dir, '.gitignore'), 'utf8'), before);
});

test('a tracked values file is refused and nothing is written', async (t) => {
  const dir = await repo(t);
  await writeFile(path.join(dir, 'values.yaml'), 'hub: {}\n');
  await execa('git', ['-C', dir, 'add', 'values.yaml']);
  await execa('git', ['-C', dir, 'commit', '-qm', 'values']);
  await assert.rejects(guardValuesFile(path.join(dir, 'values.yaml')), (error: unknown) => {
    assert.ok(error instanceof StepError);
    assert.match(error.message, /tracked by git/);
    assert.match(error.hint!, /Nothing was written/);
    return true;
  });
  assert.equal(await readFile(path.join(dir, 'values.yaml'), 'utf8'), 'hub: {}\n');
  await assert.rejects(readFile(path.join(dir, '.gitignore')));
});

test('a rule that re-includes the file makes the guard fail rather than pretend', async (t) => {
  const dir = await repo(t);
  await mkdir(path.join(dir, 'deploy'));
  await writeFile(path.join(dir, 'deploy', '.gitignore'), '!values.yaml\n');
  await assert.rejects(guardValuesFile(path.join(dir, 'deploy', 'values.yaml')), /still does not ignore/);
});
