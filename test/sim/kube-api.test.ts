import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KUBE_SYSTEM_UID } from '../fixtures/sim/kube-api.js';
import { strategicMergePatch, mergePatch } from '../fixtures/sim/patch.js';
import { decodeK8sProtobuf } from '../fixtures/sim/protobuf.js';
import { matchesLabels, parseLabelSelector } from '../fixtures/sim/selectors.js';
import type { Json } from '../fixtures/sim/store.js';
import { harness, randomToken, type Harness } from './helpers.js';

// --- a tiny protobuf encoder, only for building test input ---
function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}
const field = (no: number, bytes: Buffer | string) => {
  const b = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  return Buffer.concat([varint((no << 3) | 2), varint(b.length), b]);
};
const entry = (no: number, k: string, v: Buffer | string) => field(no, Buffer.concat([field(1, k), field(2, v)]));

describe('simulator building blocks', () => {
  it('decodes a protobuf Secret in the k8s runtime.Unknown envelope', () => {
    const meta = Buffer.concat([field(1, 'sh.helm.release.v1.kedge.v1'), field(3, 'kedge-system'), entry(11, 'owner', 'helm'), entry(11, 'name', 'kedge')]);
    const secret = Buffer.concat([field(1, meta), entry(2, 'release', Buffer.from([0, 1, 2, 255])), field(3, 'helm.sh/release.v1')]);
    const body = Buffer.concat([Buffer.from('k8s\0', 'latin1'), field(1, Buffer.concat([field(1, 'v1'), field(2, 'Secret')])), field(2, secret)]);
    const obj = decodeK8sProtobuf(body);
    assert.equal(obj.kind, 'Secret');
    assert.equal(obj.metadata.name, 'sh.helm.release.v1.kedge.v1');
    assert.equal(obj.metadata.namespace, 'kedge-system');
    assert.deepEqual(obj.metadata.labels, { owner: 'helm', name: 'kedge' });
    assert.deepEqual(obj.data, { release: Buffer.from([0, 1, 2, 255]).toString('base64') });
    assert.equal(obj.type, 'helm.sh/release.v1');
    assert.throws(() => decodeK8sProtobuf(Buffer.from('nope')), /magic/);
  });

  it('strategic merge patch merges containers by name, replaces args, honours directives', () => {
    const live = {
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'hub', image: 'a:1', args: ['--x', '--static-auth-token=old'], ports: [{ containerPort: 9443 }] },
              { name: 'side', image: 's:1' },
            ],
          },
        },
      },
    } as Json;
    const patch = {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'side' }, { name: 'hub' }],
            containers: [{ name: 'hub', args: ['--static-auth-token=new'] }, { name: 'gone', $patch: 'delete' }],
          },
        },
      },
    } as Json;
    const out = strategicMergePatch(live, patch) as any;
    const cs = out.spec.template.spec.containers;
    assert.deepEqual(cs.map((c: any) => c.name), ['side', 'hub']);
    assert.deepEqual(cs[1].args, ['--static-auth-token=new']);
    assert.equal(cs[1].image, 'a:1');
    assert.deepEqual(mergePatch({ a: 1, b: { c: 2 } }, { b: { c: null, d: 3 } }), { a: 1, b: { d: 3 } });
  });

  it('parses label selectors', () => {
    const reqs = parseLabelSelector('name=kedge,owner==helm,status!=failed,env in (a, b),!gone');
    assert.equal(matchesLabels(reqs, { name: 'kedge', owner: 'helm', status: 'deployed', env: 'b' }), true);
    assert.equal(matchesLabels(reqs, { name: 'kedge', owner: 'helm', status: 'failed', env: 'b' }), false);
    assert.equal(matchesLabels(reqs, { name: 'kedge', owner: 'helm', env: 'c' }), false);
    assert.equal(matchesLabels(reqs, { name: 'kedge', owner: 'helm', env: 'a', gone: 'x' }), false);
  });
});

describe('real kubectl 1.32 against the simulated API server', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(async () => {
    await h?.close();
  });

  it('lists namespaces and storage classes; kube-system has a stable uid', async () => {
    const ns = await h.run('kubectl', ['get', 'ns']);
    assert.equal(ns.exitCode, 0, ns.stderr);
    for (const n of ['default', 'kube-system', 'kube-public']) assert.match(ns.stdout, new RegExp(`^${n}\\s+Active`, 'm'));
    const uid = await h.run('kubectl', ['get', 'namespace', 'kube-system', '-o', 'jsonpath={.metadata.uid}']);
    assert.equal(uid.stdout, KUBE_SYSTEM_UID);
    const sc = await h.run('kubectl', ['get', 'storageclass']);
    assert.equal(sc.exitCode, 0, sc.stderr);
    assert.match(sc.stdout, /^standard \(default\)\s+rancher\.io\/local-path/m);
    const scJson = await h.run('kubectl', ['get', 'storageclass', '-o', 'json']);
    const items = JSON.parse(scJson.stdout).items;
    assert.equal(items[0].metadata.annotations['storageclass.kubernetes.io/is-default-class'], 'true');
    const can = await h.run('kubectl', ['auth', 'can-i', 'create', 'statefulsets', '-n', 'kedge-system']);
    assert.equal(can.exitCode, 0);
    assert.equal(can.stdout.trim(), 'yes');
    const nodes = await h.run('kubectl', ['get', 'nodes']);
    assert.match(nodes.stdout, /^sim-node\s+Ready\s+control-plane\s+\S+\s+v1\.32\.2$/m);
    const version = await h.run('kubectl', ['version', '-o', 'json']);
    assert.equal(JSON.parse(version.stdout).serverVersion.gitVersion, 'v1.32.2');
  });

  it('an unknown bearer token gets 401 (kubectl: "You must be logged in")', async () => {
    await h.run('kubectl', ['config', 'set-credentials', 'intruder', `--token=${randomToken()}`]);
    await h.run('kubectl', ['config', 'set-context', 'bad', '--cluster=sim', '--user=intruder']);
    const r = await h.run('kubectl', ['--context', 'bad', 'get', 'ns']);
    assert.equal(r.exitCode, 1);
    assert.match(r.stderr, /You must be logged in to the server \(Unauthorized\)/);
  });

  it('failRequests turns the next matching requests into Status errors', async () => {
    h.sim.faults.failRequests({ method: 'GET', path: /^\/api\/v1\/namespaces$/ }, 503, 2);
    for (let i = 0; i < 2; i++) {
      const r = await h.run('kubectl', ['get', 'ns', '--request-timeout=5s']);
      assert.equal(r.exitCode, 1);
    }
    const ok = await h.run('kubectl', ['get', 'ns']);
    assert.equal(ok.exitCode, 0, ok.stderr);
  });

  it('create/apply/patch/delete with kubectl; watches end when the object changes', async () => {
    const create = await h.run('kubectl', ['create', 'namespace', 'scratch']);
    assert.equal(create.exitCode, 0, create.stderr);
    const dup = await h.run('kubectl', ['create', 'namespace', 'scratch']);
    assert.equal(dup.exitCode, 1);
    assert.match(dup.stderr, /AlreadyExists|already exists/);
    const cm = await h.run('kubectl', ['create', 'configmap', 'c1', '-n', 'scratch', '--from-literal=a=1']);
    assert.equal(cm.exitCode, 0, cm.stderr);
    const label = await h.run('kubectl', ['label', 'configmap', 'c1', '-n', 'scratch', 'tier=x']);
    assert.equal(label.exitCode, 0, label.stderr);
    const sel = await h.run('kubectl', ['get', 'configmaps', '-n', 'scratch', '-l', 'tier=x', '-o', 'name']);
    assert.equal(sel.stdout.trim(), 'configmap/c1');
    const none = await h.run('kubectl', ['get', 'configmaps', '-n', 'scratch', '-l', 'tier=y', '-o', 'name']);
    assert.equal(none.stdout.trim(), '');
    const waiter = h.run('kubectl', ['wait', '--for=jsonpath={.data.a}=2', 'configmap/c1', '-n', 'scratch', '--timeout=15s']);
    await new Promise((r) => setTimeout(r, 700));
    const patch = await h.run('kubectl', ['patch', 'configmap', 'c1', '-n', 'scratch', '--type=merge', '-p', '{"data":{"a":"2"}}']);
    assert.equal(patch.exitCode, 0, patch.stderr);
    const waited = await waiter;
    assert.equal(waited.exitCode, 0, waited.stderr);
    const del = await h.run('kubectl', ['delete', 'namespace', 'scratch']);
    assert.equal(del.exitCode, 0, del.stderr);
    assert.equal(h.sim.getObject('ConfigMap', 'scratch', 'c1'), undefined);
  });
});

describe('cluster without a default StorageClass; state file resume', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kedge-sim-state-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the hub pod stays Pending (unbound PVC) and the rollout never completes', async () => {
    const h = await harness({ defaultStorageClass: false });
    try {
      const values = await h.values('v', { tokens: [randomToken()] });
      const install = await h.helmInstall(values, 'current', ['--wait', '--timeout', '3s']);
      assert.notEqual(install.exitCode, 0);
      assert.match(install.stderr, /context deadline exceeded/);
      const rollout = await h.run('kubectl', ['rollout', 'status', 'statefulset/kedge-kedge-hub', '-n', 'kedge-system', '--timeout=1s']);
      assert.notEqual(rollout.exitCode, 0);
      const pods = await h.run('kubectl', ['get', 'pods,pvc', '-n', 'kedge-system']);
      assert.match(pods.stdout, /kedge-kedge-hub-0\s+0\/1\s+Pending/);
      assert.match(pods.stdout, /kcp-data-kedge-kedge-hub-0\s+Pending/);
      const pod = h.sim.getObject('Pod', 'kedge-system', 'kedge-kedge-hub-0') as any;
      assert.match(JSON.stringify(pod.status.conditions), /unbound immediate PersistentVolumeClaims/);
    } finally {
      await h.close();
    }
  });

  it('stateFile keeps the release, the token, the CA and the ports across a restart', async () => {
    const stateFile = path.join(dir, 'state.json');
    const token = randomToken();
    const first = await harness({ stateFile });
    const values = await first.values('v', { tokens: [token] });
    assert.equal((await first.helmInstall(values)).exitCode, 0);
    const { apiUrl, hubUrl } = first.sim;
    await first.sim.stop();

    const second = await harness({ stateFile });
    try {
      assert.equal(second.sim.apiUrl, apiUrl);
      assert.equal(second.sim.hubUrl, hubUrl);
      assert.deepEqual(second.sim.hubTokens(), [token]);
      const status = await second.run('helm', ['status', 'kedge', '-n', 'kedge-system']);
      assert.equal(status.exitCode, 0, status.stderr);
      assert.match(status.stdout, /STATUS: deployed/);
      // the first harness's kubeconfig still works: same token, same CA, same port
      const old = await second.run('kubectl', ['get', 'ns', 'kedge-system'], { env: { KUBECONFIG: path.join(first.dir, 'kubeconfig') } });
      assert.equal(old.exitCode, 0, old.stderr);
    } finally {
      await second.close();
      await rm(first.dir, { recursive: true, force: true });
    }
  });
});
