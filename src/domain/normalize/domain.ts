import { domainToASCII } from 'node:url';
import { parse } from 'tldts';

/**
 * The registrable domain ("acme.co.uk") of a URL ("https://www.Acme.co.uk/about"), a host
 * ("www.acme.co.uk", "acme.co.uk:8443") or an e-mail address ("ana@mail.acme.co.uk").
 * Internationalized domains come back in punycode ("münchen.de" → "xn--mnchen-3ya.de"), the
 * form e-mail addresses are stored in, so the two compare equal. Undefined for IP addresses,
 * localhost, bare public suffixes ("co.uk") and anything that is not a domain.
 */
export function registrableDomain(input: string): string | undefined {
  const host = asciiHost(input);
  if (host === undefined) return undefined;
  const parsed = parse(host);
  if (parsed.isIp || parsed.domain === null) return undefined;
  return parsed.domain;
}

/**
 * The lower-case, punycode host named by a URL, host or e-mail address; undefined when
 * there is none. Also used for policy lists, which people write as "@acme.com" or ".edu".
 */
export function asciiHost(input: string): string | undefined {
  let text = input.trim().toLowerCase();
  if (text.startsWith('mailto:')) text = text.slice('mailto:'.length);
  const at = text.lastIndexOf('@');
  if (at >= 0) text = text.slice(at + 1);
  text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, ''); // scheme
  text = text.replace(/^[^/?#]*@/, ''); // user:password@
  text = text.split(/[/?#]/, 1)[0] ?? '';
  text = text.replace(/:\d*$/, '').replace(/^\*?\.+|\.+$/g, ''); // port, "*." / "." / trailing dot
  if (text === '' || /[\s\\<>"]/u.test(text)) return undefined;
  const ascii = domainToASCII(text);
  return ascii === '' ? undefined : ascii;
}
