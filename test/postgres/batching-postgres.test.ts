/**
 * The batching PostgreSQL dialect (src/store/batching-postgres.ts) keeps the meaning of running
 * statements one after another while it sends them together: what commits, what rolls back, which
 * error a caller sees, and prepared statements across failures.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/store/connect.js';
import { defer, inTransaction, query } from '../../src/store/transaction.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';

describe('the batching PostgreSQL connection', () => {
  let test: TestDatabase;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    test = await testDatabase();
    if (test.kind !== 'postgres') throw new Error('needs PostgreSQL');
    handle = await openDatabase({ kind: 'postgres', url: test.url, poolSize: 2 }, { migrate: false });
    await sql`create table batch_note (id int primary key, body text not null)`.execute(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
    await test?.cleanup();
  });

  const notes = async () => (await sql<{ id: number; body: string }>`select id, body from batch_note order by id`.execute(handle.db)).rows;
  const insert = (id: number, body: string) => ({ name: 'test_insert_note', sql: 'insert into batch_note (id, body) values ($1, $2)', parameters: [id, body] });

  it('answers statements sent together each with its own rows, and commits deferred writes', async () => {
    const [one, two] = await inTransaction(handle.db, async (tx) => {
      await defer(tx, insert(1, 'first'));
      return Promise.all([
        query<{ n: number }>(tx, { sql: 'select count(*)::int as n from batch_note', parameters: [] }),
        query<{ x: string }>(tx, { sql: 'select $1::text as x', parameters: ['two'] }),
      ]);
    });
    expect(one).toEqual([{ n: 1 }]); // the deferred insert went first, in the same transaction
    expect(two).toEqual([{ x: 'two' }]);
    expect(await notes()).toEqual([{ id: 1, body: 'first' }]);
  });

  it('rolls back everything when a deferred write fails at commit, and reports its error', async () => {
    const failed = inTransaction(
      handle.db,
      async (tx) => {
        await query(tx, insert(2, 'kept only if all commit'));
        await defer(tx, insert(1, 'duplicate key'));
      },
      { attempts: 1 },
    );
    await expect(failed).rejects.toMatchObject({ code: '23505' });
    expect(await notes()).toEqual([{ id: 1, body: 'first' }]);
  });

  it('fails the statements after a failing one with its error, so a retry sees the real cause', async () => {
    let attempts = 0;
    const result = await inTransaction(handle.db, async (tx) => {
      attempts++;
      await defer(tx, insert(attempts === 1 ? 1 : 3, 'third'));
      const [rows] = await Promise.all([query<{ n: number }>(tx, { sql: 'select count(*)::int as n from batch_note', parameters: [] })]);
      return rows;
    });
    expect(attempts).toBe(2); // 23505 on the first attempt is retried
    expect(result).toEqual([{ n: 2 }]);
    expect(await notes()).toEqual([
      { id: 1, body: 'first' },
      { id: 3, body: 'third' },
    ]);
  });

  it('keeps using a prepared statement after a batch that prepared it failed', async () => {
    for (const id of [1, 4]) {
      await inTransaction(handle.db, (tx) => query(tx, { ...insert(id, 'again'), name: 'test_insert_after_failure' }), { attempts: 1 }).catch(() => undefined);
    }
    expect((await notes()).map((n) => n.id)).toEqual([1, 3, 4]);
  });

  it('sends nothing for a transaction that ran no statement, and keeps Kysely queries working', async () => {
    await expect(inTransaction(handle.db, async () => 'nothing')).resolves.toBe('nothing');
    const rows = await handle.db.transaction().execute((tx) => tx.selectFrom('batch_note' as never).select(sql<number>`count(*)::int`.as('n')).execute());
    expect(rows).toEqual([{ n: 3 }]);
  });
});
