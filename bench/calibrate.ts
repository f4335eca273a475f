/**
 * `baton calibrate` on the UCI bank-marketing data (../shared/datasets/bank-marketing): the fixed
 * split in split.csv, `duration` excluded, as its SOURCE.md prescribes.
 *
 *   npx tsx bench/calibrate.ts [--runs 3]
 *
 * Per run, in this process: read the CSV (45,211 rows), learn the scorecard (binning, the search
 * for crossed pairs, the final ridge-logistic fit: "fit time"), then evaluate on the 11,303 held-out
 * rows and write the proposed policy (in memory). Reports the held-out figures of the whole points
 * (and of the unrounded model), the fit time of every run and their median, and the CPU time of
 * the fit (the machines are shared: wall time moves with the load, CPU time much less; CPU time
 * counts every thread of the process, the garbage collector's included).
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCalibrate } from '../src/calibrate/calibrate.js';
import { csvHistory } from '../src/calibrate/csv-history.js';
import { DEFAULT_LEARN } from '../src/calibrate/scorecard.js';
import { readSplitFile } from '../src/calibrate/split.js';
import { readTable } from '../src/calibrate/table.js';
import { loadPolicyFile } from '../src/policy/load.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const RUNS = Number(values.runs);
const DATA = path.resolve(import.meta.dirname, '../../shared/datasets/bank-marketing');
const POLICY = path.resolve(import.meta.dirname, '../examples/baton.policy.yaml');

const policy = await loadPolicyFile(POLICY);
if (!policy.ok) throw new Error('the example policy has errors');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const fitSeconds: number[] = [];
const fitCpuSeconds: number[] = [];
const totalSeconds: number[] = [];
let last: ReturnType<typeof runCalibrate> | undefined;
for (let run = 0; run < RUNS; run++) {
  const started = performance.now();
  const table = await readTable(path.join(DATA, 'bank-full.csv'));
  const history = csvHistory(table, { outcome: 'y', positive: 'yes', map: new Map(), exclude: ['duration'], domains: policy.policy.domains });
  const split = await readSplitFile(path.join(DATA, 'split.csv'), history.y.length, (d) => (d > table.rows.length ? -2 : d - 1), (i) => i + 1);
  last = runCalibrate({
    history,
    split,
    policy: policy.policy,
    policySource: readFileSync(POLICY, 'utf8'),
    policyFile: POLICY,
    learn: { ...DEFAULT_LEARN, seed: 1 },
    target: { kind: 'acceptance', rate: 0.5 },
  });
  fitSeconds.push(last.report.fit_ms / 1000);
  fitCpuSeconds.push(last.report.fit_cpu_ms / 1000);
  totalSeconds.push((performance.now() - started) / 1000);
  const l = last.report.learned;
  console.log(
    `run ${run + 1}: AUC ${l.roc_auc.toFixed(4)} (unrounded ${l.model_roc_auc.toFixed(4)}), log loss ${l.log_loss!.toFixed(4)}, Brier ${l.brier!.toFixed(4)}, ` +
      `lift@10% ${l.lift_top_10.toFixed(2)}; fit ${fitSeconds.at(-1)!.toFixed(2)} s (${fitCpuSeconds.at(-1)!.toFixed(2)} s CPU), read+fit+evaluate ${totalSeconds.at(-1)!.toFixed(2)} s`,
  );
}
const r = last!.report;
console.log(`median fit ${median(fitSeconds).toFixed(2)} s wall (runs: ${fitSeconds.map((s) => s.toFixed(2)).join(', ')}), ${median(fitCpuSeconds).toFixed(2)} s CPU; whole run ${median(totalSeconds).toFixed(2)} s`);
console.log(`crossed: ${r.interactions.map((i) => i.columns.join(' × ')).join(', ') || 'none'}; ${r.rules.length} fit rules; scale +${r.scale.pdo} points = odds × 2`);
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
