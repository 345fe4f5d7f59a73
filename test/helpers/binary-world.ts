import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { execa } from 'execa';
import { hubPaths, type HubPaths } from '../../source/binary/settings.js';
import { simBinDir } from '../fixtures/sim/paths.js';
import { CLI, ROOT, runCli, type CliRun } from './cli.js';
import { tempDir } from './temp.js';

/** The kedge-hub stand-in's directory: put it on PATH to have "kedge-hub". */
export const KEDGE_HUB_BIN_DIR = path.join(ROOT, 'test', 'fixtures', 'kedge-hub-bin');

export interface BinaryWorld {
  dir: string;
  env: NodeJS.ProcessEnv;
  port: number;
  hubUrl: string;
  /** The default hub directory for release "kedge" in this world. */
  paths: HubPaths;
  /** The wizard with --yes, the binary target and this world's hub URL; extra args after. */
  wizard(args?: string[], options?: { env?: NodeJS.ProcessEnv; input?: string }): Promise<CliRun>;
  /** The same wizard as a running process, to interrupt (kill('SIGINT')) or crash (kill('SIGKILL')) mid-run. */
  startWizard(args?: string[]): RunningWizard;
  /** A command (kubectl, git) in this world's environment; never throws on a non-zero exit. */
  run(command: string, args: string[]): Promise<{ exitCode?: number }>;
  token(): Promise<string>;
}

export interface RunningWizard {
  kill(signal: NodeJS.Signals): boolean;
  done: Promise<CliRun>;
}

/** One user's machine for the binary target: a private HOME, KUBECONFIG and PATH (stand-in kedge-hub, plugin stand-in, kubectl, openssl). */
export async function binaryWorld(t: TestContext, options: { path?: string[] } = {}): Promise<BinaryWorld> {
  const dir = await tempDir(t, 'ckh-bin-');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: (options.path ?? [KEDGE_HUB_BIN_DIR, simBinDir, path.dirname(process.execPath), '/usr/bin', '/bin']).join(path.delimiter),
    HOME: path.join(dir, 'home'),
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    KUBECONFIG: path.join(dir, 'kubeconfig'),
    CLOUDSDK_CONFIG: path.join(dir, 'gcloud'),
    KEDGE_HUB_SIM_BOOT_MS: '300',
    NO_COLOR: '1',
    CI: 'true',
  };
  for (const k of ['LANG', 'LC_ALL', 'TMPDIR', 'TZ']) if (process.env[k]) env[k] = process.env[k];
  // By /proc rather than hub.pid, so a hub is stopped even if a test replaced or removed its pid file.
  t.after(() => stopHubsUnder(dir));
  const hubUrl = `https://localhost:${port}`;
  const paths = hubPaths(path.join(dir, 'config', 'kedge-hub', 'kedge'), 'kedge');
  const wizardArgs = (args: string[]) => ['--yes', '--target', 'binary', '--hub-url', hubUrl, '--timeout', '60s', ...args];
  return {
    dir,
    env,
    port,
    hubUrl,
    paths,
    wizard: (args = [], o = {}) => runCli(wizardArgs(args), { env: o.env ?? env, input: o.input }),
    startWizard: (args = []) => {
      const child = execa(process.execPath, [CLI, ...wizardArgs(args)], { env, extendEnv: false, stdin: 'ignore', cwd: ROOT, reject: false, all: true, timeout: 120_000 });
      const done = child.then((r) => ({ exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), all: String(r.all) }));
      return { kill: (signal) => child.kill(signal), done };
    },
    run: (command, args) => execa(command, args, { env, extendEnv: false, reject: false, stdin: 'ignore' }),
    token: async () => (await readFile(paths.token, 'utf8')).trim(),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Pids of every hub process whose data dir lies under `dir` (read from /proc: the test runs on Linux). */
export async function hubPidsUnder(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const args = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (args.split('\0').some((a) => a.startsWith(`--data-dir=${dir}`))) pids.push(Number(entry));
  }
  return pids;
}

/** Stops every hub a test started under its temp dir, whatever its pid file says now. */
export async function stopHubsUnder(dir: string): Promise<void> {
  const pids = await hubPidsUnder(dir);
  for (const pid of pids) signal(pid, 'SIGTERM');
  for (let i = 0; i < 50 && (await hubPidsUnder(dir)).length > 0; i++) await delay(100);
  for (const pid of await hubPidsUnder(dir)) signal(pid, 'SIGKILL');
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}
