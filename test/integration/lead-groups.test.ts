/**
 * Leads sent in at once share transactions (src/intake/group-queue.ts, submit-lead.ts): every
 * lead must still be answered, routed and counted exactly as if it had been sent alone.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntakeDeps } from '../../src/intake/context.js';
import type { DecisionHook } from '../../src/intake/hooks.js';
import { newLeadGroups, submitLead } from '../../src/intake/submit-lead.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ workers: false });
});
afterAll(async () => {
  await t?.close();
});

const enterpriseLead = (email: string) => ({
  email,
  first_name: 'Group',
  title: 'VP Sales',
  company: { name: `${email.split('@')[1]} Corp`, size: 5000, country: 'US' },
  event: { type: 'demo_requested' },
});

/** How many transactions wrote these leads' events. */
async function transactionsOf(ids: string[]): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(distinct tx)::text as n from lead_events where lead_id in (${sql.join(ids)})`.execute(t.app.deps.db);
  return Number(rows[0]!.n);
}

describe('leads sent at once', () => {
  it('share transactions, and a weighted pool still shares them out exactly (2:1) with every count kept', async () => {
    const before = await sql<{ owner: string; n: string }>`select owner, count(*)::text as n from leads where owner in ('ana', 'ben') group by owner`.execute(t.app.deps.db);
    expect(before.rows).toEqual([]);
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => t.api('POST', '/api/v1/leads', enterpriseLead(`buyer${i}@group-${i}.example.com`))));
    expect(answers.map((a) => a.status)).toEqual(Array(60).fill(201));
    expect(answers.every((a) => a.body.stage === 'mql' && a.body.priority === 'high')).toBe(true);

    const owners = answers.map((a) => a.body.owner as string);
    expect(owners.filter((o) => o === 'ana')).toHaveLength(40);
    expect(owners.filter((o) => o === 'ben')).toHaveLength(20);
    // On PostgreSQL, fewer transactions than leads: they were grouped (the lanes are busy while
    // the others arrive). The embedded database runs each transaction to its end before the next
    // request is read, so there every lead finds the lane free and goes alone.
    const transactions = await transactionsOf(answers.map((a) => a.body.id));
    if (process.env.BATON_TEST_DB === 'postgres') expect(transactions).toBeLessThan(60);
    else expect(transactions).toBeLessThanOrEqual(60);

    // The rows agree with the answers: the pool's round-robin counts and each rep's open leads.
    const pool = await sql<{ members: { rep: string; assignedCount: number }[] }>`select members from routing_pools where pool = 'enterprise'`.execute(t.app.deps.db);
    expect(Object.fromEntries(pool.rows[0]!.members.map((m) => [m.rep, m.assignedCount]))).toEqual({ ana: 40, ben: 20 });
    const reps = await sql<{ id: string; open_leads: number }>`select id, open_leads from reps where id in ('ana', 'ben') order by id`.execute(t.app.deps.db);
    expect(reps.rows).toEqual([{ id: 'ana', open_leads: 40 }, { id: 'ben', open_leads: 20 }]);
    // Each answer is what the record says.
    for (const answer of answers.slice(0, 5)) {
      const lead = await t.api('GET', `/api/v1/leads/${answer.body.id}`);
      expect(lead.body.owner).toBe(answer.body.owner);
      expect(lead.body.stage).toBe('mql');
    }
  });

  it('answer the same person sent twice at once as one lead, and the same Idempotency-Key once', async () => {
    const person = { email: 'twice@group-same.example.com', first_name: 'Twice', company: { name: 'Same Co', size: 30, country: 'US' } };
    const keyed = { email: 'keyed@group-key.example.com', first_name: 'Keyed', company: { name: 'Key Co', size: 30, country: 'US' } };
    const fillers = Array.from({ length: 10 }, (_, i) => t.api('POST', '/api/v1/leads', { email: `filler${i}@group-fill.example.com` }));
    const [a, b, k1, k2, k3] = await Promise.all([
      t.api('POST', '/api/v1/leads', person),
      t.api('POST', '/api/v1/leads', { ...person, title: 'Director' }),
      t.api('POST', '/api/v1/leads', keyed, { headers: { 'idempotency-key': 'group-key-1' } }),
      t.api('POST', '/api/v1/leads', keyed, { headers: { 'idempotency-key': 'group-key-1' } }),
      t.api('POST', '/api/v1/leads', { ...keyed, title: 'Other' }, { headers: { 'idempotency-key': 'group-key-1' } }),
      ...fillers,
    ]);
    expect([a!.status, b!.status].sort()).toEqual([200, 201]);
    expect(a!.body.id).toBe(b!.body.id);
    const events = await sql<{ n: string }>`select count(*)::text as n from lead_events where lead_id = ${a!.body.id} and type in ('lead_created', 'lead_updated')`.execute(t.app.deps.db);
    expect(Number(events.rows[0]!.n)).toBe(2);

    // Never in one group (they hold the same key): the first to claim it makes the lead, its twin
    // gets that answer replayed, and a different body under the key is refused (409), in
    // whichever order they ran.
    const keyedAnswers = [k1!, k2!, k3!];
    const replayed = (r: { headers: Headers }) => r.headers.get('idempotent-replayed') === 'true';
    const fresh = keyedAnswers.filter((r) => r.status === 201 && !replayed(r));
    expect(fresh).toHaveLength(1);
    for (const r of keyedAnswers.filter(replayed)) expect(r.body).toEqual(fresh[0]!.body);
    const refused = keyedAnswers.filter((r) => r.status === 409);
    expect(refused.length).toBe(fresh[0] === k3 ? 2 : 1);
    for (const r of refused) expect(r.body.error.message).toContain('Idempotency-Key');
    const leads = await sql<{ n: string }>`select count(*)::text as n from leads where email = 'keyed@group-key.example.com'`.execute(t.app.deps.db);
    expect(Number(leads.rows[0]!.n)).toBe(1);
  });

  it('fail one lead alone when its decision cannot be saved: the rest of its group is saved', async () => {
    // A hook that fails for one person, standing for anything that fails a single lead's writes.
    const failing: DecisionHook = async (_tx, decisions) => {
      if (decisions.some((d) => d.lead.profile.email === 'broken@group-fail.example.com')) throw new Error('this lead cannot be saved');
    };
    const deps: IntakeDeps = { ...t.app.deps, decisionHooks: [...(t.app.deps.decisionHooks ?? []), failing] };
    deps.leadGroups = newLeadGroups({ lanes: 1, maxGroup: 32 });
    const emails = [...Array.from({ length: 8 }, (_, i) => `ok${i}@group-fail.example.com`), 'broken@group-fail.example.com', 'ok8@group-fail.example.com'];
    const settled = await Promise.allSettled(emails.map((email) => submitLead(deps, { email, company: { name: 'Fail Co', size: 50, country: 'US' } }, { actor: 'test' })));
    expect(settled.map((s) => s.status)).toEqual([...Array(8).fill('fulfilled'), 'rejected', 'fulfilled']);
    expect((settled[8] as PromiseRejectedResult).reason.message).toBe('this lead cannot be saved');
    const saved = await sql<{ email: string }>`select email from leads where email like '%@group-fail.example.com' order by email`.execute(t.app.deps.db);
    expect(saved.rows.map((r) => r.email)).toEqual(emails.filter((e) => !e.startsWith('broken')).sort());
  });
});
