/**
 * A dispatcher hears outbox rows another process commits through LISTEN/NOTIFY (the trigger on
 * the outbox), not at its next poll: with polling set to 30 s, a row written straight into the
 * database is mailed within moments.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFY_POLICY, startNotifyHarness, type NotifyHarness } from '../support/receivers/notify-harness.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';

let h: NotifyHarness;
let database: TestDatabase;
let server: ServerProcess;

beforeAll(async () => {
  h = await startNotifyHarness();
  database = await testDatabase();
  server = await startServerProcess({ ...h.env, BATON_NOTIFY_POLL_MS: '30000', DATABASE_URL: database.url!, BATON_ADMIN_TOKEN: 'notify-listen-token-0123456789', BATON_POLICY: NOTIFY_POLICY });
});
afterAll(async () => {
  await server?.stop();
  await database?.cleanup();
  await h?.stop();
});

describe('LISTEN/NOTIFY', () => {
  it('wakes the dispatcher when another process commits an outbox row', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await new Promise((r) => setTimeout(r, 1_000)); // the dispatcher's first look is over; the next poll is 30 s away
      const started = Date.now();
      await client.query(
        `insert into outbox (lead_id, kind, payload, status, attempts, available_at, created_at)
         values (null, 'alert', $1, 'pending', 0, now(), now())`,
        [JSON.stringify({ lead_id: null, message: 'integration_failing', recipients: ['admins'], channel: 'sms', failures: 3, error: 'test' })],
      );
      const mail = await h.smtp.waitFor((m) => m.subject === 'Integration failing: sms', 5_000);
      expect(mail.envelopeTo).toEqual(['ops@example.com']);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await client.end();
    }
  });
});
