import { request } from 'node:https';

export interface HubResponse {
  status: number;
  body: string;
}

/** One HTTPS GET against the hub; network failures resolve as status 0 with the reason in body. */
export function hubGet(url: string, options: { insecure: boolean; token?: string; timeoutMs?: number; signal?: AbortSignal }): Promise<HubResponse> {
  return new Promise((resolve) => {
    const req = request(url, {
      method: 'GET',
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
