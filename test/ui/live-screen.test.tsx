import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunEvent } from '../../source/events.js';

// Ink reads CI once when imported and draws no frames under CI=true: load it only after turning that off.
process.env.CI = 'false';
const { render } = await import('ink-testing-library');
const { App } = await import('../../source/ui/App.js');
const { ScreenStore } = await import('../../source/ui/screen-state.js');

const plan: RunEvent = {
  type: 'plan',
  title: 'create-kedge-hub · https://hub.example.com on prod',
  steps: [
    { id: 'values', title: 'Write the values file' },
    { id: 'helm', title: 'Install the hub with helm' },
    { id: 'login', title: 'Log in with kubectl kedge' },
  ],
};

function setup() {
  let now = 1_000_000;
  const clock = () => now;
  const store = new ScreenStore(clock);
  const screen = render(<App store={store} clock={clock} />);
  const frame = () => screen.lastFrame() ?? '';
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  return { store, screen, frame, settle, advance: (ms: number) => (now += ms) };
}

test('steps show pending, running with output tail, then done with time', async (t) => {
  const { store, screen, frame, settle, advance } = setup();
  t.after(() => screen.unmount());
  store.dispatch(plan);
  await settle();
  assert.match(frame(), /· Write the values file/);
  assert.match(frame(), /· Install the hub with helm/);

  store.dispatch({ type: 'step-start', id: 'values' });
  advance(300);
  store.dispatch({ type: 'step-end', id: 'values', status: 'ok', detail: '/home/me/.config/kedge-hub/kedge.values.yaml · created', ms: 300 });
  store.dispatch({ type: 'step-start', id: 'helm' });
  store.dispatch({ type: 'step-line', id: 'helm', line: 'Release "kedge" does not exist. Installing it now.' });
  advance(2500);
  await settle();
  const running = frame();
  assert.match(running, /✔ Write the values file — \/home\/me\/\.config\/kedge-hub\/kedge\.values\.yaml · created\s+0\.3s/);
  assert.match(running, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Install the hub with helm/);
  assert.match(running, /│ Release "kedge" does not exist/);

  store.dispatch({ type: 'step-end', id: 'helm', status: 'ok', detail: 'revision 1', ms: 2500 });
  await settle();
  assert.match(frame(), /✔ Install the hub with helm — revision 1\s+2\.5s/);
  assert.doesNotMatch(frame(), /does not exist/, 'the output tail goes once the step is done');
});

test('a failure shows the cross, the message, the output tail and the hint, then the summary', async (t) => {
  const { store, screen, frame, settle } = setup();
  t.after(() => screen.unmount());
  store.dispatch(plan);
  store.dispatch({ type: 'step-start', id: 'values' });
  store.dispatch({ type: 'step-end', id: 'values', status: 'warn', detail: 'git not found', ms: 10 });
  store.dispatch({ type: 'step-start', id: 'helm' });
  store.dispatch({ type: 'step-fail', id: 'helm', message: 'helm upgrade --install of release kedge failed.', hint: 'The values file was restored.', tail: ['Error: UPGRADE FAILED: boom'], ms: 1200, cancelled: false });
  store.dispatch({ type: 'finish', exitCode: 1, summary: ['Stopped at step "helm".'] });
  await settle();
  const shown = frame();
  assert.match(shown, /⚠ Write the values file — git not found/);
  assert.match(shown, /✖ Install the hub with helm — helm upgrade --install of release kedge failed\./);
  assert.match(shown, /│ Error: UPGRADE FAILED: boom/);
  assert.match(shown, /hint: The values file was restored\./);
  assert.match(shown, /· Log in with kubectl kedge/);
  assert.match(shown, /Stopped at step "helm"\./);
});

test('long lines are cut to the terminal width instead of wrapping the step rows', async (t) => {
  const { store, screen, frame, settle } = setup();
  t.after(() => screen.unmount());
  store.dispatch(plan);
  store.dispatch({ type: 'step-start', id: 'helm' });
  store.dispatch({ type: 'step-line', id: 'helm', line: 'x'.repeat(500) });
  await settle();
  for (const line of frame().split('\n')) assert.ok(line.length <= 100, `line of ${line.length} columns: ${line}`);
});

test('a group of concurrent checks folds into one row, listing only warnings and failures under it', async (t) => {
  const { store, screen, frame, settle } = setup();
  t.after(() => screen.unmount());
  store.dispatch({
    type: 'plan',
    title: 'x',
    steps: [
      { id: 'helm-version', title: 'Helm 3.8 or newer', group: 'Preflight' },
      { id: 'rbac', title: 'Permission to install the chart', group: 'Preflight' },
      { id: 'storage-class', title: 'A default StorageClass', group: 'Preflight' },
      { id: 'token', title: 'Prepare the token' },
    ],
  });
  for (const id of ['helm-version', 'rbac', 'storage-class']) store.dispatch({ type: 'step-start', id });
  store.dispatch({ type: 'step-end', id: 'helm-version', status: 'ok', detail: 'v3.17.2', ms: 100 });
  await settle();
  assert.match(frame(), /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Preflight — 1\/3 checks done/);
  assert.match(frame(), /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Permission to install the chart/, 'running checks are listed');
  assert.doesNotMatch(frame(), /Helm 3\.8 or newer/, 'a passed check is folded away');

  store.dispatch({ type: 'step-end', id: 'rbac', status: 'ok', ms: 200 });
  store.dispatch({ type: 'step-end', id: 'storage-class', status: 'warn', detail: 'no default StorageClass', hint: 'mark one as default', ms: 150 });
  await settle();
  const shown = frame();
  assert.match(shown, /⚠ Preflight — 2 of 3 checks passed, 1 warning\s+0\.2s/);
  assert.match(shown, /⚠ A default StorageClass — no default StorageClass/);
  assert.match(shown, /hint: mark one as default/);
  assert.doesNotMatch(shown, /Permission to install the chart/);
  assert.match(shown, /· Prepare the token/);
});
