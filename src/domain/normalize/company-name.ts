import { foldWords } from './fold.js';

/**
 * Legal-form suffixes, as words after folding ("S.A." → "sa", "S. A." → "s a"). "group" is
 * deliberately absent: "Acme Group" and "Acme" are often different companies.
 */
const LEGAL_SUFFIXES: readonly (readonly string[])[] = [
  'inc incorporated llc ltd limited corp corporation co company plc gmbh ag sa sas sarl',
  'bv nv oy oyj ab as asa aps srl spa pty kk lp llp ltda kg se sl',
  'l l c|l t d|p l c|s a|s a s|s a r l|b v|n v|s r l|s p a|k k|l p|l l p',
]
  .flatMap((line) => line.split(line.includes('|') ? '|' : ' '))
  .map((suffix) => suffix.split(' '));

/**
 * The form of a company name used to match it against accounts: lower case, accents
 * removed, "&" as "and", no punctuation, no leading "the" and no legal suffixes, so
 * "Acme, Inc.", "ACME Inc" and "The Acme Company" are all "acme", and "Müller GmbH & Co. KG"
 * is "muller". A name that is nothing but a suffix ("Company") is kept as it is.
 */
export function normalizeCompanyName(name: string): string {
  const words = foldWords(name);
  if (words[0] === 'the' && words.length > 1) words.shift();
  let stripped = true;
  while (stripped) {
    stripped = false;
    for (const suffix of LEGAL_SUFFIXES) {
      if (words.length > suffix.length && endsWith(words, suffix)) {
        words.splice(words.length - suffix.length);
        // "Acme & Co." leaves a dangling "and".
        if (words.length > 1 && words[words.length - 1] === 'and') words.pop();
        stripped = true;
      }
    }
  }
  return words.join(' ');
}

function endsWith(words: readonly string[], suffix: readonly string[]): boolean {
  const start = words.length - suffix.length;
  return suffix.every((word, index) => words[start + index] === word);
}
