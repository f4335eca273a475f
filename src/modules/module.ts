/**
 * A capability beyond the foundation (hand-off, notifications, metrics, tracking, the web app…)
 * plugs into Baton through one of these: its HTTP routes, its background workers and its CLI
 * commands. `src/modules/index.ts` lists them; `createApp` and the CLI take them from there, so
 * adding a capability never means editing the server or the command list.
 */
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { BatonConfig } from '../config.js';
import type { ScopeGuard } from '../http/auth.js';
import type { IntakeDeps } from '../intake/context.js';
import type { DecisionHook } from '../intake/hooks.js';

export interface ModuleContext {
  deps: IntakeDeps;
  config: BatonConfig;
  /** The process environment, for a module's own settings (each module validates its own). */
  env: NodeJS.ProcessEnv;
  logger: Logger | false;
  /** True under `baton serve --demo`: modules may seed demo data of their own. */
  demo: boolean;
}

/** Background work a module runs while Baton runs (dispatchers, clock sweepers, batch flushers). */
export interface Worker {
  stop(): Promise<void>;
}

export interface BatonModule {
  name: string;
  /** Adds the module's routes; `requireScope` is the API-token (and session) guard. */
  routes?(app: FastifyInstance, ctx: ModuleContext, requireScope: ScopeGuard): void;
  /** Starts background work after the server is built; stopped before the database closes. */
  start?(ctx: ModuleContext): Promise<Worker>;
  /** Work done in the same transaction as each intake decision (see src/intake/hooks.ts). */
  decisionHook?: DecisionHook;
  /** Subcommands of `baton` this module adds. */
  commands?(): Command[];
}
