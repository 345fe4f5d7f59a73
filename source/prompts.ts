import { confirm, input, select } from '@inquirer/prompts';
import { CancelledError } from './errors.js';
import { hubUrlProblem, normaliseHubUrl } from './options.js';
import type { KubeContext } from './tools/kubeconfig.js';
import type { HubTarget } from './binary/settings.js';

/** The questions, asked only on a TTY and only for what flags left open. Ctrl-C becomes CancelledError. */
export interface Prompter {
  hubUrl(initial?: string): Promise<string>;
  kubeContext(contexts: KubeContext[], current?: string): Promise<string>;
  devMode(initial: boolean): Promise<boolean>;
  nextAction(state: string[]): Promise<'rotate' | 'reapply' | 'verify' | 'quit'>;
  rollback(lines: string[]): Promise<boolean>;
  valuesPath(initial: string): Promise<string>;
  confirmPlan(lines: string[]): Promise<boolean>;
  hubTarget(initial: HubTarget): Promise<HubTarget>;
  hubDir(initial: string): Promise<string>;
}

async function ask<T>(question: Promise<T>): Promise<T> {
  try {
    return await question;
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError' || (error as Error).name === 'AbortPromptError') {
      throw new CancelledError('Cancelled at a question; nothing was written.');
    }
    throw error;
  }
}

export const inquirerPrompter: Prompter = {
  async hubUrl(initial) {
    const answer = await ask(input({
      message: 'Hub URL (where users and edges will reach the hub)',
      default: initial,
      validate: (value) => hubUrlProblem(value) ?? true,
      // Checked as you type: a mark after the text, the full reason if Enter is pressed too early.
      transformer: (value, { isFinal }) => (isFinal || !value ? value : `${value}  ${hubUrlProblem(value) ? '✖ not yet a valid https URL' : '✔'}`),
    }));
    return normaliseHubUrl(answer);
  },
  kubeContext(contexts, current) {
    const ordered = [...contexts].sort((a, b) => Number(b.name === current) - Number(a.name === current));
    return ask(select({
      message: 'Which cluster should run the hub?',
      choices: ordered.map((c) => ({
        name: `${c.name}${c.name === current ? ' (current)' : ''}`,
        value: c.name,
        description: c.server ? `API server ${c.server}` : undefined,
      })),
    }));
  },
  devMode(initial) {
    return ask(confirm({
      message: 'Use the chart\'s self-signed certificate (dev mode: kubeconfigs skip TLS verification)?',
      default: initial,
    }));
  },
  nextAction(state) {
    process.stdout.write(`\n${state.join('\n')}\n\n`);
    return ask(select({
      message: 'This hub is already set up. What now?',
      choices: [
        { name: 'Rotate the token', value: 'rotate' as const, description: 'New token, old one proven dead, you logged in again' },
        { name: 'Re-apply settings', value: 'reapply' as const, description: 'Keep the token; change URL, dev mode or chart version' },
        { name: 'Verify only', value: 'verify' as const, description: 'Check the hub, the login and the token age' },
        { name: 'Quit', value: 'quit' as const },
      ],
    }));
  },
  rollback(lines) {
    process.stdout.write(`\n${lines.join('\n')}\n\n`);
    return ask(confirm({ message: 'Run it now?', default: true }));
  },
  valuesPath(initial) {
    return ask(input({ message: 'Where should the values file (it holds the token) be written?', default: initial }));
  },
  confirmPlan(lines) {
    process.stdout.write(`\n${lines.join('\n')}\n\n`);
    return ask(confirm({ message: 'Go ahead?', default: true }));
  },
  hubTarget(initial) {
    return ask(select({
      message: 'Where should the hub run?',
      default: initial,
      choices: [
        { name: 'Helm on a cluster', value: 'helm' as const, description: 'helm upgrade --install into a kube context' },
        { name: 'The binary on this machine', value: 'binary' as const, description: 'kedge-hub run in the background from one private directory' },
      ],
    }));
  },
  hubDir(initial) {
    return ask(input({ message: 'Where should the hub\'s directory (token, certificate, key, data) be?', default: initial }));
  },
};
