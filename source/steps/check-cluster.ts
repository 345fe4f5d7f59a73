import { StepError } from '../errors.js';
import { serverVersion } from '../tools/kubectl.js';
import type { Step } from './step.js';

export const checkClusterStep: Step = {
  id: 'cluster',
  title: 'Reach the cluster',
  describe: (config) => [`kubectl --context ${config.kubeContext} version`],
  async run({ exec, config }) {
    const result = await serverVersion(exec, config.kubeContext);
    if (result.exitCode !== 0) {
      throw new StepError(
        `The cluster of context "${config.kubeContext}"${config.apiServer ? ` (${config.apiServer})` : ''} does not answer.`,
        'Check that the cluster is running and reachable from here (VPN, credentials), or pick another with --kube-context.',
        result.tail,
      );
    }
    const version = (JSON.parse(result.stdout) as { serverVersion?: { gitVersion?: string } }).serverVersion?.gitVersion;
    return { detail: `${config.kubeContext}: Kubernetes ${version ?? '?'}${config.apiServer ? ` at ${config.apiServer}` : ''}` };
  },
};
