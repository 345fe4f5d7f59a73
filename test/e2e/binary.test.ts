import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { execa } from 'execa';
import { parse } from 'yaml';
import { tokenLogin } from '../../source/tools/hub-http.js';
import { CLI, runCli } from '../helpers/cli.js';
import { hasTmux, openTerminal } from '../helpers/tmux.js';
import { binaryWorld, freePort, hubPidsUnder, KEDGE_HUB_BIN_DIR, type BinaryWorld } from '../helpers/binary-world.js';
import { assertNoSecret } from '../helpers/sim-world.js';
import { simBinDir } from '../fixtures/sim/paths.js';
import { tempDir } from '../helpers/temp.js';

const mode = async (file: string) => (await stat(file)).mode & 0o777;
const loginStatus = async (world: BinaryWorld, token: string) => (await tokenLogin(world.hubUrl, token, { insecure: true })).status;

/** Every file under dir (recursively) whose content holds the text. */
async function filesHolding(dir: string, text: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if ((await readFile(file, 'utf8')).includes(text)) found.push(path.relative(dir, file));
  }
  return found;
}

test('--target binary --yes: starts the hub in the background, logs in and verifies; files private, token nowhere else', async (t) => {
  const world = await binaryWorld(t);
  const run = await world.wizard();
  assert.equal(run.exitCode, 0, run.all);
  const token = await world.token();
  assert.match(token, /^[0-9a-f]{64}$/);
  assertNoSecret(run.all, token);
  assert.match(run.stdout, /✔ Start the hub — started: pid \d+/);
  assert.match(run.stdout, /✔ kubectl --context kedge get namespaces — 3 namespaces/);
  assert.match(run.stdout, /✔ kubectl kedge edge list — no edges yet/);

  const { paths } = world;
  assert.equal(await mode(paths.dir), 0o700);
  for (const file of [paths.token, paths.key, `${paths.token}.journal.json`, paths.log, paths.pid, paths.started]) assert.equal(await mode(file), 0o600, file);
  assert.equal(await mode(paths.launcher), 0o700);
  assert.deepEqual(await filesHolding(paths.dir, token), ['token'], 'only the token file holds the token');
  const launcher = await readFile(paths.launcher, 'utf8');
  assert.match(launcher, /TOKENS=\$\(paste -sd, "\$DIR\/token"\)/);
  assert.match(launcher, /--static-auth-token="\$TOKENS"/);
  assert.match(launcher, /--embedded-kcp/);
  assert.match(launcher, new RegExp(`--listen-addr=':${world.port}'`));

  const kubeconfig = parse(await readFile(world.env.KUBECONFIG!, 'utf8'));
  assert.equal(kubeconfig['current-context'], 'kedge');
  assert.ok(kubeconfig.clusters.find((c: any) => c.name === 'kedge').cluster.server.startsWith(`${world.hubUrl}/clusters/`));
  assert.equal((await world.run('kubectl', ['--context', 'kedge', 'get', 'namespaces', '-o', 'name'])).exitCode, 0);
  assert.equal(await loginStatus(world, token), 200);

  // A re-run (the target found from what is on disk) keeps the running hub: never a second one.
  const pid = Number((await readFile(paths.pid, 'utf8')).trim());
  const again = await runCli(['--yes', '--timeout', '60s'], { env: world.env });
  assert.equal(again.exitCode, 0, again.all);
  assert.match(again.stdout, /re-apply/);
  assert.match(again.stdout, new RegExp(`- Start the hub — already running \\(pid ${pid}\\)`));
  assert.deepEqual(await hubPidsUnder(world.dir), [pid]);
  assert.equal(await world.token(), token, 'a re-run keeps the token');

  // One hub per host: another hub directory on the same port is refused before anything is written.
  const otherDir = path.join(world.dir, 'other-hub');
  const second = await world.wizard(['--hub-dir', otherDir]);
  assert.equal(second.exitCode, 1, second.all);
  assert.match(second.all, new RegExp(`Port ${world.port} \\(the hub\\) is in use`));
  assert.match(second.all, /Only one kedge hub runs per host/);
  assert.deepEqual(await readdir(otherDir).catch(() => []), [], 'nothing is written (the run lock made the directory, empty)');
});

test('rotate --target binary: the hub restarts with the new token, the old one gets 401, the backup goes', async (t) => {
  const world = await binaryWorld(t);
  assert.equal((await world.wizard()).exitCode, 0);
  const oldToken = await world.token();
  const oldPid = Number((await readFile(world.paths.pid, 'utf8')).trim());

  const run = await world.wizard(['rotate']);
  assert.equal(run.exitCode, 0, run.all);
  const newToken = await world.token();
  assert.notEqual(newToken, oldToken);
  assertNoSecret(run.all, oldToken, newToken);
  assert.match(run.stdout, /✔ Start the hub — restarted: pid \d+/);
  assert.match(run.stdout, /✔ Check the old token — \w+ rejected \(401\)/);
  assert.equal(await loginStatus(world, oldToken), 401);
  assert.equal(await loginStatus(world, newToken), 200);
  const newPid = Number((await readFile(world.paths.pid, 'utf8')).trim());
  assert.notEqual(newPid, oldPid);
  assert.deepEqual(await hubPidsUnder(world.dir), [newPid]);
  await assert.rejects(stat(`${world.paths.token}.backup`), 'the backup of the old token is removed once the new one is proven');
  assert.equal(await mode(world.paths.token), 0o600);
  const kubeconfig = parse(await readFile(world.env.KUBECONFIG!, 'utf8'));
  assert.equal(kubeconfig.users.find((u: any) => u.name === 'kedge').user.token, newToken);
});

test('rotate with a hub the wizard did not start: it asks for a restart and waits for the new token', async (t) => {
  const world = await binaryWorld(t);
  assert.equal((await world.wizard()).exitCode, 0);
  const oldToken = await world.token();
  // The user takes over: stops the wizard's hub and runs the launcher themselves (as systemd would).
  process.kill(Number((await readFile(world.paths.pid, 'utf8')).trim()), 'SIGTERM');
  await waitFor(async () => (await hubPidsUnder(world.dir)).length === 0);
  await rm(world.paths.pid);
  const startTheirs = () => {
    const log = openSync(path.join(world.dir, 'theirs.log'), 'a');
    spawn(world.paths.launcher, [], { detached: true, stdio: ['ignore', log, log], env: world.env }).unref();
    closeSync(log);
  };
  startTheirs();
  await waitFor(async () => (await loginStatus(world, oldToken)) === 200);

  const rotation = world.wizard(['rotate']);
  await waitFor(async () => (await world.token()) !== oldToken);
  await delay(500);
  for (const pid of await hubPidsUnder(world.dir)) process.kill(pid, 'SIGTERM');
  await waitFor(async () => (await hubPidsUnder(world.dir)).length === 0);
  startTheirs();

  const run = await rotation;
  assert.equal(run.exitCode, 0, run.all);
  assert.match(run.stdout, /⚠ Start the hub — something create-kedge-hub did not start holds port/);
  assert.match(run.stdout, /restart it so it reads/);
  assert.equal(await loginStatus(world, oldToken), 401);
  assert.equal(await loginStatus(world, await world.token()), 200);
  assertNoSecret(run.all, oldToken, await world.token());
});

const hubPid = async (world: BinaryWorld) => Number((await readFile(world.paths.pid, 'utf8')).trim());

/**
 * Runs `rotate` (plus args) and stops it with Ctrl-C right after it writes the new token file: the serving certificate
 * is swapped for a FIFO, so the run blocks reading it, the step after the token file's write, until the test has
 * sent SIGINT; then the certificate is fed through the FIFO, the step ends and the run stops before starting the hub.
 */
async function interruptAfterTokenWrite(world: BinaryWorld, args: string[], tokenBefore: string) {
  const cert = await readFile(world.paths.cert, 'utf8');
  await rm(world.paths.cert);
  assert.equal((await world.run('mkfifo', [world.paths.cert])).exitCode, 0);
  const run = world.startWizard(args);
  await waitFor(async () => (await readFile(world.paths.token, 'utf8')) !== tokenBefore);
  run.kill('SIGINT');
  await delay(300);
  await writeFile(world.paths.cert, cert);
  const result = await run.done;
  await rm(world.paths.cert);
  await writeFile(world.paths.cert, cert, { mode: 0o644 });
  return result;
}

test('rotate stopped by Ctrl-C right after the new token file is written: the next run restarts the hub with the new token', async (t) => {
  const world = await binaryWorld(t);
  assert.equal((await world.wizard()).exitCode, 0);
  const oldToken = await world.token();
  const oldPid = await hubPid(world);

  const stopped = await interruptAfterTokenWrite(world, ['rotate'], `${oldToken}\n`);
  assert.equal(stopped.exitCode, 130, stopped.all);
  const newToken = await world.token();
  assert.notEqual(newToken, oldToken);
  assert.deepEqual(await hubPidsUnder(world.dir), [oldPid], 'the hub was not restarted: it still runs with the old token');
  assert.equal(await loginStatus(world, oldToken), 200);
  assert.equal(await loginStatus(world, newToken), 401);

  // The doctor says so.
  const verify = await world.wizard(['verify']);
  assert.match(verify.stdout, new RegExp(`The hub \\(pid ${oldPid}\\) runs, but it was started with other tokens than the hub directory holds now`), verify.all);

  // The re-run finds files it did not change in this run, yet restarts the hub, which runs with other tokens.
  const again = await world.wizard(['rotate', '--timeout', '20s']);
  assert.equal(again.exitCode, 0, again.all);
  assert.match(again.stdout, /resumed from the unfinished rotation/);
  assert.match(again.stdout, /✔ Start the hub — restarted: pid \d+/);
  assert.match(again.all, new RegExp(`stopping the hub \\(pid ${oldPid}\\): it was started with other tokens`));
  assert.equal(await world.token(), newToken, 'the rotation finished with the token the stopped run wrote');
  assert.equal(await loginStatus(world, oldToken), 401);
  assert.equal(await loginStatus(world, newToken), 200);
  const newPid = await hubPid(world);
  assert.notEqual(newPid, oldPid);
  assert.deepEqual(await hubPidsUnder(world.dir), [newPid], 'one hub');
  assertNoSecret(stopped.all + verify.all + again.all, oldToken, newToken);
  assert.deepEqual(await filesHolding(world.paths.dir, newToken), ['token'], 'the start record holds fingerprints, not tokens');

  // And a re-run now keeps that hub.
  const reapply = await world.wizard();
  assert.equal(reapply.exitCode, 0, reapply.all);
  assert.match(reapply.stdout, new RegExp(`- Start the hub — already running \\(pid ${newPid}\\)`));
});

test('rotate --finish stopped by Ctrl-C after it rewrote the token file: rotate --finish again restarts the hub and retires the old token', async (t) => {
  const world = await binaryWorld(t);
  assert.equal((await world.wizard()).exitCode, 0);
  const oldToken = await world.token();
  const overlap = await world.wizard(['rotate', '--overlap']);
  assert.equal(overlap.exitCode, 0, overlap.all);
  const bothTokens = await readFile(world.paths.token, 'utf8');
  const newToken = bothTokens.split('\n')[0]!;
  assert.equal(await loginStatus(world, oldToken), 200);
  const overlapPid = await hubPid(world);

  const stopped = await interruptAfterTokenWrite(world, ['rotate', '--finish'], bothTokens);
  assert.equal(stopped.exitCode, 130, stopped.all);
  assert.equal(await world.token(), newToken);
  assert.deepEqual(await hubPidsUnder(world.dir), [overlapPid]);

  const again = await world.wizard(['rotate', '--finish', '--timeout', '20s']);
  assert.equal(again.exitCode, 0, again.all);
  assert.match(again.stdout, /✔ Start the hub — restarted: pid \d+/);
  assert.equal(await loginStatus(world, oldToken), 401);
  assert.equal(await loginStatus(world, newToken), 200);
  assert.deepEqual(await hubPidsUnder(world.dir), [await hubPid(world)]);
  assertNoSecret(stopped.all + again.all, oldToken, newToken);
});

test('--target binary --no-dev-mode is bad usage (exit 2), naming the flag, and writes nothing', async (t) => {
  const world = await binaryWorld(t);
  const run = await world.wizard(['--no-dev-mode']);
  assert.equal(run.exitCode, 2, run.all);
  assert.match(run.stderr, /--no-dev-mode does not go with --target binary/);
  await assert.rejects(stat(world.paths.dir), 'nothing is written');
});

test('in a real terminal: "The binary on this machine" at the first question, then the hub directory and URL', { skip: !hasTmux && 'tmux is not installed' }, async (t) => {
  const world = await binaryWorld(t);
  const term = await openTerminal(t, [process.execPath, CLI], world.env, world.dir);
  await term.waitFor(/Where should the hub run\?/);
  await term.send('Down', 'Enter');
  await term.waitFor(/Where should the hub's directory/);
  await term.send('Enter');
  await term.waitFor(/Hub URL.*https:\/\/localhost:9443/);
  await term.send('C-u', world.hubUrl, 'Enter');
  const confirm = await term.waitFor(/Go ahead\?/);
  assert.match(confirm, /set up the kedge hub run by .*kedge-hub on this machine/);
  await term.send('Enter');
  const done = await term.waitFor(/Your kedge hub is running/, 60_000);
  assert.match(done, /hub process +pid \d+/);
  assert.equal(await term.exitCode(), 0);
  assertNoSecret(done, await world.token());
});

test('--dry-run prints the exact hub command with the token redacted, and writes nothing', async (t) => {
  const world = await binaryWorld(t);
  const token = 'dry-run-token-0123456789abcdef0123456789';
  const run = await world.wizard(['--dry-run', '--token-stdin', '--systemd'], { input: `${token}\n` });
  assert.equal(run.exitCode, 0, run.all);
  assertNoSecret(run.all, token);
  const { paths } = world;
  const command = `${path.join(KEDGE_HUB_BIN_DIR, 'kedge-hub')} --embedded-kcp --kcp-root-dir=${paths.kcp} --data-dir=${paths.data} --serving-cert-file=${paths.cert} --serving-key-file=${paths.key} --hub-external-url=${world.hubUrl} --dev-mode --listen-addr=:${world.port} --static-auth-token=<redacted>`;
  assert.ok(run.stdout.includes(command), run.stdout);
  assert.match(run.stdout, /openssl req -x509 .*subjectAltName=DNS:localhost,IP:127\.0\.0\.1/);
  assert.match(run.stdout, /kubectl kedge login --hub-url \S+ --token <redacted> --insecure-skip-tls-verify/);
  assert.ok(run.stdout.includes(paths.unit));
  await assert.rejects(stat(paths.dir), 'nothing is written');
});

test('a missing openssl or kedge-hub stops the run at preflight: exit 1, a clear message, nothing written', async (t) => {
  const bin = await tempDir(t);
  await symlink(process.execPath, path.join(bin, 'node'));
  await symlink('/usr/bin/kubectl', path.join(bin, 'kubectl'));
  const noOpenssl = await binaryWorld(t, { path: [KEDGE_HUB_BIN_DIR, simBinDir, bin] });
  const run = await noOpenssl.wizard();
  assert.equal(run.exitCode, 1, run.all);
  assert.match(run.all, /openssl is not installed or not on PATH: it makes the hub's serving certificate/);
  await assert.rejects(stat(noOpenssl.paths.token));

  const noBinary = await binaryWorld(t, { path: [simBinDir, path.dirname(process.execPath), '/usr/bin', '/bin'] });
  const missing = await noBinary.wizard();
  assert.equal(missing.exitCode, 1, missing.all);
  assert.match(missing.all, /kedge-hub is not on PATH/);
  assert.match(missing.all, /--hub-binary/);
  await assert.rejects(stat(noBinary.paths.token));

  const wrong = await noBinary.wizard(['--hub-binary', path.join(noBinary.dir, 'nowhere', 'kedge-hub')]);
  assert.equal(wrong.exitCode, 1, wrong.all);
  assert.match(wrong.all, /nowhere\/kedge-hub is not an executable file/);
});

test('--no-start --systemd in a git repository: files only, the directory git-ignored, a unit that runs the launcher', async (t) => {
  const world = await binaryWorld(t);
  const repo = path.join(world.dir, 'repo');
  await mkdir(repo);
  assert.equal((await world.run('git', ['init', '-q', repo])).exitCode, 0);
  const hubDir = path.join(repo, 'hub');
  const run = await world.wizard(['--hub-dir', hubDir, '--no-start', '--systemd']);
  assert.equal(run.exitCode, 0, run.all);
  const token = (await readFile(path.join(hubDir, 'token'), 'utf8')).trim();
  assertNoSecret(run.all, token);
  assert.match(run.stdout, /not started \(--no-start\)/);
  assert.doesNotMatch(run.stdout, /Start the hub/);
  await assert.rejects(stat(path.join(hubDir, 'hub.pid')));
  assert.match(await readFile(path.join(repo, '.gitignore'), 'utf8'), /^\/hub\*?$/m);
  assert.equal((await world.run('git', ['-C', repo, 'check-ignore', '-q', 'hub/token'])).exitCode, 0);
  const unit = await readFile(path.join(hubDir, 'kedge-hub-kedge.service'), 'utf8');
  assert.match(unit, new RegExp(`^ExecStart="${path.join(hubDir, 'run-hub.sh')}"$`, 'm'));
  assert.ok(!unit.includes(token));

  const top = await world.wizard(['--hub-dir', repo, '--no-start']);
  assert.equal(top.exitCode, 1, top.all);
  assert.match(top.all, /is the top of the git repository/);
  await assert.rejects(stat(path.join(repo, 'token')));
});

test('the kedge-hub stand-in refuses to start as the real binary does, and holds the etcd port', async (t) => {
  const hub = path.join(KEDGE_HUB_BIN_DIR, 'kedge-hub');
  const runHub = (args: string[], env: NodeJS.ProcessEnv = {}) => execa(hub, args, { reject: false, env: { ...process.env, ...env }, timeout: 20_000 });
  const cases: Array<[string[], RegExp]> = [
    [['--static-auth-token=abc', '--serving-cert-file=c', '--serving-key-file=k'], /--embedded-kcp/],
    [['--embedded-kcp', '--static-auth-token=abc'], /--serving-cert-file and --serving-key-file are required/],
    [['--embedded-kcp', '--serving-cert-file=c', '--serving-key-file=k'], /no --static-auth-token/],
    [['--embedded-kcp', '--no-such-flag'], /unknown flag: --no-such-flag/],
  ];
  for (const [args, message] of cases) {
    const r = await runHub(args);
    assert.equal(r.exitCode, 1, args.join(' '));
    assert.match(String(r.stderr), message);
  }
  assert.match(String((await runHub(['--version'])).stdout), /v0\.0\.108/);

  const etcd = await freePort();
  const blocker = createServer().listen(etcd);
  t.after(() => blocker.close());
  const taken = await runHub(['--embedded-kcp', '--serving-cert-file=/dev/null', '--serving-key-file=/dev/null', '--static-auth-token=abc'], { KEDGE_HUB_SIM_ETCD_PORT: String(etcd) });
  assert.equal(taken.exitCode, 1);
  assert.match(String(taken.stderr), new RegExp(`embedded etcd: listen tcp :${etcd}: bind: address already in use`));
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await delay(100);
  }
}
