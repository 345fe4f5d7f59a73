import { StepError, UsageError } from '../errors.js';
import type { Exec } from './exec.js';

export interface KubeContext {
  name: string;
  cluster: string;
  server?: string;
}

export interface KubeconfigView {
  currentContext?: string;
  contexts: KubeContext[];
  clusters: Array<{ name: string; server?: string }>;
}

interface RawView {
  'current-context'?: string;
  contexts?: Array<{ name: string; context?: { cluster?: string } }> | null;
  clusters?: Array<{ name: string; cluster?: { server?: string } }> | null;
}

/** The merged kubeconfig as kubectl sees it (honours KUBECONFIG); secrets stay redacted by kubectl. */
export async function readKubeconfig(exec: Exec): Promise<KubeconfigView> {
  const result = await exec('kubectl', ['config', 'view', '-o', 'json']);
  if (result.exitCode !== 0) {
    throw new StepError('kubectl could not read your kubeconfig.', 'Check the KUBECONFIG variable and the file it names.', result.tail);
  }
  let raw: RawView;
  try {
    raw = JSON.parse(result.stdout) as RawView;
  } catch {
    throw new StepError('kubectl printed a kubeconfig that is not JSON.', 'Run kubectl config view to see what is wrong.');
  }
  const servers = new Map((raw.clusters ?? []).map((c) => [c.name, c.cluster?.server]));
  const contexts = (raw.contexts ?? []).map((c) => ({
    name: c.name,
    cluster: c.context?.cluster ?? '',
    server: servers.get(c.context?.cluster ?? ''),
  }));
  const clusters = (raw.clusters ?? []).map((c) => ({ name: c.name, server: c.cluster?.server }));
  return { currentContext: raw['current-context'] || undefined, contexts, clusters };
}

/** The context's entry, or a StepError listing the ones that exist. */
export function findContext(view: KubeconfigView, name: string): KubeContext {
  const found = view.contexts.find((c) => c.name === name);
  if (found) return found;
  const known = view.contexts.map((c) => c.name).join(', ') || 'none';
  throw new UsageError(`--kube-context: the context "${name}" is not in your kubeconfig.`, `Contexts found: ${known}.`);
}

export const KEDGE_CONTEXT = 'kedge';

/**
 * Removes the kedge context, cluster and user. Needed before a login with another token: the plugin
 * otherwise keeps the old workspace URL, where the new user gets 403.
 */
export async function forgetKedgeLogin(exec: Exec, hubUrl: string): Promise<boolean> {
  const view = await readKubeconfig(exec);
  // The plugin keeps the workspace of the *cluster* entry named kedge, with or without a context: a workspace
  // of this hub goes stale; another hub's entries are simply replaced by the login.
  const cluster = view.clusters.find((c) => c.name === KEDGE_CONTEXT);
  if (!cluster?.server?.startsWith(`${hubUrl}/clusters/`)) return false;
  await exec('kubectl', ['config', 'delete-context', KEDGE_CONTEXT]);
  await exec('kubectl', ['config', 'delete-cluster', KEDGE_CONTEXT]);
  await exec('kubectl', ['config', 'delete-user', KEDGE_CONTEXT]);
  return true;
}
