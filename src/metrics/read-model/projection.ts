/**
 * The metrics read model as a pure fold over one lead's events: each event moves the lead's
 * dimensions, its current MQL episode (the hand-off) and its SLA clocks. The projector loads the
 * rows a batch touches, folds the batch's events through `applyEvent` in log order, and writes
 * back what changed, so the tables equal a replay of the whole log.
 */
import type { Selectable } from 'kysely';
import type { MetricsClockTable, MetricsHandoffTable, MetricsLeadTable } from '../tables.js';
import { TIMED_STAGES } from '../definitions.js';
import { scoreBand } from '../score-band.js';

export type LeadDims = Selectable<MetricsLeadTable>;
export type Handoff = Selectable<MetricsHandoffTable>;
export type ClockRow = Selectable<MetricsClockTable>;

/** What the fold needs from the policy: a rep's team and working time in their calendar. */
export interface ProjectionEnv {
  teamOf(rep: string): string | null;
  businessMs(rep: string, from: Date, to: Date): number;
}

export interface ProjectedEvent {
  lead_id: string;
  type: string;
  occurred_at: Date;
  data: Record<string, unknown>;
}

/** One lead's rows while a batch is folded; `touched` ones are written back. */
export interface LeadProjection {
  lead: LeadDims;
  /** Episodes touched in this batch (the last is the current one), keyed by episode number. */
  handoffs: Map<number, Handoff>;
  /** Clocks not yet stopped, and those touched in this batch, keyed by `clock|started_at`. */
  clocks: Map<string, ClockRow>;
  touched: { lead: boolean; handoffs: Set<number>; clocks: Set<string> };
  /** Leads created, per UTC day and source. */
  created?: { day: string; source: string };
}

const WORKED_STAGES = ['mql', 'sal', 'sql', 'opportunity'] as const;
const REACHED = { sal: 'sal_at', sql: 'sql_at', opportunity: 'opportunity_at', won: 'won_at', lost: 'lost_at' } as const;
const ENDING = new Set(['nurture', 'disqualified', 'won', 'lost']);

export function newLeadProjection(lead: LeadDims, current?: Handoff, openClocks: readonly ClockRow[] = []): LeadProjection {
  return {
    lead,
    handoffs: new Map(current ? [[current.episode, current]] : []),
    clocks: new Map(openClocks.map((c) => [clockKey(c.clock, c.started_at), c])),
    touched: { lead: false, handoffs: new Set(), clocks: new Set() },
  };
}

/** A lead seen first through an event other than lead_created (a log that began mid-way). */
export function blankLead(leadId: string, at: Date): LeadDims {
  return { lead_id: leadId, created_at: at, source: null, campaign: null, content: null, channel: null, segment: null, total_score: 0, episodes: 0 };
}

export function clockKey(clock: string, startedAt: Date): string {
  return `${clock}|${startedAt.toISOString()}`;
}

export function currentHandoff(p: LeadProjection): Handoff | undefined {
  const h = p.handoffs.get(p.lead.episodes);
  return h && !h.ended_at ? h : undefined;
}

/**
 * The event types the fold reads; the projector asks the log for these only (an activity batch's
 * `activity_recorded` rows are most of the log and change no metric). The fold ignores any
 * other type, so a case added below must be listed here to take effect.
 */
export const PROJECTED_EVENT_TYPES: readonly string[] = [
  'lead_created', 'lead_updated', 'account_matched', 'score_changed', 'stage_changed', 'assigned', 'queued', 'reassigned',
  'accepted', 'rejected', 'contact_attempted', 'connected', 'meeting_booked', 'recycled', 'clock_started', 'clock_breached', 'clock_stopped',
];
const PROJECTED = new Set(PROJECTED_EVENT_TYPES);

export function applyEvent(p: LeadProjection, event: ProjectedEvent, env: ProjectionEnv): void {
  if (!PROJECTED.has(event.type)) return;
  const at = event.occurred_at;
  const d = event.data;
  // A rep action records its stage move first (rejected: mql → nurture, then `rejected`), so an
  // event at the very instant the episode ended still belongs to that episode.
  const h = currentHandoff(p) ?? endedAt(p, at);
  const touchLead = (): void => {
    p.touched.lead = true;
  };
  const touch = (row: Handoff): void => {
    p.touched.handoffs.add(row.episode);
  };

  switch (event.type) {
    case 'lead_created': {
      p.lead.created_at = at;
      setFirstTouch(p.lead, d.profile);
      p.created = { day: at.toISOString().slice(0, 10), source: p.lead.source ?? '' };
      return touchLead();
    }
    case 'lead_updated':
      if (!p.lead.source && !p.lead.channel && setFirstTouch(p.lead, d.profile)) touchLead();
      return;
    case 'account_matched':
      p.lead.segment = str(d.segment);
      return touchLead();
    case 'score_changed':
      if (typeof d.total === 'number') {
        p.lead.total_score = d.total;
        touchLead();
      }
      return;
    case 'stage_changed':
      return stageChanged(p, h, str(d.from), str(d.to), str(d.priority), at);
    case 'assigned': {
      if (!h) return;
      const rep = str(d.rep);
      if (rep && !h.assigned_at) handTo(h, rep, str(d.pool), at, env);
      h.owner = rep;
      return touch(h);
    }
    case 'queued':
      if (!h) return;
      h.queued_at ??= at;
      h.owner = null;
      return touch(h);
    case 'reassigned': {
      if (!h) return;
      const to = str(d.to);
      if (to && !h.assigned_at) handTo(h, to, str(d.pool), at, env);
      h.owner = to;
      return touch(h);
    }
    case 'accepted':
      if (!h) return;
      h.accepted_at ??= at;
      h.decided_by = str(d.rep) ?? h.owner;
      return touch(h);
    case 'rejected':
      if (!h) return;
      h.rejected_at ??= at;
      h.reject_reason = str(d.reason);
      h.decided_by = str(d.rep) ?? h.owner;
      return touch(h);
    case 'contact_attempted':
      if (!h) return;
      h.attempts += 1;
      if (!h.first_attempt_at) {
        h.first_attempt_at = at;
        if (h.assigned_at && h.rep) {
          h.response_ms = at.getTime() - h.assigned_at.getTime();
          h.response_business_ms = env.businessMs(h.rep, h.assigned_at, at);
        }
      }
      return touch(h);
    case 'connected':
      if (!h) return;
      h.connected_at ??= at;
      return touch(h);
    case 'meeting_booked':
      if (!h) return;
      h.meeting_at ??= at;
      return touch(h);
    case 'recycled':
      if (!h) return;
      h.recycled_at ??= at;
      return touch(h);
    case 'clock_started':
      return clockStarted(p, d, at, env);
    case 'clock_breached':
      return clockBreached(p, d, at);
    case 'clock_stopped':
      return clockStopped(p, d, env);
    default:
      return;
  }
}

function endedAt(p: LeadProjection, at: Date): Handoff | undefined {
  const latest = p.handoffs.get(p.lead.episodes);
  return latest?.ended_at && latest.ended_at.getTime() === at.getTime() ? latest : undefined;
}

function handTo(h: Handoff, rep: string, pool: string | null, at: Date, env: ProjectionEnv): void {
  h.assigned_at = at;
  h.rep = rep;
  h.team = env.teamOf(rep);
  h.pool = pool;
}

function stageChanged(
  p: LeadProjection,
  h: Handoff | undefined,
  from: string | null,
  to: string | null,
  priority: string | null,
  at: Date,
): void {
  if (h && from && (WORKED_STAGES as readonly string[]).includes(from)) {
    const left = `${from as (typeof WORKED_STAGES)[number]}_left_at` as const;
    h[left] ??= at;
  }
  if (to === 'mql') {
    if (h) {
      h.ended_at = at;
      p.touched.handoffs.add(h.episode);
    }
    p.lead.episodes += 1;
    p.touched.lead = true;
    const next = newHandoff(p.lead, priority ?? 'normal', at);
    p.handoffs.set(next.episode, next);
    p.touched.handoffs.add(next.episode);
    return;
  }
  if (!h || !to) return;
  h.stage = to;
  h.stage_at = at;
  if (to in REACHED) h[REACHED[to as keyof typeof REACHED]] ??= at;
  if (ENDING.has(to)) h.ended_at = at;
  p.touched.handoffs.add(h.episode);
}

/** Sets the time in each stage the hand-off has left (left − entered, in ms), as the funnel reads it. */
export function withStageTimes(h: Handoff): Handoff {
  for (const stage of TIMED_STAGES) {
    const entered = h[`${stage}_at`];
    const left = h[`${stage}_left_at`];
    h[`time_in_${stage}_ms`] = entered && left ? left.getTime() - entered.getTime() : null;
  }
  return h;
}

function newHandoff(lead: LeadDims, priority: string, at: Date): Handoff {
  return {
    lead_id: lead.lead_id,
    episode: lead.episodes,
    mql_at: at,
    priority,
    score: lead.total_score,
    score_band: scoreBand(lead.total_score),
    source: lead.source,
    campaign: lead.campaign,
    content: lead.content,
    channel: lead.channel,
    segment: lead.segment,
    queued_at: null,
    assigned_at: null,
    rep: null,
    team: null,
    pool: null,
    owner: null,
    decided_by: null,
    accepted_at: null,
    rejected_at: null,
    reject_reason: null,
    first_attempt_at: null,
    response_ms: null,
    response_business_ms: null,
    attempts: 0,
    connected_at: null,
    meeting_at: null,
    sal_at: null,
    sql_at: null,
    opportunity_at: null,
    won_at: null,
    lost_at: null,
    recycled_at: null,
    mql_left_at: null,
    sal_left_at: null,
    sql_left_at: null,
    opportunity_left_at: null,
    time_in_mql_ms: null,
    time_in_sal_ms: null,
    time_in_sql_ms: null,
    time_in_opportunity_ms: null,
    stage: 'mql',
    stage_at: at,
    ended_at: null,
  };
}

function clockStarted(p: LeadProjection, d: Record<string, unknown>, at: Date, env: ProjectionEnv): void {
  const clock = str(d.clock);
  if (!clock) return;
  const startedAt = date(d.started_at) ?? at;
  const h = p.handoffs.get(p.lead.episodes);
  const rep = str(d.rep);
  const row: ClockRow = {
    lead_id: p.lead.lead_id,
    clock,
    started_at: startedAt,
    episode: p.lead.episodes,
    rep,
    team: rep ? env.teamOf(rep) : null,
    pool: h?.pool ?? null,
    source: h?.source ?? p.lead.source,
    segment: h?.segment ?? p.lead.segment,
    priority: h?.priority ?? null,
    score_band: h?.score_band ?? null,
    due_at: date(d.due_at) ?? startedAt,
    status: 'open',
    breached_at: null,
    stopped_at: null,
    elapsed_ms: null,
    business_ms: null,
  };
  const key = clockKey(clock, startedAt);
  p.clocks.set(key, row);
  p.touched.clocks.add(key);
}

/** The clock an event without a start time means: the latest running clock of that name. */
function runningClock(p: LeadProjection, clock: string): [string, ClockRow] | undefined {
  let found: [string, ClockRow] | undefined;
  for (const entry of p.clocks) {
    const row = entry[1];
    if (row.clock === clock && !row.stopped_at && (!found || row.started_at > found[1].started_at)) found = entry;
  }
  return found;
}

function clockBreached(p: LeadProjection, d: Record<string, unknown>, at: Date): void {
  const clock = str(d.clock);
  const found = clock ? runningClock(p, clock) : undefined;
  if (!found) return;
  const [key, row] = found;
  row.status = 'breached';
  row.breached_at ??= at;
  p.touched.clocks.add(key);
}

function clockStopped(p: LeadProjection, d: Record<string, unknown>, env: ProjectionEnv): void {
  const clock = str(d.clock);
  const startedAt = date(d.started_at);
  const stoppedAt = date(d.stopped_at);
  if (!clock || !stoppedAt) return;
  const key = startedAt ? clockKey(clock, startedAt) : runningClock(p, clock)?.[0];
  let row = key ? p.clocks.get(key) : undefined;
  if (!row || !key) {
    if (!startedAt) return;
    // Stopped without a start in the log: the stop carries everything the start would have.
    clockStarted(p, { clock, rep: d.rep, started_at: d.started_at, due_at: d.due_at }, startedAt, env);
    return clockStopped(p, d, env);
  }
  const outcome = str(d.outcome) ?? 'met';
  row.status = row.status === 'breached' ? 'breached' : outcome;
  if (outcome === 'breached') row.breached_at ??= date(d.due_at) ?? stoppedAt;
  row.stopped_at = stoppedAt;
  row.elapsed_ms = num(d.elapsed_ms) ?? stoppedAt.getTime() - row.started_at.getTime();
  row.business_ms = num(d.business_ms);
  p.touched.clocks.add(key);
}

/** Reads the first touch of a lead_created / lead_updated profile; true when it had one. */
function setFirstTouch(lead: LeadDims, profile: unknown): boolean {
  const touch = (profile as { attribution?: { first_touch?: Record<string, unknown> } } | undefined)?.attribution?.first_touch;
  if (!touch) return false;
  // The same source the leads table shows: the first touch's utm_source, else its channel.
  lead.source = str(touch.utm_source) ?? str(touch.channel);
  lead.campaign = str(touch.utm_campaign);
  lead.content = str(touch.utm_content);
  lead.channel = str(touch.channel) ?? str(touch.utm_medium);
  return true;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function date(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}
