/**
 * A synthetic recorded history for benchmarks and tests: leads with first touches, activity over
 * the following days, and the rep actions a hand-off records (accepted or rejected, contact
 * attempts, closes), written as lead_events rows the way the live shell writes them: every input
 * decided with `decide()` at its time, routing state kept in memory. Deterministic per seed.
 */
import { seededRandom } from '../demo/generator.js';
import type { Activity } from '../domain/lead/activity.js';
import { emailFacts } from '../domain/normalize/email.js';
import type { LeadProfile } from '../domain/lead/profile.js';
import { decide } from '../engine/decide.js';
import type { LeadState } from '../engine/lead-state.js';
import type { Policy } from '../policy/schema.js';
import type { RecordedEvent, RepActionType } from './history.js';
import { applyRepAction, initialRouting } from './replay.js';

const COUNTRIES = ['US', 'US', 'US', 'CA', 'GB', 'DE', 'FR', 'NL', 'BR'];
const INDUSTRIES = ['software', 'fintech', 'ecommerce', 'logistics', 'healthcare', 'education', 'manufacturing'];
const TITLES = ['VP Sales', 'Head of Growth', 'Marketing Manager', 'Engineer', 'Director of IT', 'Analyst', 'CEO', 'Student'];
const SOURCES = ['google', 'linkedin', 'newsletter', 'partner', 'direct', 'webinar'];
const ACTIVITIES: { type: string; url?: string }[] = [
  { type: 'page_viewed', url: 'https://example.com/pricing' },
  { type: 'page_viewed', url: 'https://example.com/docs/setup' },
  { type: 'page_viewed', url: 'https://example.com/customers/acme' },
  { type: 'content_downloaded' },
  { type: 'webinar_attended' },
  { type: 'email_clicked' },
];

export interface SyntheticOptions {
  leads: number;
  /** Time of the first lead; leads arrive evenly over `days`. */
  start: Date;
  days: number;
  seed: number;
}

export function syntheticHistory(policy: Policy, options: SyntheticOptions): RecordedEvent[] {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  type Pending = { at: number; lead: string; kind: 'submit' | 'activity'; profile?: LeadProfile; activity?: Activity };
  const pending: Pending[] = [];
  const span = options.days * 86_400_000;
  for (let i = 0; i < options.leads; i++) {
    const lead = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const at = options.start.getTime() + Math.floor((i / options.leads) * span);
    const size = Math.floor(5 + random() ** 2 * 8000);
    const profile: LeadProfile = {
      email: `person${i}@company${i % 5000}.example`,
      title: pick(TITLES),
      company: { name: `Company ${i % 5000}`, size, industry: pick(INDUSTRIES), country: pick(COUNTRIES) },
      answers: random() < 0.3 ? { budget: pick(['10k-25k', '25k-100k', '100k+']), timeline: pick(['this_quarter', 'next_quarter', 'later']) } : {},
      attribution: { first_touch: { at: new Date(at).toISOString(), utm_source: pick(SOURCES) } },
    };
    const first: Activity | undefined = random() < 0.12 ? { type: 'demo_requested', occurred_at: new Date(at).toISOString() } : undefined;
    pending.push({ at, lead, kind: 'submit', profile, ...(first ? { activity: first } : {}) });
    const count = Math.floor(random() * 8);
    for (let k = 0; k < count; k++) {
      const when = at + Math.floor(random() * 14 * 86_400_000);
      pending.push({ at: when, lead, kind: 'activity', activity: { ...pick(ACTIVITIES), occurred_at: new Date(when).toISOString() } });
    }
  }
  pending.sort((a, b) => a.at - b.at);
  // Rep actions are scheduled as leads get assigned, so inputs are taken from a queue ordered by time.
  const queue = new TimeQueue<Pending | RepStep>();
  for (const p of pending) queue.push(p.at, p);

  const routing = initialRouting(policy);
  const states = new Map<string, LeadState>();
  const events = new Map<string, RecordedEvent[]>();
  let decision = 0;
  const append = (lead: string, type: string, occurred: string, recorded: string, data: Record<string, unknown>) => {
    const list = events.get(lead) ?? [];
    list.push({ lead_id: lead, seq: list.length + 1, type, occurred_at: occurred, recorded_at: recorded, data });
    events.set(lead, list);
  };
  for (let item = queue.pop(); item; item = queue.pop()) {
    if (item.kind === 'rep') {
      const state = states.get(item.lead)!;
      if (state.owner !== item.rep) continue; // the lead moved on (rejected, reassigned) before this step
      const when = new Date(item.at).toISOString();
      const tx = `${when}#${decision++}`;
      for (const e of item.events) append(item.lead, e.type, when, tx, e.data);
      applyRepAction(state, { kind: 'rep_action', lead: item.lead, at: when, type: item.events[0]!.type as RepActionType, data: item.events[0]!.data }, routing);
      continue;
    }
    const p = item;
    const current = states.get(p.lead);
    const now = new Date(p.at);
    const result = decide(
      current,
      p.kind === 'submit'
        ? { type: 'submitted', profile: p.profile!, facts: emailFacts(p.profile!.email, policy.domains), actor: 'bench', ...(p.activity ? { activity: p.activity } : {}) }
        : { type: 'activities', activities: [{ activity: p.activity! }], actor: 'bench' },
      { policy, policyVersion: 1, now, newLeadId: p.lead, routing },
    );
    if (result.kind !== 'decided') throw new Error('routing state was given');
    const recorded = `${now.toISOString()}#${decision++}`;
    for (const e of result.events) append(p.lead, e.type, e.occurred_at, recorded, e.data);
    // What the hand-off adds to an assignment's transaction: its two SLA clocks.
    for (const e of result.events) {
      if (e.type !== 'assigned') continue;
      for (const clock of ['first_touch', 'accept_or_reject']) {
        append(p.lead, 'clock_started', e.occurred_at, recorded, { clock, rep: e.data.rep, started_at: e.occurred_at, due_at: e.occurred_at, duration: '4bh', calendar: 'us-east' });
      }
    }
    if (result.routing?.poolState) routing.pools[result.routing.poolState.pool] = result.routing.poolState;
    if (result.routing?.repLoad) routing.reps[result.routing.repLoad.rep] = result.routing.repLoad;
    const state = result.state;
    states.set(p.lead, state);
    if (state.owner && !current?.owner) {
      const notified = new Date(p.at + 2_000).toISOString();
      append(p.lead, 'notified', notified, `${notified}#${decision++}`, { channel: 'email', recipient: state.owner, message: 'assigned', delivered_at: notified });
      for (const step of repSteps(state.id, state.owner, p.at, random)) queue.push(step.at, step);
    }
  }
  return [...events.keys()].sort().flatMap((lead) => events.get(lead)!);
}

interface RepStep {
  kind: 'rep';
  lead: string;
  rep: string;
  at: number;
  /** The action's event first, then what the hand-off records with it (stage move, stopped clock). */
  events: { type: string; data: Record<string, unknown> }[];
}

/** A min-queue by time; equal times come out in the order they went in. */
class TimeQueue<T> {
  private heap: { at: number; n: number; item: T }[] = [];
  private count = 0;
  push(at: number, item: T): void {
    const heap = this.heap;
    heap.push({ at, n: this.count++, item });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }
  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (!top || !last) return undefined;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && this.less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top.item;
  }
  private less(a: { at: number; n: number }, b: { at: number; n: number }): boolean {
    return a.at < b.at || (a.at === b.at && a.n < b.n);
  }
}

/** What a rep does with a lead assigned at `at`: an attempt, then accept or reject, and for accepted ones a close. */
function repSteps(lead: string, rep: string, at: number, random: () => number): RepStep[] {
  const steps: RepStep[] = [];
  let t = at;
  let stage = 'mql';
  const step = (type: string, data: Record<string, unknown>, delay: number, extra: { to?: string; clock?: string } = {}) => {
    t += delay;
    const when = new Date(t).toISOString();
    const events: RepStep['events'] = [{ type, data: { rep, ...data } }];
    if (extra.to) {
      events.push({ type: 'stage_changed', data: { from: stage, to: extra.to } });
      stage = extra.to;
    }
    if (extra.clock) {
      events.push({ type: 'clock_stopped', data: { clock: extra.clock, rep, outcome: 'met', started_at: new Date(at).toISOString(), stopped_at: when, due_at: when, elapsed_ms: t - at, business_ms: t - at } });
    }
    steps.push({ kind: 'rep', lead, rep, at: t, events });
  };
  step('contact_attempted', { channel: 'call', outcome: 'no_answer', attempt: 1 }, 60_000 + Math.floor(random() * 8 * 3_600_000), { clock: 'first_touch' });
  if (random() < 0.65) {
    step('accepted', {}, 60_000 + Math.floor(random() * 3_600_000), { to: 'sal', clock: 'accept_or_reject' });
    if (random() < 0.4) step('converted', { to: 'opportunity' }, Math.floor(random() * 7 * 86_400_000), { to: 'opportunity' });
    const won = random() < 0.3;
    step('closed', won ? { outcome: 'won', disposition: 'converted' } : { outcome: 'lost', disposition: 'no_budget' }, 60_000 + Math.floor(random() * 30 * 86_400_000), { to: won ? 'won' : 'lost' });
  } else {
    step('rejected', { reason: 'no_intent', to: 'nurture', score: 'keep' }, 60_000 + Math.floor(random() * 3_600_000), { to: 'nurture', clock: 'accept_or_reject' });
  }
  return steps;
}
