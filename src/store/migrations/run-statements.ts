import { sql, type Kysely } from 'kysely';

/**
 * Runs DDL one statement at a time: the embedded database takes a single statement per query,
 * and a migration reads better as one block of SQL. Statements end with ";" at the end of a line.
 */
export async function runStatements(db: Kysely<unknown>, block: string): Promise<void> {
  const statements = block
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const statement of statements) await sql.raw(statement).execute(db);
}
