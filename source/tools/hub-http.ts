import { request } from 'node:https';

export interface HubResponse {
  status: number;
  body: string;
}

/** One HTTPS request to the hub; network failures resolve as status 0 with the reason in body. */
export function hubGet(url: string, options: HubRequestOptions): Promise<HubResponse> {
  return hubRequest('GET', url, options);
}

/** Whether the hub accepts a token: POST /auth/token-login answers 200 for a live token and 401 for a dead one. */
export function tokenLogin(hubUrl: string, token: string, options: Omit<HubRequestOptions, 'token'>): Promise<HubResponse> {
  return hubRequest('POST', `${hubUrl}/auth/token-login`, { ...options, token });
}

interface HubRequestOptions {
  insecure: boolean;
  token?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

function hubRequest(method: string, url: string, options: HubRequestOptions): Promise<HubResponse> {
  return new Promise((resolve) => {
    const req = request(url, {
      method,
      rejectUnauthorized: !options.insecure,
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
      timeout: options.timeoutMs ?? 10_000,
      signal: options.signal,
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 4096) body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', (error) => resolve({ status: 0, body: error.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => resolve({ status: 0, body: (error as NodeJS.ErrnoException).code ?? error.message }));
    req.end();
  });
}
