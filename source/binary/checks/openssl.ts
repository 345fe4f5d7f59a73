import { StepError } from '../../errors.js';
import type { Step } from '../../steps/step.js';

const INSTALL_HINT = 'Install openssl (Debian/Ubuntu: apt install openssl; Fedora: dnf install openssl; macOS ships it).';

export const opensslCheck: Step = {
  id: 'openssl',
  title: 'openssl (makes the serving certificate)',
  describe: () => ['openssl version'],
  async run({ exec }) {
    const result = await exec('openssl', ['version']).catch((error: unknown) => {
      if (error instanceof StepError) throw new StepError('openssl is not installed or not on PATH: it makes the hub\'s serving certificate.', INSTALL_HINT);
      throw error;
    });
    if (result.exitCode !== 0) throw new StepError('openssl is installed but does not run.', 'Run "openssl version" to see why.', result.tail);
    return { detail: result.stdout.trim() };
  },
};
