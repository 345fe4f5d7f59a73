import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { test } from 'node:test';
import { tokenFingerprint } from '../../source/secrets/token.js';
import { assertNoSecret, installedWorld as installed, simWorld, type SimWorld } from '../helpers/sim-world.js';

async function journal(world: SimWorld) {
  return JSON.parse(await readFile(`${world.valuesPath}.journal.json`, 'utf8'));
}

function kedgeServer(kubeconfig: Record<string, any>): string {
  return kubeconfig.clusters.find((c: { name: string }) => c.name === 'kedge').cluster.server;
}

test('rotate: new token in force, old token rejected with 401, kubeconfig on the new workspace', async (t) => {
  const world = await installed(t);
  const oldServer = kedgeServer(await world.kubeconfig());
  const run = await world.wizard(['rotate']);
  assert.equal(run.exitCode, 0, run.all);

  const [newToken] = (await world.values()).hub.staticAuthTokens;
  assert.notEqual(newToken, world.token);
  assert.deepEqual(world.sim.hubTokens(), [newToken]);
  assert.match(run.stdout, /✔ Check the old token — [0-9a-f]{12} rejected \(401\)/);
  const newServer = kedgeServer(await world.kubeconfig());
  assert.notEqual(newServer, oldServer, 'the kedge context moved to the new user\'s workspace');
  const namespaces = await world.run('kubectl', ['--context', 'kedge', 'get', 'namespaces']);
  assert.equal(namespaces.exitCode, 0, namespaces.stderr);
  assert.match(run.stdout, /a new token is|its own hub user with its own fresh workspace/);
  assert.match(run.stdout, /kubectl kedge login --hub-url \S+ --token <token>/);
  await assert.rejects(stat(`${world.valuesPath}.backup`), { code: 'ENOENT' });
  const j = await journal(world);
  assert.equal(j.tokenFingerprint, tokenFingerprint(newToken));
  assert.equal(j.rotation, undefined);
  assert.ok(!JSON.stringify(j).includes(newToken) && !JSON.stringify(j).includes(world.token), 'the journal holds fingerprints only');
  assert.equal((await stat(`${world.valuesPath}.journal.json`)).mode & 0o777, 0o600);
  assertNoSecret(run.all, world.token, newToken);
});

test('helm failing mid-rotation restores the values file byte for byte; the old token still works', async (t) => {
  const world = await installed(t);
  const before = await readFile(world.valuesPath, 'utf8');
  world.sim.faults.failRequests({ method: 'PATCH', path: /statefulsets/ }, 500, 10);
  const run = await world.wizard(['rotate']);
  assert.equal(run.exitCode, 1, run.all);
  assert.match(run.stdout, /the old token is still the one in force, and nothing was lost/);
  assert.equal(await readFile(world.valuesPath, 'utf8'), before);
  assert.deepEqual(world.sim.hubTokens(), [world.token]);
  await assert.rejects(stat(`${world.valuesPath}.backup`), { code: 'ENOENT' });
  assert.equal((await journal(world)).rotation, undefined);
  const namespaces = await world.run('kubectl', ['--context', 'kedge', 'get', 'namespaces']);
  assert.equal(namespaces.exitCode, 0, 'the existing login keeps working');
});

test('a login failure after the upgrade is finished by the next run without a third token', async (t) => {
  const world = await installed(t);
  world.sim.faults.loginFailures = 1000;
  const failed = await world.wizard(['rotate', '--timeout', '5s']);
  assert.equal(failed.exitCode, 1, failed.all);
  assert.match(failed.stdout, /✖ Log in with kubectl kedge/);
  const [written] = (await world.values()).hub.staticAuthTokens;
  assert.deepEqual(world.sim.hubTokens(), [written], 'helm applied the new token');
  assert.equal((await journal(world)).rotation.newFingerprint, tokenFingerprint(written));

  world.sim.faults.loginFailures = 0;
  const resumed = await world.wizard();
  assert.equal(resumed.exitCode, 0, resumed.all);
  assert.match(resumed.stdout, /rotate the token/);
  assert.match(resumed.stdout, /resumed from the unfinished rotation/);
  assert.match(resumed.stdout, /- Install the hub with helm — already applied: revision 2/);
  assert.match(resumed.stdout, /✔ Check the old token — [0-9a-f]{12} rejected \(401\)/);
  assert.deepEqual((await world.values()).hub.staticAuthTokens, [written]);
  assert.deepEqual(world.sim.hubTokens(), [written]);
});

test('overlap keeps the old token working until rotate --finish proves it dead', async (t) => {
  const world = await installed(t);
  const overlap = await world.wizard(['rotate', '--overlap']);
  assert.equal(overlap.exitCode, 0, overlap.all);
  const tokens = (await world.values()).hub.staticAuthTokens;
  assert.equal(tokens.length, 2);
  assert.equal(tokens[1], world.token);
  assert.deepEqual(world.sim.hubTokens().sort(), [...tokens].sort());
  assert.match(overlap.stdout, /still accepted until rotate --finish/);

  const reminder = await world.wizard(['verify']);
  assert.equal(reminder.exitCode, 0, reminder.all);
  assert.match(reminder.stdout, /overlap .* is still open/);

  const finish = await world.wizard(['rotate', '--finish']);
  assert.equal(finish.exitCode, 0, finish.all);
  assert.deepEqual((await world.values()).hub.staticAuthTokens, [tokens[0]]);
  assert.deepEqual(world.sim.hubTokens(), [tokens[0]]);
  assert.match(finish.stdout, /✔ Check the old token — [0-9a-f]{12} rejected \(401\)/);
  assert.doesNotMatch(finish.stdout, /overlap .* is still open/);
  assertNoSecret(overlap.all + reminder.all + finish.all, ...tokens);
});

test('--overlap needs a chart that takes a list of tokens', async (t) => {
  const world = await simWorld(t);
  assert.equal((await world.wizard([], { chart: 'legacy' })).exitCode, 0);
  const before = await readFile(world.valuesPath, 'utf8');
  const run = await world.wizard(['rotate', '--overlap'], { chart: 'legacy' });
  assert.equal(run.exitCode, 1, run.all);
  assert.match(run.stdout, /--overlap needs a chart that takes a list of tokens/);
  assert.equal(await readFile(world.valuesPath, 'utf8'), before);
});

test('helm failing after the hub already got the new token keeps it in the file, and the next run finishes', async (t) => {
  const world = await installed(t);
  // The release record is written after every object: failing it leaves the StatefulSet on the new token.
  world.sim.faults.failRequests({ method: 'PUT', path: /secrets\/sh\.helm\.release\.v1\.kedge\.v2$/ }, 500, 3);
  const failed = await world.wizard(['rotate']);
  assert.equal(failed.exitCode, 1, failed.all);
  assert.match(failed.stdout, /The hub already runs the new token, so the values file keeps it/);
  const [kept] = (await world.values()).hub.staticAuthTokens;
  assert.notEqual(kept, world.token);
  assert.deepEqual(world.sim.hubTokens(), [kept], 'file and hub agree');

  // helm could not record the release: the next run names the fix, and after it the rotation carries on.
  const stuck = await world.wizard(['rotate']);
  assert.equal(stuck.exitCode, 1, stuck.all);
  const fix = /Run: helm (.+?)   then/.exec(stuck.stderr)?.[1];
  assert.ok(fix, stuck.stderr);
  assert.equal((await world.run('helm', fix.split(' '))).exitCode, 0);
  const resumed = await world.wizard(['rotate']);
  assert.equal(resumed.exitCode, 0, resumed.all);
  assert.match(resumed.stdout, /resumed from the unfinished rotation/);
  assert.deepEqual((await world.values()).hub.staticAuthTokens, [kept]);
  assert.match(resumed.stdout, /✔ Check the old token — [0-9a-f]{12} rejected \(401\)/);
});

test('rotate --finish that stopped after writing the file resumes with the next --finish', async (t) => {
  const world = await installed(t);
  assert.equal((await world.wizard(['rotate', '--overlap'])).exitCode, 0);
  const [current] = (await world.values()).hub.staticAuthTokens;
  world.sim.faults.loginFailures = 1000;
  const failed = await world.wizard(['rotate', '--finish', '--timeout', '4s']);
  assert.equal(failed.exitCode, 1, failed.all);
  world.sim.faults.loginFailures = 0;
  const again = await world.wizard(['rotate', '--finish']);
  assert.equal(again.exitCode, 0, again.all);
  assert.match(again.stdout, /resuming: 1 old token to retire/);
  assert.deepEqual(world.sim.hubTokens(), [current]);
  assert.match(again.stdout, /✔ Check the old token — [0-9a-f]{12} rejected \(401\)/);
});

test('rotate replaces the stale kedge workspace even when only the cluster entry is left', async (t) => {
  const world = await installed(t);
  const oldServer = kedgeServer(await world.kubeconfig());
  assert.equal((await world.run('kubectl', ['config', 'delete-context', 'kedge'])).exitCode, 0);
  const run = await world.wizard(['rotate']);
  assert.equal(run.exitCode, 0, run.all);
  assert.notEqual(kedgeServer(await world.kubeconfig()), oldServer);
});
