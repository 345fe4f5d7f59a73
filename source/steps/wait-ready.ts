import { hubFullname, skipsTlsVerify } from '../config.js';
import { StepError } from '../errors.js';
import { hubGet } from '../tools/hub-http.js';
import { rolloutStatus, rolloutStatusArgs } from '../tools/kubectl.js';
import type { Step } from './step.js';

export const waitRolloutStep: Step = {
  id: 'rollout',
  title: 'Wait for the hub pod',
  describe: (config) => [`kubectl ${rolloutStatusArgs(config).join(' ')}`],
  async run({ exec, config, log }) {
    const result = await rolloutStatus(exec, config, config.timeoutMs, { onLine: log });
    if (result.exitCode !== 0) {
      throw new StepError(
        `statefulset/${hubFullname(config.release)} did not become ready.`,
        `Look at the pod: kubectl --context ${config.kubeContext} -n ${config.namespace} describe pod ${hubFullname(config.release)}-0 (a Pending PVC means the cluster has no default StorageClass). Raise --timeout if it is only slow.`,
        result.tail,
      );
    }
    return { detail: `statefulset/${hubFullname(config.release)} ready` };
  },
};

const POLL_MS = 2000;

/** Polls GET /readyz until 200: for `retryMs` (default: the run's --timeout). */
export function hubReadyStep(options: { id: string; title: string; retryMs?: number }): Step {
  return {
    id: options.id,
    title: options.title,
    describe: (config) => [`GET ${config.hubUrl}/readyz until 200`],
    async run({ config, progress, sleep, signal }) {
      const budget = Math.min(options.retryMs ?? config.timeoutMs, config.timeoutMs);
      const deadline = Date.now() + budget;
      let last = '';
      for (;;) {
        const res = await hubGet(`${config.hubUrl}/readyz`, { insecure: skipsTlsVerify(config), signal, timeoutMs: 10_000 });
        if (res.status === 200) return { detail: `${config.hubUrl}/readyz: ok` };
        last = res.status === 0 ? res.body : `${res.status} ${res.body.trim().slice(0, 60)}`;
        progress(last);
        if (Date.now() + POLL_MS > deadline) break;
        await sleep(POLL_MS);
      }
      throw new StepError(
        `The hub at ${config.hubUrl} was not ready within ${Math.round(budget / 1000)}s (last answer: ${last}).`,
        hintForUnreachable(last, config.hubUrl),
      );
    },
  };
}

export const waitHubStep = hubReadyStep({ id: 'ready', title: 'Wait for the hub to answer' });
export const hubReadyCheck = hubReadyStep({ id: 'readyz', title: 'Hub ready (/readyz)', retryMs: 20_000 });

function hintForUnreachable(last: string, hubUrl: string): string {
  if (last.startsWith('404')) return `Something other than a kedge hub answers at ${hubUrl}: check the URL (no path after the host).`;
  if (/CERT|certificate|SELF_SIGNED/i.test(last)) return 'The hub\'s certificate is not trusted here: use --dev-mode for a self-signed certificate, or --insecure-skip-tls-verify.';
  if (/ENOTFOUND|EAI_AGAIN/.test(last)) return `${new URL(hubUrl).hostname} does not resolve: point DNS (or /etc/hosts) at the hub's Service or Ingress.`;
  if (/ECONNREFUSED|ECONNRESET|timed out/.test(last)) return `Nothing answers at ${hubUrl}: expose the hub (Ingress, LoadBalancer or NodePort on 9443) at that address, then run again.`;
  return 'The hub is still starting (first start can take minutes): raise --timeout and run again; the install is kept.';
}
