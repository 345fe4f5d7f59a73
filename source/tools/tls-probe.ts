import { checkServerIdentity, connect } from 'node:tls';

export interface PeerCertificate {
  /** DNS names and IP addresses the certificate is valid for. */
  names: string[];
  /** Whether this machine's trust store accepts it. */
  trusted: boolean;
  selfSigned: boolean;
  validTo: string;
  /** Whether the certificate is valid for the URL's host (wildcards and IP addresses as TLS clients match them). */
  coversHost: boolean;
}

/** The certificate the hub presents, read without trusting it. */
export function probeCertificate(url: string, timeoutMs = 10_000): Promise<PeerCertificate> {
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: Number(port || 443), servername: /^[\d.:]+$/.test(host) ? undefined : host, rejectUnauthorized: false, timeout: timeoutMs }, () => {
      const cert = socket.getPeerCertificate();
      socket.end();
      const names = (cert.subjectaltname ?? '').split(',').map((s) => s.trim().replace(/^(DNS|IP Address):/, '')).filter(Boolean);
      const reason = socket.authorizationError ? String(socket.authorizationError) : '';
      const coversHost = checkServerIdentity(host, cert) === undefined;
      resolve({ names, trusted: socket.authorized, selfSigned: /SELF_SIGNED/.test(reason), validTo: cert.valid_to, coversHost });
    });
    socket.on('timeout', () => socket.destroy(new Error('timed out')));
    socket.on('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code ?? error.message)));
  });
}
