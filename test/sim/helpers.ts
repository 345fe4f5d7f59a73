import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { simEnvironment, chartPath } from '../fixtures/sim/environment.js';
import { startSimCluster, type SimCluster, type SimOptions } from '../fixtures/sim/server.js';

export interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface Harness {
  sim: SimCluster;
  dir: string;
  env: NodeJS.ProcessEnv;
  run(cmd: string, args: string[], opts?: { env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Run>;
  /** Writes a values file for the given chart flavour and returns its path. */
  values(name: string, v: { tokens: string[]; devMode?: boolean; legacy?: boolean; extra?: string }): Promise<string>;
  helmInstall(valuesFile: string, flavour?: 'current' | 'legacy', extraArgs?: string[]): Promise<Run>;
  close(): Promise<void>;
}

/** A simulated cluster + private environment for running the real helm/kubectl. */
export async function harness(opts: SimOptions = {}): Promise<Harness> {
  const sim = await startSimCluster({ rolloutDelayMs: 300, hubBootMs: 200, ...opts });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kedge-sim-test-'));
  const env = await simEnvironment(sim, dir);
  const run: Harness['run'] = async (cmd, args, o = {}) => {
    const r = await execa(cmd, args, {
      env: { ...env, ...o.env },
      extendEnv: false,
      reject: false,
      timeout: o.timeoutMs ?? 30_000,
      stdin: 'ignore',
      stripFinalNewline: false,
    });
    return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
  return {
    sim,
    dir,
    env,
    run,
    async values(name, v) {
      const file = path.join(dir, `${name}.yaml`);
      const tokenKey = v.legacy
        ? `  staticAuthToken: "${v.tokens[0] ?? ''}"`
        : `  staticAuthTokens: [${v.tokens.map((t) => JSON.stringify(t)).join(', ')}]`;
      await writeFile(
        file,
        `hub:\n  hubExternalURL: "${sim.hubUrl}"\n  devMode: ${v.devMode ?? true}\n${tokenKey}\n${v.extra ?? ''}`,
      );
      return file;
    },
    helmInstall(valuesFile, flavour = 'current', extraArgs = []) {
      return run('helm', [
        'upgrade', '--install', 'kedge', chartPath(flavour), '-f', valuesFile,
        '-n', 'kedge-system', '--create-namespace', '--kube-context', 'sim', ...extraArgs,
      ]);
    },
    async close() {
      if (process.env.SIM_DUMP) {
        for (const r of sim.requests) if ((r.status ?? 0) >= 400) console.error(`[sim] ${r.listener} ${r.method} ${r.url} -> ${r.status}`);
      }
      await sim.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function randomToken(): string {
  return Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
}
