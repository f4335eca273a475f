/** POST /api/v1/events: activity for known leads, each accepted or rejected on its own. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BatonError } from '../../errors/baton-error.js';
import type { IntakeDeps } from '../../intake/context.js';
import { recordEvents } from '../../intake/record-events.js';
import { MAX_EVENTS_PER_BATCH } from '../../intake/requests.js';
import { actorOf, type ScopeGuard } from '../auth.js';

const envelope = z.strictObject({ events: z.array(z.unknown()) });

export function eventRoutes(app: FastifyInstance, deps: IntakeDeps, requireScope: ScopeGuard): void {
  app.post('/api/v1/events', { preHandler: requireScope('ingest'), bodyLimit: 4 * 1024 * 1024 }, async (request, reply) => {
    const parsed = envelope.safeParse(request.body);
    if (!parsed.success) {
      throw new BatonError('invalid_request', 'Send {"events": [ ... ]} with up to 1,000 events, each with "type" and "email" or "lead_id".');
    }
    const events = parsed.data.events;
    if (events.length === 0) throw new BatonError('invalid_request', 'The batch is empty; send at least one event.');
    if (events.length > MAX_EVENTS_PER_BATCH) {
      throw new BatonError('payload_too_large', `A batch holds at most ${MAX_EVENTS_PER_BATCH} events; this one has ${events.length}. Split it and send the parts.`);
    }
    const result = await recordEvents(deps, events, actorOf(request));
    // 207-style: the batch call itself succeeded; each event says how it fared.
    return reply.status(result.accepted + result.duplicates > 0 ? 200 : 422).send(result);
  });
}
