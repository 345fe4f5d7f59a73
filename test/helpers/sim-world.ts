import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { execa } from 'execa';
import { parse } from 'yaml';
import { chartPath, simEnvironment } from '../fixtures/sim/environment.js';
import { startSimCluster, type SimCluster, type SimOptions } from '../fixtures/sim/server.js';
import { runCli, type CliRun } from './cli.js';
import { tempDir } from './temp.js';

export interface SimWorld {
  sim: SimCluster;
  dir: string;
  env: NodeJS.ProcessEnv;
  valuesPath: string;
  /** The wizard with --yes against this cluster and the current-generation test chart; extra args after. */
  wizard(args?: string[], options?: { chart?: 'current' | 'legacy'; input?: string; env?: NodeJS.ProcessEnv }): Promise<CliRun>;
  /** The real kubectl or helm in this world's private environment. */
  run(command: 'kubectl' | 'helm', args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  values(): Promise<Record<string, any>>;
  kubeconfig(): Promise<Record<string, any>>;
}

/** A simulated cluster and hub, the real helm and kubectl, a private HOME and KUBECONFIG: one user's machine. */
export async function simWorld(t: TestContext, options: SimOptions = {}): Promise<SimWorld> {
  const sim = await startSimCluster({ rolloutDelayMs: 400, hubBootMs: 400, ...options });
  t.after(() => sim.stop());
  const dir = await tempDir(t);
  const env: NodeJS.ProcessEnv = { ...(await simEnvironment(sim, dir)), CI: 'true' };
  const valuesPath = path.join(dir, 'config', 'kedge-hub', 'kedge.values.yaml');
  return {
    sim,
    dir,
    env,
    valuesPath,
    wizard: (args = [], o = {}) =>
      runCli(['--yes', '--hub-url', sim.hubUrl, '--chart', chartPath(o.chart ?? 'current'), '--timeout', '30s', ...args], { env: o.env ?? env, input: o.input }),
    run: async (command, args) => {
      const r = await execa(command, args, { env, extendEnv: false, reject: false });
      return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
    },
    values: async () => parse(await readFile(valuesPath, 'utf8')),
    kubeconfig: async () => parse(await readFile(env.KUBECONFIG!, 'utf8')),
  };
}

/** Fails the test if any secret appears anywhere in what the user saw. */
export function assertNoSecret(output: string, ...secrets: string[]): void {
  for (const secret of secrets) {
    if (output.includes(secret) || output.toLowerCase().includes(secret.toLowerCase())) {
      throw new Error(`a token leaked into the output:\n${output.replaceAll(secret, '«TOKEN»')}`);
    }
  }
}

/** A world where a first `--yes` install has already succeeded, with the token it generated. */
export async function installedWorld(t: TestContext, options: SimOptions = {}): Promise<SimWorld & { token: string }> {
  const world = await simWorld(t, options);
  const run = await world.wizard();
  if (run.exitCode !== 0) throw new Error(`the first install failed:\n${run.all}`);
  return { ...world, token: (await world.values()).hub.staticAuthTokens[0] };
}
