/** The send thread's side (see send-thread.ts): one SMTP pool per server, kept HTTP connections. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Transporter } from 'nodemailer';
import { post } from './http-post.js';
import type { SendReply, SendRequest } from './send-thread.js';
import { describe } from './send-common.js';
import { sendMail, smtpPool } from './smtp.js';

const { connections } = workerData as { connections: number };
const transports = new Map<string, Transporter>();
const port = parentPort!;

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = smtpPool(smtpUrl, connections);
    transports.set(smtpUrl, transport);
  }
  return transport;
}

port.on('message', (request: SendRequest) => {
  const sent = request.kind === 'mail' ? sendMail(transportFor(request.smtpUrl), request.message).then(() => undefined) : post(request.url, request.body, request.headers);
  sent.then(
    (answer) => port.postMessage({ id: request.id, ...(answer ? { answer } : {}) } satisfies SendReply),
    (error: unknown) => port.postMessage({ id: request.id, error: describe(error) } satisfies SendReply),
  );
});
