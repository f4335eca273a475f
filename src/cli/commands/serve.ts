/** `baton serve`: the API, the web pages and (with --demo) the demo workspace. */
import path from 'node:path';
import { Command } from 'commander';
import { pino } from 'pino';
import { createApp } from '../../app.js';
import { ConfigError, readConfig } from '../../config.js';
import { sendSampleLeads, startTrickle } from '../../demo/trickle.js';
import { seedDemoHistory } from '../../demo/history.js';
import { seedDemoWorkspace } from '../../demo/workspace.js';

interface ServeOptions {
  demo?: boolean;
  port?: string;
  policy?: string;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('Start Baton: the API under /api/v1 and the web app')
    .option('--demo', 'seed a demo workspace and send sample leads every few seconds')
    .option('--port <port>', 'HTTP port (Default: PORT or 3000)')
    .option('--policy <file>', 'policy file (Default: BATON_POLICY, ./baton.policy.yaml, else the example)')
    .action(async (opts: ServeOptions) => {
      const env = { ...process.env, ...(opts.port ? { PORT: opts.port } : {}), ...(opts.policy ? { BATON_POLICY: opts.policy } : {}) };
      const config = readConfig(env);
      const logger = pino({ level: config.logLevel });
      // In the demo, workers start after the history is built: the history runs SLA clocks on a
      // virtual clock, which the live sweeper must not fire early on the real one.
      const app = await createApp(config, { logger, demo: opts.demo ?? false, workers: !opts.demo });
      let stopTrickle: (() => Promise<void>) | undefined;
      let banner: (() => void) | undefined;

      if (opts.demo) {
        const stateDir = config.database.kind === 'pglite' && 'dataDir' in config.database ? path.dirname(path.resolve(config.database.dataDir)) : path.resolve('.baton');
        const demo = await seedDemoWorkspace(app.deps, stateDir);
        const existing = await app.deps.db.selectFrom('leads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        let start = Number(existing.n);
        const weeks = demoHistoryWeeks(process.env.BATON_DEMO_HISTORY_WEEKS);
        if (start === 0 && weeks > 0) {
          logger.info({ weeks }, `Building ${weeks} weeks of demo history (first start only; about ${weeks * 5} s)`);
          const history = await seedDemoHistory(app.deps, { end: app.deps.clock.now(), weeks, leadsPerDay: 14, seed: 7, firstSerial: 100_000 });
          logger.info(history, 'Demo history ready');
          start = history.leads;
        }
        await app.startWorkers();
        if (start < 25) await sendSampleLeads(app.deps, 25 - start, 42 + start, start);
        const trickle = startTrickle(app.deps, logger, { everyMs: 4_000, seed: 1_000, startSerial: Math.max(start, 25) });
        stopTrickle = trickle.stop;
        banner = () => printDemoBanner(config.publicUrl, demo.token, demo.tokenFile);
      }
      const address = await app.server.listen({ port: config.port, host: config.host });
      logger.info({ address, database: app.database.description, policy: app.running.file, version: app.running.version }, 'Baton is running');
      banner?.();

      const shutdown = async (signal: string) => {
        logger.info({ signal }, 'shutting down');
        await stopTrickle?.();
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
    });
}

function printDemoBanner(url: string, token: string, tokenFile: string): void {
  const lines = [
    '',
    `  Baton demo workspace is up at ${url}`,
    `  API token (admin): ${token}   (also in ${path.relative(process.cwd(), tokenFile)})`,
    '  Send a lead:',
    `    curl -s ${url}/api/v1/leads -H "Authorization: Bearer ${token}" -H "Content-Type: application/json" \\`,
    `      -d '{"email":"ada@fabrikam-robotics.com","first_name":"Ada","title":"VP Sales","company":{"name":"Fabrikam Robotics","size":420,"country":"US"},"event":{"type":"demo_requested"}}'`,
    `  API description: ${url}/api/v1/openapi.json`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** BATON_DEMO_HISTORY_WEEKS: weeks of history the demo builds on its first start (Default: 6; 0 for none). */
function demoHistoryWeeks(value: string | undefined): number {
  if (value === undefined || value === '') return 6;
  const weeks = Number(value);
  if (!Number.isInteger(weeks) || weeks < 0 || weeks > 52) throw new ConfigError(`BATON_DEMO_HISTORY_WEEKS: expected a whole number of weeks from 0 to 52, got "${value}"`);
  return weeks;
}
