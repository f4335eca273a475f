/** What the postgres project's globalSetup hands to test files through vitest's provide/inject. */
export interface BatonPostgresContext {
  /** Superuser URL of the shared server's `postgres` database. */
  adminUrl: string;
  /** The migrated database every test database is copied from. */
  template: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    batonPostgres: BatonPostgresContext;
  }
}
