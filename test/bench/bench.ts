// Startup, size and memory figures for the built CLI, each beside its target. Not a test: it prints a report and exits 0.
// Run with `npm run bench` (builds first). BENCH_RUNS sets the runs per timing (default 15, at least 10).
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SimCluster } from '../fixtures/sim/server.js';
import { unreachableKubeconfig } from '../helpers/offline-kubeconfig.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SIM_DIR = path.join(ROOT, 'test', 'fixtures', 'sim');
const CHART = path.join(ROOT, 'test', 'fixtures', 'charts', 'kedge-hub');
const HUB_URL = 'https://hub.example.com';
/**
 * The live screen's header, drawn in the same write as the step list once the plan is known: its first appearance is the
 * first frame. Step titles change; this prefix has not (`create-kedge-hub · <mode · >https://… on <context>`).
 */
const FIRST_FRAME = 'create-kedge-hub · ';
/** The Ink live screen's step list: its preflight group row, which only Ink draws. */
const STEP_LIST = 'Preflight';
const RUNS = Math.max(10, Number(process.env.BENCH_RUNS) || 15);
const WARMUP = 2;

const KUBECONFIG = unreachableKubeconfig();

// Preloaded into the CLI for the RSS figure: the process's own peak RSS (getrusage, KiB) as it exits.
const RSS_PRELOAD = `import { appendFileSync } from 'node:fs';
process.on('exit', () => {
  appendFileSync(process.env.CKH_RSS_LOG, JSON.stringify({ argv: process.argv.slice(1), maxRssKiB: process.resourceUsage().maxRSS }) + '\\n');
});
`;

interface Row {
  measure: string;
  value: string;
  ratio?: string;
  target: string;
  result: 'PASS' | 'OVER' | 'n/a';
}

interface Run {
  exitCode: number | null;
  output: string;
  /** Milliseconds from spawn until the awaited text showed, or until exit when nothing was awaited. */
  ms: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const MB = (bytes: number) => `${(bytes / 1_000_000).toFixed(2)} MB`;
const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const verdict = (ok: boolean): Row['result'] => (ok ? 'PASS' : 'OVER');
const stripAnsi = (text: string) => text.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '').replace(/\x1b[()][0-9A-Za-z]/g, '');
/** Shell words for `script -c` (its $SHELL is /bin/sh here). */
const sh = (words: string[]) => words.map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
/** script's pty has no size when its stdin is not a terminal, and Ink wraps at 0 columns: give it a real one. */
const inPty = (words: string[]) => `stty cols 120 rows 40; exec ${sh(words)}`;

/** The bench's env without npm's injected npm_* settings, for the child npm. */
const npmEnv = () => Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** util-linux script, by absolute path: the CLI's private PATH does not hold it. */
const SCRIPT = findOnPath('script');

function timeSync(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): number {
  const start = performance.now();
  const result = spawnSync(command, args, { env, cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}:\n${result.stderr}`);
  return elapsed;
}

/**
 * Spawns asynchronously (the simulated cluster answers from this very process) and times until `needle` shows in the
 * output, ANSI stripped; waits for the exit either way. With `pty`, the command runs in a pseudo-terminal via util-linux
 * script (-q quiet, -f flush each write, -e the child's exit code, -c the command for $SHELL; no typescript file).
 * `stopAtNeedle` ends the run there: what follows the first frame (preflight against an unreachable cluster, a chart
 * registry lookup) is not being measured.
 */
function runTimed(command: string[], options: { env: NodeJS.ProcessEnv; cwd: string; needle?: string; stopAtNeedle?: boolean; pty?: boolean; timeoutMs?: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const [file, ...args] = options.pty ? [SCRIPT ?? 'script', '-qfec', inPty(command), '/dev/null'] : command;
    const child = spawn(file!, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const decoder = new StringDecoder('utf8');
    let output = '';
    let found: number | undefined;
    const onData = (chunk: Buffer) => {
      output += decoder.write(chunk);
      if (found === undefined && options.needle && stripAnsi(output).includes(options.needle)) {
        found = performance.now() - start;
        // script passes SIGTERM on to the CLI, which cancels its children and exits.
        if (options.stopAtNeedle) child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      const plain = stripAnsi(output);
      if (options.needle && found === undefined) reject(new Error(`"${options.needle}" never appeared (exit ${exitCode}); output ended with:\n${plain.slice(-1200)}`));
      else resolve({ exitCode, output: plain, ms: found ?? performance.now() - start });
    });
  });
}

/** helm from the simulated cluster's fixture (extracted from a devDependency, never downloaded), if it is there. */
async function fixtureHelmDir(): Promise<string | undefined> {
  const module = path.join(SIM_DIR, 'helm-binary.ts');
  if (!existsSync(module)) return undefined;
  try {
    const { ensureHelm } = (await import(pathToFileURL(module).href)) as { ensureHelm: () => Promise<string> };
    return await ensureHelm();
  } catch {
    return undefined;
  }
}

/** Peak RSS of the CLI itself through a full `--yes` install on the simulated cluster: live screen in a pty, and plain. */
async function measureSimulatedRun(tmp: string, cli: string): Promise<{ live?: number; plain?: number; note?: string }> {
  const serverModule = path.join(SIM_DIR, 'server.ts');
  const environmentModule = path.join(SIM_DIR, 'environment.ts');
  if (!existsSync(serverModule) || !existsSync(environmentModule) || !existsSync(CHART)) return { note: 'simulated cluster not available' };

  let sim: SimCluster | undefined;
  try {
    // Loaded only when present, so the bench still runs where the fixture is missing.
    const { startSimCluster } = (await import(pathToFileURL(serverModule).href)) as typeof import('../fixtures/sim/server.js');
    const { simEnvironment } = (await import(pathToFileURL(environmentModule).href)) as typeof import('../fixtures/sim/environment.js');
    const preload = path.join(tmp, 'rss-preload.mjs');
    await writeFile(preload, RSS_PRELOAD);
    const results: { live?: number; plain?: number } = {};
    for (const mode of ['live', 'plain'] as const) {
      // A fresh cluster per run, so both runs install rather than re-apply.
      sim = await startSimCluster({ rolloutDelayMs: 400, hubBootMs: 400 });
      const dir = path.join(tmp, `sim-${mode}`);
      await mkdir(dir, { recursive: true });
      const log = path.join(dir, 'rss.log');
      const env: NodeJS.ProcessEnv = { ...(await simEnvironment(sim, dir)), NODE_OPTIONS: `--import=${pathToFileURL(preload).href}`, CKH_RSS_LOG: log };
      if (mode === 'live') Object.assign(env, { TERM: 'xterm-256color', SHELL: '/bin/sh' });
      else env.CI = 'true';
      const command = [process.execPath, cli, '--yes', '--chart', CHART, '--hub-url', sim.hubUrl, '--kube-context', 'sim'];
      const run = await runTimed(command, { env, cwd: dir, pty: mode === 'live', timeoutMs: 300_000 });
      if (run.exitCode !== 0) throw new Error(`the simulated install (${mode}) exited ${run.exitCode}:\n${run.output.slice(-1500)}`);
      const records = (await readFile(log, 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as { argv: string[]; maxRssKiB: number });
      // Child node processes (the plugin stand-in) inherit the preload too: keep the CLI's own record.
      const own = records.find((record) => record.argv[0] === cli);
      if (!own) throw new Error(`no RSS record from the CLI itself in ${log}`);
      results[mode] = own.maxRssKiB * 1024;
      await sim.stop();
      sim = undefined;
    }
    return results;
  } catch (error) {
    console.error(`\npeak RSS run failed: ${(error as Error).message}`);
    return { note: `simulated cluster not available (${(error as Error).message.split('\n')[0]})` };
  } finally {
    await sim?.stop().catch(() => undefined);
  }
}

async function main() {
  if (!existsSync(CLI)) {
    console.error(`${path.relative(ROOT, CLI)} is missing: run \`npm run bench\` (it builds first).`);
    process.exit(1);
  }
  const kubectl = findOnPath('kubectl');
  if (!kubectl) {
    console.error('kubectl is not on PATH: the CLI reads the kubeconfig with it, so the timings need it.');
    process.exit(1);
  }
  const hasScript = SCRIPT !== undefined && spawnSync(SCRIPT, ['--version'], { stdio: 'ignore' }).status === 0;
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'ckh-bench-'));
  try {
    await writeFile(path.join(tmp, 'kubeconfig'), KUBECONFIG);
    await mkdir(path.join(tmp, 'home'));
    // A PATH holding only kubectl and stty, so what the CLI finds does not depend on this machine; helm is added on purpose.
    const bin = path.join(tmp, 'bin');
    await mkdir(bin);
    await symlink(kubectl, path.join(bin, 'kubectl'));
    const stty = findOnPath('stty');
    if (stty) await symlink(stty, path.join(bin, 'stty'));
    const helmDir = hasScript ? await fixtureHelmDir() : undefined;

    // Time the package as installed from its tarball: what users run, and safe from a concurrent `npm run build`.
    const npmArgs = ['--cache', path.join(tmp, 'npm-cache'), '--no-update-notifier'];
    const pack = spawnSync('npm', ['pack', '--pack-destination', tmp, '--json', '--ignore-scripts', ...npmArgs], { cwd: ROOT, env: npmEnv(), encoding: 'utf8' });
    if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
    const [packed] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<{ filename: string; size: number; unpackedSize: number; entryCount: number }>;
    const prefix = path.join(tmp, 'prefix');
    const install = spawnSync('npm', ['install', '-g', '--prefix', prefix, path.join(tmp, packed!.filename), '--offline', '--no-audit', '--no-fund', ...npmArgs], { cwd: tmp, env: npmEnv(), encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`npm install of the tarball failed:\n${install.stderr}`);
    const cli = path.join(prefix, 'lib', 'node_modules', 'create-kedge-hub', 'dist', 'cli.js');

    const privateEnv: NodeJS.ProcessEnv = { PATH: bin, HOME: path.join(tmp, 'home'), XDG_CONFIG_HOME: path.join(tmp, 'config'), KUBECONFIG: path.join(tmp, 'kubeconfig') };
    const ciEnv = { ...privateEnv, CI: 'true' };
    const ttyEnv = { ...privateEnv, TERM: 'xterm-256color', SHELL: '/bin/sh' };
    const ttyHelmEnv = helmDir ? { ...ttyEnv, PATH: [helmDir, bin].join(path.delimiter) } : undefined;
    const node = process.execPath;
    const dryRunArgs = [cli, '--dry-run', '--yes', '--hub-url', HUB_URL];

    const plan = spawnSync(node, dryRunArgs, { env: ciEnv, cwd: tmp, encoding: 'utf8' });
    if (plan.status !== 0) throw new Error(`the dry run exited ${plan.status}:\n${plan.stdout}${plan.stderr}`);

    // A fresh HOME and config dir per real run: a run leaves a journal and a lock that would change the next one.
    let runs = 0;
    const fresh = async (env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> => {
      const dir = path.join(tmp, `run-${++runs}`);
      await mkdir(path.join(dir, 'home'), { recursive: true });
      return { ...env, HOME: path.join(dir, 'home'), XDG_CONFIG_HOME: path.join(dir, 'config') };
    };
    const firstFrame = async (env: NodeJS.ProcessEnv, needle = FIRST_FRAME) => (await runTimed([node, cli, '--yes', '--hub-url', HUB_URL], { env: await fresh(env), cwd: tmp, pty: true, needle, stopAtNeedle: true })).ms;

    const samples = { node: [] as number[], help: [] as number[], dryRun: [] as number[], ptyNode: [] as number[], frame: [] as number[], stepList: [] as number[], stepListHelm: [] as number[] };
    console.log(`create-kedge-hub bench · node ${process.version} · ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length} · load ${os.loadavg()[0]!.toFixed(2)} · ${RUNS} runs each (+${WARMUP} warm-up), interleaved`);
    console.log(`first frame = first time "${FIRST_FRAME}" (the start-up frame's header) shows in the pty; step list = first time Ink draws "${STEP_LIST}"`);
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const keep = (list: number[], value: number) => i >= WARMUP && list.push(value);
      keep(samples.node, timeSync(node, ['-e', '0'], ciEnv, tmp));
      keep(samples.help, timeSync(node, [cli, '--help'], ciEnv, tmp));
      keep(samples.dryRun, timeSync(node, dryRunArgs, ciEnv, tmp));
      if (hasScript) {
        keep(samples.ptyNode, (await runTimed([node, '-e', 'process.stdout.write("ready\\n")'], { env: ttyEnv, cwd: tmp, pty: true, needle: 'ready' })).ms);
        keep(samples.frame, await firstFrame(ttyEnv));
        keep(samples.stepList, await firstFrame(ttyEnv, STEP_LIST));
        if (ttyHelmEnv) keep(samples.stepListHelm, await firstFrame(ttyHelmEnv, STEP_LIST));
      }
      process.stdout.write('.');
    }
    process.stdout.write('\n');

    const base = median(samples.node);
    const rows: Row[] = [{ measure: '`node -e 0` (baseline)', value: ms(base), ratio: '1.00×', target: '—', result: 'n/a' }];
    const timed = (measure: string, values: number[], limit?: number) => {
      const value = median(values);
      const ratio = value / base;
      rows.push({ measure, value: ms(value), ratio: `${ratio.toFixed(2)}×`, target: limit ? `≤ ${limit}×` : '—', result: limit ? verdict(ratio <= limit) : 'n/a' });
    };
    timed('`--help`', samples.help, 1.5);
    timed('`--dry-run --yes` to exit (kubectl reads the kubeconfig)', samples.dryRun);
    if (hasScript) {
      timed('pty harness alone: `node -e` first output via `script`', samples.ptyNode);
      timed('first frame in a pty (drawn at start-up, before Ink loads)', samples.frame, 3);
      timed('Ink step list in a pty, no helm on PATH', samples.stepList);
      if (ttyHelmEnv) timed('Ink step list in a pty, helm on PATH (helm runs before it)', samples.stepListHelm);
    } else {
      rows.push({ measure: 'first frame in a pty', value: 'not measured (util-linux `script` not found)', target: '≤ 3×', result: 'n/a' });
    }

    rows.push({ measure: 'packed tarball', value: kB(packed!.size), target: '≤ 400 kB', result: verdict(packed!.size <= 400_000) });
    rows.push({ measure: `unpacked (${packed!.entryCount} files)`, value: MB(packed!.unpackedSize), target: '≤ 2 MB', result: verdict(packed!.unpackedSize <= 2_000_000) });

    const rss = await measureSimulatedRun(tmp, cli);
    const rssLimit = 120 * 1024 * 1024;
    if (rss.live !== undefined) rows.push({ measure: 'peak RSS, full simulated `--yes` install, live screen (pty)', value: MiB(rss.live), target: '≤ 120 MiB', result: verdict(rss.live <= rssLimit) });
    if (rss.plain !== undefined) rows.push({ measure: 'peak RSS, full simulated `--yes` install, plain (CI=true)', value: MiB(rss.plain), target: '≤ 120 MiB', result: verdict(rss.plain <= rssLimit) });
    if (rss.note) {
      console.log(`peak RSS: not measured (${rss.note})`);
      rows.push({ measure: 'peak RSS, full simulated `--yes` install', value: `not measured (${rss.note})`, target: '≤ 120 MiB', result: 'n/a' });
    }

    const cells = (row: Row) => [row.measure, row.value, row.ratio ?? '', row.target, row.result].map((cell) => cell.replace(/`/g, ''));
    const widths = [0, 1, 2, 3, 4].map((col) => Math.max(...rows.map((row) => cells(row)[col]!.length)));
    console.log('');
    for (const row of rows) console.log(cells(row).map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd());

    console.log('\nMarkdown:\n');
    console.log('| Measure | Median / value | × `node -e 0` | Target | Result |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const row of rows) console.log(`| ${row.measure} | ${row.value} | ${row.ratio ?? ''} | ${row.target} | ${row.result} |`);
    console.log(`\n_Medians of ${RUNS} interleaved runs; node ${process.version}, ${os.platform()} ${os.arch()}, ${os.cpus().length} CPUs. The CLI is run with \`node\` from the packed tarball installed into a temp prefix. Times from spawn to exit, or to the first frame in a \`script\` pseudo-terminal (the harness's own cost is its row). Peak RSS is the CLI process's own (getrusage at exit)._`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

await main();
