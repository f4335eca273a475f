/**
 * The mail thread on its own, against the real SMTP server: a message arrives whole, a refused or
 * unreachable server fails the send with nodemailer's reason, and a thread that stopped is
 * replaced by the next send.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailThread } from '../../src/notify/channels/mail-thread.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/receivers/smtp.js';

let smtp: SmtpReceiver;
const thread = new MailThread(2);
const message = (key: string) => ({ from: 'Baton <baton@example.com>', to: ['ana@example.com'], subject: `Lead ${key}`, text: `Call Ana: ${key}`, html: `<p>Call Ana: ${key}</p>`, key });

beforeAll(async () => {
  smtp = await startSmtpReceiver();
});
afterAll(async () => {
  await thread.close();
  await smtp?.stop();
});

describe('mail thread', () => {
  it('sends through its SMTP pool: headers, both parts and the delivery key arrive', async () => {
    await Promise.all(['k1', 'k2', 'k3'].map((key) => thread.send(smtp.url, message(key))));
    const got = smtp.mail.filter((m) => m.subject.startsWith('Lead k'));
    expect(got.map((m) => m.messageId).sort()).toEqual(['<k1@baton>', '<k2@baton>', '<k3@baton>']);
    expect(got[0]!.text).toContain('Call Ana');
    expect(got[0]!.html).toContain('<p>Call Ana');
    expect(got[0]!.headers.get('x-baton-delivery')).toMatch(/^k\d$/);
  });

  it('fails a send the server refuses, with the server’s answer', async () => {
    smtp.fail();
    try {
      await expect(thread.send(smtp.url, message('refused'))).rejects.toThrow(/451|temporarily unavailable/);
    } finally {
      smtp.recover();
    }
  });

  it('fails a send to a server nobody listens on', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    await expect(thread.send(`smtp://127.0.0.1:${closed}`, message('nobody'))).rejects.toThrow(/ECONNREFUSED/);
  });

  it('starts a new thread for the next send after it was stopped', async () => {
    await thread.close();
    await thread.send(smtp.url, message('again'));
    expect(smtp.mail.some((m) => m.messageId === '<again@baton>')).toBe(true);
  });
});
