import { expect, test } from 'vitest';
import { batchTaker, planWorkers } from '../../src/cli/pool';

const files = (php: number, js: number) => ({ php, js });
const threads = (workers: number, byLanguage = false) => ({ workers, byLanguage });

test('--workers 1, or one file, runs in this thread; N starts N threads, no more than the files', () => {
  expect(planWorkers(1, files(250, 250), 8)).toEqual(threads(0));
  expect(planWorkers(4, files(0, 1), 8)).toEqual(threads(0));
  expect(planWorkers(4, files(300, 200), 8)).toEqual(threads(4));
  expect(planWorkers(16, files(1, 2), 8)).toEqual(threads(3));
  expect(planWorkers(2, files(5000, 0), 2)).toEqual(threads(2));
});

test('auto: one thread per core, one per 100 files at most; this thread where that makes one', () => {
  expect(planWorkers('auto', files(50, 49), 8)).toEqual(threads(0));
  expect(planWorkers('auto', files(100, 50), 8)).toEqual(threads(0));
  expect(planWorkers('auto', files(125, 125), 8)).toEqual(threads(2));
  expect(planWorkers('auto', files(2500, 2500), 8)).toEqual(threads(8));
  expect(planWorkers('auto', files(0, 5000), 3)).toEqual(threads(3));
});

test('auto on two cores: one worker per language when the run has 100 files of each, else this thread', () => {
  expect(planWorkers('auto', files(2500, 2500), 2)).toEqual(threads(2, true));
  expect(planWorkers('auto', files(100, 100), 2)).toEqual(threads(2, true));
  expect(planWorkers('auto', files(99, 5000), 2)).toEqual(threads(0));
  expect(planWorkers('auto', files(5000, 99), 2)).toEqual(threads(0));
  expect(planWorkers('auto', files(0, 5000), 2)).toEqual(threads(0));
  expect(planWorkers('auto', files(2500, 2500), 1)).toEqual(threads(0));
});

/** Stretches of one-job batches: `php` and `js` jobs, numbered on from 0 across both. */
const stretches = (php: number, js: number): number[][][] => [
  Array.from({ length: php }, (_, i) => [i]),
  Array.from({ length: js }, (_, i) => [php + i]),
];

test('one worker per language: the JS worker, its own files done, takes PHP batches from the end; the PHP worker never takes JS files', () => {
  const st = stretches(4, 2);
  const [php, js] = st as [number[][], number[][]];
  const taker = batchTaker(st, threads(2, true));
  expect([taker.take(js), taker.take(js)]).toEqual([[4], [5]]);
  expect(taker.take(php)).toEqual([0]);
  expect(taker.workLeftFor(js)).toBe(true);
  expect(taker.take(js)).toEqual([3]);
  expect([taker.take(php), taker.take(php)]).toEqual([[1], [2]]);
  expect(taker.take(js)).toBeUndefined();
  expect(taker.workLeftFor(js)).toBe(false);
});

test('one worker per language: the PHP worker, its files done, waits for none of the JS worker\'s', () => {
  const st = stretches(1, 3);
  const [php] = st as [number[][]];
  const taker = batchTaker(st, threads(2, true));
  expect(taker.take(php)).toEqual([0]);
  expect(taker.workLeftFor(php)).toBe(false);
  expect(taker.take(php)).toBeUndefined();
  expect(taker.left()).toBe(3);
});

test('workers of one stretch each: one done takes from the end of the longest left; a retry comes first', () => {
  const st = [[[0], [1]], [[2], [3], [4], [5]], [[6]]];
  const taker = batchTaker(st, threads(3));
  const [a, , c] = st as [number[][], number[][], number[][]];
  expect(taker.take(c)).toEqual([6]);
  expect(taker.take(c)).toEqual([5]);
  taker.retries.push([9]);
  expect(taker.take(a)).toEqual([9]);
  expect([taker.take(a), taker.take(a), taker.take(a)]).toEqual([[0], [1], [4]]);
  expect(taker.left()).toBe(2);
});
