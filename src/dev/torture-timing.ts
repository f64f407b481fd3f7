import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freezeImportGraph } from '../catalogue/import-graph';
import { DEFAULT_CONFIG } from '../config/config';
import { processTarget } from '../cli/lint-files';
import { Log } from '../cli/log';

/** Per-file times of a one-thread lint of the corpus, and its peak memory. */
export interface Timing {
  seconds: number;
  rssMb: number;
  limitSeconds: number;
  slowest: { file: string; ms: number }[];
  over: string[];
  crashes: string[];
}

const LIMIT_SECONDS = 10;

function timeFiles(files: readonly string[]): Timing {
  const times: { file: string; ms: number }[] = [];
  const crashes: string[] = [];
  const log = new Log('/', (line) => {
    if (/internal error/.test(line)) crashes.push(line.trim());
  });
  freezeImportGraph(); // as a CLI run does
  const settings = { config: DEFAULT_CONFIG, mode: 'lint' as const, lint: {} };
  const start = process.hrtime.bigint();
  for (const file of files) {
    const t = process.hrtime.bigint();
    processTarget({ path: file, realPath: file }, settings, log);
    times.push({ file, ms: Number(process.hrtime.bigint() - t) / 1e6 });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  times.sort((a, b) => b.ms - a.ms);
  const over = times.filter((t) => t.ms > LIMIT_SECONDS * 1000).map((t) => t.file);
  return { seconds, rssMb: process.resourceUsage().maxRSS / 1024, limitSeconds: LIMIT_SECONDS, slowest: times.slice(0, 10), over, crashes };
}

/** Lints every file in one thread of a fresh process and times each (the list goes through stdin). */
export function timeEachFile(files: readonly string[]): Timing {
  const r = spawnSync(process.execPath, [join(__dirname, 'torture-timing.js')], { input: files.join('\n'), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) {
    return { seconds: 0, rssMb: 0, limitSeconds: LIMIT_SECONDS, slowest: [], over: [], crashes: [`the timing process died (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`] };
  }
  return JSON.parse(r.stdout) as Timing;
}

if (require.main === module) {
  const input = require('node:fs').readFileSync(0, 'utf8') as string;
  process.stdout.write(JSON.stringify(timeFiles(input.split('\n').filter(Boolean))));
}
