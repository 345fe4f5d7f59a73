import { render } from 'ink';
import type { RunEvent } from '../events.js';
import { App } from '../ui/App.js';
import { ScreenStore } from '../ui/screen-state.js';

export interface LiveScreen {
  emit(event: RunEvent): void;
  /** Draws the last frame and leaves it on the terminal. */
  close(): Promise<void>;
}

/** Mounts the Ink live screen with the plan already in it, so the first frame is the step list. Only ever called with a TTY. */
export function mountLiveScreen(plan: Extract<RunEvent, { type: 'plan' }>): LiveScreen {
  const store = new ScreenStore();
  store.dispatch(plan);
  const instance = render(<App store={store} />, { exitOnCtrlC: false, patchConsole: false });
  return {
    emit: store.dispatch,
    async close() {
      await new Promise((resolve) => setTimeout(resolve, 30));
      instance.unmount();
      await instance.waitUntilExit();
      // Ink leaves the cursor at the end of the last frame: the shell prompt belongs on a line of its own.
      process.stdout.write('\n');
    },
  };
}
