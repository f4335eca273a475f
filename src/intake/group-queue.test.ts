import { describe, expect, it } from 'vitest';
import { GroupQueue, type Settled } from './group-queue.js';

interface Item {
  name: string;
  keys: string[];
}

/** A queue whose groups finish when the test says so, recording each group as it starts. */
function harness(lanes: number, maxGroup: number, alone = () => false) {
  const groups: string[][] = [];
  const finish: (() => void)[] = [];
  const queue = new GroupQueue<Item, string>(
    (items) =>
      new Promise<Settled<string>[]>((resolve) => {
        groups.push(items.map((i) => i.name));
        finish.push(() => resolve(items.map((i) => (i.name.startsWith('bad') ? { ok: false, error: new Error(`${i.name} failed`) } : { ok: true, value: `done ${i.name}` }))));
      }),
    (item) => item.keys,
    { lanes, maxGroup },
    alone,
  );
  const item = (name: string, ...keys: string[]) => ({ name, keys: keys.length > 0 ? keys : [name] });
  return { queue, groups, finish, item };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupQueue', () => {
  it('runs an item at once, alone, while a lane is free', async () => {
    const { queue, groups, finish, item } = harness(2, 10);
    const a = queue.submit(item('a'));
    expect(groups).toEqual([['a']]);
    finish[0]!();
    expect(await a).toBe('done a');
  });

  it('gathers the items that arrive while every lane is busy into the next group, in arrival order', async () => {
    const { queue, groups, finish, item } = harness(1, 10);
    const results = ['a', 'b', 'c', 'd'].map((n) => queue.submit(item(n)));
    expect(groups).toEqual([['a']]);
    finish[0]!();
    await tick();
    expect(groups).toEqual([['a'], ['b', 'c', 'd']]);
    finish[1]!();
    expect(await Promise.all(results)).toEqual(['done a', 'done b', 'done c', 'done d']);
  });

  it('keeps a group within maxGroup and the lanes busy with the rest', async () => {
    const { queue, groups, finish, item } = harness(2, 2);
    for (const n of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) void queue.submit(item(n));
    expect(groups).toEqual([['a'], ['b']]);
    expect(queue.queued).toBe(5);
    finish[0]!();
    await tick();
    expect(groups[2]).toEqual(['c', 'd']);
    finish[1]!();
    await tick();
    expect(groups[3]).toEqual(['e', 'f']);
    expect(queue.queued).toBe(1);
  });

  it('never puts two items holding the same key in one group: the later one waits for the next', async () => {
    const { queue, groups, finish, item } = harness(1, 10);
    void queue.submit(item('first'));
    void queue.submit(item('ada-1', 'email:ada'));
    void queue.submit(item('bo', 'email:bo', 'key:k1'));
    void queue.submit(item('ada-2', 'email:ada'));
    void queue.submit(item('cy', 'email:cy', 'key:k1'));
    void queue.submit(item('dee', 'email:dee'));
    finish[0]!();
    await tick();
    expect(groups[1]).toEqual(['ada-1', 'bo', 'dee']);
    finish[1]!();
    await tick();
    expect(groups[2]).toEqual(['ada-2', 'cy']);
  });

  it('settles each item with its own result: one failure fails only its item', async () => {
    const { queue, finish, item } = harness(1, 10);
    const first = queue.submit(item('first'));
    const good = queue.submit(item('good'));
    const bad = queue.submit(item('bad-one'));
    finish[0]!();
    await first;
    await tick();
    finish[1]!();
    expect(await good).toBe('done good');
    await expect(bad).rejects.toThrow('bad-one failed');
  });

  it('rejects every item of a group whose run throws, and goes on with the next group', async () => {
    let calls = 0;
    const queue = new GroupQueue<string, string>(
      async (items) => {
        if (calls++ === 0) throw new Error('the database went away');
        return items.map((i) => ({ ok: true, value: i }));
      },
      (i) => [i],
      { lanes: 1, maxGroup: 5 },
    );
    const a = queue.submit('a');
    const b = queue.submit('b');
    await expect(a).rejects.toThrow('the database went away');
    expect(await b).toBe('b');
  });

  it('runs one item a group while `alone` says so', async () => {
    let alone = true;
    const { queue, groups, finish, item } = harness(1, 10, () => alone);
    for (const n of ['a', 'b', 'c']) void queue.submit(item(n));
    finish[0]!();
    await tick();
    expect(groups).toEqual([['a'], ['b']]);
    alone = false;
    finish[1]!();
    await tick();
    expect(groups[2]).toEqual(['c']);
  });

  it('refuses a queue with no lanes', () => {
    expect(() => new GroupQueue<string, string>(async () => [], () => [], { lanes: 0, maxGroup: 1 })).toThrow(/at least one lane/);
  });
});
