import type { Mode } from './config.js';
import { StepError } from './errors.js';
import { isExisting, tokenAgeDays, tokenDrift, type ExistingInstall } from './inspect-install.js';
import { journalPath } from './files/journal.js';
import type { Options } from './options.js';
import type { Prompter } from './prompts.js';
import type { Target } from './resolve-config.js';
import { describeBinaryExisting } from './binary/describe.js';

/** What this run will do, from the command, what an earlier run left, and (on a terminal) the user's choice. */
export async function chooseMode(options: Options, existing: ExistingInstall, target: Target, prompter?: Prompter): Promise<Mode | 'quit'> {
  if (options.command === 'verify') {
    if (!isExisting(existing)) throw new StepError(`Nothing to verify: ${target.valuesPath} holds no token.`, 'Install first, or point --values at your values file.');
    return 'verify';
  }
  if (options.command === 'preflight') return 'preflight';
  if (options.command === 'rotate') return options.finish ? 'finish-overlap' : 'rotate';
  if (!isExisting(existing)) return 'install';
  // An unfinished rotation is finished before anything else, with the token it already wrote.
  if (existing.journal?.rotation && existing.backup) return 'rotate';
  if (!prompter) return 'reapply';
  return prompter.nextAction(describeExisting(existing, target));
}

/** The current state, shown before the re-run menu. */
export function describeExisting(existing: ExistingInstall, target: Target): string[] {
  const age = tokenAgeDays(existing.journal);
  const release = existing.release ? `revision ${existing.release.revision}, ${existing.release.status}` : 'not found on this cluster';
  return [
    `Found an existing kedge hub setup:`,
    ...(target.binary ? describeBinaryExisting(existing, target.binary, target.release) : [
      `  release       ${target.release} in ${target.namespace} on ${target.kubeContext}: ${release}`,
      `  values file   ${target.valuesPath}`,
    ]),
    `  token         ${age === undefined ? 'age unknown' : `${age} day${age === 1 ? '' : 's'} old`}${existing.tokens.length > 1 ? `, ${existing.tokens.length} tokens (an overlap is open)` : ''}`,
  ];
}

/** A token edited by hand is never overwritten or rotated silently. */
export function refuseTokenDrift(existing: ExistingInstall, mode: Mode, valuesPath: string): void {
  if (mode === 'install' || mode === 'preflight') return;
  const drift = tokenDrift(existing);
  if (!drift) return;
  throw new StepError(
    `Not touching the values file: ${drift}.`,
    `Nothing was changed. If the new token is intended, remove ${journalPath(valuesPath)} and run again to apply it; otherwise put the previous token back.`,
  );
}
