import assert from 'node:assert/strict';
import { readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { assertNoSecret, simWorld } from '../helpers/sim-world.js';

test('--yes install on the current chart: deployed, values right, logged in, verified, token never shown', async (t) => {
  const world = await simWorld(t);
  const run = await world.wizard();
  assert.equal(run.exitCode, 0, run.all);

  const values = await world.values();
  const [token] = values.hub.staticAuthTokens;
  assert.match(token, /^[0-9a-f]{64}$/);
  assert.equal(values.hub.hubExternalURL, world.sim.hubUrl);
  assert.equal(values.hub.devMode, true);
  assert.deepEqual(values.hub.tls.selfSigned.dnsNames, ['localhost']);
  assert.equal((await stat(world.valuesPath)).mode & 0o777, 0o600);
  assert.equal((await stat(path.dirname(world.valuesPath))).mode & 0o777, 0o700);

  assert.deepEqual(world.sim.hubTokens(), [token], 'the hub runs with exactly the generated token');
  const release = await world.run('helm', ['status', 'kedge', '-n', 'kedge-system', '--kube-context', 'sim', '-o', 'json']);
  assert.equal(JSON.parse(release.stdout).info.status, 'deployed');

  const kubeconfig = await world.kubeconfig();
  assert.equal(kubeconfig['current-context'], 'kedge');
  const namespaces = await world.run('kubectl', ['--context', 'kedge', 'get', 'namespaces']);
  assert.equal(namespaces.exitCode, 0, namespaces.stderr);
  assert.match(run.stdout, /✔ kubectl kedge edge list — no edges yet/);
  assert.match(run.stdout, /token key\s+hub\.staticAuthTokens/);
  assert.match(run.stdout, /kubectl kedge login --hub-url https:\/\/localhost:\d+ --token <token> --insecure-skip-tls-verify/);
  assert.match(run.stdout, /static-<redacted>@kedge\.local/, 'the plugin\'s own echo of the token is redacted, not dropped');
  assertNoSecret(run.all, token);
  assert.doesNotMatch(run.stdout, /\x1b\[/, 'no cursor or colour codes without a terminal');
});

test('the old chart gets the seed\'s singular key; a hub without the edges provider is a warning', async (t) => {
  const world = await simWorld(t);
  world.sim.faults.edgesProvider = false;
  world.sim.faults.edgeCount = 0;
  const run = await world.wizard([], { chart: 'legacy' });
  assert.equal(run.exitCode, 0, run.all);
  const values = await world.values();
  assert.match(values.hub.staticAuthToken, /^[0-9a-f]{64}$/);
  assert.equal(values.hub.staticAuthTokens, undefined);
  assert.deepEqual(world.sim.hubTokens(), [values.hub.staticAuthToken]);
  assert.match(run.stdout, /token key hub\.staticAuthToken\b/);
  assert.match(run.stdout, /⚠ kubectl kedge edge list — edges provider not installed/);
  assertNoSecret(run.all, values.hub.staticAuthToken);
});

test('edges are counted when the provider has some', async (t) => {
  const world = await simWorld(t);
  world.sim.faults.edgeCount = 2;
  const run = await world.wizard();
  assert.equal(run.exitCode, 0, run.all);
  assert.match(run.stdout, /✔ kubectl kedge edge list — 2 edges/);
});

test('a token from standard input is used as given and never echoed', async (t) => {
  const world = await simWorld(t);
  const token = 'My.Own_Token~0123456789-abcdefghijKLMNOP';
  const run = await world.wizard(['--token-stdin'], { input: `${token}\n` });
  assert.equal(run.exitCode, 0, run.all);
  assert.deepEqual((await world.values()).hub.staticAuthTokens, [token]);
  assert.deepEqual(world.sim.hubTokens(), [token]);
  assertNoSecret(run.all, token);
});

test('helm failing leaves the values file exactly as it was and exits 1 naming the step', async (t) => {
  const world = await simWorld(t);
  const before = '# my settings\nhub:\n  adminUsers: [alice]  # keep\n';
  await mkdir(path.dirname(world.valuesPath), { recursive: true });
  await writeFile(world.valuesPath, before, { mode: 0o600 });
  world.sim.faults.failRequests({ method: 'POST', path: /statefulsets/ }, 500, 5);
  const run = await world.wizard();
  assert.equal(run.exitCode, 1, run.all);
  assert.match(run.stdout, /✖ Install the hub with helm — helm upgrade --install of release kedge failed/);
  assert.match(run.stdout, /hint: The values file was restored to what it was before this run/);
  assert.equal(await readFile(world.valuesPath, 'utf8'), before);
});

test('helm failing on a first install removes the values file it created', async (t) => {
  const world = await simWorld(t);
  world.sim.faults.failRequests({ method: 'POST', path: /statefulsets/ }, 500, 5);
  const run = await world.wizard();
  assert.equal(run.exitCode, 1, run.all);
  await assert.rejects(stat(world.valuesPath), { code: 'ENOENT' });
});

test('a hub that never becomes ready times out with an error naming the step', async (t) => {
  const world = await simWorld(t);
  world.sim.faults.hubNeverReady = true;
  const run = await world.wizard(['--timeout', '4s']);
  assert.equal(run.exitCode, 1, run.all);
  assert.match(run.stdout, /✖ Wait for the hub pod — statefulset\/kedge-kedge-hub did not become ready/);
  assert.match(run.stdout, /Stopped at step "rollout"/);
});

test('login answering 500 at first is retried until it works', async (t) => {
  const world = await simWorld(t);
  world.sim.faults.loginFailures = 2;
  const run = await world.wizard();
  assert.equal(run.exitCode, 0, run.all);
  assert.match(run.stdout, /attempt 1 failed, retrying/);
  assert.match(run.stdout, /✔ Log in with kubectl kedge/);
});

test('a chart path that does not exist is a clear error before anything is written', async (t) => {
  const world = await simWorld(t);
  const run = await world.wizard(['--chart', path.join(world.dir, 'no-such-chart')]);
  assert.equal(run.exitCode, 1, run.all);
  assert.match(run.stdout, /✖ Read the chart — helm could not read the chart .*no-such-chart/);
  assert.match(run.stdout, /hint: Check --chart and --chart-version/);
  await assert.rejects(stat(world.valuesPath), { code: 'ENOENT' });
});

test('every helm and kubectl call is pinned to the chosen context, even after login switches it', async (t) => {
  const world = await simWorld(t);
  const first = await world.wizard();
  assert.equal(first.exitCode, 0, first.all);
  assert.equal((await world.kubeconfig())['current-context'], 'kedge');
  // The current context is now the hub: a re-run without --kube-context must still go to the cluster.
  const again = await world.wizard();
  assert.equal(again.exitCode, 0, again.all);
  assert.match(again.stdout, /on sim \(kedge-system\/kedge\)/);
  assert.match(again.stdout, /revision 2/);
  const helmCalls = world.sim.requests.filter((r) => r.listener === 'api');
  assert.ok(helmCalls.length > 0);
  assert.equal(world.sim.requests.filter((r) => r.listener === 'hub' && /\/api\/v1\/namespaces\/kedge-system\/secrets/.test(r.path)).length, 0, 'helm never talked to the hub');
});

test('--show-token prints the token once, in the summary, and nowhere else', async (t) => {
  const world = await simWorld(t);
  const run = await world.wizard(['--show-token']);
  assert.equal(run.exitCode, 0, run.all);
  const token = (await world.values()).hub.staticAuthTokens[0];
  assert.equal(run.all.split(token).length - 1, 1, 'exactly one occurrence');
  assert.match(run.stdout, new RegExp(`token\\s+${token}`));
  assert.match(run.stdout, /static-<redacted>@kedge\.local/, 'child output stays redacted');
});
