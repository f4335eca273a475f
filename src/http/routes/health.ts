/** Liveness and the running policy: for load balancers and for a person checking what runs. */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { IntakeDeps } from '../../intake/context.js';
import { routingOverview } from '../../store/routing-store.js';
import type { ScopeGuard } from '../auth.js';

export function healthRoutes(app: FastifyInstance, deps: IntakeDeps, requireScope: ScopeGuard, database: string): void {
  app.get('/api/v1/health', async () => {
    await sql`select 1`.execute(deps.db);
    const running = deps.policy();
    return { status: 'ok', database, policy: { version: running.version, hash: running.hash, file: running.file } };
  });

  app.get('/api/v1/routing', { preHandler: requireScope('read') }, async () => routingOverview(deps.db));
}
