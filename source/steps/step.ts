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
  /** The values file already said exactly this before the run. */
  valuesUnchanged?: boolean;
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
}

export interface Step {
  id: string;
  title: string;
  /** What the step will do, as the user could do it by hand; the token shown as <redacted>. For --dry-run. */
  describe(config: Config): string[];
  run(ctx: StepContext): Promise<StepResult | void>;
}
