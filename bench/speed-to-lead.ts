/**
 * Speed to lead: from the intake's answer to the notification accepted by the SMTP server and
 * by the webhook receiver, while Baton takes 200 leads/s, on real PostgreSQL.
 *
 *   npx tsx bench/speed-to-lead.ts [--runs 3] [--rate 200] [--seconds 10] [--warmup 5] [--webhooks all|assigned] [--server-log FILE]
 *
 * Per run: a fresh database, a `baton serve` process (test/fixtures/notify-policy.yaml: every
 * lead asks for a demo, so each is qualified, routed and handed off), a real SMTP server
 * (smtp-server) and a real HTTP webhook receiver that verifies each Standard Webhooks signature,
 * both in this process. After a warm-up at the same rate for `warmup` seconds (not measured: the
 * JIT optimizes the server's hot code in the first seconds at full rate) and its notifications,
 * an open loop sends `rate` leads/s for `seconds`; for each lead:
 *  - intake: request due → response (as bench/intake.ts);
 *  - mail: response received → the rep's e-mail accepted by the SMTP server;
 *  - webhook: response received → `lead.assigned` accepted by the receiver.
 * `--webhooks all` subscribes the endpoint to every lead event (about 8 per lead, so ~1,600
 * signed POSTs/s at 200 leads/s); `assigned` only to lead.assigned.
 * Reports every run and the median over runs. `--server-log` writes the server's debug log (the
 * notification worker's timings per fan-out and per recorded batch) to FILE. `--profile` runs the
 * server under V8's CPU profiler and prints its CPU time by area (notifications and the libraries
 * they use, against intake, hand-off and the rest), a share that holds on a busy machine.
 * `--baseline` runs the same load with no channel configured (intake, hand-off and the outbox
 * only), to compare the intake's latency with and without notifications on the same machine.
 * `--statements` loads pg_stat_statements and prints, per run, the statements that took the most
 * of PostgreSQL's time during the measured load (execution + planning).
 * `--node-args="…"` passes flags to the server's node (e.g. `--trace-gc`; its output lands in the
 * `--server-log`).
 * `--timeline` prints, per second of the run, the mails and webhooks that arrived and the mean
 * latency of the leads answered in that second: a backlog that builds, drains, or starves one
 * kind shows there and not in the percentiles.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.js';
import { startHttpReceiver } from '../test/support/receivers/http.js';
import { NOTIFY_POLICY, notifyLead } from '../test/support/receivers/notify-harness.js';
import { startSmtpReceiver } from '../test/support/receivers/smtp.js';
import { startServerProcess } from '../test/support/server-process.js';
import { cpuMeter, postmasterPid } from './lib/cpu.js';
import { median, openLoop, percentile, postJson, round } from './lib/load.js';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    webhooks: { type: 'string', default: 'all' },
    'server-log': { type: 'string' },
    profile: { type: 'boolean', default: false },
    baseline: { type: 'boolean', default: false },
    processes: { type: 'string', default: '1' },
    statements: { type: 'boolean', default: false },
    timeline: { type: 'boolean', default: false },
    'node-args': { type: 'string', default: '' },
    warmup: { type: 'string', default: '5' },
  },
});
const RUNS = Number(values.runs);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const ALL_EVENTS = values.webhooks === 'all';
const BASELINE = values.baseline;
const WARMUP = Number(values.warmup);
const TOKEN = 'bench-admin-token-0123456789abcdef';
const SECRET = `whsec_${Buffer.from('speed-to-lead benchmark secret!!').toString('base64')}`;

interface RunResult {
  leads: number;
  intakeP50: number;
  intakeP99: number;
  mailP50: number;
  mailP99: number;
  hookP50: number;
  hookP99: number;
  missingMail: number;
  missingHook: number;
  webhooksPerSec: number;
  /** CPU time per lead, from the load's start until every notification arrived: Baton, PostgreSQL, and this process (load, SMTP server, webhook receiver). */
  cpuMsPerLead: { baton: number; db: number; bench: number };
}

async function oneRun(run: number, server: PostgresServer): Promise<RunResult> {
  const name = `bench_stl_${run}_${Date.now()}`;
  await server.createDatabase(name);
  const dbPid = await postmasterPid(server.urlFor(name));
  const smtp = await startSmtpReceiver();
  const http = await startHttpReceiver({ webhookSecret: SECRET });
  const answeredAt = new Map<string, number>(); // lead email → response time
  const idOf = new Map<string, string>(); // lead id → email
  const mailAt = new Map<string, number>();
  const hookAt = new Map<string, number>();
  const pendingHooks: { leadId: string; at: number }[] = [];
  smtp.onMail = (mail) => {
    const email = /\b(\S+@stl-\d+-\d+\.example\.com)\b/.exec(mail.text)?.[1];
    if (email && !mailAt.has(email)) mailAt.set(email, mail.receivedAt);
  };
  http.onAccepted = (request) => {
    const body = request.json as { type?: string; data?: { lead_id?: string } } | undefined;
    if (body?.type === 'lead.assigned' && body.data?.lead_id) pendingHooks.push({ leadId: body.data.lead_id, at: request.receivedAt });
  };
  const profileDir = values.profile ? await mkdtemp(path.join(tmpdir(), 'baton-stl-prof-')) : undefined;
  const batonEnv = {
    DATABASE_URL: server.urlFor(name),
    BATON_DB_POOL_SIZE: '16',
    BATON_ADMIN_TOKEN: TOKEN,
    BATON_POLICY: NOTIFY_POLICY,
    ...(BASELINE ? {} : { BATON_SMTP_URL: smtp.url }),
    ...(ALL_EVENTS && !BASELINE ? { TEST_CRM_URL: `${http.url}/hooks/crm`, TEST_CRM_SECRET: SECRET } : {}),
    LOG_LEVEL: values['server-log'] ? 'debug' : 'error',
  };
  const nodeArgs = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...values['node-args'].split(' ').filter(Boolean)];
  const baton = await startServerProcess(batonEnv, [], nodeArgs);
  const others = await Promise.all(Array.from({ length: Number(values.processes) - 1 }, () => startServerProcess(batonEnv)));
  const urls = [baton.url, ...others.map((o) => o.url)];
  try {
    if (!ALL_EVENTS && !BASELINE) {
      const res = await fetch(`${baton.url}/api/v1/webhooks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: `${http.url}/hooks/crm`, events: ['lead.assigned'] }),
      });
      http.setWebhookSecret(((await res.json()) as { secret: string }).secret);
    }
    const leadsUrl = (i: number) => `${urls[i % urls.length]}/api/v1/leads`;
    const send = async (i: number, prefix: string) => {
      // US → ana, others → cy (the fixture routes by country; ben's quiet hours are avoided).
      const email = `p${i}@stl-${run}-${i}.example.com`;
      const res = await postJson<{ id: string }>(leadsUrl(i), TOKEN, notifyLead(`${prefix}${email}`, i % 2 === 0 ? 'US' : 'FR'));
      answeredAt.set(`${prefix}${email}`, performance.now());
      idOf.set(res.body.id, `${prefix}${email}`);
      return res;
    };
    // Warm-up (not measured): connections, the SMTP pool, and the JIT. V8 optimizes Baton's hot
    // functions during the first seconds at full rate (about 1,100 TurboFan compilations, a third
    // of a core for ~10 s), so the measured load starts on a server in its steady state.
    for (let i = 0; i < 20; i++) await send(i, 'warm');
    if (WARMUP > 0) await openLoop(RATE, WARMUP, (i) => send(20 + i, 'warm'));
    const warmDeadline = Date.now() + 30_000;
    while (!BASELINE && mailAt.size < answeredAt.size && Date.now() < warmDeadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1_000));
    answeredAt.clear();
    mailAt.clear();
    pendingHooks.length = 0;
    const accepted0 = http.accepted('/hooks/').length;
    const stats = values.statements ? new pg.Client(server.urlFor(name)) : undefined;
    await stats?.connect();
    await stats?.query('create extension if not exists pg_stat_statements');
    await stats?.query('select pg_stat_statements_reset(), pg_stat_reset()');
    const meter = cpuMeter({ baton: baton.process.pid!, db: dbPid });
    const started = performance.now();

    const load = await openLoop(RATE, SECONDS, (i) => send(i, ''));
    const failed = load.samples.filter((s) => s.status >= 300).length;
    if (failed) throw new Error(`${failed} lead submissions failed`);

    // Wait for the stragglers (at most 30 s).
    const deadline = Date.now() + 30_000;
    const measured = () => {
      for (const { leadId, at } of pendingHooks.splice(0)) {
        const email = idOf.get(leadId);
        if (email && !hookAt.has(email)) hookAt.set(email, at);
      }
      return [...answeredAt.keys()].every((e) => mailAt.has(e) && hookAt.has(e));
    };
    while (!BASELINE && !measured() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const elapsed = (performance.now() - started) / 1000;
    const cpu = meter.read();
    if (stats) await printStatements(stats, answeredAt.size);

    const mailMs: number[] = [];
    const hookMs: number[] = [];
    for (const [email, at] of answeredAt) {
      const m = mailAt.get(email);
      const h = hookAt.get(email);
      if (m !== undefined) mailMs.push(m - at);
      if (h !== undefined) hookMs.push(h - at);
    }
    const intake = load.samples.map((s) => s.ms);
    if (values.timeline) printTimeline([...answeredAt].map(([email, at]) => ({ answered: at - started, mail: (mailAt.get(email) ?? Number.NaN) - started, hook: (hookAt.get(email) ?? Number.NaN) - started })));
    return {
      leads: answeredAt.size,
      intakeP50: round(percentile(intake, 50)),
      intakeP99: round(percentile(intake, 99)),
      mailP50: round(percentile(mailMs, 50)),
      mailP99: round(percentile(mailMs, 99)),
      hookP50: round(percentile(hookMs, 50)),
      hookP99: round(percentile(hookMs, 99)),
      missingMail: answeredAt.size - mailMs.length,
      missingHook: answeredAt.size - hookMs.length,
      webhooksPerSec: round((http.accepted('/hooks/').length - accepted0) / elapsed, 0),
      cpuMsPerLead: {
        baton: round((cpu.baton! * 1000) / answeredAt.size, 2),
        db: round((cpu.db! * 1000) / answeredAt.size, 2),
        bench: round((cpu.load! * 1000) / answeredAt.size, 2),
      },
    };
  } finally {
    await Promise.all([baton.stop(), ...others.map((o) => o.stop())]);
    if (values['server-log']) await writeFile(`${values['server-log']}.${run}`, baton.output());
    if (profileDir) await printProfile(profileDir);
    await Promise.all([smtp.stop(), http.stop()]);
    await server.dropDatabase(name);
  }
}

/** Per second: leads answered, mails and webhooks arrived, and the mean latency of that second's leads. */
function printTimeline(leads: { answered: number; mail: number; hook: number }[]): void {
  const second = (ms: number) => Math.floor(ms / 1000);
  const last = Math.max(...leads.flatMap((l) => [l.mail, l.hook].filter(Number.isFinite)).map(second), 0);
  const rows = Array.from({ length: last + 1 }, () => ({ answered: 0, mails: 0, hooks: 0, mailMs: 0, hookMs: 0 }));
  for (const l of leads) {
    const row = rows[second(l.answered)];
    if (row) {
      row.answered += 1;
      row.mailMs += l.mail - l.answered;
      row.hookMs += l.hook - l.answered;
    }
    if (Number.isFinite(l.mail)) rows[second(l.mail)]!.mails += 1;
    if (Number.isFinite(l.hook)) rows[second(l.hook)]!.hooks += 1;
  }
  console.log('second  answered  mails  webhooks  mean mail ms  mean webhook ms (of the leads answered that second)');
  for (const [i, r] of rows.entries()) {
    const mean = (sum: number) => (r.answered ? round(sum / r.answered, 0).toString() : '-');
    console.log(`${String(i).padStart(6)}  ${String(r.answered).padStart(8)}  ${String(r.mails).padStart(5)}  ${String(r.hooks).padStart(8)}  ${mean(r.mailMs).padStart(12)}  ${mean(r.hookMs).padStart(15)}`);
  }
}

/** The statements that took the most of PostgreSQL's time, per lead: where its CPU per lead goes. */
async function printStatements(stats: pg.Client, leads: number): Promise<void> {
  const { rows } = await stats.query<{ calls: string; ms: number; plan_ms: number; query: string }>(
    `select calls, total_exec_time as ms, total_plan_time as plan_ms, query from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database()) order by total_exec_time + total_plan_time desc limit 25`,
  );
  const { rows: counts } = await stats.query<{ statements: string; commits: string }>(
    `select (select sum(calls) from pg_stat_statements where toplevel and dbid = d.datid) as statements, d.xact_commit as commits
       from pg_stat_database d where d.datname = current_database()`,
  );
  await stats.end();
  const per = (n: string | undefined) => (Number(n ?? 0) / leads).toFixed(1);
  console.log(`per lead: ${per(counts[0]?.statements)} statements sent to PostgreSQL, ${per(counts[0]?.commits)} commits`);
  const total = rows.reduce((sum, r) => sum + r.ms + r.plan_ms, 0);
  console.log(`statements by PostgreSQL time (exec + plan) per lead; top 25 = ${(total / leads).toFixed(3)} ms per lead`);
  for (const r of rows) {
    const perLead = ((r.ms + r.plan_ms) / leads).toFixed(3);
    console.log(`${perLead.padStart(7)} ms ${(Number(r.calls) / leads).toFixed(2).padStart(6)} calls/lead ${(r.plan_ms / leads).toFixed(3)} plan  ${r.query.replace(/\s+/g, ' ').slice(0, 140)}`);
  }
}

type ProfileNode = { callFrame: { url: string; functionName: string }; hitCount?: number };

/** The server's CPU time by area: which part of Baton (or which library) the samples fell in. */
async function printProfile(dir: string): Promise<void> {
  const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return console.log('no CPU profile written');
  const { nodes } = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as { nodes: ProfileNode[] };
  const areas = new Map<string, number>();
  let total = 0;
  for (const node of nodes) {
    const hits = node.hitCount ?? 0;
    const url = node.callFrame.url;
    if (node.callFrame.functionName === '(idle)') continue; // waiting for I/O: not CPU
    total += hits;
    const area =
      /node_modules\/(nodemailer|standardwebhooks|smtp)/.exec(url)?.[0].replace('node_modules/', 'notify: ') ??
      (/\/src\/notify\//.test(url) ? 'notify: src/notify' : undefined) ??
      (/undici/.test(url) ? 'fetch (undici: webhooks, Slack, SMS)' : undefined) ??
      /\/src\/([a-z-]+)\//.exec(url)?.[0].slice(1, -1) ??
      /node_modules\/(@[^/]+\/)?[^/]+/.exec(url)?.[0].replace('node_modules/', '') ??
      (url === '' ? `(${node.callFrame.functionName.replace(/[()]/g, '') || 'native'})` : url.startsWith('node:') ? 'node internals' : 'other');
    areas.set(area, (areas.get(area) ?? 0) + hits);
  }
  console.log('server CPU (busy time, idle excluded) by area:');
  for (const [area, hits] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, 18)) console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${area}`);
}

async function main() {
  const server = await startPostgres(
    values.statements ? { settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all', 'pg_stat_statements.track_planning': 'on' } } : {},
  );
  try {
    const results: RunResult[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const r = await oneRun(run, server);
      results.push(r);
      console.log(`run ${run}: ${JSON.stringify(r)}`);
    }
    const med = (key: Exclude<keyof RunResult, 'cpuMsPerLead'>) => median(results.map((r) => r[key]));
    const cpu = (key: keyof RunResult['cpuMsPerLead']) => median(results.map((r) => r.cpuMsPerLead[key]));
    console.log(
      `median of ${RUNS} at ${RATE} leads/s for ${SECONDS} s (${BASELINE ? 'baseline: no channels' : `webhooks: ${ALL_EVENTS ? 'every event' : 'lead.assigned'}`}): ` +
        `mail p50 ${med('mailP50')} ms, p99 ${med('mailP99')} ms; webhook p50 ${med('hookP50')} ms, p99 ${med('hookP99')} ms; ` +
        `intake p50 ${med('intakeP50')} ms, p99 ${med('intakeP99')} ms; webhooks/s ${med('webhooksPerSec')}; missing mail ${med('missingMail')}, webhook ${med('missingHook')}; ` +
        `CPU ms per lead: Baton ${cpu('baton')}, PostgreSQL ${cpu('db')}, bench ${cpu('bench')}`,
    );
  } finally {
    await server.stop();
  }
}

await main();
