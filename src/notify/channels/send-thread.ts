/**
 * Notifications go out from a thread of its own: e-mail (SMTP) and HTTP posts (webhooks, Slack,
 * SMS). nodemailer builds and streams a message over a dozen event-loop turns (setImmediate
 * between MIME parts, the pool's queue, two SMTP round trips). On the main loop, busy with the
 * intake, each turn waited behind the requests: at 200 leads/s a mail took 200-900 ms and the pool
 * sent fewer than the leads brought (bench/speed-to-lead.md). On the thread's own, nearly idle
 * loop the same turns take a few milliseconds; webhooks (up to 8 per lead) leave the main loop too.
 */
import { Worker } from 'node:worker_threads';
import type { PostAnswer } from './http-post.js';
import type { MailMessage } from './smtp.js';

export type SendRequest =
  | { id: number; kind: 'mail'; smtpUrl: string; message: MailMessage }
  | { id: number; kind: 'post'; url: string; body: string; headers: Record<string, string> };

export interface SendReply {
  id: number;
  /** The HTTP answer of a post (any status); absent for mail. */
  answer?: PostAnswer;
  /** Why the send failed (nodemailer's or the socket's error, described); absent when it went out. */
  error?: string;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Running {
  worker: Worker;
  pending: Map<number, { resolve: (answer: PostAnswer | undefined) => void; reject: (error: Error) => void }>;
}

export class SendThread {
  private running: Running | undefined;
  private nextId = 1;

  constructor(private readonly connections: number) {}

  async mail(smtpUrl: string, message: MailMessage): Promise<void> {
    await this.request({ kind: 'mail', smtpUrl, message });
  }

  async post(url: string, body: string, headers: Record<string, string>): Promise<PostAnswer> {
    const answer = await this.request({ kind: 'post', url, body, headers });
    return answer!;
  }

  private request(request: DistributiveOmit<SendRequest, 'id'>): Promise<PostAnswer | undefined> {
    const { worker, pending } = this.running ?? this.start();
    const id = this.nextId++;
    return new Promise<PostAnswer | undefined>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id } as SendRequest);
    });
  }

  async close(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (running) await running.worker.terminate();
  }

  private start(): Running {
    const worker = typeScriptWorker(new URL('./send-thread-worker.ts', import.meta.url), { connections: this.connections });
    const running: Running = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (reply: SendReply) => {
      const waiting = running.pending.get(reply.id);
      running.pending.delete(reply.id);
      if (reply.error === undefined) waiting?.resolve(reply.answer);
      else waiting?.reject(new Error(reply.error));
    });
    // A thread that dies fails the sends it had (they are retried like any failed send); the next
    // send starts a new one.
    const failAll = (why: string) => {
      if (this.running === running) this.running = undefined;
      for (const waiting of running.pending.values()) waiting.reject(new Error(why));
      running.pending.clear();
    };
    worker.on('error', (error) => failAll(`the send thread failed: ${error.message}`));
    worker.on('exit', (code) => failAll(`the send thread stopped (exit code ${code})`));
    this.running = running;
    return running;
  }
}

/**
 * A thread running a TypeScript module. The thread registers tsx itself before importing it: tsx's
 * loader flags, which the process may have started with, register it in the main thread only.
 */
function typeScriptWorker(entry: URL, workerData: Record<string, unknown>): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `
    const { workerData } = require('node:worker_threads');
    import(workerData.tsx).then((api) => { api.register(); return import(workerData.entry); });
  `;
  return new Worker(bootstrap, { eval: true, workerData: { ...workerData, tsx, entry: entry.href } });
}
