import type { RunEvent } from '../events.js';

export type StepViewStatus = 'pending' | 'running' | 'ok' | 'warn' | 'skipped' | 'failed' | 'cancelled';

export interface StepView {
  id: string;
  title: string;
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
      return { title: event.title, steps: event.steps.map((s) => ({ ...s, status: 'pending', lines: [] })) };
    case 'step-start':
      return update(event.id, (s) => ({ ...s, status: 'running', startedAt: now }));
    case 'step-line':
      return update(event.id, (s) => ({ ...s, lines: [...s.lines, event.line].slice(-TAIL_LINES) }));
    case 'step-progress':
      return update(event.id, (s) => ({ ...s, detail: event.detail }));
    case 'step-end':
      return update(event.id, (s) => ({ ...s, status: event.status, detail: event.detail, ms: event.ms, lines: [] }));
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
