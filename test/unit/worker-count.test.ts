import { expect, test } from 'vitest';
import { workerCount } from '../../src/cli/pool';

test('--workers 1, or one file, runs in this thread; N starts N threads, no more than the files', () => {
  expect(workerCount(1, 500, 8)).toBe(0);
  expect(workerCount(4, 1, 8)).toBe(0);
  expect(workerCount(4, 500, 8)).toBe(4);
  expect(workerCount(16, 3, 8)).toBe(3);
});

test('auto: one thread per core, one per 100 files at most; this thread where that makes one, or on two cores', () => {
  expect(workerCount('auto', 99, 8)).toBe(0);
  expect(workerCount('auto', 150, 8)).toBe(0);
  expect(workerCount('auto', 250, 8)).toBe(2);
  expect(workerCount('auto', 5000, 8)).toBe(8);
  expect(workerCount('auto', 5000, 3)).toBe(3);
  expect(workerCount('auto', 5000, 2)).toBe(0);
  expect(workerCount('auto', 5000, 1)).toBe(0);
  expect(workerCount(2, 5000, 2)).toBe(2);
});
