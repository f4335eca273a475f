import { describe, expect, it } from 'vitest';
import { routeLead } from './route.js';
import { routeWithinPool } from './route-within-pool.js';
import { ENTERPRISE_LEAD, NY_MORNING, emptySnapshot, testPolicy } from './test-policy.js';
import type { RoutingSnapshot } from './types.js';

const policy = testPolicy();

/** The snapshot after Ana got an enterprise lead, as the caller would have saved it. */
function afterAnaGotTheLead(): RoutingSnapshot {
  const first = routeLead(policy, { subject: ENTERPRISE_LEAD, now: NY_MORNING }, emptySnapshot());
  if (first.kind !== 'assigned' || first.rep !== 'ana') throw new Error('expected Ana first');
  return { pools: { 'enterprise-na': first.poolState! }, reps: { ana: first.repLoad } };
}

describe('reassigning within a pool', () => {
  it('gives the lead to the next available rep without costing the first rep their turn', () => {
    const snapshot = afterAnaGotTheLead();
    const anaBefore = snapshot.pools['enterprise-na']!.members.find((m) => m.rep === 'ana');
    const decision = routeWithinPool(policy, 'enterprise-na', NY_MORNING, snapshot, ['ana']);
    expect(decision).toMatchObject({ kind: 'assigned', rep: 'ben', via: 'pool', pool: 'enterprise-na', step: 1, skipped: [] });
    expect(decision.explanation).toBe("Reassigned within pool enterprise-na from Ana; Ben's turn by weighted round robin (weight 1)");
    expect(decision.kind === 'assigned' && decision.poolState!.members.find((m) => m.rep === 'ana')).toEqual(anaBefore);
  });

  it('sends the lead to the fallback queue when nobody else in the pool can take it', () => {
    const snapshot = afterAnaGotTheLead();
    snapshot.reps.ben = { rep: 'ben', openLeads: 0, assignedToday: 0, day: null, away: true };
    expect(routeWithinPool(policy, 'enterprise-na', NY_MORNING, snapshot, ['ana'])).toEqual({
      kind: 'queued',
      queue: 'revops-queue',
      skipped: [{ rep: 'ben', reason: 'away' }],
      explanation: 'Reassigned within pool enterprise-na from Ana, but nobody else could take it, so the lead waits in queue revops-queue; skipped Ben: away',
    });
  });
});
