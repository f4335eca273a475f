import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { checkPolicy } from '../policy/check.js';
import { historyFromEvents } from './history.js';
import { replay } from './replay.js';
import { simulate } from './simulate.js';
import { syntheticHistory } from './synthetic.js';

const file = path.resolve(import.meta.dirname, '../../examples/baton.policy.yaml');
const source = readFileSync(file, 'utf8');
function load(text: string) {
  const result = checkPolicy(text, file);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
}
const policy = load(source);
const events = syntheticHistory(policy, { leads: 600, start: new Date('2026-06-01T00:00:00Z'), days: 30, seed: 3 });
const history = historyFromEvents(events);

describe('replay', () => {
  it('holding back activity that cannot change a figure gives the same run as deciding every input', () => {
    const lower = parseDocument(source);
    lower.setIn(['mql', 'engagement_at_least'], 15);
    lower.setIn(['mql', 'total_at_least'], 45);
    for (const p of [policy, load(lower.toString())]) {
      const fast = replay(p, history.inputs);
      const slow = replay(p, history.inputs, { holdBack: false });
      expect(fast.decisions).toBeLessThan(slow.decisions * 0.8);
      expect([...fast.leads.values()]).toEqual([...slow.leads.values()]);
      expect(fast.pools).toEqual(slow.pools);
      expect(fast.reps).toEqual(slow.reps);
    }
  });

  it('replaying the policy that recorded the history gives every lead the owner it was recorded with', () => {
    const run = replay(policy, history.inputs);
    let compared = 0;
    for (const [lead, owner] of history.recordedOwner) {
      expect(run.leads.get(lead)?.owner).toBe(owner);
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('gives byte-identical reports for the same history and policies', () => {
    const doc = parseDocument(source);
    doc.setIn(['mql', 'engagement_at_least'], 20);
    const draft = load(doc.toString());
    const run = () =>
      JSON.stringify(
        simulate({
          history: historyFromEvents(events),
          current: { policy, file: 'current.yaml', hash: 'a' },
          draft: { policy: draft, file: 'draft.yaml', hash: 'b' },
          window: { from: '2026-06-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' },
          source: 'synthetic',
        }),
      );
    const first = run();
    expect(run()).toBe(first);
    expect(JSON.parse(first).draft.mqls).toBeGreaterThan(JSON.parse(first).current.mqls);
  });
});
