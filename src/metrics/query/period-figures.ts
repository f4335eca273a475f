/**
 * Everything a period's figures are made of, read in one snapshot (a repeatable-read
 * transaction), so the histograms that locate each percentile and the rows that give its value
 * agree: counters and histograms from the rollups, then the percentile values from the rows.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/database.js';
import type { Dimension } from '../definitions.js';
import type { Period } from '../period.js';
import { TOTAL, type Counters } from '../rollup/contributions.js';
import { periodCells } from '../rollup/period-cells.js';
import { quantiles } from '../rollup/quantiles.js';
import { emptyCounters, readCounters, readHistograms } from '../rollup/read.js';
import { clockAggregate, type ClockAggregate } from './clock-aggregates.js';
import { handoffAggregate, handoffQuantiles, hasHandoffs, type HandoffAggregate } from './handoff-aggregates.js';

export interface PeriodFigures {
  /** The total (key null) first, then each breakdown key with hand-offs in the period. */
  handoffs: HandoffAggregate[];
  clocks: ClockAggregate[];
  /** Totals per UTC day (YYYY-MM-DD), for the weekly trend. */
  days: Map<string, Counters>;
}

export async function periodFigures(db: Kysely<Database>, period: Period, now: Date, by?: Dimension): Promise<PeriodFigures> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const cells = periodCells(period);
      const dims = by ? [by] : [];
      const [counters, histograms] = await Promise.all([readCounters(tx, period, now, dims, cells), readHistograms(tx, period, dims, cells)]);
      const keyed = counters.keyed;
      const handoffKeys = by ? keyed.keys(by).filter((k) => hasHandoffs(keyed.get(by, k)!)) : [];
      const percentiles = await quantiles(tx, period, histograms, handoffQuantiles(by, handoffKeys));
      const total = keyed.get(TOTAL, '') ?? emptyCounters();
      const pending = (dim: string, key: string) => counters.notYetDue.get(dim, key)?.n ?? 0;
      const clockLevel = (level: ClockAggregate['level'], dim: string) =>
        keyed
          .keys(dim)
          .filter((k) => keyed.get(dim, k)!.clocks_started > 0)
          .map((k) => clockAggregate(level, k, keyed.get(dim, k)!, pending(dim, k)));
      return {
        handoffs: [handoffAggregate(null, TOTAL, total, percentiles), ...(by ? handoffKeys.map((k) => handoffAggregate(k, by, keyed.get(by, k)!, percentiles)) : [])],
        clocks: [clockAggregate('total', null, total, pending(TOTAL, '')), ...clockLevel('clock', 'clock'), ...(by ? clockLevel('key', by) : [])],
        days: counters.days,
      };
    });
}
