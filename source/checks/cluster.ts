import { StepError } from '../errors.js';
import { clusterIdentity, serverVersion } from '../tools/kubectl.js';
import type { Step } from '../steps/step.js';

export const clusterCheck: Step = {
  id: 'cluster',
  title: 'The cluster answers',
  describe: (config) => [`kubectl --context ${config.kubeContext} version`, `kubectl --context ${config.kubeContext} get namespace kube-system -o jsonpath={.metadata.uid}   # the cluster's identity`],
  async run({ exec, config, state }) {
    const result = await serverVersion(exec, config.kubeContext);
    if (result.exitCode !== 0) {
      throw new StepError(
        `The cluster of context "${config.kubeContext}"${config.apiServer ? ` (${config.apiServer})` : ''} does not answer.`,
        'Check that the cluster is running and reachable from here (VPN, credentials), or pick another with --kube-context.',
        result.tail,
      );
    }
    const version = (JSON.parse(result.stdout) as { serverVersion?: { gitVersion?: string } }).serverVersion?.gitVersion;
    state.existing.clusterId ??= await clusterIdentity(exec, config.kubeContext);
    const id = state.existing.clusterId ? ` · cluster id ${state.existing.clusterId}` : '';
    return { detail: `${config.kubeContext}: Kubernetes ${version ?? '?'}${config.apiServer ? ` at ${config.apiServer}` : ''}${id}` };
  },
};

const NEEDED: Array<{ verb: string; resource: string; namespaced: boolean }> = [
  { verb: 'create', resource: 'namespaces', namespaced: false },
  { verb: 'create', resource: 'statefulsets.apps', namespaced: true },
  { verb: 'create', resource: 'services', namespaced: true },
  { verb: 'create', resource: 'secrets', namespaced: true },
  { verb: 'patch', resource: 'statefulsets.apps', namespaced: true },
];

export const rbacCheck: Step = {
  id: 'rbac',
  title: 'Permission to install the chart',
  describe: (config) => NEEDED.map((n) => `kubectl --context ${config.kubeContext} auth can-i ${n.verb} ${n.resource}${n.namespaced ? ` -n ${config.namespace}` : ''}`),
  async run({ exec, config, state }) {
    const answers = await Promise.all(NEEDED.map(async (n) => {
      const result = await exec('kubectl', ['--context', config.kubeContext, 'auth', 'can-i', n.verb, n.resource, ...(n.namespaced ? ['-n', config.namespace] : []), '--request-timeout=30s']);
      return { ...n, allowed: result.stdout.trim() === 'yes' };
    }));
    let denied = answers.filter((a) => !a.allowed).map((a) => `${a.verb} ${a.resource}`);
    // A namespace admin cannot create namespaces, and need not when the namespace is already there.
    if (denied.includes('create namespaces')) {
      const found = await exec('kubectl', ['--context', config.kubeContext, 'get', 'namespace', config.namespace, '-o', 'name', '--request-timeout=30s']);
      if (found.exitCode === 0) {
        state.namespaceExists = true;
        denied = denied.filter((d) => d !== 'create namespaces');
      }
    }
    if (denied.length) {
      throw new StepError(
        `Your user on "${config.kubeContext}" may not: ${denied.join(', ')}${denied.some((d) => d !== 'create namespaces') ? ` in ${config.namespace}` : ''}.`,
        'Ask a cluster admin for these rights (or create the namespace for you), or use a context with more rights.',
      );
    }
    return { detail: `can create ${state.namespaceExists ? '' : 'namespaces, '}statefulsets, services and secrets in ${config.namespace}` };
  },
};

export const storageClassCheck: Step = {
  id: 'storage-class',
  title: 'A default StorageClass',
  severity: 'warning',
  describe: (config) => [`kubectl --context ${config.kubeContext} get storageclass`],
  async run({ exec, config }) {
    const result = await exec('kubectl', ['--context', config.kubeContext, 'get', 'storageclass', '-o', 'json']);
    if (result.exitCode !== 0) throw new StepError('Could not list StorageClasses.', 'The hub needs a volume; check that the cluster can provide one.', result.tail);
    const items = (JSON.parse(result.stdout) as { items?: Array<{ metadata: { name: string; annotations?: Record<string, string> } }> }).items ?? [];
    const isDefault = (a?: Record<string, string>) => a?.['storageclass.kubernetes.io/is-default-class'] === 'true' || a?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    const found = items.find((sc) => isDefault(sc.metadata.annotations));
    if (!found) {
      throw new StepError(
        'The cluster has no default StorageClass: the hub\'s volume (a PVC) would stay Pending.',
        'Install a provisioner or mark a StorageClass as default: kubectl annotate storageclass <name> storageclass.kubernetes.io/is-default-class=true',
      );
    }
    return { detail: found.metadata.name };
  },
};
