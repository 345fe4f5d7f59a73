import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StepError } from '../errors.js';
import { SECRET_DIR_MODE } from './atomic-write.js';
import { lockPath } from './journal.js';

export interface Lock {
  release(): Promise<void>;
  /** Set when a lock left by a process that no longer runs was taken over. */
  tookOverFrom?: number;
}

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

/** One run per values file at a time. A lock whose process is gone (same host) is taken over. */
export async function acquireLock(valuesPath: string): Promise<Lock> {
  const file = lockPath(valuesPath);
  await mkdir(path.dirname(file), { recursive: true, mode: SECRET_DIR_MODE });
  const me: LockOwner = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  let tookOverFrom: number | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await placeLock(file, me)) return { tookOverFrom, release: () => rm(file, { force: true }) };
    const owner = await readOwner(file);
    if (!owner) {
      throw new StepError(`Another run is taking the lock ${file} right now, or it is unreadable.`, `Run again in a moment. If no other run is going, remove ${file}.`);
    }
    if (owner.host !== me.host || isAlive(owner.pid)) {
      throw new StepError(
        `Another create-kedge-hub run (pid ${owner.pid} on ${owner.host}, since ${owner.startedAt}) is working on ${valuesPath}.`,
        `Wait for it to finish. If it is gone, remove ${file} and run again.`,
      );
    }
    if (await moveAsideIfStill(file, owner)) tookOverFrom = owner.pid;
  }
  throw new StepError(`Could not take the lock ${file}.`, `Remove ${file} if no other run is going, and run again.`);
}

/** Creates the lock with its content in one step (write elsewhere, then link: fails if one exists). */
async function placeLock(file: string, me: LockOwner): Promise<boolean> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temp, JSON.stringify(me), { mode: 0o600 });
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // Filesystems without hard links: exclusive create, then write (a reader may briefly see it empty).
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EXDEV') return placeLockWithoutLinks(file, me);
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

async function placeLockWithoutLinks(file: string, me: LockOwner): Promise<boolean> {
  try {
    await writeFile(file, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Moves a dead run's lock out of the way; if another run replaced it meanwhile, puts that one back. */
async function moveAsideIfStill(file: string, stale: LockOwner): Promise<boolean> {
  const aside = `${file}.stale.${process.pid}`;
  try {
    await rename(file, aside);
  } catch {
    return false; // another run took it over first
  }
  const moved = await readOwner(aside);
  if (moved?.pid === stale.pid && moved.startedAt === stale.startedAt) {
    await rm(aside, { force: true });
    return true;
  }
  await link(aside, file).catch(() => undefined);
  await rm(aside, { force: true });
  return false;
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
