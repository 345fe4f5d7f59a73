import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { ensureCertificate } from '../../source/binary/certificate.js';
import { renderLauncher, settingsInLauncher } from '../../source/binary/launcher.js';
import { runningHubPid, WRITE_PID_ENV } from '../../source/binary/hub-process.js';
import { chooseHubTarget } from '../../source/binary/resolve.js';
import { defaultHubDir, hubPaths } from '../../source/binary/settings.js';
import type { Prompter } from '../../source/prompts.js';
import { renderTokenFile } from '../../source/binary/token-file.js';
import { UsageError } from '../../source/errors.js';
import { parseOptions } from '../../source/options.js';
import { planSteps } from '../../source/plan.js';
import { flattenPlan } from '../../source/steps/step.js';
import { SecretSet } from '../../source/secrets/redact.js';
import { createExec } from '../../source/tools/exec.js';
import { tempDir } from '../helpers/temp.js';

test('binary-only flags choose the binary target; flags of the other target are refused', () => {
  const inferred = parseOptions(['--hub-dir', 'hub', '--no-start']);
  assert.equal(inferred.target, 'binary');
  assert.equal(inferred.hubDir, path.resolve('hub'));
  assert.equal(inferred.start, false);
  assert.equal(parseOptions([]).target, undefined);
  assert.equal(parseOptions(['--hub-binary', 'kedge-hub-v2']).hubBinary, 'kedge-hub-v2');
  const refused: Array<[string[], RegExp]> = [
    [['--target', 'k8s'], /--target: "k8s" is not a target/],
    [['--target', 'helm', '--systemd'], /--systemd goes with --target binary/],
    [['--target', 'binary', '--kube-context', 'prod'], /--kube-context goes with --target helm/],
    [['--hub-dir', 'hub', '--values', 'v.yaml'], /--values goes with --target helm/],
    [['rotate', '--target', 'binary', '--no-start'], /--no-start goes with an install, not rotate/],
    [['--target', 'binary', '--no-dev-mode'], /--no-dev-mode does not go with --target binary/],
    [['--hub-dir', 'hub', '--no-dev-mode'], /--no-dev-mode does not go with --target binary/],
  ];
  for (const [argv, message] of refused) {
    assert.throws(() => parseOptions(argv), (error: unknown) => error instanceof UsageError && message.test(error.message), argv.join(' '));
  }
});

test('the launcher reads the token file at start and passes every path intact, even with spaces and quotes', async (t) => {
  const dir = path.join(await tempDir(t), "it's a hub");
  await mkdir(dir);
  const binary = path.join(dir, 'fake hub');
  await writeFile(binary, '#!/bin/sh\nprintf "%s\\n" "$@"\n', { mode: 0o755 });
  const config = { hubUrl: 'https://hub.example.com:8443', devMode: true, release: 'kedge', binary: { dir, binary, systemd: false, start: true } };
  const paths = hubPaths(dir, 'kedge');
  const launcher = renderLauncher(config);
  await writeFile(paths.launcher, launcher, { mode: 0o700 });
  await writeFile(paths.token, renderTokenFile(['new-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'old-token-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb']));
  assert.ok(!launcher.includes('new-token'), 'the token is never in the launcher');
  const { stdout } = await promisify(execFile)(paths.launcher);
  assert.deepEqual(stdout.trim().split('\n'), [
    '--embedded-kcp',
    `--kcp-root-dir=${paths.kcp}`,
    `--data-dir=${paths.data}`,
    `--serving-cert-file=${paths.cert}`,
    `--serving-key-file=${paths.key}`,
    '--hub-external-url=https://hub.example.com:8443',
    '--dev-mode',
    '--listen-addr=:8443',
    '--static-auth-token=new-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,old-token-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  ]);
  assert.deepEqual(settingsInLauncher(launcher), { hubUrl: 'https://hub.example.com:8443', devMode: true });
  assert.ok(!renderLauncher({ ...config, hubUrl: 'https://localhost:9443', devMode: false }).includes('--listen-addr'), 'the default port needs no --listen-addr');
});

test('the serving certificate names the host, is kept while it fits, and is made anew for another host', async (t) => {
  const dir = await tempDir(t);
  const files = { dir, cert: path.join(dir, 'tls.crt'), key: path.join(dir, 'tls.key') };
  const exec = createExec({ env: process.env, redact: new SecretSet().redact, signal: new AbortController().signal });
  assert.equal(await ensureCertificate(exec, files, '10.0.0.5'), 'made');
  const cert = new X509Certificate(await readFile(files.cert, 'utf8'));
  assert.match(cert.subjectAltName ?? '', /IP Address:10\.0\.0\.5/);
  assert.match(cert.subjectAltName ?? '', /DNS:localhost/);
  assert.match(cert.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
  assert.equal(await ensureCertificate(exec, files, '10.0.0.5'), 'kept');
  assert.equal(await ensureCertificate(exec, files, 'hub.example.com'), 'made');
  await writeFile(files.key, (await readFile(files.key, 'utf8')).replace(/[A-Za-z]{8}/, 'AAAAAAAA'));
  assert.equal(await ensureCertificate(exec, files, 'hub.example.com'), 'made', 'a key that no longer matches is replaced');
});

test('every binary plan has unique step ids, and starts nothing with --no-start', () => {
  const base = parseOptions(['--target', 'binary']);
  for (const mode of ['install', 'reapply', 'rotate', 'finish-overlap', 'verify', 'preflight'] as const) {
    for (const start of [true, false]) {
      const config = { ...base, mode, hubUrl: 'https://localhost:9443', devMode: true, kubeContext: '', valuesPath: '/h/token', tokenSource: 'generate' as const, binary: { dir: '/h', binary: 'kedge-hub', systemd: false, start } };
      const ids = flattenPlan(planSteps(config)).map((step) => step.id);
      assert.equal(new Set(ids).size, ids.length, `${mode}: ${ids.join(' ')}`);
      if (!start && (mode === 'install' || mode === 'reapply')) assert.ok(!ids.includes('start') && !ids.includes('login'), ids.join(' '));
    }
  }
});

test('--no-dev-mode never reaches the binary target: refused for the binary set up here, and the first-setup question is not asked', async (t) => {
  const home = await tempDir(t);
  const env = { HOME: home, XDG_CONFIG_HOME: path.join(home, 'config') };
  const helmValuesPath = path.join(home, 'config', 'kedge-hub', 'kedge.values.yaml');
  const noPrompt = { hubTarget: () => assert.fail('the hub target question is not asked') } as unknown as Prompter;
  assert.equal(await chooseHubTarget(parseOptions(['--no-dev-mode']), { prompter: noPrompt, env, helmValuesPath }), 'helm', 'a first setup with --no-dev-mode can only be Helm');

  const dir = defaultHubDir('kedge', env);
  await mkdir(dir, { recursive: true });
  await writeFile(hubPaths(dir, 'kedge').token, renderTokenFile(['a'.repeat(64)]));
  assert.equal(await chooseHubTarget(parseOptions([]), { env, helmValuesPath }), 'binary');
  await assert.rejects(
    chooseHubTarget(parseOptions(['--no-dev-mode']), { env, helmValuesPath }),
    (error: unknown) => error instanceof UsageError && error.exitCode === 2 && error.message.startsWith(`--no-dev-mode does not go with the binary target set up in ${dir}`),
  );
});

test('a launcher run by create-kedge-hub writes the hub\'s pid itself before exec: a run that stops right after starting it still finds the hub', async (t) => {
  const dir = await tempDir(t);
  // The stand-in "hub" is a shell script: its command line carries the hub's flags, as the real binary's does.
  const binary = path.join(dir, 'fake-hub');
  await writeFile(binary, '#!/bin/sh\nwhile :; do sleep 1; done\n', { mode: 0o755 });
  const config = { hubUrl: 'https://localhost:9443', devMode: true, release: 'kedge', binary: { dir, binary, systemd: false, start: true } };
  const paths = hubPaths(dir, 'kedge');
  await writeFile(paths.launcher, renderLauncher(config), { mode: 0o700 });
  await writeFile(paths.token, renderTokenFile(['t'.repeat(64)]));
  const start = (env: NodeJS.ProcessEnv) => {
    const child = spawn(paths.launcher, [], { detached: true, stdio: 'ignore', env: { ...process.env, ...env } });
    child.unref();
    t.after(() => {
      try {
        process.kill(child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    });
    return child.pid!;
  };

  // As the user (or systemd) runs it: no pid file, so the hub is theirs, not the wizard's to restart.
  const theirs = start({});
  await waitUntil(async () => (await readFile(`/proc/${theirs}/cmdline`, 'utf8')).includes('--data-dir='));
  await assert.rejects(stat(paths.pid));
  process.kill(theirs, 'SIGKILL');

  // As the wizard runs it, which may be stopped before it writes hub.pid: the launcher already has.
  const ours = start({ [WRITE_PID_ENV]: '1' });
  await waitUntil(async () => (await runningHubPid(paths)) === ours);
  assert.equal((await stat(paths.pid)).mode & 0o777, 0o600);
  assert.ok(!(await readFile(`/proc/${ours}/environ`, 'utf8')).includes(WRITE_PID_ENV), 'the hub itself does not inherit the variable');
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await delay(50);
  }
}
