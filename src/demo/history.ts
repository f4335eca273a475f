/**
 * Weeks of hand-off history for the demo, so the dashboard, the audit and the manager desk have
 * something to show on the first start: sample leads arrive through the real intake on a virtual
 * clock, reps accept, reject, call and close them through the real rep actions, and SLA clocks
 * fire (reminders, breaches, escalations) as that clock passes their due times. Every figure the
 * demo shows is therefore computed from recorded events, like a real workspace's.
 *
 * Deterministic: the same seed and start give the same history.
 */
import { applyRepAction, type RepAction } from '../handoff/actions.js';
import { runDueClocks } from '../handoff/sweeper.js';
import type { Principal } from '../http/principal.js';
import type { IntakeDeps } from '../intake/context.js';
import { recordEvents } from '../intake/record-events.js';
import { submitLead } from '../intake/submit-lead.js';
import { sampleLead, seededRandom } from './generator.js';

export interface HistoryOptions {
  /** The history ends here (normally now) and starts `weeks` before. */
  end: Date;
  weeks: number;
  /** Leads arriving per working day, on average. */
  leadsPerDay: number;
  seed: number;
  /** Serial numbers of the sample people start here (kept apart from the live trickle's). */
  firstSerial: number;
}

export interface HistorySummary {
  leads: number;
  actions: number;
}

/** How each rep tends to work: minutes to first touch, and how often they accept. */
interface RepHabit {
  touchMinutes: [number, number];
  acceptRate: number;
}

const DEFAULT_HABIT: RepHabit = { touchMinutes: [5, 100], acceptRate: 0.7 };
const HABITS: Record<string, RepHabit> = {
  ana: { touchMinutes: [2, 40], acceptRate: 0.75 },
  ben: { touchMinutes: [15, 180], acceptRate: 0.6 },
  carla: { touchMinutes: [5, 60], acceptRate: 0.8 },
  dev: { touchMinutes: [20, 240], acceptRate: 0.55 },
};

/** Reasons reps give, weighted so the rejection Pareto has a clear leader. */
const REJECT_REASONS: [string, number][] = [
  ['wrong_company_size', 0.4],
  ['no_intent', 0.2],
  ['wrong_title', 0.15],
  ['wrong_industry', 0.1],
  ['bad_data', 0.1],
  ['already_customer', 0.05],
];

type Step = { at: number; leadId: string; action: RepAction };

const MINUTE = 60_000;

export async function seedDemoHistory(deps: IntakeDeps, options: HistoryOptions): Promise<HistorySummary> {
  const random = seededRandom(options.seed);
  const end = options.end.getTime();
  const startMs = options.end.getTime() - options.weeks * 7 * 24 * 60 * MINUTE;
  let now = new Date(startMs);
  const virtual: IntakeDeps = { ...deps, clock: { now: () => now } };
  const steps: Step[] = [];
  const validReasons = new Set(deps.policy().policy.reasons.reject.map((r) => r.code));
  let leads = 0;
  let actions = 0;

  /** Leads whose owner changed under escalation: their new rep takes them up with their own habits. */
  const actingFor = new Map<string, string>();
  const takeUp = (leadId: string, owner: string, stage: string, at: number) => {
    actingFor.set(leadId, owner);
    const habit = HABITS[owner] ?? DEFAULT_HABIT;
    const [low, high] = habit.touchMinutes;
    if (random() < 0.06) return; // a few leads nobody touches: the leak list
    const when = at + (low + random() * (high - low)) * MINUTE;
    if (stage === 'sal') schedule(steps, { at: when, leadId, action: { type: 'attempt', channel: 'call', outcome: 'voicemail', note: '1' } });
    else if (random() < habit.acceptRate) schedule(steps, { at: when, leadId, action: { type: 'accept' } });
    else schedule(steps, { at: when, leadId, action: { type: 'reject', reason: weighted(random, REJECT_REASONS) } });
  };
  const sweep = async (at: number) => {
    const fired = await runDueClocks(virtual);
    if (fired.points === 0) return;
    const moved = await deps.db.selectFrom('leads').select(['id', 'owner', 'stage']).where('stage', 'in', ['mql', 'sal']).where('owner', 'is not', null).execute();
    for (const lead of moved) if (lead.owner && actingFor.get(lead.id) !== lead.owner) takeUp(lead.id, lead.owner, lead.stage, at);
  };

  const advanceTo = async (time: number) => {
    // Fire the clock points that fall due before `time`, in order, as the sweeper would have.
    while (steps.length > 0 && steps[0]!.at <= time) {
      const step = steps.shift()!;
      now = new Date(step.at);
      await sweep(step.at);
      if (await act(virtual, step, random, steps, validReasons)) actions++;
    }
    now = new Date(time);
    await sweep(time);
  };

  const days = options.weeks * 7;
  for (let day = 0; day < days; day++) {
    const dayStart = now.getTime() - (now.getTime() % (24 * 60 * MINUTE));
    if (dayStart >= end) break;
    const weekday = new Date(dayStart).getUTCDay();
    if (weekday === 0 || weekday === 6) {
      await advanceTo(Math.min(end, dayStart + 24 * 60 * MINUTE));
      continue;
    }
    const count = Math.round(options.leadsPerDay * (0.6 + random() * 0.8));
    const arrivals = Array.from({ length: count }, () => dayStart + (13 + random() * 9) * 60 * MINUTE).sort((a, b) => a - b);
    for (const at of arrivals) {
      if (at >= end) break;
      if (at < startMs) continue;
      await advanceTo(at);
      const { lead, activity } = sampleLead(random, options.firstSerial + leads, now);
      const submitted = await submitLead(virtual, lead, { actor: 'demo' });
      if (activity.length > 0) await recordEvents(virtual, activity.map((a) => ({ ...a, email: lead.email })), 'demo');
      leads++;
      const owner = submitted.body.owner;
      if (owner) takeUp(submitted.body.id, owner, 'mql', at);
    }
    await advanceTo(Math.min(end, dayStart + 24 * 60 * MINUTE));
  }
  await advanceTo(end);
  return { leads, actions };
}

/** Performs a step as the lead's current owner and schedules what that rep does next. */
async function act(deps: IntakeDeps, step: Step, random: () => number, steps: Step[], validReasons: Set<string>): Promise<boolean> {
  const row = await deps.db.selectFrom('leads').select(['owner', 'stage']).where('id', '=', step.leadId).executeTakeFirst();
  if (!row?.owner) return false;
  const action = step.action.type === 'reject' && !validReasons.has(step.action.reason) ? { type: 'accept' as const } : step.action;
  const principal: Principal = { actor: `rep:${row.owner}`, role: 'rep', rep: row.owner, scopes: ['read', 'act'] };
  try {
    await applyRepAction(deps, step.leadId, action, principal);
  } catch {
    return false; // the lead moved on meanwhile (escalated, reassigned): the rep's step no longer applies
  }
  const later = (minutes: number) => step.at + minutes * MINUTE;
  const next = (minutes: number, nextAction: RepAction) => schedule(steps, { at: later(minutes), leadId: step.leadId, action: nextAction });
  const attemptNumber = step.action.type === 'attempt' ? Number(step.action.note ?? '1') : 0;
  switch (action.type) {
    case 'accept':
      next(2 + random() * 25, { type: 'attempt', channel: 'call', outcome: random() < 0.45 ? 'connected' : 'voicemail', note: '1' });
      break;
    case 'attempt':
      if (action.outcome === 'connected') {
        if (random() < 0.55) next(60 + random() * 1440, { type: 'meeting' });
        else next(60 + random() * 2880, { type: 'close', outcome: 'lost', disposition: random() < 0.5 ? 'bad_timing' : 'no_budget' });
      } else if (attemptNumber < 3) {
        next(240 + random() * 1440, { type: 'attempt', channel: random() < 0.5 ? 'call' : 'email', outcome: random() < 0.35 ? 'connected' : 'no_answer', note: String(attemptNumber + 1) });
      } else {
        next(60, { type: 'recycle' });
      }
      break;
    case 'meeting':
      next(1440 + random() * 2880, random() < 0.6 ? { type: 'convert', to: 'opportunity' } : { type: 'close', outcome: 'lost', disposition: 'no_budget' });
      break;
    case 'convert':
      next(2880 + random() * 7200, { type: 'close', outcome: random() < 0.45 ? 'won' : 'lost', disposition: random() < 0.45 ? 'converted' : 'chose_competitor' });
      break;
    default:
      break;
  }
  return true;
}

function schedule(steps: Step[], step: Step): void {
  let i = steps.length;
  while (i > 0 && steps[i - 1]!.at > step.at) i--;
  steps.splice(i, 0, step);
}

function weighted(random: () => number, items: readonly [string, number][]): string {
  let roll = random();
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll <= 0) return item;
  }
  return items[items.length - 1]![0];
}
