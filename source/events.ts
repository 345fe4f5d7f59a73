/** What a run reports; every reporter (live screen, plain lines) reads only these. */
export type StepStatus = 'ok' | 'warn' | 'skipped';

export interface StepInfo {
  id: string;
  title: string;
  /** The group of concurrent checks it belongs to, if any. */
  group?: string;
}

export type RunEvent =
  | { type: 'plan'; title: string; steps: StepInfo[] }
  | { type: 'step-start'; id: string }
  | { type: 'step-line'; id: string; line: string }
  | { type: 'step-progress'; id: string; detail: string }
  | { type: 'step-end'; id: string; status: StepStatus; detail?: string; hint?: string; ms: number }
  | { type: 'step-fail'; id: string; message: string; hint?: string; tail: string[]; ms: number; cancelled: boolean }
  | { type: 'finish'; exitCode: number; summary: string[] };

export type Emit = (event: RunEvent) => void;
