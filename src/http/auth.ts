/**
 * Bearer API tokens with scopes. `ingest` sends leads, events and accounts; `read` reads them;
 * `admin` does everything. Missing or unknown token → 401; a token without the scope → 403.
 *
 * Known tokens are cached for 30 s, so a busy integration costs one lookup per half minute rather
 * than one per request (each database round trip costs more than the rest of a small request);
 * a revoked token stops working within that time.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { BatonError } from '../errors/baton-error.js';
import type { Database } from '../store/database.js';
import { findToken, type Scope, type TokenIdentity } from '../store/token-store.js';
import './principal.js';

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

export function actorOf(request: FastifyRequest): string {
  return request.principal?.actor ?? (request.token ? `token:${request.token.name}` : 'anonymous');
}
