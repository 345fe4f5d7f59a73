import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import https from 'node:https';
import { chartPath } from '../fixtures/sim/environment.js';
import { harness, randomToken, type Harness } from './helpers.js';

const NS = ['-n', 'kedge-system', '--kube-context', 'sim'];

function hubReachable(h: Harness): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.request(`${h.sim.hubUrl}/healthz`, { ca: h.sim.caPem, agent: false }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

function stsArgs(h: Harness, name = 'kedge-kedge-hub'): string[] {
  const sts = h.sim.getObject('StatefulSet', 'kedge-system', name) as any;
  return sts?.spec?.template?.spec?.containers?.[0]?.args ?? [];
}

describe('real helm 3.17 against the simulated cluster', () => {
  let h: Harness;
  const t1 = randomToken();
  const t2 = randomToken();

  before(async () => {
    h = await harness();
  });
  after(async () => {
    await h?.close();
  });

  it('helm show values tells the chart flavours apart (no server needed)', async () => {
    const cur = await h.run('helm', ['show', 'values', chartPath('current')]);
    assert.equal(cur.exitCode, 0, cur.stderr);
    assert.match(cur.stdout, /^ {2}staticAuthTokens: \[\]$/m);
    assert.match(cur.stdout, /^ {2}hubExternalURL: ""$/m);
    const legacy = await h.run('helm', ['show', 'values', chartPath('legacy')]);
    assert.equal(legacy.exitCode, 0, legacy.stderr);
    assert.match(legacy.stdout, /^ {2}staticAuthToken: ""$/m);
    assert.doesNotMatch(legacy.stdout, /staticAuthTokens/);
    const chart = await h.run('helm', ['show', 'chart', chartPath('current')]);
    assert.match(chart.stdout, /^version: 0\.0\.108$/m);
    assert.match(chart.stdout, /^appVersion: v0\.0\.108$/m);
  });

  it('the chart requires hub.hubExternalURL; no namespace without --create-namespace', async () => {
    const noUrl = await h.run('helm', ['upgrade', '--install', 'kedge', chartPath('current'), ...NS, '--create-namespace']);
    assert.notEqual(noUrl.exitCode, 0);
    assert.match(noUrl.stderr, /hub\.hubExternalURL is required/);
    const values = await h.values('ns', { tokens: [t1] });
    const noNs = await h.run('helm', ['upgrade', '--install', 'kedge', chartPath('current'), '-f', values, '-n', 'elsewhere', '--kube-context', 'sim']);
    assert.notEqual(noNs.exitCode, 0);
    assert.match(noNs.stderr, /namespaces "elsewhere" not found/);
  });

  it('install (revision 1) then upgrade (revision 2); status, get values, list -A, rollout status', async () => {
    assert.equal(await hubReachable(h), false);
    const values = await h.values('v1', { tokens: [t1] });
    const install = await h.helmInstall(values);
    assert.equal(install.exitCode, 0, install.stderr);
    assert.match(install.stdout, /STATUS: deployed/);
    assert.match(install.stdout, /REVISION: 1/);
    assert.ok(stsArgs(h).includes(`--static-auth-token=${t1}`));
    assert.ok(stsArgs(h).includes(`--hub-external-url=${h.sim.hubUrl}`));
    assert.ok(stsArgs(h).includes('--dev-mode'));
    assert.equal(await hubReachable(h), true);

    const started = Date.now();
    const rollout = await h.run('kubectl', ['rollout', 'status', 'statefulset/kedge-kedge-hub', '-n', 'kedge-system', '--timeout=20s']);
    assert.equal(rollout.exitCode, 0, rollout.stderr);
    assert.match(rollout.stdout, /partitioned roll out complete: 1 new pods have been updated/);
    assert.ok(Date.now() - started < 10_000);

    const logs = await h.run('kubectl', ['logs', 'statefulset/kedge-kedge-hub', '-n', 'kedge-system']);
    assert.equal(logs.exitCode, 0, logs.stderr);
    assert.match(logs.stdout, /Hub is ready/);
    const pods = await h.run('kubectl', ['get', 'pods,pvc', '-n', 'kedge-system']);
    assert.match(pods.stdout, /pod\/kedge-kedge-hub-0\s+1\/1\s+Running/);
    assert.match(pods.stdout, /persistentvolumeclaim\/kcp-data-kedge-kedge-hub-0\s+Bound/);

    const values2 = await h.values('v2', { tokens: [t1, t2] });
    const upgrade = await h.helmInstall(values2);
    assert.equal(upgrade.exitCode, 0, upgrade.stderr);
    assert.match(upgrade.stdout, /REVISION: 2/);
    assert.deepEqual(h.sim.hubTokens(), [t1, t2]);

    const status = await h.run('helm', ['status', 'kedge', ...NS]);
    assert.equal(status.exitCode, 0, status.stderr);
    assert.match(status.stdout, /STATUS: deployed/);
    assert.match(status.stdout, /REVISION: 2/);

    const got = await h.run('helm', ['get', 'values', 'kedge', ...NS, '-o', 'json']);
    assert.equal(got.exitCode, 0, got.stderr);
    assert.deepEqual(JSON.parse(got.stdout).hub.staticAuthTokens, [t1, t2]);

    const list = await h.run('helm', ['list', '-A', '--kube-context', 'sim', '-o', 'json']);
    assert.equal(list.exitCode, 0, list.stderr);
    const releases = JSON.parse(list.stdout);
    assert.equal(releases.length, 1);
    assert.equal(releases[0].name, 'kedge');
    assert.equal(releases[0].namespace, 'kedge-system');
    assert.equal(releases[0].revision, '2');
    assert.equal(releases[0].chart, 'kedge-hub-0.0.108');
    assert.equal(releases[0].status, 'deployed');

    const release = h.sim.getObject('Secret', 'kedge-system', 'sh.helm.release.v1.kedge.v2') as any;
    assert.equal(release?.type, 'helm.sh/release.v1');
    assert.equal(release?.metadata?.labels?.owner, 'helm');
    assert.equal(release?.metadata?.labels?.status, 'deployed');
  });

  it('rollback restores the old tokens; --wait works; uninstall removes the hub', async () => {
    const rb = await h.run('helm', ['rollback', 'kedge', '1', ...NS, '--wait', '--timeout', '1m']);
    assert.equal(rb.exitCode, 0, rb.stderr);
    assert.deepEqual(h.sim.hubTokens(), [t1]);
    const history = await h.run('helm', ['history', 'kedge', ...NS, '-o', 'json']);
    const revs = JSON.parse(history.stdout) as Array<{ revision: number; status: string }>;
    assert.deepEqual(revs.map((r) => [r.revision, r.status]), [[1, 'superseded'], [2, 'superseded'], [3, 'deployed']]);
    const sts = h.sim.getObject('StatefulSet', 'kedge-system', 'kedge-kedge-hub') as any;
    assert.equal(sts.status.readyReplicas, 1, '--wait returned only after the rollout');

    const un = await h.run('helm', ['uninstall', 'kedge', ...NS]);
    assert.equal(un.exitCode, 0, un.stderr);
    assert.match(un.stdout, /release "kedge" uninstalled/);
    assert.deepEqual(h.sim.hubTokens(), []);
    assert.equal(await hubReachable(h), false);
    assert.equal(h.sim.getObject('StatefulSet', 'kedge-system', 'kedge-kedge-hub'), undefined);
    assert.ok(h.sim.getObject('PersistentVolumeClaim', 'kedge-system', 'kcp-data-kedge-kedge-hub-0'), 'PVCs outlive the release');
    const list = await h.run('helm', ['list', '-A', '--kube-context', 'sim', '-q']);
    assert.equal(list.stdout.trim(), '');
  });

  it('legacy chart reads hub.staticAuthToken; the current chart ignores that key (no tokens: login 404)', async () => {
    const legacyValues = await h.values('legacy', { tokens: [t1], legacy: true });
    const legacy = await h.helmInstall(legacyValues, 'legacy');
    assert.equal(legacy.exitCode, 0, legacy.stderr);
    assert.deepEqual(h.sim.hubTokens(), [t1]);
    assert.match(legacy.stdout, new RegExp(`--token ${t1}`));

    // The seed page's key on the current chart: silently ignored, the hub has no static tokens.
    const drift = await h.helmInstall(legacyValues, 'current');
    assert.equal(drift.exitCode, 0, drift.stderr);
    assert.match(drift.stdout, /REVISION: 2/);
    assert.deepEqual(h.sim.hubTokens(), []);
    assert.ok(!stsArgs(h).some((a) => a.startsWith('--static-auth-token')));
    const rollout = await h.run('kubectl', ['rollout', 'status', 'statefulset/kedge-kedge-hub', '-n', 'kedge-system', '--timeout=20s']);
    assert.equal(rollout.exitCode, 0, rollout.stderr);
    const login = await h.run('kubectl', ['kedge', 'login', '--hub-url', h.sim.hubUrl, '--token', t1, '--insecure-skip-tls-verify']);
    assert.equal(login.exitCode, 1);
    assert.equal(login.stderr.trim(), 'Error: token login failed: 404 Not Found');
  });

  it('a failing API request makes helm fail; the next attempt recovers', async () => {
    const values = await h.values('fault', { tokens: [t2] });
    h.sim.faults.failRequests({ method: 'PATCH', path: /\/statefulsets\/kedge-kedge-hub$/ }, 500);
    const failed = await h.helmInstall(values);
    assert.notEqual(failed.exitCode, 0);
    assert.match(failed.stderr, /simulated failure/);
    const status = await h.run('helm', ['status', 'kedge', ...NS]);
    assert.match(status.stdout, /STATUS: failed/);
    const again = await h.helmInstall(values);
    assert.equal(again.exitCode, 0, again.stderr);
    assert.deepEqual(h.sim.hubTokens(), [t2]);
    assert.ok(h.sim.requests.some((r) => r.listener === 'api' && r.method === 'PATCH' && r.status === 500));
  });

  it('denied RBAC: can-i says no and helm gets 403', async () => {
    h.sim.faults.denyVerbs = ['create/statefulsets'];
    const can = await h.run('kubectl', ['auth', 'can-i', 'create', 'statefulsets', '-n', 'kedge-system']);
    assert.equal(can.exitCode, 1);
    assert.equal(can.stdout.trim(), 'no');
    const values = await h.values('rbac', { tokens: [t2] });
    const r = await h.run('helm', ['upgrade', '--install', 'other', chartPath('current'), '-f', values, '-n', 'other', '--create-namespace']);
    assert.notEqual(r.exitCode, 0);
    assert.match(r.stderr, /statefulsets\.apps is forbidden: User "[^"]+" cannot create resource "statefulsets" in API group "apps" in the namespace "other"/);
    h.sim.faults.denyVerbs = [];
    const yes = await h.run('kubectl', ['auth', 'can-i', 'create', 'statefulsets', '-n', 'kedge-system']);
    assert.equal(yes.exitCode, 0);
    assert.equal(yes.stdout.trim(), 'yes');
  });
});
