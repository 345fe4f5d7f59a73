import { Box, Text } from 'ink';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { formatMs } from './format.js';
import { groupDetail, groupStatus, needsLook, screenRows, type ScreenStore, type StepView } from './screen-state.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const TICK_MS = 100;

/** The live screen: one row per step with its state and time, the running command's output tail, then the summary. */
export function App({ store, clock = Date.now }: { store: ScreenStore; clock?: () => number }) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const running = state.steps.some((s) => s.status === 'running');
  const now = useTicker(running, clock);
  const frame = Math.floor(now / TICK_MS) % SPINNER.length;
  return (
    <Box flexDirection="column">
      <Text bold>{state.title}</Text>
      <Box flexDirection="column" marginTop={1}>
        {screenRows(state.steps).map((row) =>
          row.kind === 'step' ? (
            <StepRow key={row.step.id} step={row.step} now={now} frame={frame} />
          ) : (
            <GroupRows key={row.title} title={row.title} steps={row.steps} now={now} frame={frame} />
          ),
        )}
      </Box>
      {state.summary && state.summary.length > 0 && (
        <Box flexDirection="column" marginTop={1}>
          {state.summary.map((line, i) => (
            <Text key={i} color={i === 0 ? (state.exitCode === 0 ? 'green' : 'red') : undefined}>
              {line || ' '}
            </Text>
          ))}
        </Box>
      )}
    </Box>
  );
}

function GroupRows({ title, steps, now, frame }: { title: string; steps: StepView[]; now: number; frame: number }) {
  const started = steps.map((s) => s.startedAt).filter((t): t is number => t !== undefined);
  const status = groupStatus(steps);
  const finished = status !== 'running' && status !== 'pending';
  const ms = started.length ? (finished ? Math.max(...steps.map((s) => (s.startedAt ?? 0) + (s.ms ?? 0))) : now) - Math.min(...started) : undefined;
  const header: StepView = { id: title, title, status, detail: status === 'pending' ? undefined : groupDetail(steps), lines: [], ms: finished ? ms : undefined, startedAt: finished || started.length === 0 ? undefined : Math.min(...started) };
  return (
    <Box flexDirection="column">
      <StepRow step={header} now={now} frame={frame} />
      <Box flexDirection="column" paddingLeft={2}>
        {steps.filter(needsLook).map((step) => (
          <StepRow key={step.id} step={step} now={now} frame={frame} />
        ))}
      </Box>
    </Box>
  );
}

function StepRow({ step, now, frame }: { step: StepView; now: number; frame: number }) {
  const elapsed = step.ms ?? (step.startedAt ? now - step.startedAt : undefined);
  return (
    <Box flexDirection="column">
      <Box>
        <Box width={2} flexShrink={0}>
          <Mark status={step.status} frame={frame} />
        </Box>
        <Box flexGrow={1}>
          <Text wrap="truncate-end" dimColor={step.status === 'pending'}>
            {step.title}
            {step.detail ? <Text color={step.status === 'failed' ? 'red' : 'gray'}>{` — ${step.detail}`}</Text> : null}
          </Text>
        </Box>
        {elapsed !== undefined && (
          <Box flexShrink={0} marginLeft={1}>
            <Text color="gray">{formatMs(elapsed)}</Text>
          </Box>
        )}
      </Box>
      {(step.status === 'running' || step.status === 'failed') &&
        step.lines.map((line, i) => (
          <Box key={i} paddingLeft={4}>
            <Text color="gray" wrap="truncate-end">
              │ {line}
            </Text>
          </Box>
        ))}
      {step.hint && (
        <Box paddingLeft={2}>
          <Text color="yellow">hint: {step.hint}</Text>
        </Box>
      )}
    </Box>
  );
}

function Mark({ status, frame }: { status: StepView['status']; frame: number }) {
  switch (status) {
    case 'running':
      return <Text color="cyan">{SPINNER[frame]}</Text>;
    case 'ok':
      return <Text color="green">✔</Text>;
    case 'warn':
      return <Text color="yellow">⚠</Text>;
    case 'failed':
      return <Text color="red">✖</Text>;
    case 'cancelled':
      return <Text color="yellow">■</Text>;
    case 'skipped':
      return <Text color="gray">-</Text>;
    default:
      return <Text color="gray">·</Text>;
  }
}

function useTicker(active: boolean, clock: () => number): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    setNow(clock());
    if (!active) return;
    const timer = setInterval(() => setNow(clock()), TICK_MS);
    return () => clearInterval(timer);
  }, [active, clock]);
  return now;
}
