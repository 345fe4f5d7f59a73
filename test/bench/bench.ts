// Startup, size and memory figures for the built CLI, each beside its target. Not a test: it prints a report and exits 0.
// Run with `npm run bench` (builds first). BENCH_RUNS sets the runs per timing (default 15, at least 10).
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SimCluster } from '../fixtures/sim/server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const CHART = path.join(ROOT, 'test', 'fixtures', 'charts', 'kedge-hub');
const HUB_URL = 'https://hub.example.com';
/** The first step's title: the live screen's first frame draws it. */
const FIRST_STEP = 'Check helm, kubectl and the kedge plugin';
const RUNS = Math.max(10, Number(process.env.BENCH_RUNS) || 15);
const WARMUP = 2;

const KUBECONFIG = [
  'apiVersion: v1', 'kind: Config', 'current-context: prod',
  'clusters: [{name: c1, cluster: {server: "https://127.0.0.1:1"}}]',
  'contexts: [{name: prod, context: {cluster: c1, user: u1}}]',
  'users: [{name: u1, user: {token: cluster-token}}]', '',
].join('\n');

// Preloaded into the CLI for the RSS figure: records the process's own peak RSS (getrusage, KiB) as it exits.
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

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const MB = (bytes: number) => `${(bytes / 1_000_000).toFixed(2)} MB`;
const verdict = (ok: boolean): Row['result'] => (ok ? 'PASS' : 'OVER');
const stripAnsi = (text: string) => text.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '').replace(/\x1b[()][0-9A-Za-z]/g, '');

/** The bench's env without npm's injected npm_* settings, for the child npm. */
const npmEnv = () => Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));

function timeSync(command: string, args: string[], options: SpawnSyncOptions): number {
  const start = performance.now();
  const result = spawnSync(command, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}:\n${result.stderr}`);
  return elapsed;
}

interface PtyRun {
  /** Milliseconds from spawning `script` until the needle showed in the pseudo-terminal's output. */
  ms: number;
  exitCode: number | null;
  output: string;
}

/** Runs a shell command in a pseudo-terminal, timing the first appearance of `needle`; waits for the exit too. */
function timeToOutput(shellCommand: string, env: NodeJS.ProcessEnv, needle: string, timeoutMs = 30_000): Promise<PtyRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    // util-linux script: -q quiet, -f flush each write, -e child's exit code, -c command run by $SHELL; typescript to /dev/null.
    const child = spawn('script', ['-qfec', shellCommand, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const decoder = new StringDecoder('utf8');
    let seen = '';
    let found: number | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      seen += decoder.write(chunk);
      if (found === undefined && stripAnsi(seen).includes(needle)) found = performance.now() - start;
    });
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      if (found === undefined) reject(new Error(`"${needle}" never appeared; output ended with:\n${stripAnsi(seen).slice(-800)}`));
      else resolve({ ms: found, exitCode, output: stripAnsi(seen) });
    });
  });
}

function runAsync(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs: number }): Promise<{ exitCode: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, output });
    });
  });
}

/** Shell words for `script -c` (its $SHELL is /bin/sh here). */
const sh = (words: string[]) => words.map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');

async function measureSimulatedRun(tmp: string, privateEnv: NodeJS.ProcessEnv): Promise<{ plain?: number; live?: number; note?: string }> {
  const serverModule = path.join(ROOT, 'test', 'fixtures', 'sim', 'server.ts');
  const environmentModule = path.join(ROOT, 'test', 'fixtures', 'sim', 'environment.ts');
  if (!existsSync(serverModule) || !existsSync(environmentModule) || !existsSync(CHART)) return { note: 'simulated cluster not available' };

  let sim: SimCluster | undefined;
  try {
    // Loaded only when present, so the bench still runs where the fixture is missing.
    const { startSimCluster } = (await import(pathToFileURL(serverModule).href)) as typeof import('../fixtures/sim/server.js');
    const { simEnvironment } = (await import(pathToFileURL(environmentModule).href)) as typeof import('../fixtures/sim/environment.js');
    const preload = path.join(tmp, 'rss-preload.mjs');
    await writeFile(preload, RSS_PRELOAD);
    const results: { plain?: number; live?: number } = {};
    for (const mode of ['plain', 'live'] as const) {
      // A fresh cluster per run, so both runs install rather than upgrade.
      sim = await startSimCluster({ rolloutDelayMs: 400, hubBootMs: 400 });
      const dir = path.join(tmp, `sim-${mode}`);
      await mkdir(dir, { recursive: true });
      const simEnv = await simEnvironment(sim, dir);
      const log = path.join(dir, 'rss.log');
      const env: NodeJS.ProcessEnv = { ...privateEnv, ...simEnv, NODE_OPTIONS: `--import=${pathToFileURL(preload).href}`, CKH_RSS_LOG: log };
      const args = [CLI, '--yes', '--chart', CHART, '--hub-url', sim.hubUrl, '--kube-context', 'sim'];
      if (mode === 'plain') {
        // Asynchronous: the simulated cluster answers from this very process.
        const run = await runAsync(process.execPath, args, { env: { ...env, CI: 'true' }, cwd: dir, timeoutMs: 300_000 });
        if (run.exitCode !== 0) throw new Error(`the simulated install exited ${run.exitCode}:\n${run.output.slice(-1500)}`);
      } else {
        delete env.CI;
        const run = await timeToOutput(`stty cols 120 rows 40; exec ${sh([process.execPath, ...args])}`, { ...env, SHELL: '/bin/sh', TERM: 'xterm-256color' }, FIRST_STEP, 300_000);
        if (run.exitCode !== 0) throw new Error(`the simulated install exited ${run.exitCode} in the pty:\n${run.output.slice(-1500)}`);
      }
      const lines = (await readFile(log, 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as { argv: string[]; maxRssKiB: number });
      const own = lines.find((line) => line.argv[0] === CLI);
      if (!own) throw new Error(`no RSS record from the CLI itself in ${log}`);
      results[mode] = own.maxRssKiB * 1024;
      await sim.stop();
      sim = undefined;
    }
    return results;
  } catch (error) {
    console.error(`peak RSS run failed: ${(error as Error).message}`);
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
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'ckh-bench-'));
  try {
    await writeFile(path.join(tmp, 'kubeconfig'), KUBECONFIG);
    await mkdir(path.join(tmp, 'home'));
    const privateEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: path.join(tmp, 'home'), XDG_CONFIG_HOME: path.join(tmp, 'config'), KUBECONFIG: path.join(tmp, 'kubeconfig') };
    const ciEnv = { ...privateEnv, CI: 'true' };
    const ttyEnv = { ...privateEnv, TERM: 'xterm-256color', SHELL: '/bin/sh' };
    const node = process.execPath;
    const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
    // script's pty has no size when its stdin is not a terminal, and Ink wraps at 0 columns: give it a real one.
    const inPty = (words: string[]) => `stty cols 120 rows 40; exec ${sh(words)}`;

    const samples = { node: [] as number[], help: [] as number[], dryRun: [] as number[], ptyNode: [] as number[], frame: [] as number[] };
    console.log(`create-kedge-hub bench · node ${process.version} · ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length} · ${RUNS} runs each (+${WARMUP} warm-up), interleaved`);
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const keep = i >= WARMUP;
      const nodeMs = timeSync(node, ['-e', '0'], { env: ciEnv, cwd: tmp });
      const helpMs = timeSync(node, [CLI, '--help'], { env: ciEnv, cwd: tmp });
      const dryRunMs = timeSync(node, [CLI, '--dry-run', '--yes', '--hub-url', HUB_URL], { env: ciEnv, cwd: tmp });
      if (keep) {
        samples.node.push(nodeMs);
        samples.help.push(helpMs);
        samples.dryRun.push(dryRunMs);
      }
      if (hasScript) {
        const ptyNode = await timeToOutput(inPty([node, '-e', 'process.stdout.write("ready\\n")']), ttyEnv, 'ready');
        const frame = await timeToOutput(inPty([node, CLI, '--yes', '--hub-url', HUB_URL]), ttyEnv, FIRST_STEP);
        if (keep) {
          samples.ptyNode.push(ptyNode.ms);
          samples.frame.push(frame.ms);
        }
      }
      process.stdout.write('.');
    }
    process.stdout.write('\n');

    const base = median(samples.node);
    const ratio = (value: number) => value / base;
    const rows: Row[] = [{ measure: '`node -e 0` (baseline)', value: ms(base), ratio: '1.00×', target: '—', result: 'n/a' }];
    const timed = (measure: string, values: number[], limit?: number) => {
      const value = median(values);
      rows.push({ measure, value: ms(value), ratio: `${ratio(value).toFixed(2)}×`, target: limit ? `≤ ${limit}×` : '—', result: limit ? verdict(ratio(value) <= limit) : 'n/a' });
    };
    timed('`--help`', samples.help, 1.5);
    timed('`--dry-run --yes` to exit (one kubectl call)', samples.dryRun);
    if (hasScript) {
      timed('pty harness: `node -e` first output via `script`', samples.ptyNode);
      timed('first Ink frame in a pty (step list drawn)', samples.frame, 3);
    } else {
      rows.push({ measure: 'first Ink frame in a pty', value: 'not measured (util-linux `script` not found)', target: '≤ 3×', result: 'n/a' });
    }

    const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--no-update-notifier'], { cwd: ROOT, env: npmEnv(), encoding: 'utf8' });
    if (pack.status === 0) {
      const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<{ size: number; unpackedSize: number; entryCount: number }>;
      rows.push({ measure: 'packed tarball', value: kB(info!.size), target: '≤ 400 kB', result: verdict(info!.size <= 400_000) });
      rows.push({ measure: `unpacked (${info!.entryCount} files)`, value: MB(info!.unpackedSize), target: '≤ 2 MB', result: verdict(info!.unpackedSize <= 2_000_000) });
    } else {
      rows.push({ measure: 'packed / unpacked size', value: `not measured (npm pack failed: ${pack.stderr.trim().split('\n').pop()})`, target: '≤ 400 kB / ≤ 2 MB', result: 'n/a' });
    }

    const rss = await measureSimulatedRun(tmp, privateEnv);
    const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
    if (rss.live !== undefined || rss.plain !== undefined) {
      if (rss.live !== undefined) rows.push({ measure: 'peak RSS, full simulated `--yes` install (live screen, pty)', value: mib(rss.live), target: '≤ 120 MiB', result: verdict(rss.live <= 120 * 1024 * 1024) });
      if (rss.plain !== undefined) rows.push({ measure: 'peak RSS, full simulated `--yes` install (plain, CI=true)', value: mib(rss.plain), target: '≤ 120 MiB', result: verdict(rss.plain <= 120 * 1024 * 1024) });
    } else {
      console.log(`peak RSS: not measured (${rss.note})`);
      rows.push({ measure: 'peak RSS, full simulated `--yes` install', value: `not measured (${rss.note})`, target: '≤ 120 MiB', result: 'n/a' });
    }

    const plainCell = (text: string) => text.replace(/`/g, '');
    const widths = [0, 1, 2, 3, 4].map((col) => Math.max(...rows.map((row) => plainCell([row.measure, row.value, row.ratio ?? '', row.target, row.result][col]!).length)));
    console.log('');
    for (const row of rows) console.log([row.measure, row.value, row.ratio ?? '', row.target, row.result].map((cell, col) => plainCell(cell).padEnd(widths[col]!)).join('  ').trimEnd());

    console.log('\nMarkdown:\n');
    console.log('| Measure | Median / value | × `node -e 0` | Target | Result |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const row of rows) console.log(`| ${row.measure} | ${row.value} | ${row.ratio ?? ''} | ${row.target} | ${row.result} |`);
    console.log(`\n_${RUNS} runs each, medians; node ${process.version}, ${os.platform()} ${os.arch()}. Times from spawn; the first frame is timed in a \`script\` pseudo-terminal, whose own cost is the "pty harness" row._`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

await main();
