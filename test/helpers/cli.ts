import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The built CLI, as npx runs it (npm test builds it first). */
export const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together: what a user sees. */
  all: string;
}

export async function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  const result = await execa(process.execPath, [CLI, ...args], {
    env: options.env ?? { ...process.env, CI: 'true' },
    extendEnv: false,
    input: options.input,
    stdin: options.input === undefined ? 'ignore' : undefined,
    cwd: options.cwd ?? ROOT,
    reject: false,
    all: true,
    timeout: options.timeoutMs ?? 120_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr), all: String(result.all) };
}
