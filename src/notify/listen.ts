/**
 * PostgreSQL LISTEN on the outbox trigger's channel, so a dispatcher hears rows other processes
 * commit at once rather than at its next poll. One dedicated connection per process; it
 * reconnects after a failure (the poll covers the gap). The embedded database is one process,
 * where the in-process signal already does this.
 */
import pg from 'pg';
import type { Logger } from 'pino';

export const OUTBOX_CHANNEL = 'baton_outbox';

export function listenForOutbox(url: string, onNotify: () => void, logger: Logger | false): { close(): Promise<void> } {
  let closed = false;
  let client: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    if (closed) return;
    const next = new pg.Client({ connectionString: url });
    next.on('notification', () => onNotify());
    next.on('error', (error) => {
      if (logger) logger.warn({ err: error }, 'outbox LISTEN connection lost; reconnecting');
      void next.end().catch(() => undefined);
      if (client === next) client = undefined;
      schedule();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (closed) {
        await next.end();
        return;
      }
      client = next;
      onNotify(); // rows may have landed while we were not listening
    } catch (error) {
      if (logger) logger.warn({ err: error }, 'could not LISTEN for outbox rows; polling until it works');
      await next.end().catch(() => undefined);
      schedule();
    }
  };
  const schedule = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, 1_000);
  };
  void connect();

  return {
    close: async () => {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      await client?.end().catch(() => undefined);
    },
  };
}
