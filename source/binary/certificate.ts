import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { StepError } from '../errors.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import type { Exec } from '../tools/exec.js';

const VALID_DAYS = 365;
const RENEW_WITHIN_MS = 30 * 86_400_000;

function bare(host: string): string {
  return host.replace(/^\[|\]$/g, '');
}

/** The hub's host (as DNS name or IP) plus localhost and 127.0.0.1, in openssl's subjectAltName form. */
export function subjectAltNames(host: string): string {
  const h = bare(host);
  return [...new Set([isIP(h) ? `IP:${h}` : `DNS:${h}`, 'DNS:localhost', 'IP:127.0.0.1'])].join(',');
}

/** `openssl req` making a self-signed serving certificate and an unencrypted EC key. */
export function certificateArgs(host: string, keyFile: string, certFile: string): string[] {
  return [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-days', String(VALID_DAYS), '-subj', `/CN=${bare(host)}`,
    '-addext', `subjectAltName=${subjectAltNames(host)}`,
    '-addext', 'extendedKeyUsage=serverAuth',
    '-keyout', keyFile, '-out', certFile,
  ];
}

/** Whether a certificate and key can stay: they belong together, name the host and localhost, and are not about to expire. */
export function certificateFits(certPem: string, keyPem: string, host: string, now = Date.now()): boolean {
  try {
    const cert = new X509Certificate(certPem);
    const h = bare(host);
    const namesHost = isIP(h) ? cert.checkIP(h) !== undefined : cert.checkHost(h) !== undefined;
    return namesHost && cert.checkHost('localhost') !== undefined && Date.parse(cert.validTo) - now > RENEW_WITHIN_MS && cert.checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

/** Keeps a fitting certificate, else makes one with openssl in a private temp dir and moves it in (key 0600). */
export async function ensureCertificate(exec: Exec, files: { dir: string; cert: string; key: string }, host: string): Promise<'kept' | 'made'> {
  const [cert, key] = await Promise.all([readFile(files.cert, 'utf8').catch(() => ''), readFile(files.key, 'utf8').catch(() => '')]);
  if (cert && key && certificateFits(cert, key, host)) return 'kept';
  const temp = await mkdtemp(path.join(files.dir, '.tls-'));
  try {
    const tempKey = path.join(temp, 'tls.key');
    const tempCert = path.join(temp, 'tls.crt');
    const result = await exec('openssl', certificateArgs(host, tempKey, tempCert));
    if (result.exitCode !== 0) throw new StepError('openssl could not make the serving certificate.', 'Its output is above; check that openssl is 1.1.1 or newer (openssl version).', result.tail);
    await writeFileAtomic(files.key, await readFile(tempKey, 'utf8'));
    await writeFileAtomic(files.cert, await readFile(tempCert, 'utf8'), 0o644);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return 'made';
}
