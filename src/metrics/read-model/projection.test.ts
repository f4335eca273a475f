import { describe, expect, it } from 'vitest';
import { applyEvent, blankLead, currentHandoff, newLeadProjection, type LeadProjection, type ProjectionEnv } from './projection.js';

const env: ProjectionEnv = {
  teamOf: (rep) => (rep === 'ana' ? 'east' : null),
  // a fake calendar: business time is half the wall time
  businessMs: (_rep, from, to) => (to.getTime() - from.getTime()) / 2,
};
const at = (hhmm: string, day = '05') => new Date(`2026-10-${day}T${hhmm}:00Z`);

function fold(events: [type: string, time: Date, data?: Record<string, unknown>][]): LeadProjection {
  const p = newLeadProjection(blankLead('lead-1', at('08:00')));
  for (const [type, occurred_at, data = {}] of events) applyEvent(p, { lead_id: 'lead-1', type, occurred_at, data }, env);
  return p;
}

describe('the metrics fold', () => {
  it('takes the dimensions from the first touch, account and score at qualification', () => {
    const p = fold([
      ['lead_created', at('08:00'), { profile: { attribution: { first_touch: { channel: 'paid_search', utm_source: 'google', utm_campaign: 'fall', utm_content: 'ad-1' } } } }],
      ['account_matched', at('08:00'), { segment: 'mid' }],
      ['score_changed', at('08:30'), { total: 64 }],
      ['stage_changed', at('09:00'), { from: 'known', to: 'mql', priority: 'high' }],
      ['score_changed', at('09:30'), { total: 10 }],
    ]);
    expect(p.created).toEqual({ day: '2026-10-05', source: 'google' });
    expect(currentHandoff(p)).toMatchObject({ episode: 1, source: 'google', campaign: 'fall', content: 'ad-1', channel: 'paid_search', segment: 'mid', priority: 'high', score: 64, score_band: '60-79' });
  });

  it('measures response from the first assignment to the first attempt, in wall and business time', () => {
    const p = fold([
      ['stage_changed', at('09:00'), { from: 'known', to: 'mql' }],
      ['assigned', at('09:00'), { rep: 'ana', pool: 'enterprise' }],
      ['reassigned', at('10:00'), { from: 'ana', to: 'ben', reason: 'breach', by: 'escalation' }],
      ['assigned', at('10:00'), { rep: 'ben' }],
      ['contact_attempted', at('10:30'), { rep: 'ben' }],
      ['contact_attempted', at('11:00'), { rep: 'ben' }],
    ]);
    expect(currentHandoff(p)).toMatchObject({ rep: 'ana', team: 'east', pool: 'enterprise', owner: 'ben', response_ms: 90 * 60_000, response_business_ms: 45 * 60_000, attempts: 2 });
  });

  it('gives a rep action recorded after its stage move to the episode that move ended', () => {
    const p = fold([
      ['stage_changed', at('09:00'), { from: 'known', to: 'mql' }],
      ['assigned', at('09:00'), { rep: 'ana' }],
      ['stage_changed', at('09:20'), { from: 'mql', to: 'nurture', via: 'reject' }],
      ['rejected', at('09:20'), { rep: 'ana', reason: 'no_intent' }],
      ['recycled', at('09:40'), { rep: 'ana' }],
    ]);
    const first = p.handoffs.get(1)!;
    expect(first).toMatchObject({ rejected_at: at('09:20'), reject_reason: 'no_intent', decided_by: 'ana', mql_left_at: at('09:20'), ended_at: at('09:20'), recycled_at: null });
    expect(currentHandoff(p)).toBeUndefined();
  });

  it('starts a new episode when the lead qualifies again', () => {
    const p = fold([
      ['stage_changed', at('09:00'), { from: 'known', to: 'mql' }],
      ['stage_changed', at('09:20'), { from: 'mql', to: 'nurture' }],
      ['score_changed', at('10:00', '12'), { total: 45 }],
      ['stage_changed', at('10:00', '12'), { from: 'nurture', to: 'mql' }],
    ]);
    expect(p.lead.episodes).toBe(2);
    expect([...p.touched.handoffs]).toEqual([1, 2]);
    expect(currentHandoff(p)).toMatchObject({ episode: 2, mql_at: at('10:00', '12'), score_band: '40-59', ended_at: null });
  });

  it('keeps a breach once the deadline passed, even when the clock is later cancelled', () => {
    const p = fold([
      ['stage_changed', at('09:00'), { from: 'known', to: 'mql' }],
      ['clock_started', at('09:00'), { clock: 'first_touch', rep: 'ana', started_at: at('09:00').toISOString(), due_at: at('10:00').toISOString() }],
      ['clock_started', at('09:00'), { clock: 'accept_or_reject', rep: 'ana', started_at: at('09:00').toISOString(), due_at: at('13:00').toISOString() }],
      ['clock_breached', at('10:00'), { clock: 'first_touch', due_at: at('10:00').toISOString() }],
      ['clock_stopped', at('11:00'), { clock: 'first_touch', outcome: 'cancelled', started_at: at('09:00').toISOString(), stopped_at: at('11:00').toISOString(), due_at: at('10:00').toISOString(), elapsed_ms: 7_200_000, business_ms: 3_600_000 }],
      ['clock_stopped', at('11:00'), { clock: 'accept_or_reject', outcome: 'met', started_at: at('09:00').toISOString(), stopped_at: at('11:00').toISOString(), due_at: at('13:00').toISOString(), elapsed_ms: 7_200_000, business_ms: 3_600_000 }],
    ]);
    const clocks = [...p.clocks.values()].map((c) => [c.clock, c.status, c.team, c.business_ms]);
    expect(clocks).toEqual([
      ['first_touch', 'breached', 'east', 3_600_000],
      ['accept_or_reject', 'met', 'east', 3_600_000],
    ]);
  });

  it('counts funnel stages reached and the time spent in each', () => {
    const p = fold([
      ['stage_changed', at('09:00'), { from: 'known', to: 'mql' }],
      ['stage_changed', at('09:30'), { from: 'mql', to: 'sal' }],
      ['stage_changed', at('09:00', '06'), { from: 'sal', to: 'sql' }],
      ['stage_changed', at('09:00', '07'), { from: 'sql', to: 'opportunity' }],
      ['stage_changed', at('09:00', '09'), { from: 'opportunity', to: 'won' }],
    ]);
    expect(p.handoffs.get(1)).toMatchObject({
      sal_at: at('09:30'), mql_left_at: at('09:30'), sql_at: at('09:00', '06'), sal_left_at: at('09:00', '06'),
      opportunity_at: at('09:00', '07'), won_at: at('09:00', '09'), opportunity_left_at: at('09:00', '09'), stage: 'won', ended_at: at('09:00', '09'),
    });
  });
});
