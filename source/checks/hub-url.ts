import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { StepError } from '../errors.js';
import { hubGet } from '../tools/hub-http.js';
import type { Step } from '../steps/step.js';

export const hubUrlCheck: Step = {
  id: 'hub-url',
  title: 'The hub URL',
  severity: 'warning',
  describe: (config) => [`resolve ${new URL(config.hubUrl).hostname}; GET ${config.hubUrl}/healthz (nothing else should be answering there)`],
  async run({ config, state, signal }) {
    const host = new URL(config.hubUrl).hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) === 0) {
      const resolved = await lookup(host).catch(() => undefined);
      if (!resolved) {
        throw new StepError(`${host} does not resolve yet.`, 'Fine if you create the DNS record after the install; the hub cannot be reached until it resolves.');
      }
    }
    // Only asking who answers there, not trusting it: certificate checks come later.
    const health = await hubGet(`${config.hubUrl}/healthz`, { insecure: true, timeoutMs: 5000, signal });
    if (health.status === 0) return { detail: `${host}: nothing answers yet` };
    if (health.status === 200 && /"status"\s*:\s*"ok"/.test(health.body)) {
      return { detail: state.existing.release ? `a kedge hub answers (this release)` : 'a kedge hub already answers there' };
    }
    throw new StepError(
      `Something other than a kedge hub answers at ${config.hubUrl} (GET /healthz: HTTP ${health.status}).`,
      'Check the URL: another service may already use this address.',
    );
  },
};
