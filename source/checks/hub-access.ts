import { StepError } from '../errors.js';
import { EDGE_LIST_ARGS, edgeList, isEdgesProviderMissing } from '../tools/kedge.js';
import { GET_KEDGE_NAMESPACES_ARGS } from '../tools/kubectl.js';
import type { Step } from '../steps/step.js';

export const verifyNamespacesStep: Step = {
  id: 'namespaces',
  title: 'kubectl --context kedge get namespaces',
  describe: () => [`kubectl ${GET_KEDGE_NAMESPACES_ARGS.join(' ')}`],
  async run({ exec, log }) {
    const result = await exec('kubectl', GET_KEDGE_NAMESPACES_ARGS, { onLine: log });
    if (result.exitCode !== 0) throw new StepError('The hub did not list namespaces for the kedge context.', hintForKubectlFailure(result.tail.join('\n')), result.tail);
    const count = result.stdout.trim().split('\n').length - 1;
    return { detail: `${count} namespace${count === 1 ? '' : 's'}` };
  },
};

export const verifyEdgesStep: Step = {
  id: 'edges',
  title: 'kubectl kedge edge list',
  describe: () => [`kubectl ${EDGE_LIST_ARGS.join(' ')}`],
  async run({ exec, log, state }) {
    const result = await edgeList(exec, { onLine: log });
    if (result.exitCode === 0) {
      const out = result.stdout.trim();
      const count = /No edges found/i.test(out) ? 0 : Math.max(0, out.split('\n').length - 1);
      return { detail: count === 0 ? 'no edges yet' : `${count} edge${count === 1 ? '' : 's'}` };
    }
    if (isEdgesProviderMissing(result.tail.join('\n'))) {
      state.edgesProviderMissing = true;
      return { status: 'warn', detail: 'edges provider not installed on this hub (the hub itself works)' };
    }
    throw new StepError('kubectl kedge edge list failed.', hintForKubectlFailure(result.tail.join('\n')), result.tail);
  },
};

export function hintForKubectlFailure(output: string): string {
  if (/x509|certificate/i.test(output)) return 'The hub\'s certificate is not trusted: with a self-signed certificate turn on --dev-mode so the kubeconfig skips verification.';
  if (/forbidden|403/i.test(output)) return 'The kedge context points at a workspace this token does not own (an older login). Run again: the wizard replaces the kedge context.';
  if (/unauthori[sz]ed|401|logged in/i.test(output)) return 'The hub rejected the token in the kedge context. Run again to log in anew.';
  return 'Check that the hub URL reaches the hub from this machine.';
}
