import { describe, expect, it } from 'vitest';
import type { LeadState } from '../engine/lead-state.js';
import { LeadCache } from './lead-cache.js';

const lead = (id: string) => ({ id }) as LeadState;

describe('LeadCache', () => {
  it('answers only at the version a lead was kept at', () => {
    const cache = new LeadCache(10);
    cache.set('a', '100', lead('a'));
    expect(cache.get('a', '100')).toEqual(lead('a'));
    expect(cache.get('a', '101')).toBeUndefined();
    expect(cache.get('b', '100')).toBeUndefined();
    expect(cache.stats()).toEqual({ hits: 1, misses: 2 });
  });

  it('lets the least recently used lead go first when full', () => {
    const cache = new LeadCache(2);
    cache.set('a', '1', lead('a'));
    cache.set('b', '1', lead('b'));
    cache.get('a', '1');
    cache.set('c', '1', lead('c'));
    expect(cache.size).toBe(2);
    expect(cache.get('b', '1')).toBeUndefined();
    expect(cache.get('a', '1')).toBeDefined();
    expect(cache.get('c', '1')).toBeDefined();
  });

  it('keeps nothing when its size is 0, and forgets a lead on delete', () => {
    const off = new LeadCache(0);
    off.set('a', '1', lead('a'));
    expect(off.size).toBe(0);
    const cache = new LeadCache(5);
    cache.set('a', '1', lead('a'));
    cache.delete('a');
    expect(cache.get('a', '1')).toBeUndefined();
  });
});
