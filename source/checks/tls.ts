import { skipsTlsVerify } from '../config.js';
import { StepError } from '../errors.js';
import { probeCertificate } from '../tools/tls-probe.js';
import type { Step } from '../steps/step.js';

export const tlsCheck: Step = {
  id: 'tls',
  title: 'The hub\'s certificate',
  describe: (config) => [`open TLS to ${new URL(config.hubUrl).host}: trusted or self-signed, and ${new URL(config.hubUrl).hostname} among its names`],
  async run({ config }) {
    const host = new URL(config.hubUrl).hostname.replace(/^\[|\]$/g, '');
    const cert = await probeCertificate(config.hubUrl).catch((error: Error) => {
      throw new StepError(`Could not open TLS to ${config.hubUrl}: ${error.message}.`, 'Check that the hub URL reaches the hub from here.');
    });
    const kind = cert.trusted ? 'trusted' : cert.selfSigned ? 'self-signed' : 'not trusted here';
    const skipped = skipsTlsVerify(config);
    if (!cert.coversHost) {
      const message = `The certificate is for ${cert.names.join(', ') || 'no names'}, not ${host}.`;
      const hint = 'Re-apply with create-kedge-hub --yes: it adds the hub host to hub.tls.selfSigned (dnsNames or ipAddresses).';
      if (!skipped) throw new StepError(message, hint);
      return { status: 'warn', detail: `${kind}; ${message}`, hint };
    }
    if (!cert.trusted && !skipped) {
      throw new StepError(`The certificate is ${kind}, and dev mode is off: kubeconfigs will refuse it.`, 'Use a trusted certificate, or re-apply with --dev-mode.');
    }
    const how = cert.trusted ? '' : config.devMode ? ' (dev mode: kubeconfigs skip verification)' : ' (verification skipped with --insecure-skip-tls-verify)';
    return { detail: `${kind}${how}, valid for ${host} until ${cert.validTo}` };
  },
};
