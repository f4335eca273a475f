/**
 * Replay speed of `baton simulate`: recorded events per second through the pure decision core.
 *
 *   npx tsx bench/simulate.ts [--leads 20000] [--runs 3]
 *
 * A synthetic 90-day history is generated in memory (src/simulate/synthetic.ts: leads with first
 * touches, 0–7 activities each over two weeks, 12 % demo requests, and for every assigned lead a
 * contact attempt, accept or reject, and for accepted ones a close), by deciding every input with
 * decide() as the live shell does, under examples/baton.policy.yaml. Then, per run:
 *  - replay: one policy's replay (history → inputs → decide() per input, routing in memory), events/s;
 *  - simulate: what the command does after reading the database: inputs from events, both the
 *    current and a draft policy replayed, and all figures (SLA projection included), events/s.
 * Events are every recorded lead_events row of the history (lead_created, score_changed,
 * activity_recorded, stage_changed, assigned, rep actions, …). Medians over runs; one core.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDocument } from 'yaml';
import { checkPolicy } from '../src/policy/check.js';
import type { Policy } from '../src/policy/schema.js';
import { historyFromEvents } from '../src/simulate/history.js';
import { replay } from '../src/simulate/replay.js';
import { simulate } from '../src/simulate/simulate.js';
import { syntheticHistory } from '../src/simulate/synthetic.js';

const { values } = parseArgs({ options: { leads: { type: 'string', default: '20000' }, runs: { type: 'string', default: '3' } } });
const LEADS = Number(values.leads);
const RUNS = Number(values.runs);

function load(text: string, file: string): Policy {
  const result = checkPolicy(text, file);
  if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.errors)}`);
  return result.policy;
}

const file = path.resolve(import.meta.dirname, '../examples/baton.policy.yaml');
const source = readFileSync(file, 'utf8');
const current = load(source, file);
const draftDoc = parseDocument(source);
draftDoc.setIn(['mql', 'engagement_at_least'], 25);
draftDoc.setIn(['pools', 'smb', 'members'], [{ rep: 'dev', weight: 2 }, 'farid', 'grace']);
const draft = load(draftDoc.toString(), 'draft.yaml');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let t = performance.now();
const events = syntheticHistory(current, { leads: LEADS, start: new Date('2026-06-01T00:00:00Z'), days: 90, seed: 7 });
console.log(`history: ${events.length} events for ${LEADS} leads, generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);

// Warm-up (JIT), not counted.
replay(current, historyFromEvents(events.slice(0, Math.min(events.length, 20_000))).inputs);

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
const replayRates: number[] = [];
const replayCpuRates: number[] = [];
const simulateRates: number[] = [];
const simulateCpuRates: number[] = [];
for (let run = 0; run < RUNS; run++) {
  t = performance.now();
  let cpu = process.cpuUsage();
  const history = historyFromEvents(events);
  replay(current, history.inputs);
  const replaySeconds = (performance.now() - t) / 1000;
  replayRates.push(events.length / replaySeconds);
  replayCpuRates.push(events.length / cpuSeconds(cpu));

  t = performance.now();
  cpu = process.cpuUsage();
  const report = simulate({
    history: historyFromEvents(events),
    current: { policy: current, file: 'current', hash: 'current' },
    draft: { policy: draft, file: 'draft', hash: 'draft' },
    window: { from: '2026-06-01T00:00:00.000Z', to: '2026-09-01T00:00:00.000Z' },
    source: 'synthetic',
  });
  const simulateSeconds = (performance.now() - t) / 1000;
  simulateRates.push(events.length / simulateSeconds);
  simulateCpuRates.push(events.length / cpuSeconds(cpu));
  console.log(
    `run ${run + 1}: replay ${Math.round(events.length / replaySeconds).toLocaleString('en')} events/s (${replaySeconds.toFixed(2)} s, ${history.inputs.length} inputs); ` +
      `simulate current+draft ${Math.round(events.length / simulateSeconds).toLocaleString('en')} events/s (${simulateSeconds.toFixed(2)} s); ` +
      `MQLs ${report.current.mqls} → ${report.draft.mqls}, owner changes ${report.changes.owner_changed}`,
  );
}
const fmt = (x: number) => Math.round(x).toLocaleString('en');
console.log(`median (wall clock): replay ${fmt(median(replayRates))} events/s, simulate (both policies) ${fmt(median(simulateRates))} events/s`);
console.log(`median (per CPU second of this process): replay ${fmt(median(replayCpuRates))} events/s, simulate (both policies) ${fmt(median(simulateCpuRates))} events/s`);
console.log(`load average at the end: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores`);
