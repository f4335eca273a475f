/**
 * Bearer API tokens with scopes. `ingest` sends leads, events and accounts; `read` reads them;
 * `admin` does everything. Missing or unknown token → 401; a token without the scope → 403.
 *
 * Without an Authorization header, a web session cookie (src/web/sessions.ts) authenticates
 * instead, with the scopes of the user's role. A change (POST, PUT, PATCH, DELETE) made with a
 * session must carry the session's CSRF token in `x-csrf-token` (synchronizer token): another
 * site can make the browser send the cookie, but cannot read the token to send with it.
 *
 * Known tokens are cached for 30 s, so a busy integration costs one lookup per half minute rather
 * than one per request (each database round trip costs more than the rest of a small request);
 * a revoked token stops working within that time.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { BatonError } from '../errors/baton-error.js';
import type { Database } from '../store/database.js';
import { findToken, type Scope, type TokenIdentity } from '../store/token-store.js';
import { readCookie } from '../web/cookies.js';
import { resolveSession, SESSION_COOKIE, type ActiveSession } from '../web/sessions.js';
import type { Principal } from './principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    token?: TokenIdentity;
  }
}

export type ScopeGuard = (scope: Scope) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

const CACHE_MS = 30_000;
const CACHE_MAX = 1_000;

export function tokenAuth(db: Kysely<Database>): ScopeGuard {
  const cache = new Map<string, { identity: TokenIdentity; until: number }>();
  const identify = async (secret: string): Promise<TokenIdentity | undefined> => {
    const hit = cache.get(secret);
    if (hit && hit.until > Date.now()) return hit.identity;
    const identity = await findToken(db, secret);
    if (identity) {
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(secret, { identity, until: Date.now() + CACHE_MS });
    } else {
      cache.delete(secret);
    }
    return identity;
  };

  return (scope) => async (request) => {
    const header = request.headers.authorization;
    if (header === undefined) {
      const session = await sessionOf(db, request);
      if (session) return authorizeSession(request, session, scope);
    }
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) {
      throw new BatonError('unauthenticated', 'Send an API token in the header "Authorization: Bearer <token>". The start-up log prints one in demo mode.');
    }
    const token = await identify(match[1]!);
    if (!token) throw new BatonError('unauthenticated', 'This API token is not valid (unknown or revoked). Ask an admin for a new one.');
    if (!token.scopes.includes(scope) && !token.scopes.includes('admin')) {
      throw new BatonError('forbidden', `This token (${token.name}) has the scopes [${token.scopes.join(', ')}]; this call needs "${scope}".`);
    }
    request.token = token;
    request.principal = { actor: `token:${token.name}`, role: token.scopes.includes('admin') ? 'admin' : 'integration', scopes: token.scopes };
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The live web session whose cookie this request carries, or undefined. */
export async function sessionOf(db: Kysely<Database>, request: FastifyRequest): Promise<ActiveSession | undefined> {
  const token = readCookie(request.headers.cookie, SESSION_COOKIE);
  return token ? resolveSession(db, token) : undefined;
}

/** True when the request carries the session's CSRF token (compared in constant time). */
export function hasCsrfToken(request: FastifyRequest, session: ActiveSession): boolean {
  const sent = request.headers['x-csrf-token'];
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

function authorizeSession(request: FastifyRequest, session: ActiveSession, scope: Scope): void {
  const principal: Principal = session.principal;
  if (!principal.scopes.includes(scope) && !principal.scopes.includes('admin')) {
    throw new BatonError('forbidden', `Signed in as ${session.user.email} (${session.user.role}); this needs "${scope}" access, which a ${session.user.role} does not have.`);
  }
  if (!SAFE_METHODS.has(request.method) && !hasCsrfToken(request, session)) {
    throw new BatonError('forbidden', 'This change needs the header "x-csrf-token" with the token GET /api/v1/session returns (protection against cross-site requests). Reload the page and try again.');
  }
  request.principal = principal;
}

export function actorOf(request: FastifyRequest): string {
  return request.principal?.actor ?? (request.token ? `token:${request.token.name}` : 'anonymous');
}
