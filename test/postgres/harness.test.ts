import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, testDatabase } from '../support/test-database.js';

async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

function postgresUrl(db: TestDatabase): string {
  if (db.kind !== 'postgres') throw new Error(`expected a postgres test database, got ${db.kind}`);
  return db.url;
}

describe('the postgres test harness', () => {
  let db: TestDatabase;
  const extra: TestDatabase[] = [];

  beforeAll(async () => {
    db = await testDatabase();
  });
  afterEach(async () => {
    await Promise.all(extra.splice(0).map((other) => other.cleanup()));
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it('gives a test file its own database that keeps what it writes', async () => {
    const url = postgresUrl(db);
    await query(url, 'CREATE TABLE lead (id int PRIMARY KEY, email text NOT NULL)');
    await query(url, 'INSERT INTO lead VALUES ($1, $2), ($3, $4)', [1, 'ada@example.com', 2, 'grace@example.com']);

    const rows = await query<{ id: number; email: string }>(url, 'SELECT id, email FROM lead ORDER BY id');

    expect(rows).toEqual([
      { id: 1, email: 'ada@example.com' },
      { id: 2, email: 'grace@example.com' },
    ]);
  });

  it('keeps databases copied from the template apart', async () => {
    const a = await testDatabase();
    const b = await testDatabase();
    extra.push(a, b);
    expect(postgresUrl(a)).not.toBe(postgresUrl(b));

    await query(postgresUrl(a), 'CREATE TABLE note (body text)');
    await query(postgresUrl(a), "INSERT INTO note VALUES ('only in a')");

    const [inA] = await query<{ n: number }>(postgresUrl(a), 'SELECT count(*)::int AS n FROM note');
    const [inB] = await query<{ exists: boolean }>(postgresUrl(b), "SELECT to_regclass('note') IS NOT NULL AS exists");
    expect(inA?.n).toBe(1);
    expect(inB?.exists).toBe(false);
  });

  it('gives copies of the template the same tables', async () => {
    const a = await testDatabase();
    const b = await testDatabase();
    extra.push(a, b);
    const tables = "SELECT table_schema || '.' || table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1";

    expect(await query(postgresUrl(a), tables)).toEqual(await query(postgresUrl(b), tables));
  });

  it('runs in UTC, like the embedded database', async () => {
    const [row] = await query<{ tz: string }>(postgresUrl(db), "SELECT current_setting('TimeZone') AS tz");

    expect(row?.tz).toBe('UTC');
  });

  it('drops the database on cleanup', async () => {
    const gone = await testDatabase();
    const url = postgresUrl(gone);
    await query(url, 'SELECT 1');

    await gone.cleanup();

    await expect(query(url, 'SELECT 1')).rejects.toMatchObject({ code: '3D000' }); // invalid_catalog_name
  });
});
