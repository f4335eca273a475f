/**
 * A known history for metric tests: leads and their events written straight into `leads` and
 * `lead_events`, in the shapes of src/engine/handoff-events.ts, so a test can state exactly what
 * happened when and check every figure against numbers worked out by hand.
 *
 *   const h = new History();
 *   h.lead({ email: 'a@x.com', at: '2026-10-05T09:00:00Z', source: 'google' })
 *     .qualify('2026-10-05T09:00:00Z', { total: 70 })
 *     .assign('2026-10-05T09:00:00Z', 'ana', 'enterprise')
 *     .attempt('2026-10-05T09:04:00Z', 'ana');
 *   await h.save(db);
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { seededRandom } from '../../src/demo/generator.js';
import type { Database } from '../../src/store/database.js';

export interface LeadSpec {
  email: string;
  /** When the lead was created. */
  at: string;
  source?: string;
  campaign?: string;
  content?: string;
  channel?: string;
  segment?: string;
  name?: string;
  company?: string;
}

interface Recorded {
  type: string;
  at: string;
  actor: string;
  data: Record<string, unknown>;
}

export class LeadHistory {
  readonly id = randomUUID();
  readonly events: Recorded[] = [];
  stage = 'known';
  owner: string | null = null;
  queue: string | null = null;
  total = 0;
  priority = 'normal';

  constructor(readonly spec: LeadSpec) {
    const touch = spec.source || spec.channel || spec.campaign
      ? { at: spec.at, ...(spec.channel ? { channel: spec.channel } : {}), ...(spec.source ? { utm_source: spec.source } : {}), ...(spec.campaign ? { utm_campaign: spec.campaign } : {}), ...(spec.content ? { utm_content: spec.content } : {}) }
      : undefined;
    this.add('lead_created', spec.at, { email: spec.email, profile: profileOf(spec, touch), facts: {} });
    if (spec.segment) this.add('account_matched', spec.at, { account_id: randomUUID(), name: spec.company ?? 'Acme', is_customer: false, segment: spec.segment, method: 'domain', confidence: 1 });
  }

  private add(type: string, at: string, data: Record<string, unknown>, actor = 'system'): this {
    this.events.push({ type, at, actor, data });
    return this;
  }

  score(at: string, total: number): this {
    this.total = total;
    return this.add('score_changed', at, { fit: total, engagement: 0, total, delta: total, items: [] });
  }

  move(at: string, to: string, extra: Record<string, unknown> = {}): this {
    const from = this.stage;
    this.stage = to;
    return this.add('stage_changed', at, { from, to, ...extra });
  }

  qualify(at: string, options: { total?: number; priority?: 'high' | 'normal' } = {}): this {
    if (options.total !== undefined) this.score(at, options.total);
    this.priority = options.priority ?? 'normal';
    return this.move(at, 'mql', { via: 'score_and_fit', reason: 'test', priority: this.priority });
  }

  assign(at: string, rep: string, pool?: string): this {
    this.owner = rep;
    this.queue = null;
    return this.add('assigned', at, { rep, via: pool ? 'pool' : 'rule', step: 1, step_name: 'test', ...(pool ? { pool } : {}), explanation: 'test', at, skipped: [] });
  }

  queued(at: string, queue = 'revops-queue'): this {
    this.queue = queue;
    return this.add('queued', at, { queue, explanation: 'nobody available', skipped: [] });
  }

  reassign(at: string, to: string | undefined, reason = 'breach'): this {
    const from = this.owner ?? '';
    this.owner = to ?? null;
    return this.add('reassigned', at, { from, ...(to ? { to } : { queue: 'revops-queue' }), reason, by: 'escalation' });
  }

  clock(clock: string, startedAt: string, dueAt: string, rep?: string): this {
    return this.add('clock_started', startedAt, { clock, ...(rep ? { rep } : {}), started_at: startedAt, due_at: dueAt, duration: 'test', calendar: 'test' });
  }

  breach(clock: string, dueAt: string, rep?: string): this {
    return this.add('clock_breached', dueAt, { clock, ...(rep ? { rep } : {}), due_at: dueAt });
  }

  stopClock(clock: string, startedAt: string, dueAt: string, stoppedAt: string, outcome: 'met' | 'breached' | 'cancelled', rep?: string, businessMs?: number): this {
    const elapsed = Date.parse(stoppedAt) - Date.parse(startedAt);
    return this.add('clock_stopped', stoppedAt, {
      clock,
      ...(rep ? { rep } : {}),
      outcome,
      started_at: startedAt,
      stopped_at: stoppedAt,
      due_at: dueAt,
      elapsed_ms: elapsed,
      business_ms: businessMs ?? elapsed,
    });
  }

  // Rep actions record the stage move first, then what the rep did (as src/handoff/actions.ts does).
  accept(at: string, rep: string): this {
    this.move(at, 'sal', { via: 'accept' });
    return this.add('accepted', at, { rep }, `rep:${rep}`);
  }

  reject(at: string, rep: string, reason: string, to: 'nurture' | 'disqualified' = 'nurture'): this {
    this.owner = null;
    this.move(at, to, { via: 'reject', reason });
    return this.add('rejected', at, { rep, reason, to, score: 'keep' }, `rep:${rep}`);
  }

  private attempts = 0;
  attempt(at: string, rep: string, outcome: 'no_answer' | 'voicemail' | 'connected' | 'bounced' = 'no_answer', channel = 'call'): this {
    this.attempts += 1;
    return this.add('contact_attempted', at, { rep, channel, outcome, attempt: this.attempts }, `rep:${rep}`);
  }

  connect(at: string, rep: string): this {
    return this.add('connected', at, { rep, channel: 'call' }, `rep:${rep}`);
  }

  meeting(at: string, rep: string): this {
    return this.add('meeting_booked', at, { rep }, `rep:${rep}`);
  }

  convert(at: string, rep: string, to: 'sql' | 'opportunity'): this {
    this.move(at, to, { via: 'convert' });
    return this.add('converted', at, { rep, to }, `rep:${rep}`);
  }

  close(at: string, rep: string, outcome: 'won' | 'lost', disposition = 'test'): this {
    this.move(at, outcome, { via: 'close', reason: disposition });
    return this.add('closed', at, { rep, outcome, disposition }, `rep:${rep}`);
  }

  recycle(at: string, rep: string): this {
    this.owner = null;
    this.move(at, 'nurture', { via: 'recycle' });
    return this.add('recycled', at, { rep, attempts: this.attempts }, `rep:${rep}`);
  }
}

function profileOf(spec: LeadSpec, touch: Record<string, unknown> | undefined) {
  const [first, ...rest] = (spec.name ?? 'Test Lead').split(' ');
  return {
    email: spec.email,
    first_name: first,
    last_name: rest.join(' ') || undefined,
    company: { name: spec.company ?? 'Acme' },
    answers: {},
    attribution: touch ? { first_touch: touch } : {},
  };
}

export class History {
  readonly leads: LeadHistory[] = [];

  lead(spec: LeadSpec): LeadHistory {
    const lead = new LeadHistory(spec);
    this.leads.push(lead);
    return lead;
  }

  /** Writes every lead and its events, lead by lead in the order they were described, in one transaction. */
  async save(db: Kysely<Database>, policyVersion = 1): Promise<void> {
    await db.transaction().execute(async (tx) => {
      for (const lead of this.leads) {
        const last = lead.events[lead.events.length - 1]!;
        await tx
          .insertInto('leads')
          .values({
            id: lead.id,
            email: lead.spec.email,
            profile: JSON.stringify(profileOf(lead.spec, undefined)),
            facts: '{}',
            stage: lead.stage,
            priority: lead.priority,
            fit_score: lead.total,
            engagement_score: 0,
            total_score: lead.total,
            score: JSON.stringify({ fit: lead.total, engagement: 0, total: lead.total, items: [] }),
            activity_summary: '{}',
            engagement: 'null',
            account_match: 'null',
            assignment: 'null',
            brief: 'null',
            owner: lead.owner,
            queue: lead.queue,
            source: lead.spec.source ?? null,
            policy_version: policyVersion,
            event_seq: lead.events.length,
            created_at: lead.spec.at,
            updated_at: last.at,
          })
          .execute();
        await tx
          .insertInto('lead_events')
          .values(
            lead.events.map((e, i) => ({
              lead_id: lead.id,
              seq: i + 1,
              type: e.type,
              occurred_at: e.at,
              recorded_at: e.at,
              actor: e.actor,
              policy_version: policyVersion,
              data: JSON.stringify(e.data),
            })),
          )
          .execute();
      }
    });
  }
}

/**
 * The fixture policy with what metric tests need: a weekday 09:00-17:00 calendar for ana (so
 * business time differs from wall time), teams, targets, and optionally `stages.max_time`
 * (a YAML flow map, e.g. "{ sal: 5bd }"). Written to a temp file.
 */
export async function metricsPolicyFile(options: { maxTime?: string } = {}): Promise<string> {
  const { mkdtemp, readFile, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const fixture = await readFile(path.resolve(import.meta.dirname, '../fixtures/policy.yaml'), 'utf8');
  const text = fixture
    .replace('calendars:\n', 'calendars:\n  office:\n    timezone: UTC\n    hours: { mon-fri: "09:00-17:00" }\n')
    .replace('ana: { name: Ana Ruiz, email: ana@example.com, manager: mia }', 'ana: { name: Ana Ruiz, email: ana@example.com, manager: mia, calendar: office, team: east }')
    .replace('ben: { name: Ben Ode, email: ben@example.com, manager: mia }', 'ben: { name: Ben Ode, email: ben@example.com, manager: mia, team: east }')
    .replace('cy: { name: Cy Park, email: cy@example.com, manager: mia }', 'cy: { name: Cy Park, email: cy@example.com, manager: mia, team: west }')
    .concat('\ntargets: { acceptance_rate: 50%..70%, response_time: 1h, sla_compliance: 85%, mql_to_opportunity: 15%..30% }\n')
    .concat(options.maxTime ? `\nstages:\n  max_time: ${options.maxTime}\n` : '');
  if (!text.includes('calendar: office') || !text.includes('team: west')) throw new Error('metricsPolicyFile: the fixture policy changed; update the replacements');
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'baton-metrics-')), 'policy.yaml');
  await writeFile(file, text);
  return file;
}

/**
 * The known history of test/integration/metrics-exact.test.ts (whose comments work out every
 * figure by hand): L1–L8 and the second episode of L4 qualify in the period; L9 before, L11 after, L10 qualified before but was handed off in
 * it. Period Mon 2026-10-05 to Sun 2026-10-18.
 */
export function knownHistory(): { history: History; leads: Record<string, LeadHistory> } {
  const h = new History();
  const L: Record<string, LeadHistory> = {};
  const at = (s: string) => `2026-${s}:00Z`;
  // L1 ana, google: 4 min to first attempt, accepted, won.
  L.l1 = h.lead({ email: 'l1@acme.com', at: at('10-05T09:00'), source: 'google', campaign: 'fall', channel: 'paid_search', segment: 'mid' })
    .qualify(at('10-05T09:00'), { total: 70, priority: 'high' }).assign(at('10-05T09:00'), 'ana', 'enterprise')
    .clock('first_touch', at('10-05T09:00'), at('10-05T10:00'), 'ana').clock('accept_or_reject', at('10-05T09:00'), at('10-05T13:00'), 'ana')
    .attempt(at('10-05T09:04'), 'ana').stopClock('first_touch', at('10-05T09:00'), at('10-05T10:00'), at('10-05T09:04'), 'met', 'ana')
    .accept(at('10-05T09:30'), 'ana').stopClock('accept_or_reject', at('10-05T09:00'), at('10-05T13:00'), at('10-05T09:30'), 'met', 'ana')
    .connect(at('10-05T10:00'), 'ana').convert(at('10-06T10:00'), 'ana', 'sql').convert(at('10-07T10:00'), 'ana', 'opportunity')
    .close(at('10-09T10:00'), 'ana', 'won');
  // L2 ana, google: assigned Mon 16:00, attempted Tue 10:00 = 18 h wall, 2 h of ana's working time; breached; rejected.
  L.l2 = h.lead({ email: 'l2@acme.com', at: at('10-05T16:00'), source: 'google', segment: 'mid' })
    .qualify(at('10-05T16:00'), { total: 50 }).assign(at('10-05T16:00'), 'ana', 'enterprise')
    .clock('first_touch', at('10-05T16:00'), at('10-05T17:00'), 'ana').breach('first_touch', at('10-05T17:00'), 'ana')
    .attempt(at('10-06T10:00'), 'ana').stopClock('first_touch', at('10-05T16:00'), at('10-05T17:00'), at('10-06T10:00'), 'breached', 'ana')
    .reject(at('10-06T11:00'), 'ana', 'wrong_company_size');
  // L3 ben, linkedin: 30 min, accepted, SQL (still there).
  L.l3 = h.lead({ email: 'l3@acme.com', at: at('10-06T08:00'), source: 'linkedin', segment: 'smb' })
    .qualify(at('10-06T08:00'), { total: 30 }).assign(at('10-06T08:00'), 'ben', 'smb')
    .clock('first_touch', at('10-06T08:00'), at('10-06T09:00'), 'ben').clock('accept_or_reject', at('10-06T08:00'), at('10-06T12:00'), 'ben')
    .accept(at('10-06T08:10'), 'ben').stopClock('accept_or_reject', at('10-06T08:00'), at('10-06T12:00'), at('10-06T08:10'), 'met', 'ben')
    .attempt(at('10-06T08:30'), 'ben').stopClock('first_touch', at('10-06T08:00'), at('10-06T09:00'), at('10-06T08:30'), 'met', 'ben')
    .connect(at('10-06T09:00'), 'ben').convert(at('10-08T08:10'), 'ben', 'sql');
  // L4 ben, linkedin: 2 h, breached (stopped late, no breach event), rejected; qualifies again 10-15, to cy: 10 min, accepted.
  L.l4 = h.lead({ email: 'l4@acme.com', at: at('10-07T12:00'), source: 'linkedin', segment: 'smb' })
    .qualify(at('10-07T12:00'), { total: 30 }).assign(at('10-07T12:00'), 'ben', 'smb')
    .clock('first_touch', at('10-07T12:00'), at('10-07T13:00'), 'ben')
    .attempt(at('10-07T14:00'), 'ben').stopClock('first_touch', at('10-07T12:00'), at('10-07T13:00'), at('10-07T14:00'), 'breached', 'ben')
    .reject(at('10-07T14:30'), 'ben', 'no_intent')
    .qualify(at('10-15T09:00'), { total: 45 }).assign(at('10-15T09:00'), 'cy', 'smb')
    .clock('first_touch', at('10-15T09:00'), at('10-15T10:00'), 'cy')
    .attempt(at('10-15T09:10'), 'cy').stopClock('first_touch', at('10-15T09:00'), at('10-15T10:00'), at('10-15T09:10'), 'met', 'cy')
    .accept(at('10-15T09:20'), 'cy');
  // L5 cy, no source: never attempted; its first-touch clock is past due (breached by now); accept clock cancelled.
  L.l5 = h.lead({ email: 'l5@acme.com', at: at('10-08T12:00') })
    .qualify(at('10-08T12:00'), { total: 10 }).assign(at('10-08T12:00'), 'cy', 'smb')
    .clock('first_touch', at('10-08T12:00'), at('10-08T13:00'), 'cy').clock('accept_or_reject', at('10-08T12:00'), at('10-08T16:00'), 'cy')
    .stopClock('accept_or_reject', at('10-08T12:00'), at('10-08T16:00'), at('10-08T13:00'), 'cancelled', 'cy');
  // L6: queued, nobody owns it.
  L.l6 = h.lead({ email: 'l6@acme.com', at: at('10-09T12:00'), source: 'google' }).qualify(at('10-09T12:00'), { total: 20 }).queued(at('10-09T12:00'));
  // L7 cy, google: 26 h (over 24 h), breached, accepted, SQL, opportunity, lost.
  L.l7 = h.lead({ email: 'l7@acme.com', at: at('10-12T09:00'), source: 'google', segment: 'mid' })
    .qualify(at('10-12T09:00'), { total: 90 }).assign(at('10-12T09:00'), 'cy', 'smb')
    .clock('first_touch', at('10-12T09:00'), at('10-12T10:00'), 'cy').breach('first_touch', at('10-12T10:00'), 'cy')
    .accept(at('10-12T10:00'), 'cy')
    .attempt(at('10-13T11:00'), 'cy').stopClock('first_touch', at('10-12T09:00'), at('10-12T10:00'), at('10-13T11:00'), 'breached', 'cy')
    .convert(at('10-13T12:00'), 'cy', 'sql').convert(at('10-14T12:00'), 'cy', 'opportunity').close(at('10-16T12:00'), 'cy', 'lost');
  // L8 ana, google: 2 min, accepted (still SAL).
  L.l8 = h.lead({ email: 'l8@acme.com', at: at('10-13T09:00'), source: 'google', segment: 'mid' })
    .qualify(at('10-13T09:00'), { total: 70 }).assign(at('10-13T09:00'), 'ana', 'enterprise')
    .clock('first_touch', at('10-13T09:00'), at('10-13T10:00'), 'ana').clock('accept_or_reject', at('10-13T09:00'), at('10-13T13:00'), 'ana')
    .attempt(at('10-13T09:02'), 'ana').stopClock('first_touch', at('10-13T09:00'), at('10-13T10:00'), at('10-13T09:02'), 'met', 'ana')
    .accept(at('10-13T09:05'), 'ana').stopClock('accept_or_reject', at('10-13T09:00'), at('10-13T13:00'), at('10-13T09:05'), 'met', 'ana');
  // L9: all before the period.
  L.l9 = h.lead({ email: 'l9@acme.com', at: at('09-28T09:00'), source: 'google' })
    .qualify(at('09-28T09:00'), { total: 70 }).assign(at('09-28T09:00'), 'ana', 'enterprise')
    .clock('first_touch', at('09-28T09:00'), at('09-28T10:00'), 'ana').breach('first_touch', at('09-28T10:00'), 'ana')
    .attempt(at('09-29T09:00'), 'ana').reject(at('09-29T09:30'), 'ana', 'bad_data');
  // L10 ben: qualified (queued) before the period, handed off in it: 10 min, accepted.
  L.l10 = h.lead({ email: 'l10@acme.com', at: at('10-04T23:50'), source: 'linkedin' })
    .qualify(at('10-04T23:50'), { total: 30 }).queued(at('10-04T23:50')).assign(at('10-05T00:10'), 'ben', 'smb')
    .clock('first_touch', at('10-05T00:10'), at('10-05T01:10'), 'ben')
    .attempt(at('10-05T00:20'), 'ben').stopClock('first_touch', at('10-05T00:10'), at('10-05T01:10'), at('10-05T00:20'), 'met', 'ben')
    .accept(at('10-05T00:30'), 'ben');
  // L11: after the period (attempted, so not a leak either).
  L.l11 = h.lead({ email: 'l11@acme.com', at: at('10-19T10:00'), source: 'google' })
    .qualify(at('10-19T10:00'), { total: 70 }).assign(at('10-19T10:00'), 'ana', 'enterprise').attempt(at('10-19T10:05'), 'ana');
  return { history: h, leads: L };
}

/**
 * Many leads with random but plausible hand-offs between `from` and `to` (ms-precise times, some
 * exactly at midnight UTC or a whole number of seconds apart, ties, recycled leads that qualify
 * again, reassignments, clocks met, breached, cancelled and still running past or before `now`),
 * for checking that figures read from the rollups equal figures computed from the rows.
 */
export function randomHistory(options: { seed: number; leads: number; from: string; to: string; now: string; reps: readonly string[] }): History {
  const rand = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const h = new History();
  const start = Date.parse(options.from);
  const span = Date.parse(options.to) - start;
  const now = Date.parse(options.now);
  const iso = (ms: number) => new Date(ms).toISOString();
  const DAY = 86_400_000;
  // A delay: log-uniform from 1 ms to ~45 h, sometimes whole seconds or minutes, sometimes the same value again.
  const tie = [120_000, 600_000, 1_000];
  const delay = () => {
    const r = rand();
    if (r < 0.08) return pick(tie);
    const ms = Math.exp(rand() * 12) * 1000 * (r < 0.5 ? 1 : rand());
    return r < 0.3 ? Math.round(ms / 1000) * 1000 : Math.round(ms);
  };
  for (let i = 0; i < options.leads; i++) {
    let t = start + Math.floor(rand() * span);
    if (rand() < 0.05) t = Math.floor(t / DAY) * DAY; // exactly midnight UTC
    const lead = h.lead({
      email: `r${i}@acme.com`,
      at: iso(t),
      ...(rand() < 0.8 ? { source: pick(['google', 'linkedin', 'webinar']) } : {}),
      ...(rand() < 0.7 ? { segment: pick(['smb', 'mid']) } : {}),
    });
    if (rand() < 0.15) continue; // never qualifies
    for (let episode = 0; episode < 2; episode++) {
      const rep = pick(options.reps);
      t += delay();
      lead.qualify(iso(t), { total: Math.floor(rand() * 120) - 5, priority: rand() < 0.2 ? 'high' : 'normal' });
      if (rand() < 0.1) {
        lead.queued(iso(t));
        if (rand() < 0.5) break; // still waiting
        t += delay();
      }
      const assigned = t;
      lead.assign(iso(t), rep, 'smb');
      const firstDue = assigned + 3_600_000;
      const acceptDue = assigned + 4 * 3_600_000;
      lead.clock('first_touch', iso(assigned), iso(firstDue), rep).clock('accept_or_reject', iso(assigned), iso(acceptDue), rep);
      if (assigned > now - 3 * 3_600_000) break; // recent: clocks still running, some not yet due
      let owner = rep;
      if (rand() < 0.1) {
        lead.breach('first_touch', iso(firstDue), rep);
        owner = pick(options.reps);
        lead.reassign(iso(firstDue + 1), owner);
      }
      const attemptAt = rand() < 0.85 ? assigned + delay() : null;
      const decision = rand();
      const decidedAt = assigned + delay();
      const events: [number, () => void][] = [];
      if (attemptAt !== null) {
        events.push([attemptAt, () => {
          lead.attempt(iso(attemptAt), owner);
          lead.stopClock('first_touch', iso(assigned), iso(firstDue), iso(attemptAt), attemptAt <= firstDue ? 'met' : 'breached', rep);
        }]);
      }
      if (decision < 0.85) {
        events.push([decidedAt, () => {
          if (decision < 0.6) lead.accept(iso(decidedAt), owner);
          else lead.reject(iso(decidedAt), owner, pick(['wrong_company_size', 'no_intent']));
          lead.stopClock('accept_or_reject', iso(assigned), iso(acceptDue), iso(decidedAt), decidedAt <= acceptDue ? 'met' : rand() < 0.5 ? 'breached' : 'cancelled', rep);
        }]);
      }
      events.sort((a, b) => a[0] - b[0]);
      for (const [, record] of events) record();
      t = Math.max(t, ...events.map((e) => e[0]));
      if (decision < 0.6) {
        if (rand() < 0.5) {
          t += delay() * 3;
          lead.convert(iso(t), owner, 'sql');
          if (rand() < 0.6) {
            t += delay() * 3;
            lead.convert(iso(t), owner, 'opportunity');
            if (rand() < 0.7) {
              t += delay() * 5;
              lead.close(iso(t), owner, rand() < 0.5 ? 'won' : 'lost');
            }
          }
          break;
        }
        if (rand() < 0.3) {
          t += delay();
          lead.recycle(iso(t), owner);
          continue; // qualifies again
        }
      } else if (decision >= 0.85 || rand() < 0.7) break;
    }
  }
  return h;
}
