import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { tempDir } from '../helpers/temp.js';

const lockModule = fileURLToPath(new URL('../../source/files/lock.ts', import.meta.url));

/** One separate process trying to take the lock, holding it a moment if it gets it. */
function contender(valuesPath: string) {
  const script = `
    const { acquireLock } = await import(${JSON.stringify(lockModule)});
    try { const lock = await acquireLock(${JSON.stringify(valuesPath)}); console.log('HELD'); await new Promise((r) => setTimeout(r, 1500)); await lock.release(); }
    catch (error) { console.log('REFUSED ' + error.message); }`;
  return execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { reject: false });
}

test('many runs racing for a lock left by a dead process: exactly one gets it', async (t) => {
  const dir = await tempDir(t);
  const valuesPath = path.join(dir, 'kedge.values.yaml');
  await writeFile(`${valuesPath}.lock`, JSON.stringify({ pid: 999_999, host: os.hostname(), startedAt: '2026-01-01T00:00:00Z' }));
  const results = await Promise.all(Array.from({ length: 8 }, () => contender(valuesPath)));
  const held = results.filter((r) => String(r.stdout).startsWith('HELD'));
  assert.equal(held.length, 1, results.map((r) => r.stdout).join('\n'));
  for (const r of results.filter((r) => !String(r.stdout).startsWith('HELD'))) assert.match(String(r.stdout), /REFUSED (Another create-kedge-hub run|Another run is taking the lock)/);
});
