/**
 * All settings, read once at start from the environment (and CLI flags) and validated with one
 * schema; a bad value stops Baton with a message naming the setting.
 */
import { z } from 'zod';
import type { DatabaseConfig } from './store/connect.js';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port (Default: 3000)'),
  HOST: z.string().default('0.0.0.0').describe('Interface to listen on (Default: 0.0.0.0)'),
  DATABASE_URL: z.string().url().optional().describe('postgres://… to use a PostgreSQL server (Default: embedded PGlite)'),
  BATON_DATA_DIR: z.string().default('./.baton/data').describe('Embedded database folder (Default: ./.baton/data)'),
  BATON_POLICY: z.string().optional().describe('Policy file (Default: ./baton.policy.yaml, else examples/baton.policy.yaml)'),
  BATON_ADMIN_TOKEN: z.string().min(16, 'at least 16 characters').optional().describe('Seeds an admin API token at start'),
  BATON_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20).describe('PostgreSQL connections per process (Default: 20)'),
  BATON_ROUTING_LOCK_SECONDS: z.coerce
    .number()
    .min(0)
    .max(86_400)
    .optional()
    .describe('After another process changed the routing rows, route with locking reads for this long (Default: 10; 0: never)'),
  BATON_LEAD_CACHE_SIZE: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .optional()
    .describe('Leads each process keeps a copy of for activity batches, ~7 KB each (Default: 5000; 0: none)'),
  BATON_INTAKE_LANES: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .optional()
    .describe('Lead transactions each process runs at once; leads sent meanwhile share the next one (Default: 2 on PostgreSQL, 1 embedded)'),
  BATON_PUBLIC_URL: z.string().url().optional().describe('URL people reach Baton at (Default: http://localhost:PORT)'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface BatonConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  policyFile?: string;
  adminToken?: string;
  publicUrl: string;
  logLevel: string;
  /** After a routing conflict, read routing rows with a lock for this long (Default: routing-cache.ts's DEFAULT_LOCKING_MS). */
  routingLockMs?: number;
  /** How many leads the activity intake keeps a copy of (Default: lead-cache.ts's DEFAULT_LEAD_CACHE_SIZE). */
  leadCacheSize?: number;
  /** Lead transactions at once (Default: 2 on PostgreSQL, 1 on the embedded database, which runs one statement at a time). */
  intakeLanes?: number;
}

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): BatonConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Baton cannot start: fix these settings:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.BATON_DB_POOL_SIZE } : { kind: 'pglite', dataDir: e.BATON_DATA_DIR },
    ...(e.BATON_POLICY ? { policyFile: e.BATON_POLICY } : {}),
    ...(e.BATON_ADMIN_TOKEN ? { adminToken: e.BATON_ADMIN_TOKEN } : {}),
    publicUrl: e.BATON_PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    logLevel: e.LOG_LEVEL,
    ...(e.BATON_ROUTING_LOCK_SECONDS !== undefined ? { routingLockMs: e.BATON_ROUTING_LOCK_SECONDS * 1000 } : {}),
    ...(e.BATON_LEAD_CACHE_SIZE !== undefined ? { leadCacheSize: e.BATON_LEAD_CACHE_SIZE } : {}),
    ...(e.BATON_INTAKE_LANES !== undefined ? { intakeLanes: e.BATON_INTAKE_LANES } : {}),
  };
}
