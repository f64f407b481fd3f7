import { expect, test } from 'vitest';
import { planWorkers } from '../../src/cli/pool';

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
