import type { Config } from './config.js';
import { CancelledError, StepError } from './errors.js';
import type { ExistingInstall } from './inspect-install.js';
import type { Prompter } from './prompts.js';
import type { Exec } from './tools/exec.js';
import { unstickCommand } from './tools/helm.js';

/**
 * A release stuck in pending-* (an interrupted helm run) blocks every upgrade. On a terminal, offer the
 * fix; otherwise stop and print the exact command.
 */
export async function settlePendingRelease(existing: ExistingInstall, config: Config, deps: { exec: Exec; prompter?: Prompter; write: (text: string) => void }): Promise<void> {
  const release = existing.release;
  if (!release?.status.startsWith('pending-') || config.mode === 'verify' || config.mode === 'preflight') return;
  const command = `helm ${unstickCommand(config, release).join(' ')}`;
  const lines = [
    `Release "${config.release}" is stuck in ${release.status} (revision ${release.revision}): an earlier helm run was interrupted.`,
    `It can be unstuck with: ${command}`,
  ];
  if (!deps.prompter || config.dryRun) {
    throw new StepError(lines[0]!, `Run: ${command}   then run this command again.`);
  }
  if (!(await deps.prompter.rollback(lines))) throw new CancelledError(`Nothing was changed. Run "${command}" when ready.`);
  const result = await deps.exec('helm', unstickCommand(config, release), { onLine: (line) => deps.write(`  │ ${line}\n`) });
  if (result.exitCode !== 0) throw new StepError(`${command} failed.`, 'See helm\'s output above.', result.tail);
  existing.release = undefined;
}
