import * as fs from 'node:fs';
import * as path from 'node:path';
import { mayHoldFinding } from '../catalogue/prefilter';
import { buildCorpus, replicate, type Corpus } from './corpus';
import { compareFindings } from './bench-compare';
import { runCli, runNode, type CliRun } from './run-cli';

const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 3));
const TASKS = path.join(__dirname, 'bench-tasks.js');
const failures: string[] = [];

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function ok(r: CliRun, what: string): CliRun {
  if (r.code !== 0 && r.code !== 1) throw new Error(`${what} failed (exit ${r.code}):\n${r.stderr.slice(-3000)}`);
  return r;
}

/** `n` files spread evenly over those of `files` that `keep` accepts. */
function spread(files: readonly string[], n: number, keep: (f: string) => boolean): string[] {
  const kept = files.filter(keep);
  const step = Math.max(1, Math.floor(kept.length / n));
  return kept.filter((_, i) => i % step === 0).slice(0, n);
}

// The JS/TS files of the pre-commit run (f): five that name a client, pinned so that the run measures the same files
// from one version to the next. They were picked by spreading over the files the prefilter passed; spread afresh, a
// prefilter that turns more files away picks others (once two bundles of 200 KB and more instead of these).
const MIXED_JS = [
  '@anthropic-ai/sdk/internal/shims.js',
  '@supabase/auth-js/src/lib/helpers.ts',
  '@supabase/supabase-js/dist/index.mjs',
  'hpagent/test/node-fetch.test.js',
  'ofetch/dist/node.mjs',
];

/** The pinned JS/TS files of (f); each must name a client, or the run would not load TypeScript. */
function mixedJs(corpus: Corpus): string[] {
  const files = MIXED_JS.map((f) => path.join(corpus.jsDir, f));
  for (const f of files) if (!fs.existsSync(f) || !mentions(f)) throw new Error(`bench: ${f} is missing or names no client; rebuild the corpus (npm run corpus)`);
  return files;
}

function mentions(file: string): boolean {
  const lang = file.endsWith('.php') ? 'php' : 'js';
  return mayHoldFinding(lang, fs.readFileSync(file, 'utf8'));
}

interface Samples {
  [name: string]: CliRun[];
}

function measure(corpus: Corpus, tree: string, out: string): { samples: Samples; reports: Record<string, string> } {
  const cacheFile = path.join(out, 'cache');
  const cli = (extra: string[], report: string): CliRun =>
    ok(runCli(['--no-ignore', '-f', 'json', '-o', path.join(out, report), ...extra, tree]), report);
  const php10 = spread(corpus.php, 10, () => true);
  const mixed10 = [...spread(corpus.php, 5, () => true), ...mixedJs(corpus)];
  cli(['--cache', '--cache-location', cacheFile], 'prime.json');
  const samples: Samples = {};
  const add = (name: string, r: CliRun): void => void (samples[name] ??= []).push(r);
  for (let rep = 0; rep < REPS; rep++) {
    process.stderr.write(`bench: repetition ${rep + 1} of ${REPS}\n`);
    add('a', ok(runNode(TASKS, ['walk', tree]), 'walk'));
    add('b', ok(runNode(TASKS, ['parse', tree]), 'parse'));
    add('c', ok(runNode(TASKS, ['eslint', corpus.jsDir]), 'eslint'));
    add('h', ok(runNode(TASKS, ['floor', tree]), 'floor'));
    add('h-js', ok(runNode(TASKS, ['floor', corpus.jsDir]), 'floor, JS/TS part'));
    add('d', cli([], 'd.json'));
    add('d-js', ok(runCli(['--no-ignore', '-f', 'json', '-o', path.join(out, 'd-js.json'), corpus.jsDir]), 'JS/TS part'));
    add('e', cli(['--cache', '--cache-location', cacheFile], 'e.json'));
    add('f-php', ok(runCli(['--no-ignore', '-f', 'json', ...php10]), 'pre-commit PHP'));
    add('f-mixed', ok(runCli(['--no-ignore', '-f', 'json', ...mixed10]), 'pre-commit mixed'));
  }
  return { samples, reports: { d: path.join(out, 'd.json'), e: path.join(out, 'e.json') } };
}

/** How many files a floor run parsed (the task prints it). */
function parsedBy(runs: readonly CliRun[]): number {
  return (JSON.parse(runs[0]!.stdout) as { parsed: number }).parsed;
}

function row(label: string, seconds: number, extra = ''): string {
  return `  ${label.padEnd(52)} ${seconds.toFixed(2).padStart(8)} s  ${extra}`;
}

function target(label: string, value: number, limit: number, atMost: boolean, unit = ''): string {
  const met = atMost ? value <= limit : value >= limit;
  if (!met) failures.push(label);
  return `  ${label.padEnd(40)} ${value.toFixed(3).padStart(9)}${unit}  target ${atMost ? '<=' : '>='} ${limit}${unit}  ${met ? 'met' : 'MISSED'}`;
}

function scaling(corpus: Corpus, tree: string, out: string, base: CliRun[]): string[] {
  const lines = ['', 'scaling (http-timeout-lint, whole corpus copies, one run each)'];
  const d1 = median(base.map((r) => r.seconds));
  const rss1 = Math.max(...base.map((r) => r.rssMb));
  lines.push(`  1x  ${d1.toFixed(2).padStart(7)} s  ${(d1).toFixed(2)} s per copy  peak RSS ${rss1.toFixed(0)} MB`);
  for (const n of [2, 4]) {
    const dir = path.join(corpus.dir, 'scale', `x${n}`);
    replicate(corpus, dir, n);
    const r = ok(runCli(['--no-ignore', '-f', 'json', '-o', path.join(out, `x${n}.json`), dir]), `scale x${n}`);
    lines.push(`  ${n}x  ${r.seconds.toFixed(2).padStart(7)} s  ${(r.seconds / n).toFixed(2)} s per copy  peak RSS ${r.rssMb.toFixed(0)} MB`);
    if (r.rssMb > 400) failures.push(`peak RSS at ${n}x`);
  }
  void tree;
  return lines;
}

function main(): void {
  const corpus = buildCorpus();
  const tree = path.dirname(corpus.phpDir);
  const out = path.join(corpus.dir, 'bench');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const mb = corpus.bytes / 1e6;
  const { samples, reports } = measure(corpus, tree, out);
  const m = (k: string): number => median(samples[k]!.map((r) => r.seconds));
  const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map(m) as [number, number, number, number, number];
  const h = m('h');
  const rss = Math.max(...samples.d!.map((r) => r.rssMb), ...samples.e!.map((r) => r.rssMb));
  const lines = [
    `corpus: ${corpus.php.length} PHP + ${corpus.js.length} JS/TS files, ${mb.toFixed(1)} MB; medians of ${REPS} interleaved repetitions; wall time incl. Node start-up`,
    row('(a) walk and read every file', a, `${(mb / a).toFixed(0)} MB/s`),
    row('(b) parse every file (php-parser, TS createSourceFile)', b, `${(mb / b).toFixed(1)} MB/s`),
    row('(c) ESLint no-restricted-syntax, JS/TS part only', c),
    row('(d) http-timeout-lint, whole corpus', d, `peak RSS ${Math.max(...samples.d!.map((r) => r.rssMb)).toFixed(0)} MB`),
    row('(d) the same, JS/TS part only (as c)', m('d-js')),
    row('(e) the same, warm --cache', e),
    row('(f) 10 PHP files, pre-commit style', m('f-php'), samples['f-php']!.some((r) => r.loadedTypeScript) ? 'loaded TypeScript!' : 'TypeScript not loaded'),
    row('(f) 10 files, 5 of them JS/TS naming a client', m('f-mixed')),
    row('(g) peak RSS of (d) and (e)', 0, `${rss.toFixed(0)} MB`),
    row('(h) read, prefilter, parse what passes, as (d) does', h, `no analysis, one thread; ${parsedBy(samples.h!)} files`),
    row('(h) the same, JS/TS part only', m('h-js'), `${parsedBy(samples['h-js']!)} files`),
    '',
    'ratios and targets',
    target('d/a', d / a, Infinity, true),
    target('d/b', d / b, 0.25, true),
    target('c/d (JS/TS part of each)', c / m('d-js'), 20, false),
    target('e/d', e / d, 0.2, true),
    target('10 PHP files (s)', m('f-php'), 0.3, true),
    target('10 files with JS/TS (s)', m('f-mixed'), 0.8, true),
    target('peak RSS (MB)', rss, 400, true),
    '',
    'the floor (h): what (d) would take if its analysis cost nothing, in one thread',
    `  h/b ${(h / b).toFixed(3).padStart(40)}  (d/b <= 0.25 needs d <= ${(0.25 * b).toFixed(2)} s; h is ${h.toFixed(2)} s)`,
    `  c/h, JS/TS part ${(c / m('h-js')).toFixed(3).padStart(28)}  (c/d >= 20 needs d <= ${(c / 20).toFixed(2)} s; h is ${m('h-js').toFixed(2)} s)`,
  ];
  if (samples['f-php']!.some((r) => r.loadedTypeScript)) failures.push('a PHP-only run loaded TypeScript');
  lines.push(...compareFindings(reports, tree, out, failures));
  lines.push(...scaling(corpus, tree, out, samples.d!));
  lines.push('', failures.length ? `MISSED: ${failures.join(', ')}` : 'all targets met');
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = failures.length ? 1 : 0;
}

if (require.main === module) main();
