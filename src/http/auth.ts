/**
 * Bearer API tokens with scopes. `ingest` sends leads, events and accounts; `read` reads them;
 * `admin` does everything. Missing or unknown token → 401; a token without the scope → 403.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { BatonError } from '../errors/baton-error.js';
import type { Database } from '../store/database.js';
import { findToken, type Scope, type TokenIdentity } from '../store/token-store.js';

declare module 'fastify' {
  interface FastifyRequest {
    token?: TokenIdentity;
  }
}

export function requireScope(db: Kysely<Database>, scope: Scope) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) {
      throw new BatonError('unauthenticated', 'Send an API token in the header "Authorization: Bearer <token>". The start-up log prints one in demo mode.');
    }
    const token = await findToken(db, match[1]!);
    if (!token) throw new BatonError('unauthenticated', 'This API token is not valid (unknown or revoked). Ask an admin for a new one.');
    if (!token.scopes.includes(scope) && !token.scopes.includes('admin')) {
      throw new BatonError('forbidden', `This token (${token.name}) has the scopes [${token.scopes.join(', ')}]; this call needs "${scope}".`);
    }
    request.token = token;
  };
}

export function actorOf(request: FastifyRequest): string {
  return request.token ? `token:${request.token.name}` : 'anonymous';
}
