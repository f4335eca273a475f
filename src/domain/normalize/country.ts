import countries from 'i18n-iso-countries';
import de from 'i18n-iso-countries/langs/de.json' with { type: 'json' };
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import { foldWords } from './fold.js';

/** Names people write that the ISO lists don't carry, or carry for more than one country. */
const ALIASES: Readonly<Record<string, string>> = {
  america: 'US',
  'united states of america': 'US',
  'us of a': 'US',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  uk: 'GB',
  holland: 'NL',
  deutschland: 'DE',
  korea: 'KR',
  congo: 'CG',
  drc: 'CD',
  'dr congo': 'CD',
  russia: 'RU',
  'viet nam': 'VN',
  syria: 'SY',
  laos: 'LA',
  vatican: 'VA',
  'vatican city': 'VA',
  burma: 'MM',
  swaziland: 'SZ',
  macedonia: 'MK',
  micronesia: 'FM',
  brunei: 'BN',
  'cabo verde': 'CV',
  'east timor': 'TL',
  'hong kong sar': 'HK',
  uae: 'AE',
  emirates: 'AE',
};

/**
 * Lookup key → alpha-2, built once. Earlier sources win (aliases, then ISO codes, then English
 * names, then German names); a name two countries share within one source is left out, so it
 * is reported as unknown instead of guessed.
 */
const BY_KEY: ReadonlyMap<string, string> = (() => {
  countries.registerLocale(en);
  countries.registerLocale(de);
  const map = new Map<string, string>();
  const add = (entries: Iterable<readonly [string, string]>): void => {
    const found = new Map<string, string | null>();
    for (const [name, code] of entries) {
      const key = keyOf(name);
      if (key === '' || map.has(key)) continue;
      found.set(key, found.has(key) && found.get(key) !== code ? null : code);
    }
    for (const [key, code] of found) if (code !== null) map.set(key, code);
  };
  const names = (lang: string): [string, string][] =>
    Object.entries(countries.getNames(lang, { select: 'all' })).flatMap(([code, all]) =>
      all.map((name): [string, string] => [name, code]),
    );
  add(Object.entries(ALIASES).map(([name, code]): [string, string] => [name, code]));
  add(Object.keys(countries.getAlpha2Codes()).map((code): [string, string] => [code, code]));
  add(Object.entries(countries.getAlpha3Codes()).map(([a3, a2]): [string, string] => [a3, a2]));
  add(names('en'));
  add(names('de'));
  return map;
})();

/**
 * ISO 3166-1 alpha-2 ("GB") from an alpha-2 or alpha-3 code, an English or German name or a
 * common alias ("U.K.", "Great Britain", "England", "Deutschland", "Holland"). Case, accents,
 * punctuation and a leading "the" don't matter. Undefined when the country is not recognized.
 */
export function normalizeCountry(raw: string): string | undefined {
  return BY_KEY.get(keyOf(raw));
}

function keyOf(name: string): string {
  const words = foldWords(name);
  if (words[0] === 'the' && words.length > 1) words.shift();
  return words.join(' ');
}
