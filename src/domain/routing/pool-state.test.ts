import { describe, expect, it } from 'vitest';
import type { Pool } from '../../policy/schema.js';
import { syncPoolState } from './pool-state.js';
import type { PoolState } from './types.js';

const policyPool = (members: [string, number][]): Pool => ({
  strategy: 'weighted_round_robin',
  members: members.map(([rep, weight]) => ({ rep, weight })),
  caps: {},
  working_hours_only: true,
});

const stored: PoolState = {
  pool: 'smb',
  members: [
    { rep: 'cy', weight: 1, currentWeight: 1, assignedCount: 40, active: true },
    { rep: 'dee', weight: 1, currentWeight: -1, assignedCount: 41, active: true },
  ],
};

describe('pool membership changes', () => {
  it('starts a brand-new pool with everyone level', () => {
    expect(syncPoolState(policyPool([['cy', 1], ['dee', 2]]), 'smb', undefined)).toEqual({
      pool: 'smb',
      members: [
        { rep: 'cy', weight: 1, currentWeight: 0, assignedCount: 0, active: true },
        { rep: 'dee', weight: 2, currentWeight: 0, assignedCount: 0, active: true },
      ],
    });
  });

  it('keeps a removed rep’s counts and marks them inactive', () => {
    const synced = syncPoolState(policyPool([['cy', 1]]), 'smb', stored);
    expect(synced.members).toEqual([
      { rep: 'cy', weight: 1, currentWeight: 1, assignedCount: 40, active: true },
      { rep: 'dee', weight: 1, currentWeight: -1, assignedCount: 41, active: false },
    ]);
  });

  it('resumes a rep who is added back where they left off', () => {
    const removed = syncPoolState(policyPool([['cy', 1]]), 'smb', stored);
    const back = syncPoolState(policyPool([['cy', 1], ['dee', 1]]), 'smb', removed);
    expect(back.members[1]).toEqual({ rep: 'dee', weight: 1, currentWeight: -1, assignedCount: 41, active: true });
  });

  it('takes new weights from the policy without touching counts', () => {
    const synced = syncPoolState(policyPool([['cy', 3], ['dee', 1]]), 'smb', stored);
    expect(synced.members[0]).toEqual({ rep: 'cy', weight: 3, currentWeight: 1, assignedCount: 40, active: true });
  });

  it('treats a rep listed twice as one member', () => {
    const synced = syncPoolState(policyPool([['cy', 2], ['cy', 1]]), 'smb', undefined);
    expect(synced.members).toEqual([{ rep: 'cy', weight: 2, currentWeight: 0, assignedCount: 0, active: true }]);
  });
});
