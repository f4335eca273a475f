/**
 * A qualified lead reaches its rep by e-mail through a real SMTP server: the brief, the deadline
 * in the rep's own time zone and the actions are in the mail; the lead's timeline records when.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, type NotifyHarness, notifyLead, startNotifyApp } from '../support/receivers/notify-harness.js';
import type { TestApp } from '../support/test-app.js';

let h: NotifyHarness;
let t: TestApp;
let close: () => Promise<void>;
// Tuesday 10 March 2026, 14:00 UTC: 10:00 in New York (EDT since 8 March), 15:00 in Berlin (CET).
const clock = new ManualClock(new Date('2026-03-10T14:00:00Z'));

beforeAll(async () => {
  ({ h, t, close } = await startNotifyApp(clock));
});
afterAll(async () => {
  await close?.();
});

describe('e-mail notifications', () => {
  it('sends the rep the brief, the deadline in their time zone and the actions', async () => {
    const res = await t.api('POST', '/api/v1/leads', notifyLead('ada@fabrikam-robotics.com', 'US'));
    expect(res.status).toBe(201);
    expect(res.body.owner).toBe('ana');
    const mail = await h.smtp.waitFor((m) => m.envelopeTo.includes('ana@example.com'));
    expect(mail.subject).toBe('High-priority lead: Ada Lovelace (Fabrikam Robotics)');
    expect(mail.from).toContain('baton@example.com');
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('Ada Lovelace');
      expect(body).toContain('VP Sales');
      expect(body).toContain('budget: 50k-100k'); // what they told us
      expect(body).toContain('google / cpc / spring'); // source
      expect(body).toMatch(/Score \d+/);
      // First touch for a high-intent lead is 1h: 15:00 UTC is 11:00 in New York.
      expect(body).toContain('Tue 10 Mar 2026, 11:00 EDT');
    }
    expect(mail.text).toContain('Deadlines (America/New_York)');
    expect(mail.text).not.toContain('per the policy'); // read from the lead's running clocks, not estimated
    expect(mail.text).toContain('Why you');
    expect(mail.text).toContain("Matched rule 'US'");
    // One-click actions signed for ana, usable without signing in.
    const accept = /Accept: (\S+)/.exec(mail.text)?.[1];
    expect(accept).toMatch(new RegExp(`^${t.url}/a/`));
    expect(mail.html).toContain(`href="${accept}"`);
    expect(mail.messageId).toMatch(/^<ob\d+\.email\.ana@baton>$/);
  });

  it('records a notified event on the lead once the SMTP server accepted the mail', async () => {
    const res = await t.api('POST', '/api/v1/leads', notifyLead('grace@contoso-labs.com', 'US'));
    await h.smtp.waitFor((m) => m.text.includes('grace@contoso-labs.com'));
    await expect
      .poll(async () => (await t.api('GET', `/api/v1/leads/${res.body.id}`)).body.timeline.filter((e: { type: string }) => e.type === 'notified'), { timeout: 5_000 })
      .toEqual(expect.arrayContaining([expect.objectContaining({ data: expect.objectContaining({ channel: 'email', recipient: 'ana', message: 'assigned' }) })]));
    const deliveries = await t.api('GET', `/api/v1/deliveries?lead_id=${res.body.id}&channel=email`);
    expect(deliveries.body.deliveries).toEqual([expect.objectContaining({ status: 'sent', attempts: 1, recipient: 'ana', message: 'assigned' })]);
  });

  it('does not announce a hand-off that is older than stale_after when Baton gets to it', async () => {
    const lead = (await t.api('POST', '/api/v1/leads', notifyLead('old@history-import.com', 'US'))).body;
    await h.smtp.waitFor((m) => m.text.includes('old@history-import.com'));
    const twoDaysAgo = new Date(clock.now().getTime() - 2 * 86_400_000);
    const [row] = await t.app.deps.db
      .insertInto('outbox')
      .values({ lead_id: lead.id, kind: 'lead.assigned', payload: JSON.stringify({ lead_id: lead.id, rep: 'ana', priority: 'high' }), status: 'pending', attempts: 0, available_at: twoDaysAgo, created_at: twoDaysAgo })
      .returning('id')
      .execute();
    await expect.poll(async () => (await t.app.deps.db.selectFrom('outbox').select('status').where('id', '=', row!.id).executeTakeFirst())?.status, { timeout: 5_000 }).toBe('stale');
    expect((await t.api('GET', `/api/v1/deliveries?lead_id=${lead.id}&channel=email`)).body.deliveries).toHaveLength(1);
  });

  it('tells the admins by e-mail when nobody can take a lead', async () => {
    // cy is the only member of the default pool; out of reach while away.
    await t.app.deps.db.updateTable('reps').set({ away: true }).where('id', '=', 'cy').execute();
    const res = await t.api('POST', '/api/v1/leads', notifyLead('li@initech-systems.com', 'FR'));
    expect(res.body.queue).toBe('revops-queue');
    const mail = await h.smtp.waitFor((m) => m.envelopeTo.includes('ops@example.com') && m.text.includes('li@initech-systems.com'));
    expect(mail.subject).toContain('No rep available');
    expect(mail.text).toContain('revops-queue');
  });

  it('reminds the rep before the deadline and tells rep and manager when it passes, each in their own zone', async () => {
    clock.set('2026-03-12T14:00:00Z'); // Thursday 10:00 in New York
    const lead = (await t.api('POST', '/api/v1/leads', notifyLead('late@slow-reply.com', 'US'))).body;
    await h.smtp.waitFor((m) => m.subject.startsWith('High-priority lead') && m.text.includes('late@slow-reply.com'));
    clock.set('2026-03-12T14:46:00Z'); // 75 % of the 1h first-touch window
    const reminder = await h.smtp.waitFor((m) => m.subject.startsWith('Reminder') && m.text.includes('late@slow-reply.com'));
    expect(reminder.envelopeTo).toEqual(['ana@example.com']);
    expect(reminder.text).toContain('First contact by Thu 12 Mar 2026, 11:00 EDT');
    expect(reminder.text).toMatch(/Accept: http/);

    clock.set('2026-03-12T15:01:00Z');
    const toRep = await h.smtp.waitFor((m) => m.subject.startsWith('Deadline missed:') && m.text.includes('late@slow-reply.com'));
    expect(toRep.envelopeTo).toEqual(['ana@example.com']);
    const toManager = await h.smtp.waitFor((m) => m.subject.startsWith('Deadline missed by Ana Ruiz') && m.text.includes('late@slow-reply.com'));
    expect(toManager.envelopeTo).toEqual(['mia@example.com']);
    expect(toManager.text).toContain('First contact by Thu 12 Mar 2026, 15:00 UTC'); // mia's calendar is UTC
    expect(toManager.text).not.toContain('Accept:');
    // The SMTP server accepts a mail a moment before the dispatcher records it as sent.
    const sent = async () =>
      (await t.api('GET', `/api/v1/deliveries?lead_id=${lead.id}&channel=email&status=sent`)).body.deliveries
        .map((d: { message: string; recipient: string }) => `${d.message}:${d.recipient}`)
        .sort();
    await expect.poll(sent, { timeout: 10_000 }).toEqual(['assigned:ana', 'breached:ana', 'breached:manager:mia', 'reminder:ana']);
  });
});
