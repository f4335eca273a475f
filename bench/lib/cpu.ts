/**
 * CPU time of processes, from /proc (Linux): stable under contention where wall-clock throughput
 * is not, so benchmarks report CPU-seconds per unit of work beside their rates.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

let ticksPerSecond: number | undefined;
function hz(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

interface Stat {
  ppid: number;
  /** utime + stime, in seconds. */
  own: number;
  /** cutime + cstime (children already reaped), in seconds. */
  reaped: number;
}

function stat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces: fields after it start past the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const n = (i: number) => Number(fields[i - 3]);
  return { ppid: n(4), own: (n(14) + n(15)) / hz(), reaped: (n(16) + n(17)) / hz() };
}

/**
 * CPU-seconds used so far by a process and all its children, live or exited (a PostgreSQL
 * postmaster and its backends; a server and any workers it forks). A child that exits between
 * two readings moves from "live" to the parent's reaped time, so differences stay right.
 */
export function treeCpuSeconds(rootPid: number): number {
  const root = stat(rootPid);
  if (!root) return Number.NaN;
  let total = root.own + root.reaped;
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (!s) continue;
    const list = children.get(s.ppid) ?? [];
    list.push(Number(entry));
    children.set(s.ppid, list);
  }
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      const s = stat(child);
      if (s) total += s.own;
      walk(child);
    }
  };
  walk(rootPid);
  return total;
}

/** This process's own CPU-seconds (the load generator). */
export function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export interface CpuMeter {
  /** CPU-seconds each watched process used since the meter started. */
  read(): Record<string, number>;
}

/** Starts counting CPU for the named process trees (and this process as "load"). */
export function cpuMeter(pids: Record<string, number>): CpuMeter {
  const sample = () => {
    const out: Record<string, number> = { load: selfCpuSeconds() };
    for (const [name, pid] of Object.entries(pids)) out[name] = treeCpuSeconds(pid);
    return out;
  };
  const start = sample();
  return {
    read: () => {
      const now = sample();
      return Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - start[k]!]));
    },
  };
}

/** The PostgreSQL server's postmaster (its backends are its children), for cpuMeter. */
export async function postmasterPid(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ data_directory: string }>('show data_directory');
    return Number((await readFile(path.join(rows[0]!.data_directory, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  } finally {
    await client.end();
  }
}
