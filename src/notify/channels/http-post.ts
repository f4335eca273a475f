/** An HTTP POST with kept connections, for webhooks, Slack and the SMS API. */
import http from 'node:http';
import https from 'node:https';
import { SEND_TIMEOUT_MS } from './send-common.js';

export interface PostAnswer {
  ok: boolean;
  status: number;
  body: string;
}

// node:http with kept connections rather than fetch: webhooks are the bulk of sends (one per lead
// event), and fetch cost about twice the CPU per request in the speed-to-lead profile.
const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }), 'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }) };

export function post(url: string, body: string, headers: Record<string, string>): Promise<PostAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
    if (!client) return reject(new Error(`unsupported URL scheme in ${url}`));
    const payload = Buffer.from(body);
    const request = client.request(
      target,
      {
        method: 'POST',
        agent: agents[target.protocol as 'http:' | 'https:'],
        headers: { 'user-agent': 'Baton-Notify/1', 'content-length': String(payload.length), ...headers },
        timeout: SEND_TIMEOUT_MS,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          // Redirects are not followed: a webhook endpoint that moved must be reconfigured.
          resolve({ ok: status >= 200 && status < 300, status, body: Buffer.concat(chunks).toString('utf8') });
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${SEND_TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.end(payload);
  });
}
