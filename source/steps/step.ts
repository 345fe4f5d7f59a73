import type { Config } from '../config.js';
import type { StepStatus } from '../events.js';
import type { GitGuardResult } from '../files/git-guard.js';
import type { Journal } from '../files/journal.js';
import type { ExistingInstall } from '../inspect-install.js';
import type { TokenKey, ValuesFile } from '../files/values-file.js';
import type { SecretSet } from '../secrets/redact.js';
import type { Exec } from '../tools/exec.js';

/** What steps learn and later steps (and the summary) use. */
export interface RunState {
  /** What an earlier run left, read before this one started. */
  existing: ExistingInstall;
  journal: Journal;
  token?: string;
  /** Every token the values file should hold: the token, plus old ones during an overlap. */
  fileTokens?: string[];
  /** Tokens this run retires; each must be rejected by the hub at the end (or still accepted, in an overlap). */
  oldTokens?: string[];
  /** This run backed up the values file and began a rotation (so a helm failure undoes it whole). */
  rotationStartedHere?: boolean;
  /** The new token is proven and the old one dead: what fails after this is not the rotation. */
  rotationCompleted?: boolean;
  /** The namespace exists and this user may not create namespaces: helm must not try to. */
  namespaceExists?: boolean;
  /** SHA-256 of the values file as this run wrote it. */
  valuesSha?: string;
  tokenOrigin?: string;
  tokenKey?: TokenKey;
  values?: ValuesFile;
  gitGuard?: GitGuardResult;
  revision?: number;
  replacedKedgeContext?: boolean;
  edgesProviderMissing?: boolean;
}

export interface StepContext {
  config: Config;
  state: RunState;
  secrets: SecretSet;
  exec: Exec;
  signal: AbortSignal;
  /** A line of the running command's (already redacted) output, for the screen's tail. */
  log(line: string): void;
  /** A short live status for the step row, e.g. "503 bootstrapping". */
  progress(detail: string): void;
  sleep(ms: number): Promise<void>;
}

export interface StepResult {
  status?: StepStatus;
  detail?: string;
  /** What to do about a warning. */
  hint?: string;
}

export interface Step {
  id: string;
  title: string;
  /** A warning check reports its failure and lets the run go on; fatal (the default) stops it. */
  severity?: 'fatal' | 'warning';
  /** What the step will do, as the user could do it by hand; the token shown as <redacted>. For --dry-run. */
  describe(config: Config): string[];
  run(ctx: StepContext): Promise<StepResult | void>;
}

/** Independent checks, run concurrently and shown under one title. */
export interface StepGroup {
  group: string;
  steps: readonly Step[];
}

/** A plan is steps and groups, in order. */
export type PlanItem = Step | StepGroup;

export function isGroup(item: PlanItem): item is StepGroup {
  return 'group' in item;
}

export function flattenPlan(plan: readonly PlanItem[]): Step[] {
  return plan.flatMap((item) => (isGroup(item) ? [...item.steps] : [item]));
}

/** Each step with the title of the group it belongs to, if any. */
export function planInfo(plan: readonly PlanItem[]): Array<{ id: string; title: string; group?: string }> {
  return plan.flatMap((item) =>
    isGroup(item) ? item.steps.map(({ id, title }) => ({ id, title, group: item.group })) : [{ id: item.id, title: item.title }],
  );
}
