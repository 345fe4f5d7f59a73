import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { StepError } from '../errors.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { tokenFingerprint } from '../secrets/token.js';
import type { HubPaths } from './settings.js';
import { tokensInTokenFile } from './token-file.js';

/** Set for a launcher create-kedge-hub runs: it then writes its own pid (the hub's, after exec) to hub.pid. */
export const WRITE_PID_ENV = 'CREATE_KEDGE_HUB_WRITE_PID';

/** The pid of the hub started from this directory, while it runs; a pid reused by another program does not count. */
export async function runningHubPid(paths: HubPaths): Promise<number | undefined> {
  const pid = Number((await readFile(paths.pid, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return (await commandLine(pid)).includes(`--data-dir=${paths.data}`) ? pid : undefined;
}

// The command line is read only to recognise the hub; it holds the token, so it never leaves this function.
async function commandLine(pid: number): Promise<string> {
  const proc = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  if (proc !== undefined) return proc.split('\0').join(' ');
  if ((await readFile('/proc/self/cmdline').catch(() => undefined)) !== undefined) return ''; // Linux, and the pid is gone
  const ps = await promisify(execFile)('ps', ['-p', String(pid), '-o', 'command=']).catch(() => ({ stdout: '' }));
  return ps.stdout;
}

/**
 * What a hub reads when it starts, as fingerprints that are safe to keep on disk: its tokens (tokenFingerprint,
 * sorted: the hub takes them as a set), its launcher and its certificate with key (SHA-256 prefixes).
 */
export interface HubInputs {
  tokens: string[];
  launcher: string;
  certificate: string;
}

interface StartRecord extends HubInputs {
  /** Absent when the run stopped between starting the hub and learning its pid. */
  pid?: number;
  startedAt: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** The hub directory's files as a hub started now would read them. */
export async function currentHubInputs(paths: HubPaths): Promise<HubInputs> {
  const read = (file: string) => readFile(file, 'utf8').catch(() => '');
  const [token, launcher, cert, key] = await Promise.all([read(paths.token), read(paths.launcher), read(paths.cert), read(paths.key)]);
  return { tokens: tokensInTokenFile(token).map(tokenFingerprint).sort(), launcher: digest(launcher), certificate: digest(`${cert}\0${key}`) };
}

async function readStartRecord(paths: HubPaths): Promise<StartRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(paths.started, 'utf8')) as StartRecord;
    return Array.isArray(record.tokens) && typeof record.launcher === 'string' && typeof record.certificate === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}

export type HubStaleness = { kind: 'current' } | { kind: 'unknown' } | { kind: 'changed'; what: string[] };

/**
 * Whether the hub create-kedge-hub started (running as `pid`) runs with the files as they are now. The record is
 * written at every start, so this holds across runs: a run stopped after writing a new token still restarts the hub.
 */
export async function hubStaleness(paths: HubPaths, pid: number, now: HubInputs): Promise<HubStaleness> {
  const record = await readStartRecord(paths);
  if (!record || (record.pid !== undefined && record.pid !== pid)) return { kind: 'unknown' };
  const what = [
    record.tokens.join(',') !== now.tokens.join(',') && 'tokens',
    record.launcher !== now.launcher && 'launcher',
    record.certificate !== now.certificate && 'certificate',
  ].filter((x): x is string => Boolean(x));
  return what.length > 0 ? { kind: 'changed', what } : { kind: 'current' };
}

export function describeStaleness(staleness: Exclude<HubStaleness, { kind: 'current' }>): string {
  return staleness.kind === 'unknown' ? 'there is no record of the files it was started with' : `it was started with other ${staleness.what.join(', ')} than the hub directory holds now`;
}

/**
 * Runs the launcher detached (its own session, so it outlives this run), output appended to hub.log; returns its pid.
 * What it starts with is recorded first, and the launcher writes hub.pid itself before it execs the hub: a run
 * that stops at any point here leaves a hub the next run recognises, stops and restarts, never a second one.
 */
export async function startHub(paths: HubPaths, env: NodeJS.ProcessEnv, inputs: HubInputs): Promise<number> {
  const startedAt = new Date().toISOString();
  const record = (pid?: number) => writeFileAtomic(paths.started, `${JSON.stringify({ ...inputs, pid, startedAt } satisfies StartRecord, null, 2)}\n`);
  await record();
  const log = await open(paths.log, 'a', 0o600);
  try {
    await log.chmod(0o600);
    await log.write(`--- started by create-kedge-hub at ${startedAt} ---\n`);
    const child = spawn(paths.launcher, [], { cwd: paths.dir, detached: true, stdio: ['ignore', log.fd, log.fd], env: { ...env, [WRITE_PID_ENV]: '1' } });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    child.unref();
    await writeFileAtomic(paths.pid, `${child.pid}\n`);
    await record(child.pid);
    return child.pid!;
  } finally {
    await log.close();
  }
}

/** Stops the hub: SIGTERM, then SIGKILL if it has not gone within `graceMs`; a hub that outlives both is an error, never left beside a new one. */
export async function stopHub(paths: HubPaths, pid: number, graceMs = 20_000): Promise<void> {
  const gone = async (waitMs: number) => {
    const deadline = Date.now() + waitMs;
    while ((await runningHubPid(paths)) !== undefined) {
      if (Date.now() > deadline) return false;
      await delay(200);
    }
    return true;
  };
  signal(pid, 'SIGTERM');
  if (!(await gone(graceMs))) {
    signal(pid, 'SIGKILL');
    if (!(await gone(5000))) {
      throw new StepError(`The hub (pid ${pid}) did not stop, even after SIGKILL.`, `Stop it yourself (kill -9 ${pid}; it may run as another user), then run the same command again.`);
    }
  }
  await rm(paths.pid, { force: true });
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

export type PortState = 'free' | 'in-use' | 'denied';

/** Whether a server could listen on the port on every interface, as the hub does. */
export function portState(port: number): Promise<PortState> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EACCES' ? 'denied' : 'in-use'));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve('free')));
  });
}

/** The last lines of hub.log, to show why the hub stopped. */
export async function logTail(paths: HubPaths, lines = 12): Promise<string[]> {
  const text = await readFile(paths.log, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.trim() !== '').slice(-lines);
}
