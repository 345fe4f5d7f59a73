import { mkdir, open, readFile, rm } from 'node:fs/promises';
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
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      return { tookOverFrom, release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await readOwner(file);
    if (owner && (owner.host !== me.host || isAlive(owner.pid))) {
      throw new StepError(
        `Another create-kedge-hub run (pid ${owner.pid} on ${owner.host}, since ${owner.startedAt}) is working on ${valuesPath}.`,
        `Wait for it to finish. If it is gone, remove ${file} and run again.`,
      );
    }
    tookOverFrom = owner?.pid;
    await rm(file, { force: true });
  }
  throw new StepError(`Could not take the lock ${file}.`, `Remove ${file} if no other run is going, and run again.`);
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
