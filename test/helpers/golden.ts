import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './cli.js';
import type { SimWorld } from './sim-world.js';

/** Takes out what differs between runs and machines: temp paths, ports, times, fingerprints, versions of tools on PATH. */
export function normalise(text: string, world: SimWorld): string {
  return text
    .replaceAll(world.dir, '<dir>')
    .replaceAll(String(world.sim.hubPort), '<hub-port>')
    .replaceAll(new URL(world.sim.apiUrl).port, '<api-port>')
    .replace(/\(\d+\.\d+s\)/g, '(<t>)')
    .replace(/"durationMs": \d+/g, '"durationMs": 0')
    .replace(/(?<![-\w])[0-9a-f]{12}(?![-\w])/g, '<fingerprint>')
    .replace(/Active {3}\d+s/g, 'Active   <age>')
    .replace(/\/clusters\/[a-z0-9]+/g, '/clusters/<id>')
    .replace(/until \w{3} +\d+ [\d:]+ \d{4} GMT/g, 'until <date>')
    .replace(/kubectl installed — v[^\s)"]+/g, 'kubectl installed — <version>')
    .replace(/"message": "v1\.\d+\.\d+[^"]*"/g, '"message": "<kubectl version>"');
}

/** Compares with test/golden/<name>; UPDATE_GOLDEN=1 writes it instead. */
export async function assertGolden(name: string, actual: string): Promise<void> {
  const file = path.join(ROOT, 'test', 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1') {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, actual);
    return;
  }
  const expected = await readFile(file, 'utf8').catch(() => {
    throw new Error(`no golden file ${file}: run the test once with UPDATE_GOLDEN=1 and review it`);
  });
  assert.equal(actual, expected, `output differs from ${file} (UPDATE_GOLDEN=1 rewrites it after review)`);
}
