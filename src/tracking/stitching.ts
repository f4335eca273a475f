/**
 * Identity stitching: once a visitor is known to be a lead, their anonymous activity goes onto
 * the lead through the normal intake (`recordEvents`), with the times it happened, so engagement
 * decays as if Baton had known the person all along. Each row is sent with the event id
 * `visit:<row id>`, so a retry, a second process or the sweeper never records it twice.
 */
import type { Logger } from 'pino';
import type { IntakeDeps } from '../intake/context.js';
import { recordEvents } from '../intake/record-events.js';
import { MAX_EVENTS_PER_BATCH } from '../intake/requests.js';
import { inTransaction } from '../store/transaction.js';
import { markStitched, unstitchedActivity } from './activity-store.js';
import { linkVisitor } from './visitor-store.js';

export interface Stitcher {
  /** Links the visitor to the lead (merging the lead's visitors), then stitches; returns the visitor id to keep. */
  identify(visitorId: string, site: string, leadId: string): Promise<string>;
  /** Records the lead's unstitched activity on it; resolves when done. */
  stitch(leadId: string): Promise<number>;
}

export function createStitcher(deps: IntakeDeps, logger: Logger | false): Stitcher {
  // One stitch per lead at a time in this process; a request that arrives during one runs after it.
  const running = new Map<string, Promise<number>>();

  const stitchNow = async (leadId: string): Promise<number> => {
    let total = 0;
    for (;;) {
      const rows = await unstitchedActivity(deps.db, leadId, MAX_EVENTS_PER_BATCH);
      if (rows.length === 0) return total;
      const result = await recordEvents(
        deps,
        rows.map((r) => ({
          lead_id: leadId,
          event_id: `visit:${r.id}`,
          type: r.type,
          occurred_at: r.occurred_at.toISOString(),
          ...(r.url ? { url: r.url } : {}),
          ...(r.title ? { title: r.title } : {}),
          ...(r.properties ? { properties: r.properties } : {}),
        })),
        `tracking:${rows[0]!.site}`,
      );
      if (result.rejected > 0 && logger) {
        logger.warn({ leadId, rejected: result.results.filter((r) => r.status === 'rejected') }, 'some visitor activity could not be stitched onto its lead');
      }
      // Rejected rows are marked too: retrying them would fail the same way forever.
      await markStitched(deps.db, rows.map((r) => r.id), leadId, deps.clock.now());
      total += result.accepted;
      if (rows.length < MAX_EVENTS_PER_BATCH) return total;
    }
  };

  const stitch = (leadId: string): Promise<number> => {
    const previous = running.get(leadId) ?? Promise.resolve(0);
    const next = previous.catch(() => 0).then(() => stitchNow(leadId));
    running.set(leadId, next);
    const forget = () => {
      if (running.get(leadId) === next) running.delete(leadId);
    };
    next.then(forget, forget);
    return next;
  };

  return {
    stitch,
    identify: async (visitorId, site, leadId) => {
      const keep = await inTransaction(deps.db, (tx) => linkVisitor(tx, visitorId, site, leadId, deps.clock.now()));
      await stitch(leadId);
      return keep;
    },
  };
}
