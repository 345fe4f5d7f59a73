import type { Mode } from './config.js';
import { StepError } from './errors.js';
import { isExisting, tokenAgeDays, tokenDrift, unfinishedRotation, type ExistingInstall } from './inspect-install.js';
import { journalPath } from './files/journal.js';
import { tokenFingerprint } from './secrets/token.js';
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
  refuseForeignRelease(existing, target);
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

/**
 * A release this values file knows nothing of was installed another way (by hand, from another file):
 * applying this file would replace its token and drop its values, locking everyone out.
 */
function refuseForeignRelease(existing: ExistingInstall, target: Target): void {
  if (target.binary || existing.tokens.length > 0 || existing.journal || !existing.release) return;
  throw new StepError(
    `Release "${target.release}" already exists in ${target.namespace} on ${target.kubeContext}, but ${target.valuesPath} holds no token: it was installed some other way.`,
    `Nothing was changed. Point --values at the values file it was installed with, or save its values first: helm get values ${target.release} -n ${target.namespace} --kube-context ${target.kubeContext} > values.yaml && chmod 600 values.yaml, then --values values.yaml`,
  );
}

/** A token given with --token-file/--token-stdin never silently replaces the one in force: that is a rotation. */
export function refuseTokenSwap(existing: ExistingInstall, mode: Mode, providedToken: string | undefined): void {
  if (!providedToken) return;
  const unfinished = unfinishedRotation(existing);
  if (mode === 'rotate' && unfinished && providedToken !== unfinished.token) {
    throw new StepError(
      `An earlier rotation to token ${tokenFingerprint(unfinished.token)} is not finished; the token you gave (${tokenFingerprint(providedToken)}) is a different one.`,
      'Nothing was changed. Finish that rotation first ("create-kedge-hub rotate" without a token), then rotate again with yours.',
    );
  }
  const current = existing.tokens[0];
  if (mode === 'reapply' && current && current !== providedToken) {
    throw new StepError(
      `The token you gave (${tokenFingerprint(providedToken)}) is not the one this hub uses (${tokenFingerprint(current)}); re-applying would lock out every machine logged in with it.`,
      'Nothing was changed. To change the token, rotate: create-kedge-hub rotate --token-file … (or --token-stdin).',
    );
  }
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
