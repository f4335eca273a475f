/**
 * Readers of the event log on real PostgreSQL, where transactions run side by side: a reader in
 * the middle of a batch does not hold another reader back, two processes reading for the same
 * reader never hand an event over twice, and lockReader waits for a batch in progress.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BatonApp } from '../../src/app.js';
import { submitLead } from '../../src/intake/submit-lead.js';
import { lockReader, tailOnce, type TailEvent } from '../../src/store/event-tail.js';
import { twoAppsOnOneDatabase } from '../support/two-apps.js';

const POLICY = path.resolve(import.meta.dirname, '../fixtures/handoff-policy.yaml');
const apps = twoAppsOnOneDatabase(POLICY, { logger: false, workers: false });

const lead = (email: string) => ({ email, first_name: 'Ada', company: { name: 'Fabrikam', size: 420, country: 'US' }, event: { type: 'demo_requested' as const } });
const submit = (app: BatonApp, email: string) => submitLead(app.deps, lead(email), { actor: 'test' });
const readAll = async (app: BatonApp, name: string, seen: TailEvent[]) => {
  while ((await tailOnce(app.deps.db, name, async (_tx, events) => void seen.push(...events), 50, new Date())) > 0) {
    // until caught up
  }
};

/** A batch of `name` that has started and stays open until release(); done resolves with its size. */
const openBatch = async (app: BatonApp, name: string) => {
  let release!: () => void;
  let started!: () => void;
  const inBatch = new Promise<void>((resolve) => (started = resolve));
  const done = tailOnce(app.deps.db, name, async () => {
    started();
    await new Promise<void>((resolve) => (release = resolve));
  }, 50, new Date());
  await inBatch;
  return { done, release };
};

describe('event log readers side by side', () => {
  it('a reader in the middle of its batch does not hold another reader back', async () => {
    await readAll(apps.a, 'slow-reader', []);
    await readAll(apps.a, 'quick-reader', []);
    await submit(apps.a, 'first@fabrikam.com');
    const { done: slow, release } = await openBatch(apps.a, 'slow-reader');
    // Committed while the slow reader's batch is still open: the quick reader sees it at once.
    const { body } = await submit(apps.b, 'second@fabrikam.com');
    const seen: TailEvent[] = [];
    await readAll(apps.b, 'quick-reader', seen);
    release();
    await slow;
    expect(seen.map((e) => e.lead_id)).toContain(body.id);
  });

  it('lockReader waits for the reader’s batch in progress, and no batch starts while it is held', async () => {
    await submit(apps.a, 'locked@fabrikam.com');
    const { done: batch, release } = await openBatch(apps.a, 'locked-reader');
    let locked = false;
    let unlock!: () => void;
    const holder = apps.b.deps.db.transaction().execute(async (tx) => {
      await lockReader(tx, 'locked-reader');
      locked = true;
      await new Promise<void>((resolve) => (unlock = resolve));
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(locked).toBe(false); // the batch is still open
    release();
    expect(await batch).toBeGreaterThan(0);
    await expect.poll(() => locked).toBe(true);
    await submit(apps.a, 'later@fabrikam.com');
    expect(await tailOnce(apps.a.deps.db, 'locked-reader', async () => undefined, 50, new Date())).toBe(0); // held: no batch
    unlock();
    await holder;
    expect(await tailOnce(apps.a.deps.db, 'locked-reader', async () => undefined, 50, new Date())).toBeGreaterThan(0);
  });

  it('two processes reading for one reader hand each event over once', async () => {
    for (let i = 0; i < 40; i++) await submit(i % 2 ? apps.a : apps.b, `race${i}@fabrikam.com`);
    const seen: TailEvent[] = [];
    const handler = async (_tx: unknown, events: readonly TailEvent[]) => {
      seen.push(...events);
      await new Promise((r) => setTimeout(r, 5));
    };
    const reader = async (app: BatonApp) => {
      for (let idle = 0; idle < 3; ) idle = (await tailOnce(app.deps.db, 'shared-reader', handler, 7, new Date())) > 0 ? 0 : idle + 1;
    };
    await Promise.all([reader(apps.a), reader(apps.b), reader(apps.a), reader(apps.b)]);
    const ids = seen.map((e) => e.id);
    const all = await apps.a.deps.db.selectFrom('lead_events').select('id').execute();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(all.length);
  });
});
