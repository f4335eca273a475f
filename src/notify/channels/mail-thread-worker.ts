/** The mail thread's side (see mail-thread.ts): one SMTP pool per server, a message per request. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Transporter } from 'nodemailer';
import type { MailReply, MailRequest } from './mail-thread.js';
import { describe, sendMail, smtpPool } from './smtp.js';

const { connections } = workerData as { connections: number };
const transports = new Map<string, Transporter>();
const port = parentPort!;

port.on('message', (request: MailRequest) => {
  let transport = transports.get(request.smtpUrl);
  if (!transport) {
    transport = smtpPool(request.smtpUrl, connections);
    transports.set(request.smtpUrl, transport);
  }
  sendMail(transport, request.message).then(
    () => port.postMessage({ id: request.id } satisfies MailReply),
    (error: unknown) => port.postMessage({ id: request.id, error: describe(error) } satisfies MailReply),
  );
});
