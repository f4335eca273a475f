import type { LeadProfile } from '../domain/lead/profile.js';

/** Dotted paths of the profile fields an update changed, for the `lead_updated` event. */
export function changedFields(before: LeadProfile, after: LeadProfile): string[] {
  const changed: string[] = [];
  compare(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>, '', changed);
  return changed;
}

function compare(a: Record<string, unknown>, b: Record<string, unknown>, prefix: string, out: string[]): void {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    const path = prefix ? `${prefix}.${key}` : key;
    if (isRecord(x) && isRecord(y)) compare(x, y, path, out);
    else if (JSON.stringify(x) !== JSON.stringify(y)) out.push(path);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
