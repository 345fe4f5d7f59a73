import type { Config } from './config.js';
import { CancelledError, isActionable } from './errors.js';
import type { Emit } from './events.js';
import type { Options } from './options.js';
import { describePlan, planSteps } from './plan.js';
import { describeTarget, resolveConfig } from './resolve-config.js';
import { runSteps } from './runner.js';
import { SecretSet } from './secrets/redact.js';
import { readProvidedToken } from './secrets/token-input.js';
import type { RunState } from './steps/step.js';
import { summarise } from './summary.js';
import { createExec } from './tools/exec.js';
import { createPlainReporter } from './report/plain.js';

export interface Io {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

export function isCi(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.CI) && env.CI !== 'false' && env.CI !== '0';
}

/** The whole run after argv is parsed: returns the exit code. */
export async function main(options: Options, io: Io): Promise<number> {
  const secrets = new SecretSet();
  try {
    const interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY) && !options.yes && !options.tokenStdin;
    const providedToken = await readProvidedToken(options, io.stdin);
    if (providedToken) secrets.add(providedToken);
    const exec = createExec({ env: io.env, redact: secrets.redact, signal: io.signal });
    const prompter = interactive ? (await import('./prompts.js')).inquirerPrompter : undefined;
    const config = await resolveConfig(options, { exec, prompter, env: io.env, providedToken });
    const steps = planSteps(config);

    if (config.dryRun) {
      io.stdout.write(`${describePlan(config, steps).join('\n')}\n`);
      return 0;
    }
    if (prompter && !(await prompter.confirmPlan(describeTarget(config)))) {
      throw new CancelledError('Nothing was written.');
    }
    return await execute(config, steps, { exec, secrets, io });
  } catch (error) {
    if (!isActionable(error)) throw error;
    const redact = secrets.redact;
    io.stderr.write(`${error instanceof CancelledError ? '' : 'Error: '}${redact(error.message)}\n`);
    if ('hint' in error && error.hint) io.stderr.write(`${redact(error.hint)}\n`);
    if ('tail' in error) for (const line of error.tail) io.stderr.write(`  │ ${redact(line)}\n`);
    return error.exitCode;
  }
}

async function execute(config: Config, steps: ReturnType<typeof planSteps>, deps: { exec: ReturnType<typeof createExec>; secrets: SecretSet; io: Io }): Promise<number> {
  const { io, secrets, exec } = deps;
  const live = io.stdout.isTTY && !isCi(io.env) ? (await import('./report/live-screen.js')).mountLiveScreen() : undefined;
  const emit: Emit = live ? live.emit : createPlainReporter((text) => io.stdout.write(text));
  emit({
    type: 'plan',
    title: `create-kedge-hub · ${config.hubUrl} on ${config.kubeContext} (${config.namespace}/${config.release})`,
    steps: steps.map(({ id, title }) => ({ id, title })),
  });
  const state: RunState = {};
  const outcome = await runSteps(steps, { config, state, secrets, exec, signal: io.signal }, emit);
  emit({ type: 'finish', exitCode: outcome.exitCode, summary: summarise(config, state, outcome) });
  await live?.close();
  return outcome.exitCode;
}
