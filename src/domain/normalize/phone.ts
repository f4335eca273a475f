// `max` metadata: the default (`min`) validates by leading digits and length only, so it
// accepts "+49 1234 567"; `max` matches each country's full patterns and rejects it
// (libphonenumber-js 1.13.16). The extra metadata is server-side only, so its size is moot.
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { normalizeCountry } from './country.js';

export type PhoneResult = { ok: true; e164: string } | { ok: false; error: string };

const EXAMPLE = 'add the country code, e.g. +44 20 7946 0958';

/**
 * E.164 ("+442079460958") from a number as people type it. Without a leading "+" the number
 * is read as a national number of `defaultCountry` (an ISO code or a country name); with no
 * default country, a leading "00" is read as the international prefix.
 */
export function normalizePhone(raw: string, defaultCountry?: string): PhoneResult {
  const text = raw.trim();
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
  if (!/\d/.test(text)) return { ok: false, error: `expected a phone number, got ${shown}; ${EXAMPLE}` };

  const code = defaultCountry === undefined ? undefined : normalizeCountry(defaultCountry);
  const country = code !== undefined && isSupportedCountry(code) ? code : undefined;
  const international = text.startsWith('+') || (country === undefined && /^00\d/.test(text));
  if (!international && country === undefined) {
    return { ok: false, error: `cannot tell which country ${shown} is in; ${EXAMPLE}` };
  }

  const dialled = international && !text.startsWith('+') ? `+${text.slice(2)}` : text;
  const number = parsePhoneNumberFromString(dialled, country);
  if (number === undefined || !number.isValid()) {
    const where = international || country === undefined ? '' : ` in ${country}`;
    return {
      ok: false,
      error: `${shown} is not a valid phone number${where}; check the digits or ${EXAMPLE}`,
    };
  }
  return { ok: true, e164: number.number };
}
