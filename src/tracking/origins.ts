/**
 * Which web origins may send with a site's public key. A pattern is an exact origin, or one with
 * `*` standing for one host label (`https://*.example.com`) or any port (`http://localhost:*`).
 * Origins compare in lower case; a browser always sends them that way.
 */
export type OriginMatcher = (origin: string) => boolean;

export function originMatcher(patterns: readonly string[]): OriginMatcher {
  const exact = new Set<string>();
  const wild: RegExp[] = [];
  for (const pattern of patterns) {
    const lower = pattern.toLowerCase();
    if (!lower.includes('*')) {
      exact.add(lower);
      continue;
    }
    const [scheme, rest] = lower.split('://') as [string, string];
    const colon = rest.lastIndexOf(':');
    const host = colon < 0 ? rest : rest.slice(0, colon);
    const port = colon < 0 ? undefined : rest.slice(colon + 1);
    const hostRe = host
      .split('.')
      .map((label) => (label === '*' ? '[a-z0-9-]+' : label.replaceAll('-', '\\-')))
      .join('\\.');
    const portRe = port === undefined ? '' : port === '*' ? ':\\d{1,5}' : `:${port}`;
    wild.push(new RegExp(`^${scheme}://${hostRe}${portRe}$`));
  }
  return (origin) => {
    const lower = origin.toLowerCase();
    if (exact.has(lower)) return true;
    for (const re of wild) if (re.test(lower)) return true;
    return false;
  };
}
