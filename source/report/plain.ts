import type { RunEvent, StepInfo } from '../events.js';
import { formatMs } from '../ui/format.js';

/** Plain lines, one per event, no cursor codes: for pipes, CI logs and --yes in scripts. */
export function createPlainReporter(write: (text: string) => void) {
  const titles = new Map<string, string>();
  const lastProgress = new Map<string, string>();
  const title = (id: string) => titles.get(id) ?? id;
  return (event: RunEvent): void => {
    switch (event.type) {
      case 'plan':
        event.steps.forEach((s: StepInfo) => titles.set(s.id, s.title));
        write(`${event.title}\n`);
        break;
      case 'step-start':
        write(`▸ ${title(event.id)}\n`);
        break;
      case 'step-line':
        write(`    │ ${event.line}\n`);
        break;
      case 'step-progress':
        if (lastProgress.get(event.id) !== event.detail) write(`    … ${event.detail}\n`);
        lastProgress.set(event.id, event.detail);
        break;
      case 'step-end': {
        const mark = event.status === 'warn' ? '⚠' : event.status === 'skipped' ? '-' : '✔';
        write(`${mark} ${title(event.id)}${event.detail ? ` — ${event.detail}` : ''} (${formatMs(event.ms)})\n`);
        if (event.hint) write(`  hint: ${event.hint}\n`);
        break;
      }
      case 'step-fail':
        write(`✖ ${title(event.id)} — ${event.message} (${formatMs(event.ms)})\n`);
        for (const line of event.tail) write(`    │ ${line}\n`);
        if (event.hint) write(`  hint: ${event.hint}\n`);
        break;
      case 'finish':
        if (event.summary.length) write(`\n${event.summary.join('\n')}\n`);
        break;
    }
  };
}
