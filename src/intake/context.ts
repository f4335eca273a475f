/** What the intake services need: the database, the running policy, the clock and id source. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Policy } from '../policy/schema.js';
import type { Database } from '../store/database.js';
import type { LeadCache } from '../store/lead-cache.js';
import type { RoutingCache } from '../store/routing-cache.js';
import type { DecisionHook } from './hooks.js';
import type { Signals } from './signals.js';
import type { GroupedLead, SubmitResult } from './submit-lead.js';

export interface RunningPolicy {
  policy: Policy;
  version: number;
  hash: string;
  file: string;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface IntakeDeps {
  db: Kysely<Database>;
  /** The policy in force right now (a function, so a reload takes effect on the next input). */
  policy: () => RunningPolicy;
  clock: Clock;
  newId?: () => string;
  /** Wake-ups for this process's workers after a commit (absent in tools that run no workers). */
  signals?: Signals;
  /** Work other capabilities do in the decision's transaction (see hooks.ts). */
  decisionHooks?: readonly DecisionHook[];
  /** This process's copy of the routing rows (Default: one per database handle, routingCacheFor). */
  routing?: RoutingCache;
  /** This process's copy of the leads activity batches wrote (absent: every batch reads its leads in full). */
  leads?: LeadCache;
  /** Gathers leads sent in at once into shared transactions (absent: each lead commits alone). */
  leadGroups?: { submit(item: GroupedLead): Promise<SubmitResult> };
}

export function idSource(deps: IntakeDeps): () => string {
  return deps.newId ?? randomUUID;
}
