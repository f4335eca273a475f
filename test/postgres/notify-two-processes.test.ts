/**
 * Two Baton processes dispatching from one PostgreSQL: each hears the other's outbox rows
 * (LISTEN/NOTIFY) and every notification is sent exactly once, by one of them.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFY_POLICY, notifyLead, startNotifyHarness, type NotifyHarness } from '../support/receivers/notify-harness.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';

const TOKEN = 'notify-two-processes-token-0123456789';
const LEADS = 120;
let h: NotifyHarness;
let database: TestDatabase;
let servers: ServerProcess[] = [];

beforeAll(async () => {
  h = await startNotifyHarness();
  database = await testDatabase();
  const env = { ...h.env, DATABASE_URL: database.url!, BATON_ADMIN_TOKEN: TOKEN, BATON_POLICY: NOTIFY_POLICY, BATON_DB_POOL_SIZE: '6' };
  servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await database?.cleanup();
  await h?.stop();
});

describe('two processes on one PostgreSQL', () => {
  it('send each e-mail, Slack message, SMS and webhook once', async () => {
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < LEADS) {
          const i = next++;
          const res = await fetch(`${servers[i % 2]!.url}/api/v1/leads`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify(notifyLead(`lead${i}@race-${i}.com`, i % 2 === 0 ? 'US' : 'DE')),
          });
          expect(res.status).toBe(201);
          ids.push(((await res.json()) as { id: string }).id);
        }
      }),
    );
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const events = async () => Number((await client.query(`select count(*)::int as n from lead_events`)).rows[0].n);
      // ana (US): e-mail, Slack, SMS; ben (DE): e-mail. Every lead event: one webhook.
      await expect.poll(() => h.smtp.mail.length, { timeout: 60_000 }).toBe(LEADS);
      await expect.poll(async () => h.http.accepted('/hooks/crm').length === (await events()), { timeout: 60_000 }).toBe(true);
      await expect.poll(() => h.http.accepted('/slack/api/').length, { timeout: 10_000 }).toBe(LEADS / 2);
      expect(h.http.accepted('/sms/').length).toBe(LEADS / 2);
      expect(h.smtp.duplicates()).toEqual([]);
      expect(h.http.duplicateWebhookIds()).toEqual([]);
      // Received, then recorded: every delivery ends sent, and each message to a rep is on the lead's timeline.
      const unsent = async () => (await client.query(`select status, count(*)::int as n from notify_deliveries where status <> 'sent' group by status`)).rows;
      await expect.poll(unsent, { timeout: 10_000 }).toEqual([]);
      const notified = await client.query(`select count(*)::int as n from lead_events where type = 'notified'`);
      expect(notified.rows[0].n).toBe(LEADS + LEADS); // e-mail for all; Slack and SMS for ana's half
      expect(new Set(ids).size).toBe(LEADS);
    } finally {
      await client.end();
    }
  });
});
