import { expect, test } from 'vitest';
import { workerCount } from '../../src/cli/pool';

test('--workers 1, or one file, runs in this thread; N starts N threads, no more than the files', () => {
  expect(workerCount(1, 500, 8)).toBe(0);
  expect(workerCount(4, 1, 8)).toBe(0);
  expect(workerCount(4, 500, 8)).toBe(4);
  expect(workerCount(16, 3, 8)).toBe(3);
});

test('auto: this thread for a small run; else one worker fewer than the cores, at least one, one per 100 files', () => {
  expect(workerCount('auto', 99, 8)).toBe(0);
  expect(workerCount('auto', 150, 8)).toBe(1);
  expect(workerCount('auto', 5000, 8)).toBe(7);
  expect(workerCount('auto', 5000, 2)).toBe(1);
  expect(workerCount('auto', 5000, 1)).toBe(1);
  expect(workerCount('auto', 350, 8)).toBe(3);
});
