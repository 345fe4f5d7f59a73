import type { RunEvent } from '../events.js';

export type StepViewStatus = 'pending' | 'running' | 'ok' | 'warn' | 'skipped' | 'failed' | 'cancelled';

export interface StepView {
  id: string;
  title: string;
  group?: string;
  status: StepViewStatus;
  detail?: string;
  startedAt?: number;
  ms?: number;
  lines: string[];
  hint?: string;
}

export interface ScreenState {
  title: string;
  steps: StepView[];
  summary?: string[];
  exitCode?: number;
}

const TAIL_LINES = 4;

/** Folds run events into what the live screen shows. Pure, so tests can drive it event by event. */
export function reduceScreen(state: ScreenState, event: RunEvent, now: number): ScreenState {
  const update = (id: string, change: (step: StepView) => StepView): ScreenState => ({
    ...state,
    steps: state.steps.map((step) => (step.id === id ? change(step) : step)),
  });
  switch (event.type) {
    case 'plan':
      return { title: event.title, steps: event.steps.map((s) => ({ ...s, status: 'pending' as const, lines: [] })) };
    case 'step-start':
      return update(event.id, (s) => ({ ...s, status: 'running', startedAt: now }));
    case 'step-line':
      return update(event.id, (s) => ({ ...s, lines: [...s.lines, event.line].slice(-TAIL_LINES) }));
    case 'step-progress':
      return update(event.id, (s) => ({ ...s, detail: event.detail }));
    case 'step-end':
      return update(event.id, (s) => ({ ...s, status: event.status, detail: event.detail, hint: event.hint, ms: event.ms, lines: [] }));
    case 'step-fail':
      return update(event.id, (s) => ({
        ...s,
        status: event.cancelled ? 'cancelled' : 'failed',
        detail: event.message,
        hint: event.hint,
        ms: event.ms,
        lines: event.tail.length ? event.tail.slice(-8) : s.lines,
      }));
    case 'finish':
      return { ...state, summary: event.summary, exitCode: event.exitCode };
  }
}

/** Holds the screen state and tells subscribers (the Ink app) when it changes. */
export class ScreenStore {
  private listeners = new Set<() => void>();
  state: ScreenState = { title: '', steps: [] };

  constructor(private readonly clock: () => number = Date.now) {}

  dispatch = (event: RunEvent): void => {
    this.state = reduceScreen(this.state, event, this.clock());
    for (const listener of this.listeners) listener();
  };

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): ScreenState => this.state;
}

export type ScreenRow = { kind: 'step'; step: StepView } | { kind: 'group'; title: string; steps: StepView[] };

const FINISHED: StepViewStatus[] = ['ok', 'warn', 'skipped', 'failed', 'cancelled'];

/**
 * What the screen lists: plain steps, and each group of concurrent checks as one row followed only by
 * the checks that need a look (running, warned, failed), so a dozen passing checks take one line.
 */
export function screenRows(steps: StepView[]): ScreenRow[] {
  const rows: ScreenRow[] = [];
  for (const step of steps) {
    const last = rows[rows.length - 1];
    if (!step.group) rows.push({ kind: 'step', step });
    else if (last?.kind === 'group' && last.title === step.group) last.steps.push(step);
    else rows.push({ kind: 'group', title: step.group, steps: [step] });
  }
  return rows;
}

export function groupStatus(steps: StepView[]): StepViewStatus {
  if (steps.some((s) => s.status === 'failed')) return 'failed';
  if (steps.some((s) => s.status === 'cancelled')) return 'cancelled';
  if (steps.some((s) => s.status === 'running')) return 'running';
  if (steps.every((s) => s.status === 'pending')) return 'pending';
  if (!steps.every((s) => FINISHED.includes(s.status))) return 'running';
  return steps.some((s) => s.status === 'warn') ? 'warn' : 'ok';
}

export function groupDetail(steps: StepView[]): string {
  const done = steps.filter((s) => FINISHED.includes(s.status)).length;
  const warnings = steps.filter((s) => s.status === 'warn').length;
  const failed = steps.filter((s) => s.status === 'failed').length;
  if (done < steps.length && failed === 0) return `${done}/${steps.length} checks done`;
  const parts = [`${steps.length - warnings - failed} of ${steps.length} checks passed`];
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  if (failed) parts.push(`${failed} failed`);
  return parts.join(', ');
}

export function needsLook(step: StepView): boolean {
  return step.status === 'running' || step.status === 'warn' || step.status === 'failed' || step.status === 'cancelled';
}
