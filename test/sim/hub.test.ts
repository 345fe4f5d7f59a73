import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import YAML from 'yaml';
import { staticUser, workspaceId } from '../fixtures/sim/hub.js';
import { harness, randomToken, type Harness } from './helpers.js';

/** One HTTPS request to the hub trusting the sim CA; resolves status/body or the socket error code. */
function hubRequest(
  h: Harness,
  method: string,
  p: string,
  token?: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> } | { error: string }> {
  return new Promise((resolve) => {
    const req = https.request(
      `${h.sim.hubUrl}${p}`,
      { method, ca: h.sim.caPem, agent: false, headers: token ? { Authorization: `Bearer ${token}` } : {} },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end();
  });
}

async function waitFor(cond: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
}

async function kubeconfig(h: Harness): Promise<any> {
  return YAML.parse(await readFile(path.join(h.dir, 'kubeconfig'), 'utf8'));
}

describe('simulated hub + kubectl-kedge stand-in (real kubectl, real helm)', () => {
  let h: Harness;
  const token = randomToken();

  before(async () => {
    // a boot long enough that "just after helm returns" is reliably still bootstrapping
    h = await harness({ hubBootMs: 1500 });
  });
  after(async () => {
    await h?.close();
  });

  it('drops connections while no release has installed a hub', async () => {
    const r = await hubRequest(h, 'GET', '/healthz');
    assert.ok('error' in r, 'expected a network error');
    const login = await h.run('kubectl', ['kedge', 'login', '--hub-url', h.sim.hubUrl, '--token', token, '--insecure-skip-tls-verify']);
    assert.equal(login.exitCode, 1);
    assert.match(login.stderr, /^Error: token login failed: Post "https:\/\/localhost:\d+\/auth\/token-login": read tcp .*connection reset by peer/m);
    assert.deepEqual(h.sim.hubTokens(), []);
  });

  it('boots the hub from the release: /readyz 503 bootstrapping, then ok; rollout waits for readiness', async () => {
    const values = await h.values('v1', { tokens: [token] });
    const install = await h.helmInstall(values);
    assert.equal(install.exitCode, 0, install.stderr);
    assert.match(install.stdout, new RegExp(`kubectl kedge login --hub-url ${h.sim.hubUrl} --token ${token} --insecure-skip-tls-verify`));
    assert.deepEqual(h.sim.hubTokens(), [token]);
    const early = await hubRequest(h, 'GET', '/readyz');
    assert.ok(!('error' in early));
    assert.equal(early.status, 503);
    assert.equal(early.body, 'bootstrapping');
    const health = await hubRequest(h, 'GET', '/healthz');
    assert.ok(!('error' in health) && health.status === 200 && JSON.parse(health.body).status === 'ok');
    const rollout = await h.run('kubectl', ['rollout', 'status', 'statefulset/kedge-kedge-hub', '-n', 'kedge-system', '--timeout=20s', '--context', 'sim']);
    assert.equal(rollout.exitCode, 0, rollout.stderr);
    assert.match(rollout.stdout, /roll out complete/);
    const ready = await hubRequest(h, 'GET', '/readyz');
    assert.ok(!('error' in ready) && ready.status === 200 && ready.body === 'ok');
    const version = await hubRequest(h, 'GET', '/version');
    assert.ok(!('error' in version) && JSON.parse(version.body).gitVersion === 'v0.0.108');
    const bare = await hubRequest(h, 'GET', '/api', token);
    assert.ok(!('error' in bare) && bare.status === 400 && /no workspace selected/.test(bare.body));
  });

  it('token-login answers the documented shape', async () => {
    const r = await hubRequest(h, 'POST', '/auth/token-login', token);
    assert.ok(!('error' in r));
    assert.equal(r.status, 200);
    const body = JSON.parse(r.body);
    const { userId, email } = staticUser(token);
    assert.equal(body.email, email);
    assert.equal(body.email, `static-${token}@kedge.local`);
    assert.equal(body.userId, userId);
    assert.match(body.userId, /^static-user-[0-9a-f]{16}$/);
    const kc = YAML.parse(Buffer.from(body.kubeconfig, 'base64').toString());
    assert.equal(kc.clusters[0].name, 'kedge');
    assert.equal(kc.clusters[0].cluster.server, `${h.sim.hubUrl}/clusters/${workspaceId(userId)}`);
    assert.equal(kc.clusters[0].cluster['insecure-skip-tls-verify'], true);
    assert.equal(kc.users[0].user.token, token);
    const wrong = await hubRequest(h, 'POST', '/auth/token-login', 'nope');
    assert.ok(!('error' in wrong) && wrong.status === 401 && JSON.parse(wrong.body).kind === 'Status');
  });

  it('plugin login: wrong token exits 1, right token writes context kedge and kubectl reaches the workspace', async () => {
    const bad = await h.run('kubectl', ['kedge', 'login', '--hub-url', `${h.sim.hubUrl}/`, '--token', 'wrong-token', '--insecure-skip-tls-verify']);
    assert.equal(bad.exitCode, 1);
    assert.equal(bad.stderr.trim(), 'Error: token login failed: 401 Unauthorized');

    const tlsFail = await h.run('kubectl', ['kedge', 'login', '--hub-url', h.sim.hubUrl, '--token', token]);
    assert.equal(tlsFail.exitCode, 1);
    assert.match(tlsFail.stderr, /x509: certificate signed by unknown authority/);

    const trusted = await h.run('kubectl', ['kedge', 'login', '--hub-url', h.sim.hubUrl, '--token', token], {
      env: { NODE_EXTRA_CA_CERTS: h.sim.caFile },
    });
    assert.equal(trusted.exitCode, 0, trusted.stderr);

    const ok = await h.run('kubectl', ['kedge', 'login', '--hub-url', `${h.sim.hubUrl}/`, '--token', token, '--insecure-skip-tls-verify']);
    assert.equal(ok.exitCode, 0, ok.stderr);
    assert.equal(ok.stdout.trim(), `Logged in as static-${token}@kedge.local`);
    const kc = await kubeconfig(h);
    assert.equal(kc['current-context'], 'kedge');
    assert.ok(kc.contexts.some((c: any) => c.name === 'sim'), 'the sim context survives the merge');
    const ns = await h.run('kubectl', ['--context', 'kedge', 'get', 'namespaces']);
    assert.equal(ns.exitCode, 0, ns.stderr);
    assert.match(ns.stdout, /^NAME\s+STATUS\s+AGE/);
    assert.match(ns.stdout, /\ndefault\s+Active/);
    // current-context is now the hub: a bare kubectl call goes there, not to the cluster
    const bare = await h.run('kubectl', ['get', 'statefulsets', '-A']);
    assert.notEqual(bare.exitCode, 0);
  });

  it('edge list: empty, with edges, and without the edges provider', async () => {
    const empty = await h.run('kubectl', ['kedge', 'edge', 'list']);
    assert.equal(empty.exitCode, 0, empty.stderr);
    assert.equal(empty.stdout, 'No edges found.\n');

    h.sim.faults.edgeCount = 3;
    const some = await h.run('kubectl', ['kedge', 'edges', 'ls']);
    assert.equal(some.exitCode, 0, some.stderr);
    const lines = some.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^NAME\s+TYPE\s+PHASE\s+CONNECTED\s+AGENT VERSION\s+AGE$/);
    assert.equal(lines.length, 4);
    assert.match(lines[1]!, /^cluster-1\s+kubernetes\s+Ready\s+true\s+v0\.0\.108\s+\d+s$/);
    assert.match(lines[3]!, /^server-1\s+server\s+/);

    h.sim.faults.edgesProvider = false;
    const missing = await h.run('kubectl', ['kedge', 'edge', 'list']);
    assert.equal(missing.exitCode, 1);
    assert.equal(
      missing.stderr.trim(),
      'Error: listing edges: listing kubernetesclusters: the server could not find the requested resource',
    );
    h.sim.faults.edgesProvider = true;
    h.sim.faults.edgeCount = 0;
  });

  it('rotation: old token 401 after upgrade; re-login keeps the stale workspace (403) until the kedge entries are removed', async () => {
    const newToken = randomToken();
    const values = await h.values('v2', { tokens: [newToken] });
    const upgrade = await h.helmInstall(values);
    assert.equal(upgrade.exitCode, 0, upgrade.stderr);
    assert.match(upgrade.stdout, /REVISION: 2/);
    assert.deepEqual(h.sim.hubTokens(), [newToken]);
    const restarting = await hubRequest(h, 'GET', '/readyz');
    assert.ok(!('error' in restarting) && restarting.status === 503, 'hub restarts on a token change');
    const rollout = await h.run('kubectl', ['rollout', 'status', 'statefulset/kedge-kedge-hub', '-n', 'kedge-system', '--timeout=20s', '--context', 'sim']);
    assert.equal(rollout.exitCode, 0, rollout.stderr);

    const oldNs = await h.run('kubectl', ['--context', 'kedge', 'get', 'namespaces']);
    assert.equal(oldNs.exitCode, 1);
    assert.match(oldNs.stderr, /You must be logged in to the server \(Unauthorized\)/);
    const oldLogin = await hubRequest(h, 'POST', '/auth/token-login', token);
    assert.ok(!('error' in oldLogin) && oldLogin.status === 401);

    const relogin = await h.run('kubectl', ['kedge', 'login', '--hub-url', h.sim.hubUrl, '--token', newToken, '--insecure-skip-tls-verify']);
    assert.equal(relogin.exitCode, 0, relogin.stderr);
    const kc = await kubeconfig(h);
    const server = kc.clusters.find((c: any) => c.name === 'kedge').cluster.server as string;
    assert.ok(server.endsWith(`/clusters/${workspaceId(staticUser(token).userId)}`), 'stale workspace URL kept');
    const stale = await h.run('kubectl', ['--context', 'kedge', 'get', 'namespaces']);
    assert.equal(stale.exitCode, 1);
    assert.match(stale.stderr, /Forbidden|forbidden/);

    for (const [kind, name] of [['delete-context', 'kedge'], ['delete-cluster', 'kedge'], ['delete-user', 'kedge']] as const) {
      const r = await h.run('kubectl', ['config', kind, name]);
      assert.equal(r.exitCode, 0, r.stderr);
    }
    const fresh = await h.run('kubectl', ['kedge', 'login', '--hub-url', h.sim.hubUrl, '--token', newToken, '--insecure-skip-tls-verify']);
    assert.equal(fresh.exitCode, 0, fresh.stderr);
    const ok = await h.run('kubectl', ['--context', 'kedge', 'get', 'namespaces', '-o', 'name']);
    assert.equal(ok.exitCode, 0, ok.stderr);
    assert.match(ok.stdout, /namespace\/default/);
  });

  it('faults: loginFailures answer 500, then login works', async () => {
    const t = h.sim.hubTokens()[0]!;
    h.sim.faults.loginFailures = 2;
    for (let i = 0; i < 2; i++) {
      const r = await h.run('kubectl', ['kedge', 'login', '--hub-url', h.sim.hubUrl, '--token', t, '--insecure-skip-tls-verify']);
      assert.equal(r.exitCode, 1);
      assert.equal(r.stderr.trim(), 'Error: token login failed: 500 Internal Server Error');
    }
    const r = await h.run('kubectl', ['kedge', 'login', '--hub-url', h.sim.hubUrl, '--token', t, '--insecure-skip-tls-verify']);
    assert.equal(r.exitCode, 0, r.stderr);
  });

  it('without devMode: no insecure-skip-tls-verify in the kubeconfig, and login is rate-limited (429, Retry-After: 60)', async () => {
    const t = h.sim.hubTokens()[0]!;
    const values = await h.values('v3', { tokens: [t], devMode: false });
    const upgrade = await h.helmInstall(values, 'current', ['--wait', '--timeout', '1m']);
    assert.equal(upgrade.exitCode, 0, upgrade.stderr);
    assert.equal(h.sim.hubConfig()?.devMode, false);
    const first = await hubRequest(h, 'POST', '/auth/token-login', t);
    assert.ok(!('error' in first) && first.status === 200);
    const kc = YAML.parse(Buffer.from(JSON.parse(first.body).kubeconfig, 'base64').toString());
    assert.equal(kc.clusters[0].cluster['insecure-skip-tls-verify'], undefined);
    // the login flag does not make the written kubeconfig skip verification: kubectl meets x509
    await h.run('kubectl', ['config', 'delete-cluster', 'kedge']);
    const login = await h.run('kubectl', ['kedge', 'login', '--hub-url', h.sim.hubUrl, '--token', t, '--insecure-skip-tls-verify']);
    assert.equal(login.exitCode, 0, login.stderr);
    const ns = await h.run('kubectl', ['--context', 'kedge', 'get', 'ns']);
    assert.equal(ns.exitCode, 1);
    assert.match(ns.stderr, /x509: certificate signed by unknown authority/);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await hubRequest(h, 'POST', '/auth/token-login', t);
      assert.ok(!('error' in r));
      statuses.push(r.status);
      if (r.status === 429) assert.equal(r.headers['retry-after'], '60');
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 200, 429, 429]); // 10 per minute per client
  });

  it('hubNeverReady: /readyz stays 503 and the rollout never completes', async () => {
    h.sim.faults.hubNeverReady = true;
    const values = await h.values('v4', { tokens: [randomToken()] });
    const upgrade = await h.helmInstall(values);
    assert.equal(upgrade.exitCode, 0, upgrade.stderr);
    const rollout = await h.run('kubectl', ['rollout', 'status', 'statefulset/kedge-kedge-hub', '-n', 'kedge-system', '--timeout=2s', '--context', 'sim']);
    assert.notEqual(rollout.exitCode, 0);
    assert.match(rollout.stderr, /timed out waiting for the condition/);
    const r = await hubRequest(h, 'GET', '/readyz');
    assert.ok(!('error' in r) && r.status === 503);
    h.sim.faults.hubNeverReady = false;
    await waitFor(async () => {
      const x = await hubRequest(h, 'GET', '/readyz');
      return !('error' in x) && x.status === 200;
    });
  });

  it('version command', async () => {
    const r = await h.run('kubectl', ['kedge', 'version']);
    assert.equal(r.exitCode, 0);
    assert.match(r.stdout, /^kedge version v\d+\.\d+\.\d+/);
  });
});

describe('hubServesReleaseCert: the hub serves the chart-generated certificate', () => {
  let h: Harness;
  before(async () => {
    h = await harness({ hubServesReleaseCert: true });
  });
  after(async () => {
    await h?.close();
  });

  const get = (url: string, ca: string) =>
    new Promise<number | string>((resolve) => {
      const req = https.request(url, { ca, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      req.end();
    });

  it('SANs follow the values (ipAddresses replaces the default list) and each upgrade brings a new cert', async () => {
    const token = randomToken();
    const values = await h.values('tls', { tokens: [token], extra: '  tls:\n    selfSigned:\n      ipAddresses: []\n' });
    const install = await h.helmInstall(values);
    assert.equal(install.exitCode, 0, install.stderr);
    const cert1 = h.sim.hubCaPem();
    assert.notEqual(cert1, h.sim.caPem);
    assert.equal(await get(`${h.sim.hubUrl}/healthz`, cert1), 200);
    assert.equal(await get(`https://127.0.0.1:${h.sim.hubPort}/healthz`, cert1), 'ERR_TLS_CERT_ALTNAME_INVALID');

    const rollout = await h.run('kubectl', ['rollout', 'status', 'statefulset/kedge-kedge-hub', '-n', 'kedge-system', '--timeout=20s']);
    assert.equal(rollout.exitCode, 0, rollout.stderr);
    const caFile = path.join(h.dir, 'hub-ca.pem');
    await writeFile(caFile, cert1);
    const pinned = await h.run('kubectl', ['kedge', 'login', '--hub-url', h.sim.hubUrl, '--token', token], { env: { NODE_EXTRA_CA_CERTS: caFile } });
    assert.equal(pinned.exitCode, 0, pinned.stderr);

    const upgrade = await h.helmInstall(values);
    assert.equal(upgrade.exitCode, 0, upgrade.stderr);
    assert.notEqual(h.sim.hubCaPem(), cert1, 'genSelfSignedCert runs at every render');
    const stale = await h.run('kubectl', ['kedge', 'login', '--hub-url', h.sim.hubUrl, '--token', token], { env: { NODE_EXTRA_CA_CERTS: caFile } });
    assert.equal(stale.exitCode, 1);
    assert.match(stale.stderr, /x509: certificate signed by unknown authority/);
  });
});
