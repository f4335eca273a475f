/**
 * Web pages with 10,000 leads: how long each page of the web app takes to show its content in
 * Chromium, against the bar of 1 s.
 *
 *   npx tsx bench/web-pages.ts [--leads 10000] [--runs 3] [--db pglite|postgres] [--data DIR] [--only PAGE]
 *
 * `--data DIR` keeps the embedded workspace there and reuses it on the next run; `--only inbox`
 * measures the pages whose name contains the word; BENCH_TRACE=1 prints each load's timeline.
 *
 * Method: a fresh workspace on the example policy (embedded PGlite by default, what `npm start`
 * uses; `--db postgres` starts Debian's PostgreSQL through the test harness). 10,000 sample leads
 * (the demo's generator: ~20 % high intent, activity after each) are sent through the intake
 * services in-process, spread over the last 30 days on a moving clock; as they arrive, reps act
 * on the routed ones (half accepted, a sixth rejected with a policy reason, a third of the
 * accepted called) and the SLA sweep fires due clock points, so clocks, breaches, escalations and
 * the metrics read model are those of a busy month. Then Baton listens, a metrics request brings
 * the read model up to date, and for each page a fresh browser context (empty cache, signed in
 * through the API) opens the page's URL; the time is from navigation start to the moment the
 * page's content enters the DOM (the selector below, noted by a mutation observer in the page),
 * including the app's download, its API calls and rendering. Each page is measured `--runs` times; the report gives every run and the
 * median, and the time of the page's slowest API call (measured alone, median of 3).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { chromium } from 'playwright-core';
import { createApp, type BatonApp } from '../src/app.js';
import type { BatonConfig } from '../src/config.js';
import { sampleLead, seededRandom } from '../src/demo/generator.js';
import { applyRepAction } from '../src/handoff/actions.js';
import { runDueClocks } from '../src/handoff/sweeper.js';
import type { Principal } from '../src/http/principal.js';
import { recordEvents } from '../src/intake/record-events.js';
import { submitLead } from '../src/intake/submit-lead.js';
import { ensureWebBuilt } from '../src/web/build-app.js';
import { demoUsers, DEMO_PASSWORD } from '../src/web/demo-users.js';
import { saveUser } from '../src/web/user-store.js';
import { startPostgres } from '../test/support/postgres-server.js';
import { median, round } from './lib/load.js';

const { values } = parseArgs({
  options: {
    leads: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    db: { type: 'string', default: 'pglite' },
    // Keep the embedded workspace in this folder and reuse it on the next run (seeding takes minutes).
    data: { type: 'string' },
    only: { type: 'string' },
  },
});
const LEADS = Number(values.leads);
const RUNS = Number(values.runs);
const DAY = 86_400_000;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

interface PageCase {
  name: string;
  /** Who is signed in; none: the sign-in page, which needs no data (the floor every page pays). */
  user: 'admin' | 'manager' | 'rep' | 'none';
  path: (ctx: { leadId: string; from: string; to: string }) => string;
  /** The page's content: present once its data is shown. */
  content: string;
  /** The page's API calls (the slowest is reported alongside). */
  api: (ctx: { leadId: string; from: string; to: string }) => string[];
}

const PAGES: PageCase[] = [
  { name: 'Sign-in (floor: no data)', user: 'none', path: () => '/', content: '#email', api: () => ['/api/v1/health'] },
  { name: 'Rep inbox', user: 'rep', path: () => '/inbox', content: '.lead-card, .empty', api: () => ['/api/v1/inbox?rep=ana', '/api/v1/clocks?rep=ana', '/api/v1/policy'] },
  { name: 'Lead page', user: 'rep', path: (c) => `/leads/${c.leadId}`, content: 'table.timeline tbody tr', api: (c) => [`/api/v1/leads/${c.leadId}`, `/api/v1/leads/${c.leadId}/clocks`] },
  { name: 'Manager desk', user: 'manager', path: () => '/desk', content: '.lead-card', api: () => ['/api/v1/inbox', '/api/v1/clocks?manager=maria', '/api/v1/clocks?status=breached&manager=maria', '/api/v1/escalations?manager=maria', '/api/v1/reps', '/api/v1/metrics?by=rep'] },
  { name: 'Dashboard', user: 'admin', path: (c) => `/dashboard?from=${c.from}&to=${c.to}`, content: '[data-figure="acceptance_rate.value"]', api: (c) => [`/api/v1/metrics?from=${c.from}&to=${c.to}`, `/api/v1/analysis/rejections?from=${c.from}&to=${c.to}`, `/api/v1/analysis/conversion?from=${c.from}&to=${c.to}`] },
  { name: 'Leads behind a number', user: 'admin', path: (c) => `/dashboard/leads?metric=funnel&bucket=mql&from=${c.from}&to=${c.to}`, content: '[data-testid="total"]', api: (c) => [`/api/v1/metrics/leads?metric=funnel&bucket=mql&from=${c.from}&to=${c.to}&limit=100&offset=0`] },
  { name: 'Lead list', user: 'admin', path: () => '/leads', content: '.leads-table tbody tr', api: () => ['/api/v1/leads?limit=50'] },
  { name: 'Policy', user: 'admin', path: () => '/policy', content: '#running-h', api: () => ['/api/v1/policy', '/api/v1/policy/versions'] },
  { name: 'Integration health', user: 'admin', path: () => '/health', content: '#channels-h ~ p, #channels-h ~ table', api: () => ['/api/v1/health/integrations', '/api/v1/deliveries?status=dead'] },
];

async function seed(app: BatonApp, setNow: (d: Date) => void, end: Date): Promise<void> {
  const deps = app.deps;
  const random = seededRandom(7);
  const actor: Principal = { actor: 'user:bench', role: 'admin', scopes: ['admin'] };
  const policy = deps.policy().policy;
  const reasons = policy.reasons.reject.map((r) => r.code);
  const bar = new cliProgress.SingleBar({ format: 'seeding {bar} {value}/{total} leads  {eta}s left', hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(LEADS, 0);
  const start = end.getTime() - 30 * DAY;
  for (let i = 0; i < LEADS; i++) {
    const at = new Date(start + ((end.getTime() - start) * i) / LEADS);
    setNow(at);
    const { lead, activity } = sampleLead(random, i, at);
    const result = await submitLead(deps, lead, { actor: 'bench' });
    if (activity.length) await recordEvents(deps, activity.map((a) => ({ ...a, email: lead.email })), 'bench');
    const owner = result.body.owner;
    if (owner && result.body.stage === 'mql') {
      const roll = random();
      setNow(new Date(at.getTime() + 20 * 60_000));
      try {
        if (roll < 0.5) {
          await applyRepAction(deps, result.body.id, { type: 'accept' }, actor);
          if (random() < 0.35) await applyRepAction(deps, result.body.id, { type: 'attempt', channel: 'call', outcome: random() < 0.5 ? 'connected' : 'no_answer' }, actor);
        } else if (roll < 0.66) {
          await applyRepAction(deps, result.body.id, { type: 'reject', reason: reasons[Math.floor(random() * reasons.length)]! }, actor);
        }
      } catch {
        // a lead already moved on (reassigned by the sweep): the next one
      }
    }
    if (i % 250 === 249) await runDueClocks(deps);
    bar.update(i + 1);
  }
  bar.stop();
}

async function main(): Promise<void> {
  await ensureWebBuilt({ log: (l) => process.stderr.write(`${l}\n`) });
  const dir = values.data ? path.resolve(values.data) : await mkdtemp(path.join(tmpdir(), 'baton-web-bench-'));
  const reuse = values.data !== undefined && values.db === 'pglite' && existsSync(path.join(dir, 'data'));
  const postgres = values.db === 'postgres' ? await startPostgres() : undefined;
  if (postgres) await postgres.createDatabase('bench');
  let now = new Date();
  const realEnd = new Date();
  const config: BatonConfig = {
    port: 0,
    host: '127.0.0.1',
    database: postgres ? { kind: 'postgres', url: postgres.urlFor('bench'), poolSize: 10 } : { kind: 'pglite', dataDir: path.join(dir, 'data') },
    policyFile: path.resolve(import.meta.dirname, '../examples/baton.policy.yaml'),
    publicUrl: 'http://127.0.0.1',
    logLevel: 'silent',
  };
  const app = await createApp(config, { logger: false, clock: { now: () => now }, env: { BATON_SLA_SWEEP_MS: '0' } });
  try {
    const started = Date.now();
    if (!reuse) {
      await seed(app, (d) => (now = d), realEnd);
      now = new Date();
      await runDueClocks(app.deps);
    }
    now = new Date();
    const seededIn = (Date.now() - started) / 1000;
    for (const user of demoUsers(app.running.policy)) await saveUser(app.deps.db, user, now, { replace: true });
    const url = await app.server.listen({ port: 0, host: '127.0.0.1' });
    const users = Object.fromEntries(demoUsers(app.running.policy).map((u) => [u.role, u.email]));
    const from = new Date(realEnd.getTime() - 29 * DAY).toISOString().slice(0, 10);
    const to = realEnd.toISOString().slice(0, 10);
    const cookies: Record<string, string> = {};
    for (const [role, email] of Object.entries(users)) {
      const res = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
      cookies[role] = res.headers.get('set-cookie')!.split(';')[0]!;
    }
    // Bring the metrics read model up to date once, as the running server's projector would have.
    await fetch(`${url}/api/v1/metrics`, { headers: { cookie: cookies.admin! } });
    // Ana's lead with the longest timeline, as she would open it.
    const anaLead = (await app.deps.db.selectFrom('leads').select('id').where('owner', '=', 'ana').orderBy('event_seq', 'desc').limit(1).executeTakeFirstOrThrow()).id;
    const ctx = { leadId: anaLead, from, to };
    const counts = await app.deps.db.selectFrom('leads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const events = await app.deps.db.selectFrom('lead_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();

    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const rows: string[] = [];
    try {
      for (const page of PAGES.filter((p) => !values.only || p.name.toLowerCase().includes(values.only.toLowerCase()))) {
        const times: number[] = [];
        for (let run = 0; run < RUNS; run++) {
          const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
          if (page.user !== 'none') {
            const [name, value] = cookies[page.user]!.split('=') as [string, string];
            await context.addCookies([{ name, value, url }]);
          }
          const tab = await context.newPage();
          // Notes the moment the content enters the DOM (a mutation observer in the page), so the
          // time does not include how long the test driver takes to notice.
          await tab.addInitScript((selector: string) => {
            const seen = () => {
              if ((window as { __contentAt?: number }).__contentAt === undefined && document.querySelector(selector)) (window as { __contentAt?: number }).__contentAt = performance.now();
            };
            new MutationObserver(seen).observe(document, { childList: true, subtree: true });
            const w = window as { __long?: string[] };
            w.__long = [];
            new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long!.push(`long ${Math.round(e.startTime)}+${Math.round(e.duration)}`))).observe({ type: 'longtask', buffered: true });
          }, page.content);
          await tab.goto(`${url}${page.path(ctx)}`, { waitUntil: 'commit' });
          await tab.locator(page.content).first().waitFor({ timeout: 30_000 });
          times.push(await tab.evaluate(() => (window as { __contentAt?: number }).__contentAt ?? performance.now()));
          if (process.env.BENCH_TRACE) {
            const entries = await tab.evaluate(() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource'), ...performance.getEntriesByType('paint')].map((e) => `${e.name.replace(/^https?:\/\/[^/]+/, '')} ${Math.round(e.startTime)}→${Math.round((e as PerformanceResourceTiming).responseEnd ?? e.startTime + e.duration)}`));
            const long = await tab.evaluate(() => (window as { __long?: string[] }).__long ?? []);
            process.stderr.write(`  ${page.name} run ${run + 1}: content ${Math.round(times[times.length - 1]!)} | ${[...entries, ...long].join(' | ')}\n`);
          }
          await context.close();
        }
        const apiTimes: number[] = [];
        for (const call of page.api(ctx)) {
          const samples: number[] = [];
          for (let i = 0; i < 3; i++) {
            const t0 = performance.now();
            const res = await fetch(`${url}${call}`, { headers: page.user === 'none' ? {} : { cookie: cookies[page.user]! } });
            await res.arrayBuffer();
            samples.push(performance.now() - t0);
          }
          apiTimes.push(median(samples));
        }
        const slowest = Math.max(...apiTimes);
        const m = median(times);
        rows.push(`| ${page.name} | **${Math.round(m)} ms** | ${times.map((t) => Math.round(t)).join(', ')} | ${round(slowest, 0)} ms | ${m <= 1000 ? 'met' : '**not met**'} |`);
        process.stderr.write(`${page.name}: median ${Math.round(m)} ms (${times.map((t) => Math.round(t)).join(', ')}), slowest API call ${round(slowest, 0)} ms\n`);
      }
    } finally {
      await browser.close();
    }
    process.stdout.write(
      [
        `Workspace: ${Number(counts.n).toLocaleString('en-US')} leads, ${Number(events.n).toLocaleString('en-US')} events, ${values.db}; seeded in ${Math.round(seededIn)} s. ${RUNS} runs a page.`,
        '',
        '| page | median to content | runs | slowest API call (median) | ≤ 1 s |',
        '| --- | --- | --- | --- | --- |',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    await app.close();
    await postgres?.stop();
    if (!values.data) await rm(dir, { recursive: true, force: true });
  }
}

await main();
