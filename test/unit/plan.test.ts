import assert from 'node:assert/strict';
import { test } from 'node:test';
import { helmVersionProblem } from '../../source/checks/tools.js';
import type { Config, Mode } from '../../source/config.js';
import { describePlan, planSteps } from '../../source/plan.js';
import { flattenPlan } from '../../source/steps/step.js';

const config = (mode: Mode): Config => ({
  command: 'install', mode, hubUrl: 'https://hub.example.com', namespace: 'kedge-system', release: 'kedge',
  chart: 'oci://ghcr.io/faroshq/charts/kedge-hub', valuesPath: '/home/me/.config/kedge-hub/kedge.values.yaml', kubeContext: 'prod',
  devMode: true, insecureSkipTlsVerify: false, tokenSource: 'generate', showToken: false, dryRun: true, timeoutMs: 600_000,
  overlap: false, maxTokenAgeDays: 90, output: 'text',
} as Config);

const MODES: Mode[] = ['install', 'reapply', 'rotate', 'finish-overlap', 'verify', 'preflight'];

test('every step of every plan has its own id (the screen, the journal and JSON key on it)', () => {
  for (const mode of MODES) {
    const ids = flattenPlan(planSteps(config(mode))).map((s) => s.id);
    assert.deepEqual(ids, [...new Set(ids)], `${mode}: ${ids.join(', ')}`);
  }
});

test('rotation proves the old token dead only after logging in with the new one, and verify writes nothing', () => {
  const rotate = flattenPlan(planSteps(config('rotate'))).map((s) => s.id);
  assert.ok(rotate.indexOf('old-token') > rotate.indexOf('login'));
  assert.equal(rotate.indexOf('complete'), rotate.indexOf('old-token') + 1);
  const verify = flattenPlan(planSteps(config('verify'))).map((s) => s.id);
  for (const writer of ['values', 'helm', 'login', 'new-token', 'complete']) assert.ok(!verify.includes(writer), writer);
});

test('the dry-run plan never holds a token and names the exact helm command', () => {
  const text = describePlan(config('install'), planSteps(config('install'))).join('\n');
  assert.match(text, /helm upgrade --install kedge oci:\/\/ghcr\.io\/faroshq\/charts\/kedge-hub -f \/home\/me\/\.config\/kedge-hub\/kedge\.values\.yaml --namespace kedge-system --create-namespace --kube-context prod --timeout 600s/);
  assert.match(text, /--token <redacted>/);
  assert.match(text, /A default StorageClass \(warning only\)/);
});

test('helm must be 3.8 or a later 3.x', () => {
  assert.equal(helmVersionProblem('v3.17.2+gcc0b8c3'), undefined);
  assert.equal(helmVersionProblem('v3.8.0+g123'), undefined);
  assert.match(helmVersionProblem('v3.7.2+g663a896')!, /v3\.7\.2 found; 3\.8 or a newer 3\.x is needed/);
  assert.match(helmVersionProblem('v2.17.0')!, /needed/);
  assert.match(helmVersionProblem('garbage')!, /could not read a version/);
});
