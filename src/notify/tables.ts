/** The tables this capability adds (migration src/store/migrations/ names them), as Kysely types. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NotifyTables {}
