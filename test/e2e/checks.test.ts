import assert from 'node:assert/strict';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { simBinDir } from '../fixtures/sim/paths.js';
import { assertGolden, normalise } from '../helpers/golden.js';
import { assertNoSecret, simWorld } from '../helpers/sim-world.js';

test('preflight on a healthy cluster: every check passes; plain and JSON output match the golden files', async (t) => {
  const world = await simWorld(t);
  const plain = await world.wizard(['preflight']);
  assert.equal(plain.exitCode, 0, plain.all);
  await assertGolden('preflight.txt', normalise(plain.stdout, world));

  const json = await world.wizard(['preflight', '--output', 'json']);
  assert.equal(json.exitCode, 0, json.all);
  const doc = JSON.parse(json.stdout);
  assert.equal(doc.ok, true);
  assert.deepEqual(doc.checks.map((c: { status: string }) => c.status), Array(9).fill('ok'));
  await assertGolden('preflight.json', normalise(json.stdout, world));
});

test('verify after an install: the doctor\'s checks pass; plain and JSON output match the golden files', async (t) => {
  const world = await simWorld(t);
  assert.equal((await world.wizard()).exitCode, 0);
  const token = (await world.values()).hub.staticAuthTokens[0];
  const plain = await world.wizard(['verify']);
  assert.equal(plain.exitCode, 0, plain.all);
  await assertGolden('verify.txt', normalise(plain.stdout, world));
  const json = await world.wizard(['verify', '--output', 'json']);
  assert.equal(json.exitCode, 0, json.all);
  assert.doesNotThrow(() => JSON.parse(json.stdout), 'stdout is one JSON document and nothing else');
  await assertGolden('verify.json', normalise(json.stdout, world));
  assertNoSecret(plain.all + json.all, token);
});

test('no default StorageClass is a warning with a hint, not a failure', async (t) => {
  const world = await simWorld(t, { defaultStorageClass: false });
  const run = await world.wizard(['preflight']);
  assert.equal(run.exitCode, 0, run.all);
  assert.match(run.stdout, /⚠ A default StorageClass — The cluster has no default StorageClass: the hub's volume \(a PVC\) would stay Pending\./);
  assert.match(run.stdout, /hint: Install a provisioner or mark a StorageClass as default/);
});

test('missing RBAC rights fail preflight, naming them, before anything is written', async (t) => {
  const world = await simWorld(t);
  world.sim.faults.denyVerbs = ['create/statefulsets', 'create/secrets'];
  const run = await world.wizard();
  assert.equal(run.exitCode, 1, run.all);
  assert.match(run.stdout, /✖ Permission to install the chart — Your user on "sim" may not: create statefulsets\.apps, create secrets in kedge-system/);
  assert.match(run.stdout, /Stopped at step "rbac"/);
  await assert.rejects(readFile(world.valuesPath));
});

test('a missing kedge plugin fails preflight with how to install it', async (t) => {
  const world = await simWorld(t);
  const env = { ...world.env, PATH: world.env.PATH!.split(path.delimiter).filter((dir) => dir !== simBinDir).join(path.delimiter) };
  const run = await world.wizard(['preflight'], { env });
  assert.equal(run.exitCode, 1, run.all);
  assert.match(run.stdout, /✖ The kedge kubectl plugin — "kubectl kedge" is not available/);
  assert.match(run.stdout, /kubectl krew install faros\/kedge/);
});

test('a hub URL where something else answers is a warning', async (t) => {
  const world = await simWorld(t);
  const run = await world.wizard(['preflight', '--hub-url', world.sim.apiUrl]);
  assert.equal(run.exitCode, 0, run.all);
  assert.match(run.stdout, /⚠ The hub URL — Something other than a kedge hub answers at https:\/\/127\.0\.0\.1:\d+/);
});

test('doctor failures name their cause: a readable values file, a missing kedge context, a hub that is not ready', async (t) => {
  const world = await simWorld(t);
  assert.equal((await world.wizard()).exitCode, 0);
  await chmod(world.valuesPath, 0o644);
  assert.equal((await world.run('kubectl', ['config', 'delete-context', 'kedge'])).exitCode, 0);
  world.sim.faults.hubNeverReady = true;
  const run = await world.wizard(['verify', '--timeout', '3s', '--output', 'json']);
  assert.equal(run.exitCode, 1, run.all);
  const checks = Object.fromEntries(JSON.parse(run.stdout).checks.map((c: { id: string }) => [c.id, c]));
  assert.equal(checks['values-file'].status, 'fail');
  assert.match(checks['values-file'].hint, /chmod 600/);
  assert.equal(checks['kube-context'].status, 'fail');
  assert.match(checks['kube-context'].message, /no kube context "kedge"/);
  assert.equal(checks.readyz.status, 'fail');
  assert.match(checks.readyz.message, /not ready within 3s \(last answer: 503/);
  assert.equal(checks['helm-version'].status, 'ok');
});

test('the hub\'s own certificate carries the hub host; the doctor notices when it does not', async (t) => {
  const world = await simWorld(t, { hubServesReleaseCert: true });
  const ipUrl = `https://127.0.0.1:${world.sim.hubPort}`;
  const install = await world.wizard(['--hub-url', ipUrl]);
  assert.equal(install.exitCode, 0, install.all);
  assert.deepEqual((await world.values()).hub.tls.selfSigned.ipAddresses, ['127.0.0.1']);
  const good = await world.wizard(['verify', '--hub-url', ipUrl]);
  assert.match(good.stdout, /✔ The hub's certificate — .*valid for 127\.0\.0\.1/);

  // Someone re-renders the chart with other names: the hub's certificate no longer covers its URL.
  const chart = path.join(path.dirname(simBinDir), '..', 'charts', 'kedge-hub');
  const upgrade = await world.run('helm', ['upgrade', 'kedge', chart, '-f', world.valuesPath, '--set', 'hub.tls.selfSigned.ipAddresses={10.9.9.9}', '-n', 'kedge-system', '--kube-context', 'sim']);
  assert.equal(upgrade.exitCode, 0, upgrade.stderr);
  const bad = await world.wizard(['verify', '--hub-url', ipUrl]);
  assert.match(bad.stdout, /⚠ The hub's certificate — .*not 127\.0\.0\.1/);
  assert.match(bad.stdout, /hint: Re-apply with create-kedge-hub --yes/);
});

test('--yes refuses a values file recorded for another cluster unless --kube-context names the target', async (t) => {
  const world = await simWorld(t);
  assert.equal((await world.wizard()).exitCode, 0);
  const journalFile = `${world.valuesPath}.journal.json`;
  const journal = JSON.parse(await readFile(journalFile, 'utf8'));
  assert.equal(journal.clusterId, '5f3c6c1e-9a1b-4c7e-8d2f-0b6a1e2c3d4f', 'the install recorded the cluster\'s identity');
  await writeFile(journalFile, JSON.stringify({ ...journal, clusterId: 'another-cluster-uid' }));
  const refused = await world.wizard();
  assert.equal(refused.exitCode, 1, refused.all);
  assert.match(refused.stderr, /was applied to cluster another-cluster-uid, but context "sim" now reaches cluster 5f3c6c1e/);
  assert.match(refused.stderr, /--kube-context sim/);
  const explicit = await world.wizard(['--kube-context', 'sim']);
  assert.equal(explicit.exitCode, 0, explicit.all);
});

test('--output json keeps stdout to one document even when the run cannot start', async (t) => {
  const world = await simWorld(t);
  const run = await world.wizard(['verify', '--output', 'json']);
  assert.equal(run.exitCode, 1);
  const doc = JSON.parse(run.stdout);
  assert.equal(doc.ok, false);
  assert.match(doc.error.message, /Nothing to verify/);
});

test('a namespace admin can install into an existing namespace without the right to create namespaces', async (t) => {
  const world = await simWorld(t);
  assert.equal((await world.run('kubectl', ['--context', 'sim', 'create', 'namespace', 'kedge-system'])).exitCode, 0);
  world.sim.faults.denyVerbs = ['create/namespaces'];
  const run = await world.wizard();
  assert.equal(run.exitCode, 0, run.all);
  assert.match(run.stdout, /✔ Permission to install the chart — can create statefulsets, services and secrets in kedge-system/);
  assert.equal(world.sim.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/namespaces').length, 1, 'only the test created a namespace; helm did not try');
});

test('edges are listed from the kedge context even when the current context is another', async (t) => {
  const world = await simWorld(t);
  world.sim.faults.edgeCount = 2;
  assert.equal((await world.wizard()).exitCode, 0);
  assert.equal((await world.run('kubectl', ['config', 'use-context', 'sim'])).exitCode, 0);
  const run = await world.wizard(['verify']);
  assert.equal(run.exitCode, 0, run.all);
  assert.match(run.stdout, /✔ kubectl kedge edge list — 2 edges/);
});

test('the kubeconfig that holds the hub token is checked: readable by others is a warning with the fix', async (t) => {
  const world = await simWorld(t);
  assert.equal((await world.wizard()).exitCode, 0);
  await chmod(world.env.KUBECONFIG!, 0o644);
  const run = await world.wizard(['verify']);
  assert.equal(run.exitCode, 0, run.all);
  assert.match(run.stdout, /⚠ Kubeconfig holding the token private — .*kubeconfig holds the hub token \(kube context "kedge"\) and others can read it \(mode 644\)/);
  assert.match(run.stdout, /hint: chmod 600 /);
});
