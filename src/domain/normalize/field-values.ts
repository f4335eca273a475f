/**
 * Readers for the loosely typed values an API body or a CSV cell carries. Each returns
 * undefined for "not given" (absent, null, blank) and an error message for a wrong value.
 */
export type FieldValue<T> = { ok: true; value: T | undefined } | { ok: false; error: string };

/** Trimmed text in NFC; numbers and booleans are written out ("42", "true"). */
export function readText(value: unknown): FieldValue<string> {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (typeof value === 'string') {
    const text = value.trim().normalize('NFC');
    return { ok: true, value: text === '' ? undefined : text };
  }
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
    return { ok: true, value: String(value) };
  }
  return { ok: false, error: `expected text, got ${describeValue(value)}` };
}

// "1,200", "$5M", "1.5k", "200-500", "200 to 500", "10000+". Spaces, commas, underscores and
// apostrophes are digit grouping ("1 200", "1'200"); a dot is a decimal point.
const QUANTITY = /^(\d+(?:\.\d+)?)([kmb]?)(?:(?:-|–|—|to)\d+(?:\.\d+)?[kmb]?|\+)?$/;
const MULTIPLIER: Readonly<Record<string, number>> = { '': 1, k: 1e3, m: 1e6, b: 1e9 };

/**
 * A non-negative number from a number or numeric text. A range ("200-500", as forms offer
 * company sizes) reads as its lower bound: a rule such as `company.size >= 500` should not
 * fire on a company that may have 200 people.
 */
export function readQuantity(value: unknown): FieldValue<number> {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0
      ? { ok: true, value }
      : { ok: false, error: `expected a number of 0 or more, got ${value}` };
  }
  if (typeof value !== 'string') return { ok: false, error: `expected a number, got ${describeValue(value)}` };
  if (value.trim() === '') return { ok: true, value: undefined };
  const compact = value.toLowerCase().replace(/[\s,_'’$€£¥]/g, '');
  const match = QUANTITY.exec(compact);
  if (match === null) {
    return {
      ok: false,
      error: `expected a number like 1200 or a range like "200-500", got ${JSON.stringify(value.trim().slice(0, 40))}`,
    };
  }
  return { ok: true, value: Number(match[1]) * (MULTIPLIER[match[2] ?? ''] ?? 1) };
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An ISO 8601 time, returned in the canonical UTC form ("2024-05-01T09:30:00.000Z") so times
 * compare as text. A time without a zone is read as UTC rather than as the server's zone;
 * a number is milliseconds since 1970.
 */
export function readTime(value: unknown): FieldValue<string> {
  if (value === undefined || value === null || value === '') return { ok: true, value: undefined };
  let millis = Number.NaN;
  if (typeof value === 'number') millis = value;
  if (typeof value === 'string') {
    const text = value.trim().toUpperCase().replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const zoned = text.length > 10 && !/(?:Z|[+-]\d{2}:\d{2})$/.test(text) ? `${text}Z` : text;
    if (ISO_TIME.test(text)) millis = Date.parse(zoned);
  }
  if (!Number.isFinite(millis) || Math.abs(millis) > 8.64e15) {
    return { ok: false, error: `expected a time like 2024-05-01T09:30:00Z, got ${JSON.stringify(value)}` };
  }
  return { ok: true, value: new Date(millis).toISOString() };
}

export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return JSON.stringify(value) ?? typeof value;
}
