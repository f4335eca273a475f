/**
 * A real SMTP server (smtp-server) on a loopback port that keeps every message it accepts, for
 * tests to read. `fail()` makes it answer 451 (a temporary failure, as a mail server under
 * maintenance does) until `recover()`; `stop()` closes it.
 */
import { SMTPServer } from 'smtp-server';
import { parseMail, type ParsedMail } from './mime.js';

export interface ReceivedMail extends ParsedMail {
  envelopeTo: string[];
  raw: string;
  receivedAt: number;
}

export interface SmtpReceiver {
  url: string;
  port: number;
  mail: ReceivedMail[];
  /** Refuse mail with a temporary error until recover(). */
  fail(): void;
  recover(): void;
  /** Messages whose Message-ID arrived more than once (what a deduplicating receiver would drop). */
  duplicates(): string[];
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  onMail?: (mail: ReceivedMail) => void;
  stop(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  let failing = false;
  const mail: ReceivedMail[] = [];
  const receiver = { mail } as SmtpReceiver;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // No reverse DNS of the client: this machine has no resolver for it, and a real server's
    // lookup is not Baton's latency.
    disableReverseLookup: true,
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (failing) {
        const error = new Error('mailbox temporarily unavailable') as Error & { responseCode: number };
        error.responseCode = 451;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const received: ReceivedMail = { ...parseMail(raw), envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, receivedAt: performance.now() };
        mail.push(received);
        receiver.onMail?.(received);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  Object.assign(receiver, {
    url: `smtp://127.0.0.1:${port}`,
    port,
    fail: () => void (failing = true),
    recover: () => void (failing = false),
    duplicates: () => {
      const seen = new Map<string, number>();
      for (const m of mail) seen.set(m.messageId, (seen.get(m.messageId) ?? 0) + 1);
      return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    },
    waitFor: async (predicate: (m: ReceivedMail) => boolean, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = mail.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching mail within ${timeoutMs} ms; received: ${mail.map((m) => m.subject).join(' | ') || 'none'}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
  return receiver;
}
