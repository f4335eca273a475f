/**
 * The send thread on its own, against the real SMTP server and HTTP receiver: a message arrives
 * whole, a post comes back with the receiver's answer, a refused or unreachable server fails the
 * send with the reason, and a thread that stopped is replaced by the next send.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendThread } from '../../src/notify/channels/send-thread.js';
import { startHttpReceiver, type HttpReceiver } from '../support/receivers/http.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/receivers/smtp.js';

let smtp: SmtpReceiver;
let http: HttpReceiver;
const thread = new SendThread(2);
const message = (key: string) => ({ from: 'Baton <baton@example.com>', to: ['ana@example.com'], subject: `Lead ${key}`, text: `Call Ana: ${key}`, html: `<p>Call Ana: ${key}</p>`, key });

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  http = await startHttpReceiver({});
});
afterAll(async () => {
  await thread.close();
  await smtp?.stop();
  await http?.stop();
});

describe('send thread', () => {
  it('sends through its SMTP pool: headers, both parts and the delivery key arrive', async () => {
    await Promise.all(['k1', 'k2', 'k3'].map((key) => thread.mail(smtp.url, message(key))));
    const got = smtp.mail.filter((m) => m.subject.startsWith('Lead k'));
    expect(got.map((m) => m.messageId).sort()).toEqual(['<k1@baton>', '<k2@baton>', '<k3@baton>']);
    expect(got[0]!.text).toContain('Call Ana');
    expect(got[0]!.html).toContain('<p>Call Ana');
    expect(got[0]!.headers.get('x-baton-delivery')).toMatch(/^k\d$/);
  });

  it('fails a send the server refuses, with the server’s answer', async () => {
    smtp.fail();
    try {
      await expect(thread.mail(smtp.url, message('refused'))).rejects.toThrow(/451|temporarily unavailable/);
    } finally {
      smtp.recover();
    }
  });

  it('posts and brings back the receiver’s answer, whatever its status', async () => {
    const answer = await thread.post(`${http.url}/hooks/plain`, '{"hello":"world"}', { 'content-type': 'application/json', 'x-test': 'yes' });
    expect(answer).toMatchObject({ ok: true, status: 200 });
    const got = http.requests.find((r) => r.path === '/hooks/plain');
    expect(got?.headers['x-test']).toBe('yes');
    expect(got?.body).toBe('{"hello":"world"}');
    http.fail(503, '/hooks/down');
    try {
      expect(await thread.post(`${http.url}/hooks/down`, '{}', {})).toMatchObject({ ok: false, status: 503, body: expect.stringContaining('down for the test') });
    } finally {
      http.recover();
    }
  });

  it('fails a send to a server nobody listens on', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    await expect(thread.mail(`smtp://127.0.0.1:${closed}`, message('nobody'))).rejects.toThrow(/ECONNREFUSED/);
    await expect(thread.post(`http://127.0.0.1:${closed}/hook`, '{}', {})).rejects.toThrow(/ECONNREFUSED/);
  });

  it('starts a new thread for the next send after it was stopped', async () => {
    await thread.close();
    await thread.mail(smtp.url, message('again'));
    expect(smtp.mail.some((m) => m.messageId === '<again@baton>')).toBe(true);
  });
});
