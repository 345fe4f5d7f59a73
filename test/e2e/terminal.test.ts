import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { chartPath } from '../fixtures/sim/environment.js';
import { CLI } from '../helpers/cli.js';
import { assertNoSecret, simWorld } from '../helpers/sim-world.js';
import { hasTmux, openTerminal } from '../helpers/tmux.js';

const skip = hasTmux ? false : 'tmux is not installed (.ci/run installs it)';

test('in a real terminal: questions answered with keys, live steps with a spinner, then ✔ and the summary', { skip }, async (t) => {
  const world = await simWorld(t, { rolloutDelayMs: 2500, hubBootMs: 1500 });
  const term = await openTerminal(t, [process.execPath, CLI, '--chart', chartPath('current')], world.env, world.dir);

  await term.waitFor(/Where should the hub run\?/);
  await term.send('Enter'); // Helm on a cluster
  await term.waitFor(/Which cluster|Where should the values file/);
  await term.send('Enter'); // values path: the default
  await term.waitFor(/Hub URL/);
  await term.send(`http://${world.sim.hubUrl.slice('https://'.length)}`);
  await term.waitFor(/http:\/\/localhost:\d+  ✖ not yet a valid/); // checked as you type
  await term.send('Enter');
  await term.waitFor(/served over HTTPS/);
  await term.send('C-u', world.sim.hubUrl);
  await term.waitFor(/https:\/\/localhost:\d+  ✔/);
  await term.send('Enter');
  await term.waitFor(/self-signed certificate/);
  await term.send('Enter');
  const confirm = await term.waitFor(/Go ahead\?/);
  assert.match(confirm, /into namespace "kedge-system"|in namespace "kedge-system" of kube context "sim" — API server https:\/\/127\.0\.0\.1:\d+/);
  assert.match(confirm, /kedge\.values\.yaml \(0600/);
  await term.send('Enter');

  const running = await term.waitFor(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Wait for the hub pod/);
  assert.match(running, /✔ Preflight — 9 of 9 checks passed/);
  assert.match(running, /✔ Install the hub with helm — release kedge in kedge-system, revision 1/);
  assert.match(running, /· Log in with kubectl kedge/);
  const done = await term.waitFor(/Your kedge hub is running/, 30_000);
  assert.equal(await term.exitCode(), 0);
  for (const row of [/✔ Preflight — 9 of 9 checks passed/, /✔ Write the values file/, /✔ Wait for the hub pod/, /✔ Log in with kubectl kedge/, /✔ Verify — 9 of 9 checks passed/]) {
    assert.match(done, row);
  }
  assert.doesNotMatch(done, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/, 'no spinner left in the last frame');
  const token = (await world.values()).hub.staticAuthTokens[0];
  assertNoSecret(done, token);
});

test('in a real terminal: Ctrl-C at a question exits 130 and writes nothing', { skip }, async (t) => {
  const world = await simWorld(t);
  const term = await openTerminal(t, [process.execPath, CLI, '--chart', chartPath('current')], world.env, world.dir);
  await term.waitFor(/Where should the hub run\?/);
  await term.send('Enter'); // Helm on a cluster
  await term.waitFor(/Where should the values file/);
  await term.send('Enter');
  await term.waitFor(/Hub URL/);
  await term.send('C-c');
  const screen = await term.waitFor(/Cancelled at a question; nothing was written/);
  assert.ok(screen);
  assert.equal(await term.exitCode(), 130);
  await assert.rejects(stat(path.dirname(world.valuesPath)), { code: 'ENOENT' });
  assert.equal(world.sim.requests.filter((r) => r.method !== 'GET').length, 0, 'the cluster saw no change');
});

test('in a real terminal: a re-run offers the menu with the current state', { skip }, async (t) => {
  const world = await simWorld(t);
  assert.equal((await world.wizard()).exitCode, 0);
  const term = await openTerminal(t, [process.execPath, CLI, '--chart', chartPath('current')], world.env, world.dir);
  // A re-run does not ask where the hub runs: it goes to what is already set up.
  await term.waitFor(/Where should the values file/);
  await term.send('Enter');
  const menu = await term.waitFor(/What now\?/);
  assert.match(menu, /release\s+kedge in kedge-system on sim: revision 1, deployed/);
  assert.match(menu, /token\s+0 days old/);
  assert.match(menu, /Rotate the token/);
  await term.send('Down', 'Down', 'Down', 'Enter'); // Quit
  assert.equal(await term.exitCode(), 0);
  assert.deepEqual((await readdir(path.dirname(world.valuesPath))).sort(), ['kedge.values.yaml', 'kedge.values.yaml.journal.json']);
});

test('in a real terminal with --yes: a start-up frame at once, then the live screen replaces it cleanly', { skip }, async (t) => {
  const world = await simWorld(t);
  const term = await openTerminal(t, [process.execPath, CLI, '--yes', '--hub-url', world.sim.hubUrl, '--chart', chartPath('current')], world.env, world.dir);
  const done = await term.waitFor(/Your kedge hub is running/, 30_000);
  assert.equal(await term.exitCode(), 0);
  assert.doesNotMatch(done, /Reading your setup/, 'the start-up frame is gone');
  assert.equal(done.split('\n').filter((line) => line.startsWith('create-kedge-hub · ')).length, 1, 'one title line');
});
