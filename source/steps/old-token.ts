import { skipsTlsVerify } from '../config.js';
import { StepError } from '../errors.js';
import { tokenLogin } from '../tools/hub-http.js';
import { tokenFingerprint } from '../secrets/token.js';
import type { Step, StepContext } from './step.js';

/** Proves what rotation promised: the old token gets 401 (or, in an overlap, still works). */
export const oldTokenStep: Step = {
  id: 'old-token',
  title: 'Check the old token',
  describe: (config) => [`POST ${config.hubUrl}/auth/token-login with the old token: expect 401${config.overlap ? ' (with --overlap: expect it still accepted)' : ''}`],
  async run(ctx) {
    const { config, state } = ctx;
    const keptOld = config.mode === 'rotate' && config.overlap;
    const results: string[] = [];
    for (const token of state.oldTokens ?? []) {
      const status = await loginStatus(ctx, token);
      const fingerprint = tokenFingerprint(token);
      if (keptOld) {
        if (status !== 200) throw new StepError(`The old token ${fingerprint} is no longer accepted (HTTP ${status}), but --overlap should keep it.`, 'Check the values file and "helm get values"; run "create-kedge-hub rotate --overlap" again.');
        results.push(`${fingerprint} still accepted until rotate --finish`);
      } else {
        if (status !== 401 && status !== 200) {
          throw new StepError(`Could not tell whether the old token ${fingerprint} is dead: the hub answered HTTP ${status || 'nothing'}.`, 'Run "create-kedge-hub rotate" again once the hub answers: the rotation resumes and checks again.');
        }
        if (status === 200) {
          throw new StepError(
            `The old token ${fingerprint} is still accepted by the hub (HTTP ${status}).`,
            'The hub may still run the old configuration: check "helm get values" and the pod, then run the same command again (the rotation resumes).',
          );
        }
        results.push(`${fingerprint} rejected (401)`);
      }
    }
    return { detail: results.join('; ') || 'no old token' };
  },
};

async function loginStatus(ctx: StepContext, token: string): Promise<number> {
  const { config, sleep, progress, signal } = ctx;
  const deadline = Date.now() + config.timeoutMs;
  for (;;) {
    const res = await tokenLogin(config.hubUrl, token, { insecure: skipsTlsVerify(config), signal, timeoutMs: 30_000 });
    // 429: the login endpoint is rate-limited outside dev mode; 5xx/0: the hub is still settling.
    if ((res.status === 429 || res.status === 0 || res.status >= 500) && Date.now() + 5000 < deadline) {
      const wait = res.status === 429 ? 60_000 : 3000;
      progress(`hub answered ${res.status || res.body}; asking again in ${wait / 1000}s`);
      await sleep(Math.min(wait, deadline - Date.now()));
      continue;
    }
    return res.status;
  }
}
