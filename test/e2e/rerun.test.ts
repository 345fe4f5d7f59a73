import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { test } from 'node:test';
import { installedWorld as installed, simWorld } from '../helpers/sim-world.js';

test('--yes on an existing install keeps the token: a second run changes nothing but the revision', async (t) => {
  const world = await installed(t);
  const before = await readFile(world.valuesPath, 'utf8');
  const run = await world.wizard();
  assert.equal(run.exitCode, 0, run.all);
  assert.match(run.stdout, /re-apply/);
  assert.match(run.stdout, /kept from the values file/);
  assert.match(run.stdout, /revision 2/);
  assert.equal(await readFile(world.valuesPath, 'utf8'), before);
  assert.deepEqual(world.sim.hubTokens(), [world.token]);
});

test('a corrupt values file is refused and left untouched', async (t) => {
  const world = await installed(t);
  const corrupt = 'hub:\n  hubExternalURL: https://x\n  staticAuthTokens: [abc\n';
  await writeFile(world.valuesPath, corrupt);
  for (const args of [[], ['rotate']]) {
    const run = await world.wizard(args);
    assert.equal(run.exitCode, 1, run.all);
    assert.match(run.stderr, /is not valid YAML at line \d+/);
    assert.match(run.stderr, /Nothing was changed/);
    assert.equal(await readFile(world.valuesPath, 'utf8'), corrupt);
  }
});

test('a token edited by hand is not overwritten silently', async (t) => {
  const world = await installed(t);
  const edited = (await readFile(world.valuesPath, 'utf8')).replace(world.token, 'e'.repeat(64));
  await writeFile(world.valuesPath, edited);
  const run = await world.wizard(['rotate']);
  assert.equal(run.exitCode, 1, run.all);
  assert.match(run.stderr, /fingerprint [0-9a-f]{12}\) is not the one create-kedge-hub last applied \(fingerprint [0-9a-f]{12}\)/);
  assert.match(run.stderr, /remove .*journal\.json and run again/);
  assert.equal(await readFile(world.valuesPath, 'utf8'), edited);
});

test('a second run on the same values file at the same time is refused', async (t) => {
  const world = await simWorld(t, { rolloutDelayMs: 4000 });
  const first = world.wizard();
  // Wait until the first run holds the lock.
  for (let i = 0; i < 100; i++) {
    if (await stat(`${world.valuesPath}.lock`).catch(() => undefined)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const second = await world.wizard();
  assert.equal(second.exitCode, 1, second.all);
  assert.match(second.stderr, /Another create-kedge-hub run \(pid \d+/);
  assert.equal((await first).exitCode, 0);
  await assert.rejects(stat(`${world.valuesPath}.lock`), { code: 'ENOENT' });
});

test('a stale lock from a process that is gone is taken over with a message', async (t) => {
  const world = await installed(t);
  await writeFile(`${world.valuesPath}.lock`, JSON.stringify({ pid: 999_999, host: os.hostname(), startedAt: '2026-01-01T00:00:00Z' }));
  const run = await world.wizard();
  assert.equal(run.exitCode, 0, run.all);
  assert.match(run.stderr, /Took over a lock left by process 999999/);
});

test('re-applying with a different token from --token-stdin is refused: changing it is a rotation', async (t) => {
  const world = await installed(t);
  const other = 'f'.repeat(64);
  const run = await world.wizard(['--token-stdin'], { input: other });
  assert.equal(run.exitCode, 1, run.all);
  assert.match(run.stderr, /is not the one this hub uses/);
  assert.match(run.stderr, /create-kedge-hub rotate --token-file/);
  assert.deepEqual(world.sim.hubTokens(), [world.token]);
});

test('a release installed some other way is not taken over by a values file that knows nothing of it', async (t) => {
  const world = await installed(t);
  const elsewhere = `${world.dir}/other.values.yaml`;
  const run = await world.wizard(['--values', elsewhere]);
  assert.equal(run.exitCode, 1, run.all);
  assert.match(run.stderr, /Release "kedge" already exists in kedge-system on sim, but .*other\.values\.yaml holds no token/);
  assert.match(run.stderr, /helm get values kedge -n kedge-system --kube-context sim/);
  assert.deepEqual(world.sim.hubTokens(), [world.token]);
});

test('a re-apply whose login fails puts the working kedge context back', async (t) => {
  const world = await installed(t);
  world.sim.faults.loginFailures = 1000;
  const run = await world.wizard(['--timeout', '4s']);
  assert.equal(run.exitCode, 1, run.all);
  assert.match(run.stdout, /Your previous kube context "kedge" was put back/);
  const namespaces = await world.run('kubectl', ['--context', 'kedge', 'get', 'namespaces']);
  assert.equal(namespaces.exitCode, 0, namespaces.stderr);
});
