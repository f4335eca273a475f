import type { LeadProfile, Touch } from '../lead/profile.js';

/**
 * The upsert rule for a lead that already exists: values in the update win unless empty;
 * answers merge key by key; the first touch is the earlier of the two (normally the existing
 * one, but a back-filled import can carry an earlier one), the latest touch the later
 * (normally the update's; an out-of-order delivery does not roll it back).
 */
export function mergeProfiles(existing: LeadProfile, update: LeadProfile): LeadProfile {
  const first = earlier(existing.attribution.first_touch, update.attribution.first_touch);
  const latest = later(existing.attribution.latest_touch, update.attribution.latest_touch);
  return {
    ...existing,
    ...given(update),
    company: { ...existing.company, ...given(update.company) },
    answers: { ...existing.answers, ...(given(update.answers) as LeadProfile['answers']) },
    attribution: { ...(first && { first_touch: first }), ...(latest && { latest_touch: latest }) },
  };
}

function given<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined && field !== null && field !== ''),
  ) as Partial<T>;
}

/** Ties and unreadable times keep the existing touch. */
function earlier(existing: Touch | undefined, update: Touch | undefined): Touch | undefined {
  if (existing === undefined || update === undefined) return existing ?? update;
  return Date.parse(update.at) < Date.parse(existing.at) ? update : existing;
}

/** Ties and unreadable times take the update's touch. */
function later(existing: Touch | undefined, update: Touch | undefined): Touch | undefined {
  if (existing === undefined || update === undefined) return update ?? existing;
  return Date.parse(existing.at) > Date.parse(update.at) ? existing : update;
}
