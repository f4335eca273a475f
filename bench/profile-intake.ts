/**
 * Where the intake's time goes: runs `baton serve` with V8's CPU profiler under the same load as
 * bench/intake.ts and prints the functions with the most self time.
 *   npx tsx bench/profile-intake.ts [--leads 3000]
 */
import { readdir, readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startPostgres } from '../test/support/postgres-server.js';
import { startServerProcess } from '../test/support/server-process.js';
import { closedLoop, post } from './lib/load.js';

const { values } = parseArgs({ options: { leads: { type: 'string', default: '3000' } } });
const TOKEN = 'bench-admin-token-0123456789abcdef';
const dir = await mkdtemp(path.join(tmpdir(), 'baton-prof-'));
const server = await startPostgres();
await server.createDatabase('prof');
const baton = await startServerProcess({
  DATABASE_URL: server.urlFor('prof'),
  BATON_ADMIN_TOKEN: TOKEN,
  BATON_POLICY: path.resolve(import.meta.dirname, '../test/fixtures/policy.yaml'),
}, [], ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
const url = `${baton.url}/api/v1/leads`;
const n = Number(values.leads);
const result = await closedLoop(n, 32, (i) =>
  post(url, TOKEN, { email: `p${i}@c${i % 300}.example.com`, title: 'VP Sales', company: { name: `C ${i % 300}`, size: i % 2 ? 5000 : 80, country: 'US' }, event: { type: i % 3 ? 'form_submitted' : 'demo_requested' } }),
);
console.log(`${Math.round(result.perSecond)} leads/s while profiling`);
await baton.stop();
await server.stop();

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as { nodes: Node[] };
const self = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  total += hits;
  const where = node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/work\/main\//, '');
  const key = `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + hits);
}
const byModule = new Map<string, number>();
for (const [key, hits] of self) {
  const mod = key.split(' ')[1]!.split('/').slice(0, 2).join('/');
  byModule.set(mod, (byModule.get(mod) ?? 0) + hits);
}
console.log('\nself time by module:');
for (const [mod, hits] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${mod}`);
console.log('\nself time by function:');
for (const [key, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
