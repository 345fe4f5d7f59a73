import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { execa } from 'execa';
import { chartPath } from '../fixtures/sim/environment.js';
import { CLI } from '../helpers/cli.js';
import { simWorld, type SimWorld } from '../helpers/sim-world.js';
import { hasTmux, openTerminal } from '../helpers/tmux.js';

const skip = hasTmux ? false : 'tmux is not installed (.ci/run installs it)';

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Processes whose command line mentions this world's private directory: the wizard's children. */
async function childrenOf(world: SimWorld): Promise<string> {
  const found = await execa('pgrep', ['-af', world.dir], { reject: false });
  return String(found.stdout).split('\n').filter((line) => line && !/pgrep|tmux|sleep 600|\.sh$/.test(line)).join('\n');
}

/** A helm upgrade killed mid-flight (as by a crash or kill -9) leaves the release pending-upgrade. */
async function stuckRelease(world: SimWorld): Promise<void> {
  // The chart's certificate Secret changes at every render, so an upgrade always patches it.
  world.sim.faults.delayRequests({ method: 'PATCH', path: /secrets\/kedge-kedge-hub-tls$/ }, 30_000);
  const seen = world.sim.requests.length;
  const helm = execa('helm', ['upgrade', 'kedge', chartPath('current'), '-f', world.valuesPath, '-n', 'kedge-system', '--kube-context', 'sim'], { env: world.env, extendEnv: false, reject: false });
  await until(() => world.sim.requests.slice(seen).some((r) => r.method === 'PATCH' && /kedge-kedge-hub-tls$/.test(r.path)), 'helm to patch the certificate');
  helm.kill('SIGKILL');
  await helm;
  const status = await world.run('helm', ['status', 'kedge', '-n', 'kedge-system', '--kube-context', 'sim', '-o', 'json']);
  assert.equal(JSON.parse(status.stdout).info.status, 'pending-upgrade');
}

test('Ctrl-C while helm runs: exit 130, no process left behind, old token still in force, the next run finishes', { skip }, async (t) => {
  const world = await simWorld(t);
  assert.equal((await world.wizard()).exitCode, 0);
  const oldToken = (await world.values()).hub.staticAuthTokens[0];
  const before = await readFile(world.valuesPath, 'utf8');
  world.sim.faults.delayRequests({ method: 'PATCH', path: /statefulsets/ }, 8000);
  const seen = world.sim.requests.length;

  const term = await openTerminal(t, [process.execPath, CLI, 'rotate', '--yes', '--hub-url', world.sim.hubUrl, '--chart', chartPath('current')], world.env, world.dir);
  await term.waitFor(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Install the hub with helm/);
  await until(() => world.sim.requests.slice(seen).some((r) => r.method === 'PATCH'), 'helm to reach the cluster');
  await term.send('C-c');
  assert.equal(await term.exitCode(), 130);
  const screen = await term.screen();
  assert.match(screen, /■ Install the hub with helm — Cancelled\./);
  assert.match(screen, /run the same command again to\s+continue/);
  assert.equal(await childrenOf(world), '', 'no helm or kubectl left running');

  assert.equal(await readFile(world.valuesPath, 'utf8'), before, 'the values file still holds the token in force');
  const journal = JSON.parse(await readFile(`${world.valuesPath}.journal.json`, 'utf8'));
  assert.equal(journal.interruptedStep, 'helm');

  const next = await world.wizard();
  assert.equal(next.exitCode, 0, next.all);
  assert.deepEqual(world.sim.hubTokens(), [oldToken]);
});

test('a release stuck in pending-upgrade: --yes stops with the exact command, which then unblocks the run', async (t) => {
  const world = await simWorld(t);
  assert.equal((await world.wizard()).exitCode, 0);
  await stuckRelease(world);

  const refused = await world.wizard();
  assert.equal(refused.exitCode, 1, refused.all);
  assert.match(refused.stderr, /stuck in pending-upgrade \(revision 2\): an earlier helm run was interrupted/);
  const command = /Run: helm (.+?)   then/.exec(refused.stderr)?.[1];
  assert.equal(command, 'rollback kedge --namespace kedge-system --kube-context sim --wait=false');

  const preflight = await world.wizard(['preflight']);
  assert.equal(preflight.exitCode, 1, preflight.all);
  assert.match(preflight.stdout, /✖ The Helm release — Release "kedge" is stuck in pending-upgrade/);

  const rollback = await world.run('helm', command!.split(' '));
  assert.equal(rollback.exitCode, 0, rollback.stderr);
  const after = await world.wizard();
  assert.equal(after.exitCode, 0, after.all);
});

test('in a real terminal a pending release is offered a rollback, then the run goes on', { skip }, async (t) => {
  const world = await simWorld(t);
  assert.equal((await world.wizard()).exitCode, 0);
  await stuckRelease(world);
  const term = await openTerminal(t, [process.execPath, CLI, '--chart', chartPath('current')], world.env, world.dir);
  // A re-run does not ask where the hub runs: it goes to what is already set up.
  await term.waitFor(/Where should the values file/);
  await term.send('Enter');
  await term.waitFor(/What now\?/);
  await term.send('Down', 'Enter'); // re-apply settings
  await term.waitFor(/Hub URL/);
  await term.send('Enter');
  await term.waitFor(/self-signed/);
  await term.send('Enter');
  const offer = await term.waitFor(/Run it now\?/);
  assert.match(offer, /stuck in pending-upgrade/);
  assert.match(offer, /helm rollback kedge --namespace kedge-system --kube-context sim/);
  await term.send('Enter');
  await term.waitFor(/Go ahead\?/);
  await term.send('Enter');
  await term.waitFor(/Your kedge hub is running/, 30_000);
  assert.equal(await term.exitCode(), 0);
});
