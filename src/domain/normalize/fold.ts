/**
 * Folds text for comparison: lower case, compatibility forms (NFKD) with the diacritics
 * removed, so "Müller" and "MULLER" fold alike. Letters NFKD does not decompose (ß, ø, æ…)
 * are spelled out the way people type them on an ASCII keyboard. Non-Latin scripts are kept.
 */
const SPELLED_OUT: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const SPELLED_OUT_PATTERN = new RegExp(`[${Object.keys(SPELLED_OUT).join('')}]`, 'gu');

export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(SPELLED_OUT_PATTERN, (letter) => SPELLED_OUT[letter] ?? letter);
}

/**
 * Folds and reduces to words: "&" becomes "and", dots and apostrophes join ("S.A." → "sa",
 * "O'Neil" → "oneil"), any other punctuation separates words, whitespace collapses.
 */
export function foldWords(text: string): string[] {
  return foldText(text)
    .replace(/&/g, ' and ')
    .replace(/[.'’`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '');
}
