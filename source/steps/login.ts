import { readFile, stat } from 'node:fs/promises';
import { skipsTlsVerify } from '../config.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { StepError } from '../errors.js';
import { REDACTED } from '../secrets/redact.js';
import { kedgeLogin, loginArgs } from '../tools/kedge.js';
import { forgetKedgeLogin } from '../tools/kubeconfig.js';
import type { Step, StepContext } from './step.js';

// The plugin's own wording ("token login failed: 401 Unauthorized", "token-login failed (status 401)"), not a URL that happens to hold 401.
const REJECTED = /(status|failed:)\s*40[13]\b|unauthori[sz]ed|forbidden/i;
const RATE_LIMITED = /(status|failed:)\s*429\b|too many requests/i;
const NO_STATIC_TOKENS = /(status|failed:)\s*404\b|404 not found/i;

export const loginStep: Step = {
  id: 'login',
  title: 'Log in with kubectl kedge',
  describe: (config) => [
    'kubectl config delete-context/delete-cluster/delete-user kedge   # when they point at this hub: a re-login would otherwise keep the old workspace',
    `kubectl ${loginArgs(config.hubUrl, REDACTED, skipsTlsVerify(config)).join(' ')}`,
  ],
  async run(ctx) {
    const { exec, state, config } = ctx;
    // With the same token the login in place still works: if the new one fails, it is put back.
    const keep = state.existing.tokens.includes(state.token!) ? await snapshotFile(config.kubeconfigFile) : undefined;
    state.replacedKedgeContext = await forgetKedgeLogin(exec, config.hubUrl);
    try {
      await loginWithRetry(ctx, state.token!);
    } catch (error) {
      if (!keep || !state.replacedKedgeContext || !(error instanceof StepError)) throw error;
      await writeFileAtomic(keep.path, keep.text, keep.mode);
      throw new StepError(error.message, `Your previous kube context "kedge" was put back. ${error.hint ?? ''}`.trim(), error.tail);
    }
    return { detail: 'kube context "kedge" written; it is now the current context' };
  },
};

async function snapshotFile(file: string | undefined) {
  if (!file) return undefined;
  const [text, info] = await Promise.all([readFile(file, 'utf8').catch(() => undefined), stat(file).catch(() => undefined)]);
  return text === undefined || !info ? undefined : { path: file, text, mode: info.mode & 0o777 };
}

/** Logs in, retrying while the hub is still settling (5xx, 429, refused) until the timeout. */
export async function loginWithRetry(ctx: StepContext, token: string): Promise<void> {
  const { exec, config, log, progress, sleep } = ctx;
  const deadline = Date.now() + config.timeoutMs;
  let delay = 2000;
  for (let attempt = 1; ; attempt++) {
    // A first login can take a minute and a half (the hub creates the workspace): each attempt may use what is left.
    const remaining = Math.max(30_000, deadline - Date.now());
    const result = await kedgeLogin(exec, config.hubUrl, token, skipsTlsVerify(config), { onLine: log, timeoutMs: remaining }).catch((error: unknown) => {
      if (error instanceof StepError && /did not finish within/.test(error.message)) return { exitCode: 1, stdout: '', stderr: '', tail: [...error.tail, error.message] };
      throw error;
    });
    if (result.exitCode === 0) return;
    const output = result.tail.join('\n');
    if (/unknown command/i.test(output) || (/not found/i.test(output) && !/login/i.test(output))) {
      throw new StepError('The kedge kubectl plugin did not run.', 'Install it: kubectl krew install faros/kedge', result.tail);
    }
    if (NO_STATIC_TOKENS.test(output)) {
      throw new StepError(
        'The hub has no static tokens configured (token login answers 404).',
        'The chart did not read the token: check the key with "helm show values" (hub.staticAuthTokens or hub.staticAuthToken) and "helm get values".',
        result.tail,
      );
    }
    if (REJECTED.test(output) && !RATE_LIMITED.test(output)) {
      throw new StepError(
        'The hub rejected the token.',
        'The hub is not running with this token yet, or the values file was changed by hand. Check "helm get values" and run again.',
        result.tail,
      );
    }
    const wait = RATE_LIMITED.test(output) ? 60_000 : delay;
    if (Date.now() + wait > deadline) {
      throw new StepError(`Login failed after ${attempt} attempts within ${Math.round(config.timeoutMs / 1000)}s.`, 'The hub is installed and the values file is kept: run again to retry the login.', result.tail);
    }
    progress(`attempt ${attempt} failed, retrying in ${Math.round(wait / 1000)}s`);
    await sleep(wait);
    delay = Math.min(delay * 2, 15_000);
  }
}
