/** Accounts: companies Baton matches leads to, with their owner and whether they are customers. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountCandidate, AccountLookupKeys } from '../domain/accounts/match.js';
import type { AccountRow, Database } from './database.js';
import { iso } from './lead-store.js';
import { query, type Tx } from './transaction.js';

/** What an account is written from: a matching candidate before it has an id, plus the CRM's id. */
export type AccountInput = Omit<AccountCandidate, 'id'> & { external_id?: string };

export interface AccountView extends Omit<AccountInput, 'normalized_name'> {
  id: string;
  created_at: string;
  updated_at: string;
}

/** Accounts a lead is matched against at most (a domain or name shared by more is not a match worth ranking). */
const CANDIDATES_PER_LEAD = 50;

/**
 * Candidates for each of several leads (a group of submissions), fetched with the indexed keys
 * the matcher asks for: one statement for all of them, each lead then given the accounts its own
 * keys select (at most CANDIDATES_PER_LEAD). If the shared statement hits its limit, a key of one
 * lead may have crowded out another's, so each lead is asked for on its own.
 */
export async function accountCandidatesForEach(tx: Tx, keys: readonly AccountLookupKeys[]): Promise<AccountCandidate[][]> {
  const candidates = await candidatesFor(tx, keys.flatMap((k) => k.domains), keys.flatMap((k) => k.normalizedNames), CANDIDATES_PER_LEAD * keys.length);
  if (candidates.length === CANDIDATES_PER_LEAD * keys.length && keys.length > 1) {
    return Promise.all(keys.map((k) => candidatesFor(tx, k.domains, k.normalizedNames, CANDIDATES_PER_LEAD)));
  }
  return keys.map((k) =>
    candidates.filter((c) => (c.domain !== undefined && k.domains.includes(c.domain)) || k.normalizedNames.includes(c.normalized_name)).slice(0, CANDIDATES_PER_LEAD),
  );
}

async function candidatesFor(tx: Tx, domains: string[], names: string[], limit: number): Promise<AccountCandidate[]> {
  if (domains.length === 0 && names.length === 0) return [];
  const rows = await query<AccountRow>(tx, {
    name: 'baton_account_candidates',
    sql: 'select * from accounts where domain = any($1::text[]) or normalized_name = any($2::text[]) limit $3',
    parameters: [[...new Set(domains)], [...new Set(names)], limit],
  });
  return rows.map(toCandidate);
}

/** Creates or updates an account, matched by external id, else domain, else a new one. */
export async function upsertAccount(db: Kysely<Database>, input: AccountInput, now: Date): Promise<{ account: AccountView; created: boolean }> {
  const existing = await db
    .selectFrom('accounts')
    .selectAll()
    .where((eb) =>
      input.external_id
        ? eb('external_id', '=', input.external_id)
        : input.domain
          ? eb('domain', '=', input.domain)
          : eb('id', '=', '00000000-0000-0000-0000-000000000000'),
    )
    .forUpdate()
    .executeTakeFirst();
  const values = {
    external_id: input.external_id ?? null,
    name: input.name,
    normalized_name: input.normalized_name,
    domain: input.domain ?? null,
    owner: input.owner ?? null,
    is_customer: input.is_customer,
    segment: input.segment ?? null,
    updated_at: now,
  };
  if (existing) {
    const row = await db.updateTable('accounts').set(values).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow();
    return { account: accountView(row), created: false };
  }
  const row = await db
    .insertInto('accounts')
    .values({ id: randomUUID(), ...values, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { account: accountView(row), created: true };
}

export async function listAccounts(db: Kysely<Database>, limit: number, after?: string): Promise<AccountView[]> {
  let query = db.selectFrom('accounts').selectAll().orderBy('id').limit(limit);
  if (after) query = query.where('id', '>', after);
  return (await query.execute()).map(accountView);
}

function toCandidate(row: AccountRow): AccountCandidate {
  return {
    id: row.id,
    name: row.name,
    normalized_name: row.normalized_name,
    ...(row.domain ? { domain: row.domain } : {}),
    ...(row.owner ? { owner: row.owner } : {}),
    is_customer: row.is_customer,
    ...(row.segment ? { segment: row.segment } : {}),
  };
}

export function accountView(row: AccountRow): AccountView {
  return {
    id: row.id,
    ...(row.external_id ? { external_id: row.external_id } : {}),
    name: row.name,
    ...(row.domain ? { domain: row.domain } : {}),
    ...(row.owner ? { owner: row.owner } : {}),
    is_customer: row.is_customer,
    ...(row.segment ? { segment: row.segment } : {}),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}
