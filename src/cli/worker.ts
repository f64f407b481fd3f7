import { parentPort, resourceLimits, workerData } from 'node:worker_threads';
import { freezeImportGraph } from '../catalogue/import-graph';
import { seedModuleRecords } from '../catalogue/module-facts';
import { restoreReadRoots } from '../core/read-boundary';
import { cacheTypeScriptCompile } from './code-cache';
import { collectGarbage, heapUsedMb } from './heap';
import { type Done, ParkingLot, RECYCLE_SHARE, runOrPark, type Job, type PoolSettings } from './pool';

// A worker thread of the pool: each message is a batch of jobs (or 'settle': settle every parked job), answered
// with their outcomes in order (null for a job parked), the outcomes of parked jobs settled meanwhile (in the
// order they were parked), and the heap this thread holds (the pool replaces a worker whose engines keep too much).
const settings = workerData as PoolSettings;
cacheTypeScriptCompile();
restoreReadRoots(settings.readRoots);
freezeImportGraph();
seedModuleRecords(settings.modules);

/**
 * The heap this thread keeps, MB. The heap in use also counts garbage not yet collected, which would have the
 * pool replace a worker for nothing (and pay for TypeScript and the shared modules again): over the replacing
 * share of the cap, garbage is collected first and the heap measured again.
 */
function keptMb(): number {
  const cap = resourceLimits.maxOldGenerationSizeMb;
  if (!cap || heapUsedMb() <= cap * RECYCLE_SHARE) return heapUsedMb();
  collectGarbage();
  return heapUsedMb();
}

const lot = new ParkingLot(settings);

parentPort!.on('message', (message: Job[] | 'settle') => {
  let done: (Done | null)[] = [];
  if (message === 'settle') lot.settle();
  else done = message.map((job) => runOrPark(job, settings, lot));
  parentPort!.postMessage({ done, settled: lot.settled.splice(0), heapMb: keptMb() });
});
