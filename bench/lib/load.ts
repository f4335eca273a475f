/** Load generation for benchmarks: closed loop (max throughput) and open loop (latency at a rate). */
import { Agent, request } from 'undici';

export interface Sample {
  status: number;
  ms: number;
}

const agent = new Agent({ connections: 128, pipelining: 1, keepAliveTimeout: 30_000 });

function postRaw(url: string, token: string, body: unknown) {
  return request(url, {
    method: 'POST',
    dispatcher: agent,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export async function post(url: string, token: string, body: unknown): Promise<Sample> {
  const started = performance.now();
  const res = await postRaw(url, token, body);
  await res.body.dump();
  return { status: res.statusCode, ms: performance.now() - started };
}

/** As `post`, returning the answer's JSON body too. */
export async function postJson<T>(url: string, token: string, body: unknown): Promise<Sample & { body: T }> {
  const started = performance.now();
  const res = await postRaw(url, token, body);
  return { status: res.statusCode, body: (await res.body.json()) as T, ms: performance.now() - started };
}

/** Sends `count` requests with `concurrency` in flight; returns requests per second. */
export async function closedLoop(count: number, concurrency: number, send: (i: number) => Promise<Sample>): Promise<{ perSecond: number; samples: Sample[] }> {
  const samples: Sample[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) samples.push(await send(next++));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: count / seconds, samples };
}

/**
 * Sends at a fixed rate regardless of how fast answers come (no coordinated omission): each
 * request's latency counts from when it was due, not from when it was sent.
 */
export async function openLoop(ratePerSecond: number, seconds: number, send: (i: number) => Promise<Sample>): Promise<{ samples: Sample[]; achieved: number }> {
  const total = Math.round(ratePerSecond * seconds);
  const interval = 1000 / ratePerSecond;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  const samples: Sample[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      send(i).then((s) => {
        samples.push({ status: s.status, ms: performance.now() - due });
      }),
    );
  }
  await Promise.all(inflight);
  return { samples, achieved: total / ((performance.now() - started) / 1000) };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
