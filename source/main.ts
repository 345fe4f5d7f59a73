import { readFile, stat } from 'node:fs/promises';
import { chooseMode, refuseTokenDrift, refuseTokenSwap } from './choose-mode.js';
import type { Config } from './config.js';
import { CancelledError, isActionable, StepError } from './errors.js';
import type { Emit, RunEvent } from './events.js';
import { emptyJournal, journalPath, writeJournal } from './files/journal.js';
import { acquireLock, type Lock } from './files/lock.js';
import { inspectInstall, type ExistingInstall } from './inspect-install.js';
import type { Options } from './options.js';
import { settlePendingRelease } from './pending-release.js';
import { describePlan, describePlanJson, MODE_TITLES, planSteps } from './plan.js';
import { createJsonReporter, errorDocument } from './report/json.js';
import { refuseOtherCluster } from './cluster-identity.js';
import { loginKubeconfigFile } from './checks/local-files.js';
import { createPlainReporter } from './report/plain.js';
import { wantsLiveOutput, type FirstFrame } from './report/first-frame.js';
import { describeTarget, resolveConfig, resolveTarget } from './resolve-config.js';
import { runSteps, type RunOutcome } from './runner.js';
import { SecretSet } from './secrets/redact.js';
import { readProvidedToken } from './secrets/token-input.js';
import { tokensInValues } from './files/values-file.js';
import { planInfo, type PlanItem, type RunState } from './steps/step.js';
import { summarise } from './summary.js';
import { createExec, type Exec } from './tools/exec.js';

export interface Io {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  /** Drawn at start-up; cleared before anything else is written. */
  firstFrame?: FirstFrame;
}

/** A live screen needs a terminal with a width (a pty that reports 0 columns gets plain lines), and no CI. */
function wantsLiveScreen(io: Io): boolean {
  return wantsLiveOutput(io.stdout, io.env);
}

let liveScreenModule: Promise<typeof import('./report/live-screen.js')> | undefined;
// Ink and React take a while to load: start early, while the questions and cluster calls run.
function loadLiveScreen() {
  liveScreenModule ??= import('./report/live-screen.js');
  return liveScreenModule;
}

/** The whole run after argv is parsed: returns the exit code. */
export async function main(options: Options, io: Io): Promise<number> {
  const secrets = new SecretSet();
  let lock: Lock | undefined;
  try {
    const interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY) && !options.yes && !options.tokenStdin && options.output === 'text';
    if (options.output === 'text' && !options.dryRun && wantsLiveScreen(io)) loadLiveScreen().catch(() => undefined);
    const providedToken = await readProvidedToken(options, io.stdin);
    if (providedToken) secrets.add(providedToken);
    const exec = createExec({ env: io.env, redact: secrets.redact, signal: io.signal });
    const prompter = interactive ? (await import('./prompts.js')).inquirerPrompter : undefined;

    const target = await resolveTarget(options, { exec, prompter, env: io.env });
    const seen = await snapshotState(target.valuesPath);
    const existing = await inspectInstall(target, { exec, offline: options.dryRun });
    for (const token of [...existing.tokens, ...(existing.backup ? tokensInValues(existing.backup.doc) : [])]) secrets.add(token);
    const mode = await chooseMode(options, existing, target, prompter);
    if (mode === 'quit') {
      io.firstFrame?.clear();
      return 0;
    }
    const config = await resolveConfig(options, target, mode, existing, { prompter, providedToken });
    if (existing.journal?.rotation?.overlap && mode === 'rotate') config.overlap = true;
    config.kubeconfigFile = loginKubeconfigFile(io.env);
    refuseTokenDrift(existing, mode, config.valuesPath);
    refuseTokenSwap(existing, mode, providedToken);
    refuseOtherCluster(existing, config, { explicitContext: options.kubeContext !== undefined, interactive: prompter !== undefined });
    await settlePendingRelease(existing, config, { exec, prompter, write: (text) => io.stdout.write(text) });

    const plan = planSteps(config);
    if (config.dryRun) {
      io.stdout.write(config.output === 'json' ? `${JSON.stringify(describePlanJson(config, plan), null, 2)}\n` : `${describePlan(config, plan).join('\n')}\n`);
      return 0;
    }
    if (prompter && writes(mode) && !(await prompter.confirmPlan(describeTarget(config, existing.clusterId)))) {
      throw new CancelledError('Nothing was written.');
    }
    if (writes(mode)) {
      lock = await acquireLock(config.valuesPath);
      if (lock.tookOverFrom) {
        io.firstFrame?.clear();
        io.stderr.write(`Took over a lock left by process ${lock.tookOverFrom}, which is no longer running.\n`);
      }
      // Another run may have changed things while this one waited at the questions: decide again from the new state.
      if ((await snapshotState(config.valuesPath)) !== seen) {
        throw new StepError('The setup changed while you were answering (another run finished meanwhile).', 'Nothing was written. Run the command again to see the new state.');
      }
    }
    return await execute(config, plan, existing, { exec, secrets, io });
  } catch (caught) {
    const error = asActionable(caught);
    io.firstFrame?.clear();
    const redact = secrets.redact;
    if (options.output === 'json') {
      const hint = 'hint' in error && error.hint ? redact(error.hint) : undefined;
      io.stdout.write(`${JSON.stringify(errorDocument(options.command, error.exitCode, redact(error.message), hint), null, 2)}\n`);
    }
    io.stderr.write(`${error instanceof CancelledError ? '' : 'Error: '}${redact(error.message)}\n`);
    if ('hint' in error && error.hint) io.stderr.write(`${redact(error.hint)}\n`);
    if ('tail' in error) for (const line of error.tail) io.stderr.write(`  │ ${redact(line)}\n`);
    return error.exitCode;
  } finally {
    await lock?.release();
  }
}

function writes(mode: Config['mode']): boolean {
  return mode !== 'verify' && mode !== 'preflight';
}

/** File-system failures (no permission, disk full, read-only) are the user's to fix: say so plainly, with no stack trace. */
function asActionable(error: unknown) {
  if (isActionable(error)) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code && /^E[A-Z]+$/.test(code) && (error as NodeJS.ErrnoException).syscall) {
    return new StepError(`Could not ${(error as NodeJS.ErrnoException).syscall} a file: ${(error as Error).message}`, 'Check the permissions and free space of that path, then run again.');
  }
  throw error;
}

/** The bytes of the values (or token) file and its journal: what a decision here was based on. */
async function snapshotState(valuesPath: string): Promise<string> {
  const [values, journal] = await Promise.all([valuesPath, journalPath(valuesPath)].map((file) => readFile(file, 'utf8').catch(() => '')));
  return `${values}\u0000${journal}`;
}

async function execute(config: Config, plan: PlanItem[], existing: ExistingInstall, deps: { exec: Exec; secrets: SecretSet; io: Io }): Promise<number> {
  const { io, secrets, exec } = deps;
  const planEvent = {
    type: 'plan' as const,
    title: `create-kedge-hub · ${MODE_TITLES[config.mode]} · ${config.hubUrl} on ${config.binary ? `this machine (${config.binary.dir})` : `${config.kubeContext} (${config.namespace}/${config.release})`}`,
    steps: planInfo(plan),
  };
  const json = config.output === 'json' ? createJsonReporter(config) : undefined;
  const screen = !json && wantsLiveScreen(io) ? await loadLiveScreen() : undefined;
  io.firstFrame?.clear();
  const live = screen?.mountLiveScreen(planEvent);
  const report: Emit = json ? json.emit : live ? live.emit : createPlainReporter((text) => io.stdout.write(text));
  const completed: string[] = [];
  const emit: Emit = (event: RunEvent) => {
    if (event.type === 'step-end') completed.push(event.id);
    report(event);
  };
  if (!live) emit(planEvent);
  const state: RunState = { existing, journal: existing.journal ?? emptyJournal() };
  const outcome = await runSteps(plan, { config, state, secrets, exec, signal: io.signal }, emit);
  if (writes(config.mode)) await recordOutcome(config, state, outcome, completed);
  emit({ type: 'finish', exitCode: outcome.exitCode, summary: summarise(config, state, outcome) });
  await live?.close();
  if (json) io.stdout.write(`${secrets.redact(JSON.stringify(json.document(), null, 2))}\n`);
  return outcome.exitCode;
}

/** The journal learns how the run ended, so the next one can resume; written only once the run has written something. */
async function recordOutcome(config: Config, state: RunState, outcome: RunOutcome, completed: string[]): Promise<void> {
  const wroteSomething = state.existing.journal !== undefined || (await stat(config.valuesPath).catch(() => undefined)) !== undefined;
  if (!wroteSomething) return;
  const { journal } = state;
  journal.completedSteps = completed;
  journal.failedStep = outcome.exitCode === 1 ? outcome.failedStep : undefined;
  journal.interruptedStep = outcome.exitCode === 130 ? outcome.failedStep : undefined;
  await writeJournal(config.valuesPath, journal);
}
