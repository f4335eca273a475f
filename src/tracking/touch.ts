/** The first touch of a visitor, read from their first page view: UTM parameters, referrer, landing page. */
import type { Touch } from '../domain/lead/profile.js';

const UTM = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

export type TouchFields = Partial<Omit<Touch, 'at'>>;

export function touchFromPage(url: string | undefined, referrer: string | undefined): TouchFields {
  const touch: TouchFields = {};
  if (url) {
    try {
      const parsed = new URL(url);
      for (const key of UTM) {
        const value = parsed.searchParams.get(key);
        if (value) touch[key] = value.slice(0, 200);
      }
      touch.landing_page = `${parsed.origin}${parsed.pathname}`.slice(0, 2_000);
    } catch {
      // Not a URL: no UTM parameters to read.
    }
  }
  if (referrer) touch.referrer = referrer.slice(0, 2_000);
  return touch;
}
