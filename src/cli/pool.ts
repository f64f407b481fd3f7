import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { isMainThread, Worker } from 'node:worker_threads';
import { seedModuleRecords, takeModuleRecords, type ModuleRecord } from '../catalogue/module-facts';
import type { CacheEntry } from './cache';
import { languageOf, type Language } from '../engines/registry';
import { HeapBound } from './heap';
import type { Target } from './files';
import { processTarget, settleTarget, unchangedHit, type Parking, type Processed, type RunSettings, type Waiting } from './lint-files';
import { recordingLog, type LogRecord } from './log';

/** One file to process, with its cache entry from an earlier run. */
export interface Job {
  target: Target;
  cached?: CacheEntry;
  /** The cache entry's stamp was checked (`answerFromCache`) and does not hold: the file is read. */
  stampChecked?: boolean;
}

/** What came of a job: the result, the entry to cache, and the log lines, replayed in file order. */
export interface Done extends Processed {
  log: LogRecord;
  /** Modules read and hashed for the job (for the cache's module records). */
  modules?: Record<string, ModuleRecord>;
}

/** A job left waiting by `runJob`, with the log of its first reading. */
export interface Parked {
  job: Job;
  waiting: Waiting;
  log: LogRecord;
}

/** Everything a worker needs besides its jobs; plain data. */
export interface PoolSettings {
  run: RunSettings;
  cwd: string;
  useCache: boolean;
  /** Where imported modules may be read from (src/core/read-boundary.ts). */
  readRoots: string[] | null;
  /** The cache's module records from earlier runs. */
  modules?: Record<string, ModuleRecord>;
}

// Below this many files, starting workers (each loads the engines again) costs more than it saves.
const MIN_FILES_PER_WORKER = 100;
const MAX_BATCH = 32;
// A worker's heap is capped, so that memory stays flat however many files a run has (V8 collects sooner
// instead of growing); a file too big to lint within it is linted again in the main thread, which has no cap.
// Whole corpus at 2x, two workers: 128 MB peaked at 350-402 MB, 112 MB at 345, in the same time; 96 MB at 330,
// but 15% slower (workers replaced more often). A worker that takes every JS/TS file of a run (`byLanguage`)
// keeps more of the modules they import: 160 MB (whole corpus: 3.8 s, 335 MB peak; at 4x 12.3 s, 375 MB; with
// 112 MB 3.9 s and 14.2 s).
/** The heap cap of a worker, MB: HTTP_TIMEOUT_LINT_WORKER_HEAP_MB, or 112 (160 for a worker per language). */
function workerHeapMb(plan: WorkerPlan): number {
  const set = Number(process.env.HTTP_TIMEOUT_LINT_WORKER_HEAP_MB);
  if (Number.isInteger(set) && set >= 16) return set;
  return plan.byLanguage ? 160 : 112;
}
// A worker's young generation, MB: small, so that the syntax trees of files done are collected young instead of
// being promoted and held until the old generation fills (whole corpus: 430 -> 357 MB peak, the same time).
// Two workers, one per language, collect less often with more (whole corpus: 32 MB, 4.5 s against 4.8 s).
function youngMb(plan: WorkerPlan): number {
  return plan.byLanguage ? 32 : 12;
}
// What a worker keeps between files (parsed modules, import facts) is bounded; one that still keeps four fifths
// of its cap after a batch and a full collection (worker.ts) is replaced by a fresh one.
export const RECYCLE_SHARE = 0.8;

/** Runs one job in this thread. */
export function runJob(job: Job, p: PoolSettings): Done {
  return runOrPark(job, p)!;
}

/**
 * Runs one job in this thread. Given a `parking`, a JS file whose outcome rests on the modules it imports is
 * parked there instead (and null returned).
 */
export function runOrPark(job: Job, p: PoolSettings, parking?: ParkingLot): Done | null {
  const { log, record } = recordingLog(p.cwd);
  const out = processTarget(job.target, p.run, log, p.useCache, job.cached, job.stampChecked, parking);
  if (out.waiting) {
    parking!.parked.push({ job, waiting: out.waiting, log: record() });
    return null;
  }
  const modules = takeModuleRecords();
  return { ...out, log: record(), ...(modules && { modules }) };
}

/**
 * Where a thread parks the files that name no client but import modules, until the next file it lints or its
 * last job: settled together, each module among the files seen by then is not read again for them, and the
 * modules they judge are parsed close to the files linted near them (the engine keeps the last few parsed).
 */
export class ParkingLot implements Parking {
  readonly parked: Parked[] = [];
  /** Outcomes of parked jobs, in the order they were parked, not yet handed on. */
  readonly settled: Done[] = [];

  constructor(private readonly p: PoolSettings) {}

  beforeLint(): void {
    this.settle();
  }

  settle(): void {
    for (const w of this.parked.splice(0)) this.settled.push(settleJob(w, this.p));
  }
}

/** The outcome of a parked job. */
export function settleJob(parked: Parked, p: PoolSettings): Done {
  const { log, record } = recordingLog(p.cwd);
  const { reread, ...out } = settleTarget(parked.job.target, p.run, log, parked.waiting, p.useCache, parked.job.cached);
  const modules = takeModuleRecords();
  // Read again, the file has logged its reading again; otherwise what its first reading logged stands.
  const now = record();
  // What either reading said of other files (LogRecord.once) is said in any case.
  const once = [...(parked.log.once ?? []), ...(now.once ?? [])];
  const logged = { ...(reread ? now : { lines: [...parked.log.lines, ...now.lines], noted: [...parked.log.noted, ...now.noted], failed: [...parked.log.failed, ...now.failed] }), ...(once.length && { once }) };
  return { ...out, log: logged, ...(modules && { modules }) };
}

/** Runs `jobs` in this thread, parking those that wait (`ParkingLot`). */
function runHere(jobs: readonly Job[], p: PoolSettings, onDone: (i: number, d: Done) => void): void {
  const lot = new ParkingLot(p);
  const at: number[] = [];
  const handOn = (): void => {
    for (const d of lot.settled.splice(0)) onDone(at.shift()!, d);
  };
  jobs.forEach((job, i) => {
    const done = runOrPark(job, p, lot);
    handOn();
    if (done) onDone(i, done);
    else at.push(i);
  });
  lot.settle();
  handOn();
}

/**
 * In this thread, the outcomes of the jobs whose cache entries still hold (by stamp: a stat, and one of each
 * module a JS file imports), without reading them; the others are marked for the pool. A warm run then starts
 * no worker for the files nothing has changed. Returns the module records made while checking those others.
 */
export function answerFromCache(jobs: Job[], p: PoolSettings, onDone: (i: number, d: Done) => void): Record<string, ModuleRecord> | undefined {
  if (!p.useCache) return undefined;
  seedModuleRecords(p.modules);
  let left: Record<string, ModuleRecord> | undefined;
  jobs.forEach((job, i) => {
    if (!job.cached?.stamp) return;
    const { log, record } = recordingLog(p.cwd);
    const out = unchangedHit(job.target, job.cached, p.run, log);
    const modules = takeModuleRecords();
    if (!out) {
      job.stampChecked = true;
      if (modules) Object.assign((left ??= {}), modules);
      return;
    }
    onDone(i, { ...out, log: record(), ...(modules && { modules }) });
  });
  return left;
}

// `auto` starts a worker per core only with more cores than this. Two virtual CPUs are often the two
// hyperthreads of one core: there two threads that parse slow each other down about as much as they gain (two
// TypeScript parses side by side each took 1.7x as long as one alone), and each thread loads the engines, warms
// them up (runs them before V8 has optimized them) and reads the modules its files import on its own. The
// benchmark's corpus at 4x took 31-32 s with two workers (53-55 s of CPU) and 24-25 s in one thread (29-30 s of
// CPU); its JS/TS part alone, and its PHP part alone, took as long with two workers as in one thread.
const MIN_CORES_FOR_WORKERS = 3;

/**
 * The cores `auto` plans for: HTTP_TIMEOUT_LINT_CORES, or what Node says this process may use (which does not
 * know a container's CPU quota).
 */
function coresAvailable(): number {
  const set = Number(process.env.HTTP_TIMEOUT_LINT_CORES);
  return Number.isInteger(set) && set >= 1 ? set : availableParallelism();
}

/** How the pool runs a set of jobs: `workers` threads (0: this thread); `byLanguage`: each takes one language's files. */
export interface WorkerPlan {
  workers: number;
  byLanguage: boolean;
}

/**
 * The worker threads to start for `counts` files of each language: `requested` (`--workers 1` is this thread),
 * or for `auto`, on a machine of three cores or more, one per core for a run of 100 files or more per core, and
 * this thread when that makes one. On fewer cores, `auto` runs a tree with 100 files or more of each language in
 * one worker per language: TypeScript is loaded, warmed up and fed modules once, and the two share the cores; the
 * JS worker, done first, then takes PHP files (`batchTaker`): the benchmark's corpus on two cores took about 6.9 s,
 * against 8.0 s when the JS worker stopped once its own files were done.
 */
export function planWorkers(requested: number | 'auto', counts: Readonly<Record<Language, number>>, cores = coresAvailable()): WorkerPlan {
  const files = counts.php + counts.js;
  if (requested === 'auto' && cores < MIN_CORES_FOR_WORKERS) {
    const split = cores > 1 && counts.php >= MIN_FILES_PER_WORKER && counts.js >= MIN_FILES_PER_WORKER;
    return { workers: split ? 2 : 0, byLanguage: split };
  }
  const n = requested === 'auto' ? Math.min(cores, Math.floor(files / MIN_FILES_PER_WORKER)) : Math.min(requested, files);
  return { workers: n > 1 ? n : 0, byLanguage: false };
}

// The heap of a run in this thread, which no cap bounds as a worker's is: V8 lets it grow to several times what
// the last full collection kept (the corpus at 4x: 611 MB peak RSS, of which about 105 MB kept). Growing it by
// half of that instead keeps it near what it keeps (4x: about 400 MB, in the same time).
const IN_THREAD_HEAP_GROWING_PERCENT = 50;

/** Bounds the heap of this thread's run (IN_THREAD_HEAP_GROWING_PERCENT); once per process. */
function boundThisThreadsHeap(): void {
  if (heapBounded || !isMainThread) return;
  heapBounded = true;
  setFlagsFromString(`--heap-growing-percent=${IN_THREAD_HEAP_GROWING_PERCENT}`);
}
let heapBounded = false;

// Under the test runner the sources are .ts and there is no worker script to start: run in this thread.
function workerScript(): string | null {
  const file = join(__dirname, 'worker.js');
  return existsSync(file) ? file : null;
}

function crashed(job: Job, p: PoolSettings, why: string): Done {
  const { log, record } = recordingLog(p.cwd);
  log.failure(job.target.path, `internal error: the worker stopped (${why})`);
  return { result: null, log: record() };
}

/** `indices` in batches of `size`. */
function batchesOf(indices: readonly number[], size: number): number[][] {
  const batches: number[][] = [];
  for (let i = 0; i < indices.length; i += size) batches.push(indices.slice(i, i + size));
  return batches;
}

/** The indices of the jobs of each language. */
function byLanguage(jobs: readonly Job[], p: PoolSettings): Record<Language, number[]> {
  const out: Record<Language, number[]> = { php: [], js: [] };
  jobs.forEach((job, i) => out[languageOf(job.target.path, p.run.config) === 'php' ? 'php' : 'js'].push(i));
  return out;
}

/**
 * Each worker's stretch of batches. By default each starts on its own stretch of the (sorted) files: files of one
 * folder import the same modules, which a worker then reads and parses once instead of every worker reading
 * them all. `byLanguage`: one stretch per language, of its files (`languages`): PHP's, then JS's.
 */
function stretchesOf(jobs: readonly Job[], plan: WorkerPlan, languages: Record<Language, number[]>): number[][][] {
  const { workers } = plan;
  const size = Math.max(1, Math.min(MAX_BATCH, Math.ceil(jobs.length / (workers * 8))));
  if (plan.byLanguage) return [batchesOf(languages.php, size), batchesOf(languages.js, size)];
  const batches = batchesOf(jobs.map((_, i) => i), size);
  return Array.from({ length: workers }, (_, k) =>
    batches.slice(Math.floor((k * batches.length) / workers), Math.floor(((k + 1) * batches.length) / workers)));
}

/** Which batch a worker takes next, of the stretches (`stretchesOf`) and the batches to retry. */
export interface BatchTaker {
  /** Batches of one job each, of a worker that died, to retry before any other. */
  retries: number[][];
  /** Batches not yet taken. */
  left: () => number;
  /** The next batch for the worker of stretch `own`: a retry, its own next, or one it may take from another. */
  take: (own: number[][]) => number[] | undefined;
  workLeftFor: (own: number[][]) => boolean;
}

/**
 * A worker done with its stretch takes batches from the end of the longest one left it may take from: any; with
 * one worker per language, the PHP worker's for the JS worker alone. The PHP engine loads in a few milliseconds
 * and has little to warm up: the JS files are most often done first (the benchmark's corpus: in 4 s of 8), and
 * the PHP worker would then run on alone. The TypeScript parser, loaded and warmed up a second time, would cost
 * the PHP worker more than it saves.
 */
export function batchTaker(stretches: number[][][], plan: WorkerPlan): BatchTaker {
  const retries: number[][] = [];
  const sharedWith = (own: number[][]): number[][][] => {
    if (!plan.byLanguage) return stretches;
    return own === stretches[1] ? [stretches[0]!] : [];
  };
  const count = (list: number[][][]): number => list.reduce((n, st) => n + st.length, 0);
  return {
    retries,
    left: () => retries.length + count(stretches),
    take: (own) => {
      if (retries.length) return retries.shift();
      if (own.length) return own.shift();
      return sharedWith(own).reduce<number[][]>((a, b) => (b.length > a.length ? b : a), []).pop();
    },
    workLeftFor: (own) => retries.length + own.length + count(sharedWith(own)) > 0,
  };
}

/**
 * Processes `jobs` with the workers `requested` (`planWorkers`), each taking batches from its own stretch; `onDone`
 * sees each job once, in any order, with its index. A worker settles the jobs it parked before it stops. A worker
 * that dies fails its batch's files alone (each retried once by itself); the jobs it parked are run here.
 */
export function runJobs(jobs: readonly Job[], p: PoolSettings, requested: number | 'auto', onDone: (i: number, d: Done) => void): Promise<void> {
  const languages = byLanguage(jobs, p);
  const plan = planWorkers(requested, { php: languages.php.length, js: languages.js.length });
  const script = workerScript();
  if (plan.workers === 0 || !script) {
    if (jobs.length >= MIN_FILES_PER_WORKER) boundThisThreadsHeap();
    seedModuleRecords(p.modules);
    runHere(jobs, p, onDone);
    return Promise.resolve();
  }
  const stretches = stretchesOf(jobs, plan, languages);
  const { retries, left, take, workLeftFor } = batchTaker(stretches, plan);
  let running = 0;
  const heapMb = workerHeapMb(plan);
  const mainHeap = new HeapBound();
  return new Promise((resolveAll) => {
    const start = (own: number[][]): void => {
      const w = new Worker(script, { workerData: p, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: youngMb(plan) } });
      let current: number[] | null = null;
      // The jobs it parked (in order), settled before it stops; and what to do once they are.
      const parked: number[] = [];
      let afterSettling: (() => void) | null = null;
      let finished = false;
      running++;
      const settleThen = (then: () => void): void => {
        if (!parked.length) return then();
        afterSettling = then;
        w.postMessage('settle');
      };
      const next = (): void => {
        current = take(own) ?? null;
        if (current) w.postMessage(current.map((i) => jobs[i]));
        else settleThen(stop);
      };
      let exited: Promise<unknown> = Promise.resolve();
      const stop = (): void => {
        if (finished) return;
        finished = true;
        running--;
        exited = w.terminate();
        if (!running && !left()) resolveAll();
      };
      w.on('message', (out: { done: (Done | null)[]; settled: Done[]; heapMb: number }) => {
        (current ?? []).forEach((i, k) => {
          const done = out.done[k];
          if (done) onDone(i, done);
          else parked.push(i);
        });
        current = null;
        for (const d of out.settled) onDone(parked.shift()!, d);
        mainHeap.check();
        if (afterSettling) {
          const then = afterSettling;
          afterSettling = null;
          return then();
        }
        if (out.heapMb <= heapMb * RECYCLE_SHARE || !workLeftFor(own)) return next();
        // The replacement starts once this one is gone, so the two heaps are never held at once.
        settleThen(() => {
          stop();
          void exited.then(() => {
            if (workLeftFor(own)) start(own);
          });
        });
      });
      const die = (why: string, outOfMemory = false): void => {
        if (finished) return;
        const lost = current ?? [];
        current = null;
        afterSettling = null;
        // Its parked jobs are judged here, at once.
        for (const i of parked.splice(0)) onDone(i, runJob(jobs[i]!, p));
        if (lost.length > 1) retries.unshift(...lost.map((i) => [i]));
        else for (const i of lost) onDone(i, outOfMemory ? runJob(jobs[i]!, p) : crashed(jobs[i]!, p, why));
        stop();
        if (workLeftFor(own)) start(own);
      };
      w.on('error', (err) => die(err?.message ?? String(err), (err as NodeJS.ErrnoException)?.code === 'ERR_WORKER_OUT_OF_MEMORY'));
      w.on('exit', (code) => die(`exit code ${code}`));
      next();
    };
    for (const own of stretches) if (own.length) start(own);
    if (!running && !left()) resolveAll();
  });
}
