/**
 * E-mail goes out from a thread of its own. nodemailer builds and streams a message over a dozen
 * event-loop turns (setImmediate between MIME parts, the pool's queue, two SMTP round trips). On
 * the main loop, busy with the intake, each turn waited behind the requests: at 200 leads/s a mail
 * took 200-900 ms and the pool sent fewer than the leads brought (bench/speed-to-lead.md). On the
 * thread's own, nearly idle loop the same turns take a few milliseconds.
 */
import { Worker } from 'node:worker_threads';
import type { MailMessage } from './smtp.js';

export interface MailRequest {
  id: number;
  smtpUrl: string;
  message: MailMessage;
}

export interface MailReply {
  id: number;
  /** Why the send failed (nodemailer's error, described); absent when the server accepted it. */
  error?: string;
}

interface Running {
  worker: Worker;
  pending: Map<number, { resolve: () => void; reject: (error: Error) => void }>;
}

export class MailThread {
  private running: Running | undefined;
  private nextId = 1;

  constructor(private readonly connections: number) {}

  send(smtpUrl: string, message: MailMessage): Promise<void> {
    const { worker, pending } = this.running ?? this.start();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, smtpUrl, message } satisfies MailRequest);
    });
  }

  async close(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (running) await running.worker.terminate();
  }

  private start(): Running {
    const worker = typeScriptWorker(new URL('./mail-thread-worker.ts', import.meta.url), { connections: this.connections });
    const running: Running = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (reply: MailReply) => {
      const waiting = running.pending.get(reply.id);
      running.pending.delete(reply.id);
      if (reply.error === undefined) waiting?.resolve();
      else waiting?.reject(new Error(reply.error));
    });
    // A thread that dies fails the sends it had (they are retried like any failed send); the next
    // send starts a new one.
    const failAll = (why: string) => {
      if (this.running === running) this.running = undefined;
      for (const waiting of running.pending.values()) waiting.reject(new Error(why));
      running.pending.clear();
    };
    worker.on('error', (error) => failAll(`the mail thread failed: ${error.message}`));
    worker.on('exit', (code) => failAll(`the mail thread stopped (exit code ${code})`));
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
