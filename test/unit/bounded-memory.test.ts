import { expect, test } from 'vitest';
import { BoundedMap } from '../../src/core/bounded-map';
import { collectGarbage, HeapBound, heapUsedMb } from '../../src/cli/heap';

test('a BoundedMap forgets its oldest entries beyond its bound, and an update is no new entry', () => {
  const m = new BoundedMap<string, number>(3);
  for (const [i, k] of ['a', 'b', 'c'].entries()) m.set(k, i);
  m.set('a', 10); // an update: nothing is forgotten
  expect([...m]).toEqual([['a', 10], ['b', 1], ['c', 2]]);
  m.set('d', 3);
  expect([...m.keys()]).toEqual(['b', 'c', 'd']);
  expect(m.get('a')).toBeUndefined();
  m.set('e', 4).set('f', 5);
  expect([...m.keys()]).toEqual(['d', 'e', 'f']);
  expect(m.size).toBe(3);
});

test('HeapBound collects once the heap is over its bound, and not below it', () => {
  collectGarbage(); // no garbage of earlier tests in what follows
  const bound = new HeapBound(Math.ceil(heapUsedMb()) + 16);
  // About 30-50 MB, kept while it is made (so it reaches the old generation), then dropped: garbage only a full
  // collection frees.
  let big: { i: number; s: string }[] | null = Array.from({ length: 600_000 }, (_, i) => ({ i, s: `item ${i}` }));
  expect(big).toHaveLength(600_000);
  big = null;
  const before = heapUsedMb();
  bound.check();
  expect(heapUsedMb()).toBeLessThan(before - 10);
  // Now the bound is twice what is kept (at least its floor): a check below it does nothing.
  const after = heapUsedMb();
  bound.check();
  expect(heapUsedMb()).toBeGreaterThanOrEqual(after);
});
