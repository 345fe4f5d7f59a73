import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { runCli, ROOT } from '../helpers/cli.js';
import { unreachableKubeconfig } from '../helpers/offline-kubeconfig.js';
import { tempDir } from '../helpers/temp.js';

async function offlineEnv(t: Parameters<typeof tempDir>[0]) {
  const dir = await tempDir(t);
  await writeFile(path.join(dir, 'kubeconfig'), unreachableKubeconfig(['prod', 'staging']));
  const env = { PATH: process.env.PATH, HOME: path.join(dir, 'home'), XDG_CONFIG_HOME: path.join(dir, 'config'), KUBECONFIG: path.join(dir, 'kubeconfig'), CI: 'true' };
  return { dir, env };
}

test('--help is written for humans, lists every flag and exits 0', async () => {
  const run = await runCli(['--help']);
  assert.equal(run.exitCode, 0);
  for (const flag of ['--hub-url', '--namespace', '--release', '--chart', '--chart-version', '--values', '--kube-context', '--dev-mode', '--no-dev-mode', '--insecure-skip-tls-verify', '--token-file', '--token-stdin', '--show-token', '--yes', '--dry-run', '--timeout', '--help', '--version', '--output', '--overlap', '--finish', '--max-token-age', '--target', '--hub-dir', '--hub-binary', '--systemd', '--no-start']) {
    assert.ok(run.stdout.includes(flag), `help mentions ${flag}`);
  }
  assert.match(run.stdout, /Examples/);
});

test('--version prints the package version', async () => {
  const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const run = await runCli(['--version']);
  assert.equal(run.exitCode, 0);
  assert.equal(run.stdout.trim(), pkg.version);
});

test('an unknown flag or a bad value exits 2 naming the flag', async () => {
  const unknown = await runCli(['--hub', 'x']);
  assert.equal(unknown.exitCode, 2);
  assert.match(unknown.stderr, /Unknown flag --hub\b/);
  const http = await runCli(['--hub-url', 'http://hub.example.com', '--yes']);
  assert.equal(http.exitCode, 2);
  assert.match(http.stderr, /--hub-url: the hub is served over HTTPS/);
});

test('--yes without a hub URL never prompts: exit 2 naming --hub-url', async (t) => {
  const { env } = await offlineEnv(t);
  const run = await runCli(['--yes'], { env });
  assert.equal(run.exitCode, 2);
  assert.match(run.stderr, /--hub-url is required/);
});

test('without a terminal nothing prompts even without --yes', async (t) => {
  const { env } = await offlineEnv(t);
  const run = await runCli([], { env, input: '' });
  assert.equal(run.exitCode, 2);
  assert.match(run.stderr, /--hub-url is required/);
});

test('--dry-run prints each step and the exact commands, writes nothing, shows no token', async (t) => {
  const { dir, env } = await offlineEnv(t);
  const token = 'f'.repeat(40) + 'TOKEN';
  await writeFile(path.join(dir, 'token'), `${token}\n`);
  const run = await runCli(['--dry-run', '--yes', '--hub-url', 'https://hub.example.com', '--kube-context', 'staging', '--token-file', path.join(dir, 'token')], { env });
  assert.equal(run.exitCode, 0, run.all);
  assert.match(run.stdout, /helm upgrade --install kedge oci:\/\/ghcr\.io\/faroshq\/charts\/kedge-hub -f .*kedge\.values\.yaml --namespace kedge-system --create-namespace --kube-context staging/);
  assert.match(run.stdout, /kubectl rollout status statefulset\/kedge-kedge-hub --namespace kedge-system --context staging/);
  assert.match(run.stdout, /kubectl kedge login --hub-url https:\/\/hub\.example\.com --token <redacted> --insecure-skip-tls-verify/);
  assert.match(run.stdout, /kubectl --context kedge get namespaces/);
  assert.ok(!run.all.includes(token));
  assert.deepEqual((await readdir(dir)).sort(), ['kubeconfig', 'token']);
});

test('a bad token file or piped token exits 2 without echoing it', async (t) => {
  const { dir, env } = await offlineEnv(t);
  const short = 'tooShortToken123';
  await writeFile(path.join(dir, 'token'), short);
  const file = await runCli(['--yes', '--hub-url', 'https://hub.example.com', '--token-file', path.join(dir, 'token')], { env });
  assert.equal(file.exitCode, 2);
  assert.match(file.stderr, /--token-file: the token is 16 characters; at least 32/);
  assert.ok(!file.all.includes(short));

  const comma = `${'a'.repeat(32)},${'b'.repeat(32)}`;
  const piped = await runCli(['--yes', '--hub-url', 'https://hub.example.com', '--token-stdin'], { env, input: comma });
  assert.equal(piped.exitCode, 2);
  assert.match(piped.stderr, /--token-stdin: the token contains a comma/);
  assert.ok(!piped.all.includes('a'.repeat(32)));

  const missing = await runCli(['--yes', '--hub-url', 'https://hub.example.com', '--token-file', path.join(dir, 'nope')], { env });
  assert.equal(missing.exitCode, 2);
  assert.match(missing.stderr, /--token-file: cannot read .*nope \(ENOENT\)/);
});

test('an unknown kube context is an error listing the ones that exist', async (t) => {
  const { env } = await offlineEnv(t);
  const run = await runCli(['--yes', '--dry-run', '--hub-url', 'https://hub.example.com', '--kube-context', 'prdo'], { env });
  assert.equal(run.exitCode, 2);
  assert.match(run.stderr, /--kube-context: the context "prdo" is not in your kubeconfig/);
  assert.match(run.stderr, /prod, staging/);
});

test('--dry-run --output json is the plan as one JSON document', async (t) => {
  const { env } = await offlineEnv(t);
  const run = await runCli(['--dry-run', '--yes', '--output', 'json', '--hub-url', 'https://hub.example.com'], { env });
  assert.equal(run.exitCode, 0, run.all);
  const plan = JSON.parse(run.stdout);
  assert.equal(plan.dryRun, true);
  assert.equal(plan.target.kubeContext, 'prod');
  const helm = plan.steps.find((s: { id: string }) => s.id === 'helm');
  assert.match(helm.commands[0], /^helm upgrade --install kedge /);
  assert.equal(plan.steps.find((s: { id: string }) => s.id === 'storage-class').severity, 'warning');
});

test('--output json on bad usage still prints one JSON document, and exits 2', async (t) => {
  const { env } = await offlineEnv(t);
  const run = await runCli(['--yes', '--output', 'json'], { env });
  assert.equal(run.exitCode, 2);
  const doc = JSON.parse(run.stdout);
  assert.equal(doc.exitCode, 2);
  assert.match(doc.error.message, /--hub-url is required/);
});
