import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { CLI, ROOT } from '../helpers/cli.js';
import { unreachableKubeconfig } from '../helpers/offline-kubeconfig.js';

// The package as a user gets it: packed, installed into an empty prefix, run through its bin link.

const KUBECONFIG = unreachableKubeconfig();

// Runs in node's module-hooks thread: appends every URL the CLI loads to the log file it is given.
const LOAD_HOOKS = `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function load(url, context, nextLoad) {
  appendFileSync(log, url + '\\n');
  return nextLoad(url, context);
}
`;
const REGISTER_HOOKS = `import { register } from 'node:module';
register('./load-hooks.mjs', import.meta.url, { data: { log: process.env.CKH_MODULE_LOG } });
`;

/** Strings that survive minification: React 19's element symbol and Ink's root DOM node name. */
const REACT_MARKER = 'react.transitional.element';
const INK_MARKER = 'ink-root';

let tmp = '';
let tarball = '';
let installed = '';
let bin = '';
let cliEnv: NodeJS.ProcessEnv = {};

/** The caller's env without npm's injected npm_* settings (npm test sets dozens), so the child npm sees only our flags. */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
}

async function npm(args: string[], cwd: string) {
  const result = await execa('npm', [...args, '--cache', path.join(tmp, 'npm-cache'), '--no-update-notifier'], { cwd, env: npmEnv(), extendEnv: false, reject: false, all: true, timeout: 120_000 });
  assert.equal(result.exitCode, 0, `npm ${args.join(' ')} failed:\n${result.all}`);
  return result;
}

function runInstalled(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  return execa(bin, args, { env: { ...cliEnv, ...extraEnv }, extendEnv: false, cwd: tmp, stdin: 'ignore', reject: false, all: true, timeout: 60_000 });
}

before(async () => {
  if (!existsSync(CLI)) {
    throw new Error(`${path.relative(ROOT, CLI)} is missing: build it first with \`npm run build\` (\`npm test\` builds before testing).`);
  }
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ckh-pack-'));

  // --ignore-scripts: a future prepack build must not rewrite dist/ while the rest of the suite runs from it.
  await npm(['pack', '--pack-destination', tmp, '--ignore-scripts'], ROOT);
  const tarballs = (await readdir(tmp)).filter((name) => name.endsWith('.tgz'));
  assert.equal(tarballs.length, 1, `npm pack made one tarball: ${tarballs.join(', ')}`);
  tarball = path.join(tmp, tarballs[0]!);

  const prefix = path.join(tmp, 'prefix');
  await npm(['install', '-g', '--prefix', prefix, tarball, '--offline', '--no-audit', '--no-fund'], tmp);
  installed = path.join(prefix, 'lib', 'node_modules', 'create-kedge-hub');
  bin = path.join(prefix, 'bin', 'create-kedge-hub');

  await writeFile(path.join(tmp, 'kubeconfig'), KUBECONFIG);
  await mkdir(path.join(tmp, 'home'));
  // Nothing from the project may leak in: no node_modules/.bin on PATH, no NODE_PATH, cwd outside the project.
  const pathWithoutProjectBins = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => !dir.includes(`node_modules${path.sep}.bin`)).join(path.delimiter);
  cliEnv = { PATH: pathWithoutProjectBins, HOME: path.join(tmp, 'home'), XDG_CONFIG_HOME: path.join(tmp, 'config'), KUBECONFIG: path.join(tmp, 'kubeconfig'), CI: 'true' };
});

after(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('the tarball holds only package.json, README/LICENSE and dist/**', async () => {
  const { stdout } = await execa('tar', ['-tzf', tarball]);
  const entries = stdout.split('\n').filter(Boolean);
  for (const entry of entries) assert.ok(entry.startsWith('package/'), `tarball entries live under package/: ${entry}`);
  const files = entries.map((entry) => entry.slice('package/'.length)).filter((file) => file && !file.endsWith('/'));
  const unexpected = files.filter((file) => !(file === 'package.json' || /^(README|LICEN[CS]E)(\.(md|txt))?$/i.test(file) || file.startsWith('dist/')));
  assert.deepEqual(unexpected, [], 'nothing but package.json, README, LICENSE and dist/ is published');
  assert.ok(files.includes('package.json'));
  assert.ok(files.includes('dist/cli.js'));
  assert.ok(files.some((file) => /^dist\/chunks\/main-[\w-]+\.js$/.test(file)), 'the main chunk is published');
  assert.ok(files.some((file) => /^dist\/chunks\/live-screen-[\w-]+\.js$/.test(file)), 'the live-screen chunk is published');
});

test('the installed package has no node_modules of its own and a bin link', async () => {
  assert.ok(existsSync(path.join(installed, 'dist', 'cli.js')));
  assert.ok(!existsSync(path.join(installed, 'node_modules')), 'zero runtime dependencies: nothing installed beside the package');
  assert.deepEqual(await readdir(path.dirname(installed)), ['create-kedge-hub'], 'nothing else was installed into the prefix');
  assert.ok(existsSync(bin), 'npm linked the create-kedge-hub bin');
});

test('installed: --help exits 0 and documents --hub-url', async () => {
  const run = await runInstalled(['--help']);
  assert.equal(run.exitCode, 0, run.all);
  assert.match(run.stdout, /--hub-url/);
});

test('installed: --version prints the package.json version', async () => {
  const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const run = await runInstalled(['--version']);
  assert.equal(run.exitCode, 0, run.all);
  assert.equal(run.stdout.trim(), pkg.version);
});

test('installed: --dry-run --yes plans the helm install against the kubeconfig context', async () => {
  const run = await runInstalled(['--dry-run', '--yes', '--hub-url', 'https://hub.example.com']);
  assert.equal(run.exitCode, 0, run.all);
  assert.match(run.stdout, /helm upgrade --install kedge /);
  assert.match(run.stdout, /--kube-context prod/);
  assert.ok(!existsSync(path.join(tmp, 'config')), 'a dry run writes nothing');
});

test('installed: --help and --version load neither the live screen, Ink nor React', async () => {
  const hooksDir = path.join(tmp, 'hooks');
  await mkdir(hooksDir, { recursive: true });
  await writeFile(path.join(hooksDir, 'load-hooks.mjs'), LOAD_HOOKS);
  await writeFile(path.join(hooksDir, 'register-hooks.mjs'), REGISTER_HOOKS);
  const distDir = path.join(installed, 'dist');

  // The markers must be real, or their absence below proves nothing.
  const chunks = await readdir(path.join(distDir, 'chunks'));
  const contents = await Promise.all(chunks.map((chunk) => readFile(path.join(distDir, 'chunks', chunk), 'utf8')));
  assert.ok(contents.some((text) => text.includes(REACT_MARKER) && text.includes(INK_MARKER)), `some chunk bundles React ("${REACT_MARKER}") and Ink ("${INK_MARKER}")`);

  for (const args of [['--help'], ['--version']]) {
    const log = path.join(hooksDir, `loaded${args[0]}.log`);
    const run = await runInstalled(args, { NODE_OPTIONS: `--import=${pathToFileURL(path.join(hooksDir, 'register-hooks.mjs')).href}`, CKH_MODULE_LOG: log });
    assert.equal(run.exitCode, 0, run.all);
    const urls = [...new Set((await readFile(log, 'utf8')).split('\n').filter(Boolean))];
    const files = urls.filter((url) => url.startsWith('file:')).map((url) => fileURLToPath(url));
    assert.ok(files.includes(path.join(distDir, 'cli.js')), `the hook saw the entry load (${args[0]}): ${urls.join(', ')}`);
    for (const file of files) {
      assert.ok(file.startsWith(distDir + path.sep), `${args[0]} loads only the package's own dist: ${file}`);
      const name = path.relative(distDir, file);
      // esbuild names chunks [name]-[hash]; match the name only, as a random hash may spell INK.
      const chunkName = path.basename(name, '.js').replace(/-[A-Z0-9]{8}$/, '');
      assert.doesNotMatch(chunkName, /live-screen|ink|react/i, `${args[0]} must not load ${name}`);
      assert.notEqual(chunkName, 'main', `${args[0]} must not load the main chunk (execa and the runner): ${name}`);
      const text = await readFile(file, 'utf8');
      assert.ok(!text.includes(REACT_MARKER), `${args[0]} loaded ${name}, which bundles React`);
      assert.ok(!text.includes(INK_MARKER), `${args[0]} loaded ${name}, which bundles Ink`);
    }
  }
});
