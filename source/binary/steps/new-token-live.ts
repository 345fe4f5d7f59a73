import { skipsTlsVerify } from '../../config.js';
import { StepError } from '../../errors.js';
import type { Step } from '../../steps/step.js';
import { tokenLogin } from '../../tools/hub-http.js';
import { binaryFacts } from '../run-facts.js';
import { pathsOf } from '../settings.js';
import { restartYourHub } from './start-hub.js';

const POLL_MS = 3000;

/** The hub reads the token file only when it starts: wait until it accepts the new token (after our restart, or the user's). */
export const newTokenLiveStep: Step = {
  id: 'new-token-live',
  title: 'Wait for the hub to accept the new token',
  describe: (config) => [`POST ${config.hubUrl}/auth/token-login with the new token until 200`],
  async run({ config, state, signal, sleep, progress, log }) {
    const { foreign, unitWritten } = binaryFacts(state);
    const restart = restartYourHub(config, unitWritten === true);
    if (foreign) log(restart);
    const deadline = Date.now() + config.timeoutMs;
    for (;;) {
      const res = await tokenLogin(config.hubUrl, state.token!, { insecure: skipsTlsVerify(config), signal, timeoutMs: 30_000 });
      if (res.status === 200) return { detail: 'accepted' };
      const answer = res.status === 0 ? res.body : `HTTP ${res.status}`;
      progress(res.status === 401 && foreign ? 'still the old token: waiting for you to restart the hub' : `hub answered ${answer}`);
      if (Date.now() + POLL_MS > deadline) {
        throw new StepError(
          `The hub at ${config.hubUrl} did not accept the new token within ${Math.round(config.timeoutMs / 1000)}s (last answer: ${answer}).`,
          foreign ? restart : `See ${pathsOf(config).log}. Run the same command again: the rotation resumes with the same new token.`,
        );
      }
      await sleep(res.status === 429 ? 60_000 : POLL_MS);
    }
  },
};
