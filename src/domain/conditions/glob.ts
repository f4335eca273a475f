/**
 * Globs as marketers write them for pages and sources: `/pricing*`, `*utm_campaign=spring*`,
 * `/docs/?`. `*` is any run of characters (including none and including "/"), `?` is exactly
 * one character, everything else is itself. Matching is case-insensitive and covers the whole
 * text, so "/pricing" does not match "/pricing/enterprise" but "/pricing*" does.
 * Used by the `like` operator and by engagement rules' `url` filter.
 */

/** Characters with a meaning in a regular expression; only these may be escaped under the `u` flag. */
const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/;

export function globToRegExp(glob: string): RegExp {
  let body = '';
  let previousWasStar = false;
  // for...of walks code points, so `?` stands for one emoji as well as one letter.
  for (const ch of glob) {
    if (ch === '*') {
      // Consecutive stars mean the same as one; collapsing them avoids needless backtracking.
      if (!previousWasStar) body += '.*';
      previousWasStar = true;
      continue;
    }
    previousWasStar = false;
    if (ch === '?') body += '.';
    else body += REGEX_SYNTAX.test(ch) ? `\\${ch}` : ch;
  }
  // `s` lets `*` and `?` cross line breaks; `u` keeps astral characters whole.
  return new RegExp(`^${body}$`, 'isu');
}
