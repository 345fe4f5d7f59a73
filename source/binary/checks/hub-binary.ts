import { StepError } from '../../errors.js';
import type { Step } from '../../steps/step.js';
import type { Exec } from '../../tools/exec.js';
import { findExecutable } from '../find-executable.js';
import { binaryOf } from '../settings.js';

const INSTALL_HINT = 'Install kedge-hub from https://github.com/faroshq/kedge/releases and put it on PATH, or point --hub-binary at it.';

export const hubBinaryCheck: Step = {
  id: 'hub-binary',
  title: 'the kedge-hub binary',
  describe: (config) => [`${binaryOf(config).binary} --version`],
  async run({ config, exec }) {
    const wanted = binaryOf(config).binary;
    const found = await findExecutable(wanted);
    if (!found) throw new StepError(wanted.includes('/') ? `${wanted} is not an executable file.` : `${wanted} is not on PATH.`, INSTALL_HINT);
    const version = await binaryVersion(exec, found);
    return { detail: `${found}, ${version ?? 'version unknown'}` };
  },
};

/** What `--version` says; a binary without that flag (or that hangs) is not an error. */
async function binaryVersion(exec: Exec, binary: string): Promise<string | undefined> {
  try {
    const result = await exec(binary, ['--version'], { timeoutMs: 10_000 });
    return result.exitCode === 0 ? /v?\d+\.\d+\.\d+[\w.+-]*/.exec(result.stdout)?.[0] : undefined;
  } catch {
    return undefined;
  }
}
