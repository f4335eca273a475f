/**
 * Gathers work that arrives while every lane is busy into groups, each run as one unit (one
 * transaction): group commit, done by the application. An item that finds a lane free runs at
 * once, alone, so a quiet server answers exactly as fast as before; under load the items that
 * queued while a group ran go together in the next one, and a commit's fixed costs (the round
 * trips, the WAL flush, every wake-up of both processes) are shared by the group.
 *
 * Items whose keys collide (the same person, the same idempotency key) never share a group: the
 * later one waits for the next, so a group never holds one row twice.
 */

export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface GroupQueueOptions {
  /** Groups running at once. */
  lanes: number;
  /** Items in one group at most. */
  maxGroup: number;
}

interface Waiting<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export class GroupQueue<T, R> {
  private readonly waiting: Waiting<T, R>[] = [];
  private busy = 0;

  /**
   * `run` settles every item of a group, in order (one item's failure is its own); `keys` are
   * what an item holds, `alone` says whether items may be grouped right now.
   */
  constructor(
    private readonly run: (items: readonly T[]) => Promise<Settled<R>[]>,
    private readonly keys: (item: T) => readonly string[],
    private readonly options: GroupQueueOptions,
    private readonly alone: () => boolean = () => false,
  ) {
    if (options.lanes < 1 || options.maxGroup < 1) throw new Error('a group queue needs at least one lane and one item a group');
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  /** Items waiting for a lane. */
  get queued(): number {
    return this.waiting.length;
  }

  private pump(): void {
    while (this.busy < this.options.lanes && this.waiting.length > 0) {
      const group = this.take();
      this.busy++;
      this.run(group.map((w) => w.item))
        .then(
          (results) => group.forEach((w, i) => {
            const result = results[i];
            if (!result) w.reject(new Error('the group ended without settling this item'));
            else if (result.ok) w.resolve(result.value);
            else w.reject(result.error);
          }),
          (error: unknown) => group.forEach((w) => w.reject(error)),
        )
        .finally(() => {
          this.busy--;
          this.pump();
        });
    }
  }

  /** The oldest waiting items whose keys do not collide, up to maxGroup, in arrival order. */
  private take(): Waiting<T, R>[] {
    const max = this.alone() ? 1 : this.options.maxGroup;
    const taken: Waiting<T, R>[] = [];
    const held = new Set<string>();
    for (let i = 0; i < this.waiting.length && taken.length < max; ) {
      const waiting = this.waiting[i]!;
      const keys = this.keys(waiting.item);
      if (keys.some((k) => held.has(k))) {
        i++;
        continue;
      }
      for (const k of keys) held.add(k);
      taken.push(waiting);
      this.waiting.splice(i, 1);
    }
    return taken;
  }
}
