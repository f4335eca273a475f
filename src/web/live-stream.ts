/**
 * GET /api/v1/stream: server-sent events telling each open page which of *its* leads changed, so
 * inboxes and desks update without reloading. One listener per process hears the intake's
 * `leads` signal, looks the owners up once, and sends each connection only the ids its principal
 * may see (`event: leads`, `data: {"ids":[…]}`); pages then fetch what they show.
 *
 * Signals are in-process: with several server processes a page hears the changes made through
 * its own process at once and the others at its next periodic refresh.
 */
import type { FastifyInstance } from 'fastify';
import type { ScopeGuard } from '../http/auth.js';
import type { Principal } from '../http/principal.js';
import type { IntakeDeps } from '../intake/context.js';
import { canSeeOwner, visibleOwners } from './visibility.js';

interface Subscriber {
  principal: Principal;
  send(ids: string[]): void;
  end(): void;
}

/** Comment lines keep proxies from closing an idle stream (Default: every 25 s). */
const KEEPALIVE_MS = 25_000;

export function liveStream(app: FastifyInstance, deps: IntakeDeps, requireScope: ScopeGuard): void {
  const subscribers = new Set<Subscriber>();

  const onLeads = (ids: string[]) => {
    if (subscribers.size === 0 || ids.length === 0) return;
    void deps.db
      .selectFrom('leads')
      .select(['id', 'owner'])
      .where('id', 'in', ids)
      .execute()
      .then((rows) => {
        const policy = deps.policy().policy;
        for (const sub of subscribers) {
          const visible = visibleOwners(sub.principal, policy);
          const mine = rows.filter((r) => canSeeOwner(visible, r.owner)).map((r) => r.id);
          if (mine.length) sub.send(mine);
        }
      })
      .catch((error: unknown) => app.log.warn({ err: error }, 'live stream: could not look up changed leads'));
  };
  deps.signals?.on('leads', onLeads);

  // Open streams would keep the server from closing: end them first.
  app.addHook('preClose', async () => {
    deps.signals?.off('leads', onLeads);
    for (const sub of subscribers) sub.end();
    subscribers.clear();
  });

  app.get('/api/v1/stream', { preHandler: requireScope('read') }, (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n\n: connected\n\n');
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    const sub: Subscriber = {
      principal: request.principal!,
      send: (ids) => res.write(`event: leads\ndata: ${JSON.stringify({ ids })}\n\n`),
      end: () => {
        clearInterval(keepalive);
        res.end();
      },
    };
    subscribers.add(sub);
    request.raw.on('close', () => {
      clearInterval(keepalive);
      subscribers.delete(sub);
    });
  });
}
