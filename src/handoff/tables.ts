/** The tables this capability adds (migration src/store/migrations/002-handoff.ts), as Kysely types. */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface SlaClockTable {
  id: Generated<number>;
  lead_id: string;
  clock: string;
  rep: string | null;
  /** open | breached (deadline passed) | met | cancelled */
  status: string;
  started_at: Timestamp;
  due_at: Timestamp;
  stopped_at: Timestamp | null;
  elapsed_ms: number | null;
  business_ms: number | null;
  duration: string;
  calendar: string;
  schedule: Json<unknown>;
  next_step: Generated<number>;
  next_at: Timestamp | null;
  policy_version: number;
}

export interface HandoffSecretTable {
  name: string;
  value: string;
  created_at: Timestamp;
}

export interface RepOverrideTable {
  rep: string;
  cap_open: number | null;
  cap_per_day: number | null;
  updated_at: Timestamp;
  updated_by: string;
}

export interface HandoffTables {
  sla_clocks: SlaClockTable;
  handoff_secrets: HandoffSecretTable;
  rep_overrides: RepOverrideTable;
}

export type SlaClockRow = Selectable<SlaClockTable>;
