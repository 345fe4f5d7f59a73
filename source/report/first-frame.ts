/**
 * A first frame drawn the moment the CLI starts, before the wizard has read the kubeconfig, the release and
 * the cluster (and before Ink has loaded): the user sees at once that it runs. The live screen replaces it.
 */
export interface FirstFrame {
  /** Erases the frame; safe to call more than once. */
  clear(): void;
}

const ERASE_UP = (lines: number) => `\x1b[${lines}A\x1b[0J`;

export function showFirstFrame(stream: NodeJS.WriteStream, title: string): FirstFrame {
  const width = Math.max(10, (stream.columns ?? 80) - 1);
  const lines = [title, '', '⠋ Reading your setup: kubeconfig, release, cluster'].map((line) => line.slice(0, width));
  stream.write(`${lines.join('\n')}\n`);
  let shown = true;
  return {
    clear() {
      if (!shown) return;
      shown = false;
      stream.write(ERASE_UP(lines.length));
    },
  };
}

/** Live output (the first frame, the Ink screen) needs a terminal with a width, and no CI. */
export function wantsLiveOutput(stdout: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  const ci = Boolean(env.CI) && env.CI !== 'false' && env.CI !== '0';
  return Boolean(stdout.isTTY) && (stdout.columns ?? 0) > 0 && !ci;
}
