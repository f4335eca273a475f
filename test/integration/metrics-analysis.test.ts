/**
 * Rejection, conversion and stalled-lead analysis over a history with strong patterns: webinar
 * leads (score 30) are mostly rejected as too small yet convert better than google leads (score
 * 90), so the analysis should say to raise the size minimum and to recalibrate the scoring.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { History, metricsPolicyFile, type LeadHistory } from '../support/history.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-10-20T12:00:00Z');
const PERIOD = 'from=2026-10-01&to=2026-10-18';
let t: TestApp;
const stalled: Record<string, LeadHistory> = {};

function patternedHistory(): History {
  const h = new History();
  const day = (d: number, hour = 9) => `2026-10-${String(d).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
  for (let i = 0; i < 10; i++) {
    // webinar, score 30, ben: 8 rejected as too small, 2 accepted and both become opportunities.
    const w = h.lead({ email: `w${i}@small.com`, at: day(1 + i), source: 'webinar', campaign: 'q4-webinar', channel: 'email', segment: 'smb' })
      .qualify(day(1 + i), { total: 30 }).assign(day(1 + i), 'ben', 'smb').attempt(day(1 + i, 10), 'ben');
    if (i < 8) w.reject(day(1 + i, 11), 'ben', 'wrong_company_size');
    else w.accept(day(1 + i, 11), 'ben').connect(day(1 + i, 12), 'ben').convert(day(2 + i), 'ben', 'sql').convert(day(3 + i), 'ben', 'opportunity');
    // google, score 90, ana: 2 rejected for no intent, 8 accepted, 1 becomes an opportunity.
    const g = h.lead({ email: `g${i}@big.com`, at: day(1 + i, 8), source: 'google', campaign: 'brand', channel: 'paid_search', segment: 'enterprise' })
      .qualify(day(1 + i, 8), { total: 90 }).assign(day(1 + i, 8), 'ana', 'enterprise');
    if (i < 2) {
      g.attempt(day(1 + i, 9), 'ana').reject(day(1 + i, 10), 'ana', 'no_intent');
    } else if (i === 2) {
      g.accept(day(1 + i, 9), 'ana').attempt(day(1 + i, 10), 'ana').connect(day(1 + i, 11), 'ana').convert(day(2 + i), 'ana', 'sql').convert(day(3 + i), 'ana', 'opportunity');
    } else if (i < 6) {
      // accepted, never attempted; the last of them with its first-touch clock past due
      g.accept(day(1 + i, 9), 'ana');
      if (i === 5) g.clock('first_touch', day(1 + i, 8), day(1 + i, 12), 'ana');
      stalled[`accepted${i}`] = g;
    } else if (i < 8) {
      // three attempts, never connected
      g.accept(day(1 + i, 9), 'ana').attempt(day(1 + i, 10), 'ana').attempt(day(2 + i, 10), 'ana').attempt(day(3 + i, 10), 'ana');
      stalled[`attempted${i}`] = g;
    } else {
      g.accept(day(1 + i, 9), 'ana').attempt(day(1 + i, 10), 'ana').connect(day(1 + i, 11), 'ana');
    }
  }
  // Handed off before the analysed period, reached and accepted late (Thu 10-15 09:00), so only the
  // stage limit (sal: 5bd) can call them stalled: ana counts working days (Mon-Fri 09:00-17:00), so
  // hers runs until Wed 10-21 17:00; ben works around the clock, so his ran out Tue 10-20 09:00.
  for (const rep of ['ana', 'ben']) {
    stalled[`late_${rep}`] = h.lead({ email: `late-${rep}@acme.com`, at: '2026-09-30T09:00:00Z', source: 'partner' })
      .qualify('2026-09-30T09:00:00Z', { total: 60 }).assign('2026-09-30T09:00:00Z', rep, 'smb')
      .attempt('2026-09-30T10:00:00Z', rep).connect('2026-09-30T11:00:00Z', rep).accept('2026-10-15T09:00:00Z', rep);
  }
  return h;
}

beforeAll(async () => {
  t = await startTestApp({ policyFile: await metricsPolicyFile({ maxTime: '{ sal: 5bd, opportunity: 10d }' }), clock: { now: () => NOW }, workers: false });
  await patternedHistory().save(t.app.deps.db, t.app.running.version);
});
afterAll(async () => {
  await t?.close();
});

describe('rejection analysis', () => {
  it('ranks the reasons as a Pareto overall and per source, segment and rep, and says what to change', async () => {
    const { status, body } = await t.api('GET', `/api/v1/analysis/rejections?${PERIOD}`, undefined, { token: t.readToken });
    expect(status).toBe(200);
    expect(body).toMatchObject({ rejected: 10, decided: 20 });
    expect(body.reasons).toEqual([
      { reason: 'wrong_company_size', label: 'wrong company size', count: 8, share: 0.8, cumulative_share: 0.8 },
      { reason: 'no_intent', label: 'no intent', count: 2, share: 0.2, cumulative_share: 1 },
    ]);
    expect(body.by_source.map((g: { key: string; rejected: number; decided: number }) => [g.key, g.rejected, g.decided])).toEqual([
      ['webinar', 8, 10],
      ['google', 2, 10],
    ]);
    expect(body.by_rep[0]).toMatchObject({ key: 'ben', label: 'Ben Ode', rejected: 8, rejection_rate: 0.8, reasons: [{ reason: 'wrong_company_size', share: 1 }] });
    expect(body.by_segment.map((g: { key: string }) => g.key)).toEqual(['smb', 'enterprise']);
    const messages = body.hints.map((h: { message: string }) => h.message);
    expect(messages[0]).toBe('80 % of rejections are wrong_company_size (8 of 10): raise the company-size minimum in the fit criteria (e.g. "company.size >= …").');
    expect(messages).toContain('Leads from webinar are rejected 80 % of the time against 50 % overall: review what this source sends, or score it down.');
  });

  it('lists the leads behind a reason', async () => {
    const { body } = await t.api('GET', `/api/v1/metrics/leads?${PERIOD}&metric=rejections&bucket=rejected&reason=no_intent`);
    expect(body.total).toBe(2);
    expect(body.leads.map((l: { email: string }) => l.email).sort()).toEqual(['g0@big.com', 'g1@big.com']);
  });
});

describe('conversion analysis', () => {
  it('converts by source, campaign, channel and score band, and calls for recalibration when high scores convert worse', async () => {
    const { body } = await t.api('GET', `/api/v1/analysis/conversion?${PERIOD}`);
    expect(body.overall).toMatchObject({ mqls: 20, sal: 10, sql: 3, opportunity: 3, won: 0, to_sal: 0.5, to_opportunity: 0.15 });
    expect(body.by_source.find((r: { key: string }) => r.key === 'webinar')).toMatchObject({ mqls: 10, sal: 2, opportunity: 2, to_opportunity: 0.2 });
    expect(body.by_campaign.map((r: { key: string }) => r.key).sort()).toEqual(['brand', 'q4-webinar']);
    expect(body.by_channel.find((r: { key: string }) => r.key === 'paid_search')).toMatchObject({ mqls: 10, to_sal: 0.8, to_opportunity: 0.1 });
    expect(body.by_score_band.map((r: { key: string; to_opportunity: number }) => [r.key, r.to_opportunity])).toEqual([
      ['20-39', 0.2],
      ['80-99', 0.1],
    ]);
    expect(body.score_bands.verdict).toBe('not_better');
    expect(body.hints[0]).toMatch(/^Higher score bands do not convert better \(band 80-99 converts 10 % to opportunity against 20 % for band 20-39\).*`baton calibrate`/);
  });
});

describe('stalled leads', () => {
  it('finds accepted leads never attempted, attempts that never connected, and leads past an SLA deadline', async () => {
    const { body } = await t.api('GET', '/api/v1/analysis/stalled');
    expect(body.counts).toEqual({ accepted_no_attempt: 3, attempted_not_connected: 2, over_sla: 1, over_max_time: 9 });
    const of = (reason: string) => body.leads.filter((l: { reason: string }) => l.reason === reason).map((l: { lead_id: string }) => l.lead_id).sort();
    expect(of('accepted_no_attempt')).toEqual([stalled.accepted3!.id, stalled.accepted4!.id, stalled.accepted5!.id].sort());
    expect(of('attempted_not_connected')).toEqual([stalled.attempted6!.id, stalled.attempted7!.id].sort());
    expect(body.leads.find((l: { reason: string }) => l.reason === 'over_sla')).toMatchObject({ lead_id: stalled.accepted5!.id, since: '2026-10-06T12:00:00.000Z', owner: 'ana' });
    expect(body.hints).toContain('2 leads have had 3 or more attempts without a connection: recycle them to nurture so marketing can work them again.');
    const listed = await t.api('GET', '/api/v1/metrics/leads?metric=stalled&bucket=attempted_not_connected');
    expect(listed.body.total).toBe(2);
  });

  it('finds leads in a stage longer than the policy\'s stages.max_time, counted in their owner\'s calendar', async () => {
    const { body } = await t.api('GET', '/api/v1/analysis/stalled');
    // SAL (5bd): ana's seven accepted google leads of 10-03..10-10 (the last ran out Fri 10-16 17:00) and ben's late one;
    // not ana's late one. Opportunity (10d): g2 since 10-05 09:00, out 10-15 09:00; the webinar ones (10-11, 10-12) not yet.
    expect(body.over_max_time).toEqual([
      { stage: 'sal', max_time: '5bd', count: 8 },
      { stage: 'opportunity', max_time: '10d', count: 1 },
    ]);
    const over = body.leads.filter((l: { reason: string }) => l.reason === 'over_max_time');
    expect(over.map((l: { lead_id: string }) => l.lead_id)).not.toContain(stalled.late_ana!.id);
    expect(over.find((l: { lead_id: string }) => l.lead_id === stalled.late_ben!.id)).toMatchObject({ stage: 'sal', owner: 'ben', max_time: '5bd', since: '2026-10-20T09:00:00.000Z' });
    expect(over.find((l: { stage: string }) => l.stage === 'opportunity')).toMatchObject({ owner: 'ana', max_time: '10d', since: '2026-10-15T09:00:00.000Z' });
    // accepted Thu 10-08 at opening: Thu, Fri, Mon, Tue, Wed in ana's hours, out at Wed 10-14's close.
    expect(over.find((l: { lead_id: string }) => l.lead_id === stalled.attempted7!.id)).toMatchObject({ since: '2026-10-14T17:00:00.000Z' });
    expect(body.hints).toContain('8 leads have been in SAL longer than the 5bd the policy allows: move them on, or back to nurture.');
    const listed = await t.api('GET', '/api/v1/metrics/leads?metric=stalled&bucket=over_max_time&limit=1000');
    expect(listed.body.total).toBe(9);
    expect(listed.body.leads.map((l: { id: string }) => l.id)).toContain(stalled.late_ben!.id);
    // The past-SLA case still counts on its own.
    expect(body.counts.over_sla).toBe(1);
  });
});
