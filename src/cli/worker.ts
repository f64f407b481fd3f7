import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { freezeImportGraph, seedModuleRecords } from '../catalogue/import-graph';
import { restoreReadRoots } from '../core/read-boundary';
import { cacheTypeScriptCompile } from './code-cache';
import { runJob, type Job, type PoolSettings } from './pool';

// A worker thread of the pool: each message is a batch of jobs, answered with their outcomes in order and
// the heap this thread holds (the pool replaces a worker whose engines keep too much).
const settings = workerData as PoolSettings;
cacheTypeScriptCompile();
restoreReadRoots(settings.readRoots);
freezeImportGraph();
seedModuleRecords(settings.modules);
parentPort!.on('message', (jobs: Job[]) => {
  const done = jobs.map((job) => runJob(job, settings));
  parentPort!.postMessage({ done, heapMb: getHeapStatistics().used_heap_size / 2 ** 20 });
});
