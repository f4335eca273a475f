/**
 * The one place that wires Baton together: configuration in, a running application out.
 * Tests build it the same way, with a fake clock or a test database.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { BatonConfig } from './config.js';
import { buildServer } from './http/server.js';
import { Signals } from './intake/signals.js';
import type { ModuleContext, Worker } from './modules/module.js';
import { MODULES } from './modules/index.js';
import { systemClock, type Clock, type IntakeDeps, type RunningPolicy } from './intake/context.js';
import { loadPolicyFile } from './policy/load.js';
import { formatPolicyError } from './policy/parse.js';
import { openDatabase, type DatabaseHandle } from './store/connect.js';
import { publishPolicyVersion } from './store/policy-store.js';
import { ensureRoutingRows } from './store/routing-store.js';
import { RoutingCache } from './store/routing-cache.js';
import { LeadCache } from './store/lead-cache.js';
import { MAX_LEAD_GROUP, newLeadGroups } from './intake/submit-lead.js';
import { createToken } from './store/token-store.js';

export interface BatonApp {
  server: FastifyInstance;
  database: DatabaseHandle;
  deps: IntakeDeps;
  running: RunningPolicy;
  /** What the modules were given; tests use it to reach the same deps and settings. */
  moduleContext: ModuleContext;
  /** Starts the modules' workers when createApp was told not to (`workers: false`); once. */
  startWorkers(): Promise<void>;
  close(): Promise<void>;
}

export interface AppOptions {
  logger: Logger | false;
  clock?: Clock;
  /** Adds routes to the server before it starts (tests, demo pages). */
  extraRoutes?: (app: FastifyInstance, deps: IntakeDeps) => void;
  /** Starts the modules' background workers at once (Default: true); else call startWorkers(). */
  workers?: boolean;
  /** Under `baton serve --demo`: modules seed demo data of their own. */
  demo?: boolean;
  /** The environment modules read their settings from (Default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export class StartupError extends Error {}

/** ./baton.policy.yaml if there is one, else the commented example shipped with Baton. */
export function resolvePolicyFile(configured: string | undefined): string {
  if (configured) return path.resolve(configured);
  const local = path.resolve('baton.policy.yaml');
  if (existsSync(local)) return local;
  return path.resolve(import.meta.dirname, '../examples/baton.policy.yaml');
}

export async function loadRunningPolicy(file: string): Promise<Omit<RunningPolicy, 'version'> & { source: string }> {
  const result = await loadPolicyFile(file);
  if (!result.ok) {
    throw new StartupError(`The policy has errors; Baton did not start:\n${result.errors.map((e) => `  ${formatPolicyError(e)}`).join('\n')}`);
  }
  return { policy: result.policy, hash: result.hash, file, source: result.source };
}

export async function createApp(config: BatonConfig, options: AppOptions): Promise<BatonApp> {
  const clock = options.clock ?? systemClock;
  const policyFile = resolvePolicyFile(config.policyFile);
  const loaded = await loadRunningPolicy(policyFile);
  const database = await openDatabase(config.database);
  try {
    const version = await publishPolicyVersion(database.db, { hash: loaded.hash, file: path.basename(policyFile), source: loaded.source }, clock.now());
    const running: RunningPolicy = { policy: loaded.policy, hash: loaded.hash, file: loaded.file, version };
    await database.db.transaction().execute((tx) => ensureRoutingRows(tx, running.policy, clock.now()));
    if (config.adminToken) await createToken(database.db, 'admin (BATON_ADMIN_TOKEN)', ['admin'], clock.now(), config.adminToken);
    const decisionHooks = MODULES.flatMap((m) => (m.decisionHook ? [m.decisionHook] : []));
    const routing = new RoutingCache(config.routingLockMs !== undefined ? { lockingMs: config.routingLockMs } : {});
    const leads = new LeadCache(config.leadCacheSize);
    const lanes = config.intakeLanes ?? (config.database.kind === 'postgres' ? 2 : 1);
    const leadGroups = newLeadGroups({ lanes, maxGroup: MAX_LEAD_GROUP }, routing);
    const deps: IntakeDeps = { db: database.db, policy: () => running, clock, signals: new Signals(), decisionHooks, routing, leads, leadGroups };
    const moduleContext: ModuleContext = { deps, config, env: options.env ?? process.env, logger: options.logger, demo: options.demo ?? false };
    const server = buildServer(deps, {
      logger: options.logger,
      databaseDescription: database.description,
      publicUrl: config.publicUrl,
      extraRoutes: (app, requireScope) => {
        options.extraRoutes?.(app, deps);
        for (const module of MODULES) module.routes?.(app, moduleContext, requireScope);
      },
    });
    const workers: Worker[] = [];
    let started = false;
    const startWorkers = async () => {
      if (started) return;
      started = true;
      try {
        for (const module of MODULES) if (module.start) workers.push(await module.start(moduleContext));
      } catch (error) {
        await stopAll(workers);
        throw error;
      }
    };
    if (options.workers ?? true) await startWorkers();
    return {
      server,
      database,
      deps,
      running,
      moduleContext,
      startWorkers,
      close: async () => {
        await server.close();
        await stopAll(workers);
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Stops workers in reverse order of starting, each even if an earlier one failed to stop. */
async function stopAll(workers: Worker[]): Promise<void> {
  const results = await Promise.allSettled([...workers].reverse().map((w) => w.stop()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
