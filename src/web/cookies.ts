/**
 * The session cookie, read and written by hand rather than through @fastify/cookie: the plugin's
 * parse/serialize work only after it is registered (it loads its parser lazily), and a second
 * registration by another capability would clash over the same decorators. Baton needs one
 * cookie whose value is base64url, so both directions are a few lines.
 */
export interface CookieOptions {
  expires: Date;
  secure: boolean;
}

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${value}`, 'Path=/', `Expires=${options.expires.toUTCString()}`, 'HttpOnly', 'SameSite=Lax'];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** The value of the cookie `name` in a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}
