/**
 * Deliveries survive a restart: a Baton process stops while its mail cannot be delivered; the
 * next process on the same database sends each message once when the mail server is back.
 * Real `baton serve` processes, as an operator runs them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { NOTIFY_POLICY, notifyLead, startNotifyHarness, type NotifyHarness } from '../support/receivers/notify-harness.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';

const TOKEN = 'notify-restart-admin-token-0123456789';
let h: NotifyHarness;
let database: TestDatabase;
let env: Record<string, string>;
let server: ServerProcess | undefined;

beforeAll(async () => {
  h = await startNotifyHarness();
  database = await testDatabase();
  const store: Record<string, string> = database.kind === 'postgres' ? { DATABASE_URL: database.url } : { BATON_DATA_DIR: path.join(database.dataDir, 'data') };
  env = { ...h.env, ...store, BATON_ADMIN_TOKEN: TOKEN, BATON_POLICY: NOTIFY_POLICY };
});
afterAll(async () => {
  await server?.stop();
  await database?.cleanup();
  await h?.stop();
});

const call = async (method: string, route: string, body?: unknown) => {
  const res = await fetch(`${server!.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return (await res.json()) as Record<string, unknown>;
};

describe('a restart with deliveries pending', () => {
  it('sends every pending message once from the next process', async () => {
    h.smtp.fail();
    server = await startServerProcess(env);
    const leads = [];
    for (const email of ['one@restart-labs.com', 'two@restart-labs.com']) leads.push((await call('POST', '/api/v1/leads', notifyLead(email, 'US'))).id as string);
    await expect
      .poll(async () => ((await call('GET', '/api/v1/deliveries?channel=email&status=failed')).deliveries as unknown[]).length, { timeout: 15_000 })
      .toBe(2);
    await server.stop();
    server = undefined;
    expect(h.smtp.mail).toEqual([]);

    h.smtp.recover();
    server = await startServerProcess(env);
    for (const email of ['one@restart-labs.com', 'two@restart-labs.com']) {
      const mail = await h.smtp.waitFor((m) => m.text.includes(email), 20_000);
      expect(mail.envelopeTo).toEqual(['ana@example.com']);
    }
    await expect
      .poll(async () => ((await call('GET', '/api/v1/deliveries?channel=email&status=sent')).deliveries as { lead_id: string }[]).map((d) => d.lead_id).sort(), { timeout: 10_000 })
      .toEqual([...leads].sort());
    expect(h.smtp.duplicates()).toEqual([]);
    expect(h.http.duplicateWebhookIds()).toEqual([]);
    // Slack and SMS were up all along: sent once, by the first process.
    expect(h.http.accepted('/sms/').length).toBe(2);
  });
});
