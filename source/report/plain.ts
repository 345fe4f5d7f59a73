import type { RunEvent, StepInfo } from '../events.js';
import { formatMs } from '../ui/format.js';

/**
 * Plain lines, one per event, no cursor codes: for pipes, CI logs and --yes in scripts.
 * Checks that run concurrently are printed in plan order, each whole, so logs read the same every run.
 */
export function createPlainReporter(write: (text: string) => void) {
  let steps: StepInfo[] = [];
  const buffered = new Map<string, string[]>();
  const finished = new Set<string>();
  const lastProgress = new Map<string, string>();
  let next = 0; // index of the first step not yet printed whole

  const title = (id: string) => steps.find((s) => s.id === id)?.title ?? id;
  const grouped = (id: string) => steps.find((s) => s.id === id)?.group !== undefined;
  const out = (id: string, text: string) => {
    if (grouped(id)) buffered.set(id, [...(buffered.get(id) ?? []), text]);
    else write(text);
  };
  const flush = () => {
    while (next < steps.length && finished.has(steps[next]!.id)) {
      const step = steps[next]!;
      if (step.group && steps[next - 1]?.group !== step.group) write(`▸ ${step.group}\n`);
      for (const text of buffered.get(step.id) ?? []) write(text);
      next++;
    }
  };

  return (event: RunEvent): void => {
    switch (event.type) {
      case 'plan':
        steps = event.steps;
        write(`${event.title}\n`);
        return;
      case 'step-start':
        if (!grouped(event.id)) write(`▸ ${title(event.id)}\n`);
        return;
      case 'step-line':
        out(event.id, `    │ ${event.line}\n`);
        return;
      case 'step-progress':
        if (lastProgress.get(event.id) !== event.detail && !grouped(event.id)) write(`    … ${event.detail}\n`);
        lastProgress.set(event.id, event.detail);
        return;
      case 'step-end': {
        const mark = event.status === 'warn' ? '⚠' : event.status === 'skipped' ? '-' : '✔';
        out(event.id, `${mark} ${title(event.id)}${event.detail ? ` — ${event.detail}` : ''} (${formatMs(event.ms)})\n`);
        if (event.hint) out(event.id, `  hint: ${event.hint}\n`);
        break;
      }
      case 'step-fail':
        out(event.id, `✖ ${title(event.id)} — ${event.message} (${formatMs(event.ms)})\n`);
        for (const line of event.tail) out(event.id, `    │ ${line}\n`);
        if (event.hint) out(event.id, `  hint: ${event.hint}\n`);
        break;
      case 'finish':
        next = steps.length;
        for (const step of steps) if (!finished.has(step.id)) for (const text of buffered.get(step.id) ?? []) write(text);
        if (event.summary.length) write(`\n${event.summary.join('\n')}\n`);
        return;
    }
    finished.add(event.id);
    flush();
  };
}
