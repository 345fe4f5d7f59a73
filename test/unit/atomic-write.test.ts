import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { writeFileAtomic } from '../../source/files/atomic-write.js';
import { tempDir } from '../helpers/temp.js';

test('a new file is 0600 and a directory it creates is 0700', async (t) => {
  const dir = await tempDir(t);
  const target = path.join(dir, 'new', 'deeper', 'values.yaml');
  await writeFileAtomic(target, 'hub: {}\n');
  assert.equal(await readFile(target, 'utf8'), 'hub: {}\n');
  assert.equal((await stat(target)).mode & 0o777, 0o600);
  assert.equal((await stat(path.dirname(target))).mode & 0o777, 0o700);
});

test('replacing a world-readable file leaves it 0600 and leaves no temp file', async (t) => {
  const dir = await tempDir(t);
  const target = path.join(dir, 'values.yaml');
  await writeFile(target, 'old\n', { mode: 0o644 });
  await writeFileAtomic(target, 'new\n');
  assert.equal(await readFile(target, 'utf8'), 'new\n');
  assert.equal((await stat(target)).mode & 0o777, 0o600);
  assert.deepEqual(await readdir(dir), ['values.yaml']);
});

test('a failed write leaves the old file whole and no partial file behind', async (t) => {
  const dir = await tempDir(t);
  const target = path.join(dir, 'values.yaml');
  await mkdir(target); // rename onto a directory fails after the temp file was written
  await assert.rejects(writeFileAtomic(target, 'x'.repeat(100_000)));
  assert.deepEqual(await readdir(dir), ['values.yaml']);
  assert.ok((await stat(target)).isDirectory());
});
