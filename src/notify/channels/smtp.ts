/** The SMTP side of e-mail: a kept pool of connections per server, and one message sent on it. */
import nodemailer, { type Transporter } from 'nodemailer';
import { SEND_TIMEOUT_MS } from './send-common.js';

export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The delivery's idempotency key: the Message-ID and X-Baton-Delivery carry it. */
  key: string;
}

/** Open connections, kept: each message is then MAIL, RCPT and DATA on a warm connection. */
export function smtpPool(url: string, connections: number): Transporter {
  return nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: connections,
    maxMessages: Infinity,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
}

export async function sendMail(transport: Transporter, message: MailMessage): Promise<void> {
  await transport.sendMail({
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: `<${message.key}@baton>`,
    headers: { 'X-Baton-Delivery': message.key },
  });
}
