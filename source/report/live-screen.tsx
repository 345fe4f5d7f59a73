import { render } from 'ink';
import type { RunEvent } from '../events.js';
import { App } from '../ui/App.js';
import { ScreenStore } from '../ui/screen-state.js';

export interface LiveScreen {
  emit(event: RunEvent): void;
  /** Draws the last frame and leaves it on the terminal. */
  close(): Promise<void>;
}

/** Mounts the Ink live screen; only ever called with a TTY. */
export function mountLiveScreen(): LiveScreen {
  const store = new ScreenStore();
  const instance = render(<App store={store} />, { exitOnCtrlC: false, patchConsole: false });
  return {
    emit: store.dispatch,
    async close() {
      await new Promise((resolve) => setTimeout(resolve, 30));
      instance.unmount();
      await instance.waitUntilExit();
    },
  };
}
