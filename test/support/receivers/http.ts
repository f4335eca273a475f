/**
 * A real HTTP server standing in for the services Baton calls: webhook receivers (each request's
 * Standard Webhooks signature is verified with the receiver's secret; a bad one gets 401), the
 * Slack Web API and incoming webhooks (bot token checked), and a Twilio-compatible SMS API
 * (Basic auth checked). `fail(status)` makes every answer an error until `recover()`.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { Webhook } from 'standardwebhooks';

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** For webhook requests: whether the signature verified. */
  verified?: boolean;
  /** The body parsed as JSON, or the form fields. */
  json?: unknown;
  form?: Record<string, string>;
  receivedAt: number;
}

export interface HttpReceiverOptions {
  /** Standard Webhooks secret (whsec_…) to verify webhook requests with. */
  webhookSecret?: string;
  slackBotToken?: string;
  sms?: { accountSid: string; authToken: string };
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Accepted requests to a path prefix. */
  accepted(pathPrefix: string): ReceivedRequest[];
  /** Answer `status` to requests under `pathPrefix` (Default: every path) until recover(). */
  fail(status?: number, pathPrefix?: string): void;
  recover(): void;
  setWebhookSecret(secret: string): void;
  /** webhook-id values accepted more than once (a deduplicating receiver drops the repeats). */
  duplicateWebhookIds(): string[];
  waitFor(predicate: (r: ReceivedRequest) => boolean, timeoutMs?: number): Promise<ReceivedRequest>;
  onAccepted?: (r: ReceivedRequest) => void;
  stop(): Promise<void>;
}

export async function startHttpReceiver(options: HttpReceiverOptions = {}): Promise<HttpReceiver> {
  let failing: { status: number; prefix: string } | undefined;
  let webhookSecret = options.webhookSecret;
  const requests: ReceivedRequest[] = [];
  const acceptedSet = new WeakSet<ReceivedRequest>();
  const receiver = {} as HttpReceiver;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const record: ReceivedRequest = { path, headers: req.headers, body, receivedAt: performance.now() };
      const type = String(req.headers['content-type'] ?? '');
      if (type.includes('json')) record.json = safeJson(body);
      if (type.includes('x-www-form-urlencoded')) record.form = Object.fromEntries(new URLSearchParams(body));
      requests.push(record);
      const answer = (status: number, payload: unknown) => {
        if (status < 300) {
          acceptedSet.add(record);
          receiver.onAccepted?.(record);
        }
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
      };
      if (failing && path.startsWith(failing.prefix)) return answer(failing.status, { error: 'down for the test' });
      if (req.headers['webhook-id']) {
        if (!webhookSecret) return answer(500, { error: 'receiver has no secret' });
        try {
          new Webhook(webhookSecret).verify(body, req.headers as Record<string, string>);
          record.verified = true;
        } catch {
          record.verified = false;
          return answer(401, { error: 'bad signature' });
        }
        return answer(200, { ok: true });
      }
      if (path.startsWith('/slack/api/chat.postMessage')) {
        if (req.headers.authorization !== `Bearer ${options.slackBotToken}`) return answer(200, { ok: false, error: 'invalid_auth' });
        return answer(200, { ok: true, ts: String(Date.now() / 1000) });
      }
      if (path.startsWith('/slack/webhook')) return answer(200, 'ok');
      const sms = /^\/sms\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
      if (sms) {
        const expected = options.sms ? `Basic ${Buffer.from(`${options.sms.accountSid}:${options.sms.authToken}`).toString('base64')}` : undefined;
        if (req.headers.authorization !== expected || sms[1] !== options.sms?.accountSid) return answer(401, { code: 20003, message: 'Authenticate' });
        return answer(201, { sid: `SM${requests.length}`, status: 'queued', to: record.form?.To });
      }
      return answer(200, { ok: true });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  Object.assign(receiver, {
    url: `http://127.0.0.1:${port}`,
    requests,
    accepted: (prefix: string) => requests.filter((r) => acceptedSet.has(r) && r.path.startsWith(prefix)),
    fail: (status = 503, prefix = '/') => void (failing = { status, prefix }),
    recover: () => void (failing = undefined),
    setWebhookSecret: (secret: string) => void (webhookSecret = secret),
    duplicateWebhookIds: () => {
      const seen = new Map<string, number>();
      for (const r of requests) {
        const id = r.headers['webhook-id'];
        if (typeof id === 'string' && acceptedSet.has(r)) seen.set(id, (seen.get(id) ?? 0) + 1);
      }
      return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    },
    waitFor: async (predicate: (r: ReceivedRequest) => boolean, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = requests.find((r) => acceptedSet.has(r) && predicate(r));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching request within ${timeoutMs} ms; got: ${requests.map((r) => r.path).join(', ') || 'none'}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return receiver;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
