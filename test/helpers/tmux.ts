import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { execa } from 'execa';

export const hasTmux = (await execa('tmux', ['-V'], { reject: false }).catch(() => ({ exitCode: 1 }))).exitCode === 0;

export interface Terminal {
  /** Types keys as a person would: text, or tmux key names such as Enter, Down, C-c. */
  send(...keys: string[]): Promise<void>;
  /** What the screen shows now. */
  screen(): Promise<string>;
  /** Waits until the screen matches, and returns it; fails with the screen when it does not within the time. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** The command's exit code, once it has ended. */
  exitCode(timeoutMs?: number): Promise<number>;
}

/** Runs a command in a real terminal (tmux, fixed size) with exactly the given environment. */
export async function openTerminal(t: TestContext, command: string[], env: NodeJS.ProcessEnv, dir: string, size = { columns: 100, rows: 30 }): Promise<Terminal> {
  const socket = `ckh-${randomBytes(4).toString('hex')}`;
  const exitFile = path.join(dir, `${socket}.exit`);
  const script = path.join(dir, `${socket}.sh`);
  const exports = Object.entries(env).filter(([k, v]) => v !== undefined && k !== 'CI').map(([k, v]) => `export ${k}=${shellQuote(v!)}`);
  await writeFile(script, ['#!/bin/sh', 'trap : INT', 'unset CI', ...exports, `${command.map(shellQuote).join(' ')}`, `echo $? > ${shellQuote(exitFile)}`, 'sleep 600', ''].join('\n'), { mode: 0o700 });
  const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args], { reject: false });
  await tmux('new-session', '-d', '-x', String(size.columns), '-y', String(size.rows), '-s', 'main', `sh ${shellQuote(script)}`);
  t.after(async () => {
    await tmux('kill-server');
  });
  const screen = async () => String((await tmux('capture-pane', '-p', '-t', 'main')).stdout);
  return {
    async send(...keys) {
      for (const key of keys) {
        const literal = !/^(Enter|Up|Down|Left|Right|Escape|Tab|BSpace|C-[a-z])$/.test(key);
        await tmux('send-keys', '-t', 'main', ...(literal ? ['-l', key] : [key]));
        await new Promise((r) => setTimeout(r, 60));
      }
    },
    screen,
    async waitFor(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        last = await screen();
        if (pattern.test(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the screen never showed ${pattern}; it shows:\n${last}`);
    },
    async exitCode(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const text = await import('node:fs/promises').then((fs) => fs.readFile(exitFile, 'utf8')).catch(() => '');
        if (text.trim()) return Number(text.trim());
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the command did not end; the screen shows:\n${await screen()}`);
    },
  };
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}
