import { execFile, spawn } from 'node:child_process';
import { open, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { writeFileAtomic } from '../files/atomic-write.js';
import type { HubPaths } from './settings.js';

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

/** Runs the launcher detached (its own session, so it outlives this run), output appended to hub.log; returns its pid. */
export async function startHub(paths: HubPaths, env: NodeJS.ProcessEnv): Promise<number> {
  const log = await open(paths.log, 'a', 0o600);
  try {
    await log.chmod(0o600);
    await log.write(`--- started by create-kedge-hub at ${new Date().toISOString()} ---\n`);
    const child = spawn(paths.launcher, [], { cwd: paths.dir, detached: true, stdio: ['ignore', log.fd, log.fd], env });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    child.unref();
    await writeFileAtomic(paths.pid, `${child.pid}\n`);
    return child.pid!;
  } finally {
    await log.close();
  }
}

/** Stops the hub: SIGTERM, then SIGKILL if it has not gone within `graceMs`. */
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
    await gone(5000);
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
