/**
 * Two processes sending activity for the same leads, each keeping its own copy of the leads it
 * wrote (src/store/lead-cache.ts): neither may decide from a copy the other has moved past, so
 * every event counts once in the lead's summary and engagement, however the batches interleave.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { BatonApp } from '../../src/app.js';
import { recordEvents } from '../../src/intake/record-events.js';
import { submitLead } from '../../src/intake/submit-lead.js';
import { FIXTURE_POLICY } from '../support/test-app.js';
import { twoAppsOnOneDatabase } from '../support/two-apps.js';

const apps = twoAppsOnOneDatabase(FIXTURE_POLICY, { logger: false, workers: false });
const LEADS = 20;
const emails = Array.from({ length: LEADS }, (_, i) => `reader${i}@cache-procs-${i}.example.com`);
const visit = (email: string, n: number) => ({ email, type: 'page_viewed', url: `https://example.com/docs/${n}` });

describe('lead copies in two processes', () => {
  it('count every event once when both processes write the same leads', async () => {
    for (const email of emails) await submitLead(apps.a.deps, { email, first_name: 'Ada', company: { name: 'Cache Procs', size: 12, country: 'US' } }, { actor: 'test' });
    const rounds = 12;
    // Each round both processes send one event for every lead, side by side.
    for (let round = 0; round < rounds; round++) {
      const send = (app: BatonApp, n: number) => recordEvents(app.deps, emails.map((e) => visit(e, n)), 'test');
      const [a, b] = await Promise.all([send(apps.a, round * 2), send(apps.b, round * 2 + 1)]);
      expect(a.accepted + b.accepted).toBe(2 * LEADS);
    }
    // Racing rounds may alternate strictly (each process always meets the other's version), so
    // the copy is also shown in use where it must be: a process writing the leads twice in a row.
    const hits = () => apps.a.deps.leads!.stats().hits + apps.b.deps.leads!.stats().hits;
    await recordEvents(apps.a.deps, emails.map((e) => visit(e, 2 * rounds)), 'test');
    const before = hits();
    await recordEvents(apps.a.deps, emails.map((e) => visit(e, 2 * rounds + 1)), 'test');
    expect(hits() - before).toBe(LEADS);
    const { rows } = await sql<{ total: number; events: number }>`
      select (l.activity_summary->>'total')::int as total, (select count(*)::int from lead_events e where e.lead_id = l.id and e.type = 'activity_recorded') as events
      from leads l where l.email = any(${emails})`.execute(apps.a.database.db);
    expect(rows).toHaveLength(LEADS);
    for (const row of rows) expect(row).toEqual({ total: 2 * rounds + 2, events: 2 * rounds + 2 });
    // Copies were used (a lead written by the same process as the batch before).
    expect(hits()).toBeGreaterThan(0);
  });
});
