import { sql, type Kysely } from 'kysely';

/**
 * `baton_check_routing` knows the order of the process's own decisions (routing-cache.ts).
 *
 * A process decides lead B after lead A from its copy of the routing rows, so B's check expects
 * what A writes. Their transactions travel on different connections, and under load B's can reach
 * the server first: the row is still at the version A read, or (a row A only read) already at the
 * version B wrote when A's check runs. The first version of the check failed both, although
 * nothing was wrong: at 200 leads/s into two pools 1,846 of 2,000 leads failed it once.
 *
 * Now the caller names, per row, the versions its own uncommitted predecessors read (-1: the row
 * did not exist yet), and the epoch (a version's bits above the lowest 22). While a row is at one
 * of those versions the check waits, without locking, for up to 100 ms. Then it locks the rows in
 * the global order (pools by name, then reps by id) and accepts each at the version read, or, for
 * a row the decision only read (its epoch given, 0 for a row it writes), at a version of the same
 * epoch: a later decision of this process, made with this one in view. Any other version is
 * someone else's change: SQLSTATE 40001, hint baton_routing_changed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop function baton_check_routing(text[], bigint[], text[], bigint[])`.execute(db);
  await sql`create function baton_check_routing(
      pool_names text[], pool_versions bigint[], rep_ids text[], rep_versions bigint[],
      pool_epochs bigint[], rep_epochs bigint[],
      wait_pools text[], wait_pool_versions bigint[], wait_reps text[], wait_rep_versions bigint[])
    returns boolean language plpgsql as $$
    declare
      behind integer;
      matched integer;
      deadline timestamptz := clock_timestamp() + interval '100 milliseconds';
    begin
      if cardinality(wait_pools) + cardinality(wait_reps) > 0 then
        loop
          select count(*) into behind from (
            select 1 from unnest(wait_pools, wait_pool_versions) as w(pool, version)
              left join routing_pools p on p.pool = w.pool where coalesce(p.version, -1) = w.version
            union all
            select 1 from unnest(wait_reps, wait_rep_versions) as w(id, version)
              left join reps r on r.id = w.id where coalesce(r.version, -1) = w.version) rows_behind;
          exit when behind = 0;
          if clock_timestamp() > deadline then
            raise exception 'routing state changed since it was read (an earlier decision did not commit)' using errcode = '40001', hint = 'baton_routing_changed';
          end if;
          perform pg_sleep(0.001);
        end loop;
      end if;
      select count(*) into matched
        from (select pool, version from routing_pools where pool = any(pool_names) order by pool for update) p
        join unnest(pool_names, pool_versions, pool_epochs) as e(pool, version, epoch) on e.pool = p.pool and (e.version = p.version or (e.epoch > 0 and p.version >> 22 = e.epoch));
      if matched <> cardinality(pool_names) then
        raise exception 'routing state changed since it was read' using errcode = '40001', hint = 'baton_routing_changed';
      end if;
      select count(*) into matched
        from (select id, version from reps where id = any(rep_ids) order by id for update) r
        join unnest(rep_ids, rep_versions, rep_epochs) as e(id, version, epoch) on e.id = r.id and (e.version = r.version or (e.epoch > 0 and r.version >> 22 = e.epoch));
      if matched <> cardinality(rep_ids) then
        raise exception 'routing state changed since it was read' using errcode = '40001', hint = 'baton_routing_changed';
      end if;
      return true;
    end $$`.execute(db);
}
