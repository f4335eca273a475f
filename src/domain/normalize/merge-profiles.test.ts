import { describe, expect, it } from 'vitest';
import type { LeadProfile } from '../lead/profile.js';
import { mergeProfiles } from './merge-profiles.js';

const existing: LeadProfile = {
  email: 'ana@acme.com',
  first_name: 'Ana',
  title: 'Engineer',
  company: { name: 'Acme', domain: 'acme.com', size: 200 },
  answers: { budget: '10k', timeline: 'Q3' },
  attribution: {
    first_touch: { at: '2024-05-01T09:00:00.000Z', utm_source: 'google' },
    latest_touch: { at: '2024-05-01T09:00:00.000Z', utm_source: 'google' },
  },
};

describe('mergeProfiles', () => {
  it('lets new values win and keeps what the update does not mention', () => {
    const merged = mergeProfiles(existing, {
      email: 'ana@acme.com',
      title: 'Head of Engineering',
      phone: '+442079460958',
      company: { size: 450 },
      answers: { budget: '50k' },
      attribution: {},
    });
    expect(merged).toMatchObject({
      first_name: 'Ana',
      title: 'Head of Engineering',
      phone: '+442079460958',
      company: { name: 'Acme', domain: 'acme.com', size: 450 },
      answers: { budget: '50k', timeline: 'Q3' },
    });
  });

  it('does not erase a value with an empty one', () => {
    const merged = mergeProfiles(existing, { email: 'ana@acme.com', first_name: '', company: { name: '' }, answers: { budget: '' }, attribution: {} });
    expect(merged).toMatchObject({ first_name: 'Ana', company: { name: 'Acme' }, answers: { budget: '10k' } });
  });

  it('keeps first touch on update and moves latest touch forward', () => {
    const later = { at: '2024-06-01T12:00:00.000Z', utm_source: 'newsletter' };
    const merged = mergeProfiles(existing, { ...existing, attribution: { first_touch: later, latest_touch: later } });
    expect(merged.attribution).toEqual({ first_touch: existing.attribution.first_touch, latest_touch: later });
  });

  it('does not roll the latest touch back when an older event arrives late', () => {
    const older = { at: '2024-04-01T00:00:00.000Z', utm_source: 'bing' };
    const merged = mergeProfiles(existing, { ...existing, attribution: { latest_touch: older } });
    expect(merged.attribution.latest_touch).toEqual(existing.attribution.latest_touch);
  });

  it('takes an earlier first touch from a back-filled import', () => {
    const earlier = { at: '2024-01-15T00:00:00.000Z', utm_source: 'trade-show' };
    const merged = mergeProfiles(existing, { ...existing, attribution: { first_touch: earlier } });
    expect(merged.attribution.first_touch).toEqual(earlier);
  });

  it('takes the first touch from the update when the lead had none', () => {
    const touch = { at: '2024-06-01T12:00:00.000Z', utm_source: 'newsletter' };
    const merged = mergeProfiles({ ...existing, attribution: {} }, { ...existing, attribution: { first_touch: touch } });
    expect(merged.attribution).toEqual({ first_touch: touch });
  });
});
