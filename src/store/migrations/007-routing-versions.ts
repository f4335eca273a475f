import { sql, type Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Versions on the routing rows, so the intake can decide from a cached copy and lock the rows only
 * at commit (src/store/routing-cache.ts):
 * - `version` on `routing_pools` and `reps`: a writer that sets it chooses the new value (the
 *   intake picks a random one, so a version is never seen twice); any other update gets the next
 *   value of `routing_versions` from the trigger. A manager's caps (`rep_overrides`) count as a
 *   change of their rep.
 * - `baton_check_routing(...)`: locks the given rows in the global order (pools by name, then reps
 *   by id) and fails with SQLSTATE 40001 (retried by inTransaction) when one moved on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    create sequence routing_versions;
    alter table routing_pools add column version bigint not null default 0;
    alter table reps add column version bigint not null default 0;
  `);
  await sql`create function baton_routing_version() returns trigger language plpgsql as $$
    begin
      if new.version = old.version then new.version := nextval('routing_versions'); end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger routing_pools_version before update on routing_pools for each row execute function baton_routing_version()`.execute(db);
  await sql`create trigger reps_version before update on reps for each row execute function baton_routing_version()`.execute(db);
  await sql`create function baton_rep_overrides_changed() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        update reps set updated_at = now() where id = old.rep;
      else
        update reps set updated_at = now() where id = new.rep;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger rep_overrides_changed after insert or update or delete on rep_overrides
    for each row execute function baton_rep_overrides_changed()`.execute(db);
  await sql`create function baton_check_routing(pool_names text[], pool_versions bigint[], rep_ids text[], rep_versions bigint[])
    returns boolean language plpgsql as $$
    declare
      matched integer;
    begin
      select count(*) into matched
        from (select pool, version from routing_pools where pool = any(pool_names) order by pool for update) p
        join unnest(pool_names, pool_versions) as e(pool, version) on e.pool = p.pool and e.version = p.version;
      if matched <> coalesce(cardinality(pool_names), 0) then
        raise exception 'routing state changed since it was read' using errcode = '40001', hint = 'baton_routing_changed';
      end if;
      select count(*) into matched
        from (select id, version from reps where id = any(rep_ids) order by id for update) r
        join unnest(rep_ids, rep_versions) as e(id, version) on e.id = r.id and e.version = r.version;
      if matched <> coalesce(cardinality(rep_ids), 0) then
        raise exception 'routing state changed since it was read' using errcode = '40001', hint = 'baton_routing_changed';
      end if;
      return true;
    end $$`.execute(db);
}
