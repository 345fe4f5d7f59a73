import { hubFullname } from '../config.js';
import { StepError } from '../errors.js';
import type { Step } from '../steps/step.js';

export const statefulSetCheck: Step = {
  id: 'statefulset',
  title: 'Hub pod ready',
  describe: (config) => [`kubectl --context ${config.kubeContext} -n ${config.namespace} get statefulset ${hubFullname(config.release)}`],
  async run({ exec, config }) {
    const name = hubFullname(config.release);
    const result = await exec('kubectl', ['--context', config.kubeContext, '-n', config.namespace, 'get', 'statefulset', name, '-o', 'json']);
    if (result.exitCode !== 0) throw new StepError(`statefulset/${name} was not found in ${config.namespace}.`, 'Re-apply with create-kedge-hub --yes.', result.tail);
    const status = (JSON.parse(result.stdout) as { status?: { readyReplicas?: number; replicas?: number } }).status ?? {};
    if (!status.readyReplicas) {
      throw new StepError(`statefulset/${name} has no ready pod.`, `kubectl --context ${config.kubeContext} -n ${config.namespace} describe pod ${name}-0 shows why (a Pending volume means no default StorageClass).`);
    }
    return { detail: `${status.readyReplicas}/${status.replicas ?? status.readyReplicas} ready` };
  },
};
