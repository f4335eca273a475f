/**
 * Table types for Kysely. Rows are the storage shape; the domain never sees them (see the mappers
 * in each store). JSON columns are typed by what Baton writes into them.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { HandoffTables } from '../handoff/tables.js';
import type { MetricsTables } from '../metrics/tables.js';
import type { NotifyTables } from '../notify/tables.js';
import type { TrackingTables } from '../tracking/tables.js';
import type { WebTables } from '../web/tables.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb: written as a JSON string (so arrays are not mistaken for PostgreSQL arrays), read parsed. */
type Json<T> = ColumnType<T, string, string>;

export interface PolicyVersionTable {
  version: Generated<number>;
  hash: string;
  file: string;
  source: string;
  published_at: Timestamp;
}

export interface AccountTable {
  id: string;
  external_id: string | null;
  name: string;
  normalized_name: string;
  domain: string | null;
  owner: string | null;
  is_customer: boolean;
  segment: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LeadTable {
  id: string;
  email: string;
  profile: Json<unknown>;
  facts: Json<unknown>;
  stage: string;
  priority: string;
  fit_score: number;
  engagement_score: number;
  total_score: number;
  score: Json<unknown>;
  engagement: Json<unknown>;
  activity_summary: Json<unknown>;
  owner: string | null;
  queue: string | null;
  account_id: string | null;
  account_match: Json<unknown>;
  assignment: Json<unknown>;
  brief: Json<unknown>;
  source: string | null;
  policy_version: number;
  event_seq: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  qualified_at: Timestamp | null;
  assigned_at: Timestamp | null;
}

export interface LeadEventTable {
  id: Generated<number>;
  lead_id: string;
  seq: number;
  type: string;
  occurred_at: Timestamp;
  recorded_at: Timestamp;
  actor: string;
  policy_version: number;
  client_event_id: string | null;
  data: Json<unknown>;
  /** The writing transaction (xid8, as text): commit order for readers of the log. */
  tx: Generated<string>;
}

export interface EventCursorTable {
  name: string;
  tx: Generated<string>;
  last_id: Generated<string>;
  updated_at: Timestamp;
}

export interface RoutingPoolTable {
  pool: string;
  members: Json<unknown>;
  /** Changes with every update (007-routing-versions). */
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface RepTable {
  id: string;
  open_leads: Generated<number>;
  assigned_today: Generated<number>;
  day: string | null;
  away: Generated<boolean>;
  /** Changes with every update (007-routing-versions). */
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface ApiTokenTable {
  id: string;
  name: string;
  token_hash: string;
  scopes: Json<string[]>;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response: Json<unknown> | null;
  created_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  lead_id: string | null;
  kind: string;
  payload: Json<unknown>;
  status: string;
  attempts: number;
  available_at: Timestamp;
  created_at: Timestamp;
}

/** Every table: the foundation's here, each capability's in its own folder's tables.ts. */
export interface Database extends HandoffTables, NotifyTables, MetricsTables, TrackingTables, WebTables {
  policy_versions: PolicyVersionTable;
  accounts: AccountTable;
  leads: LeadTable;
  lead_events: LeadEventTable;
  event_cursors: EventCursorTable;
  routing_pools: RoutingPoolTable;
  reps: RepTable;
  api_tokens: ApiTokenTable;
  idempotency_keys: IdempotencyKeyTable;
  outbox: OutboxTable;
}

export type LeadRow = Selectable<LeadTable>;
export type NewLeadRow = Insertable<LeadTable>;
export type LeadRowUpdate = Updateable<LeadTable>;
export type AccountRow = Selectable<AccountTable>;

/** Serialize a value for a jsonb column. */
export function json<T>(value: T): string {
  return JSON.stringify(value ?? null);
}
