/** The HTTP server: the API under /api/v1, its OpenAPI document, and the web pages. */
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { IntakeDeps } from '../intake/context.js';
import { tokenAuth, type ScopeGuard } from './auth.js';
import { installErrorHandling } from './errors.js';
import { openApiDocument, type RegisteredRoute } from './openapi.js';
import { accountRoutes } from './routes/accounts.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { leadRoutes } from './routes/leads.js';

export interface ServerOptions {
  logger: Logger | false;
  databaseDescription: string;
  publicUrl: string;
  /** Routes of the capability modules (and tests), added after the API's own. */
  extraRoutes?: (app: FastifyInstance, requireScope: ScopeGuard) => void;
}

export function buildServer(deps: IntakeDeps, options: ServerOptions): FastifyInstance {
  // One log line per request would be thousands a second under load; errors are logged instead.
  const common = {
    bodyLimit: 1024 * 1024,
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => crypto.randomUUID(),
  };
  const app: FastifyInstance = options.logger
    ? (Fastify({ ...common, loggerInstance: options.logger }) as unknown as FastifyInstance)
    : Fastify({ ...common, logger: false });
  installErrorHandling(app);
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  const requireScope = tokenAuth(deps.db);
  leadRoutes(app, deps, requireScope);
  eventRoutes(app, deps, requireScope);
  accountRoutes(app, deps, requireScope);
  healthRoutes(app, deps, requireScope, options.databaseDescription);
  app.get('/api/v1/openapi.json', async () => openApiDocument(options.publicUrl, routes));
  options.extraRoutes?.(app, requireScope);
  return app;
}
