import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { freezeImportGraph } from '../catalogue/import-graph';
import { ConfigError, type ResolvedConfig } from '../config/config';
import { applyBaseline, BaselineError, writeBaseline } from '../core/baseline';
import { readRoots, setReadRoots } from '../core/read-boundary';
import { loadConfig, PACKAGE_KEY } from '../config/load';
import { PACKAGE } from '../package-info';
import { parseArgs, UsageError, type CliOptions } from './args';
import { collectFiles } from './files';
import { FORMATTERS } from './formatters/index';
import { HELP } from './help';
import { cacheFileFor, cacheKey, LintCache } from './cache';
import { lintStdin, type RunSettings } from './lint-files';
import { errorCode, Log } from './log';
import { displayPath } from './paths';
import { answerFromCache, runJobs, type Done } from './pool';
import { quietConfig, totalsOf, type FileResult } from './results';
import { writeNamedFile } from '../core/write-file';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function say(line: string): void {
  process.stderr.write(`http-timeout-lint: ${line.replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
}

/** The config without the setup modules that cannot be read, each named in a notice: the run goes on without them. */
function readableSetup(config: ResolvedConfig, log: Log): ResolvedConfig {
  const setup = config.setup.filter((path) => {
    try {
      readFileSync(path);
      return true;
    } catch (err) {
      log.notice(path, `setup module cannot be read (${errorCode(err)}); the run goes on without it`);
      return false;
    }
  });
  return setup.length === config.setup.length ? config : { ...config, setup };
}

async function readStdin(): Promise<Buffer> {
  if (process.stdin.isTTY) throw new UsageError('--stdin was given but standard input is a terminal; pipe the text in');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function lintAll(options: CliOptions, settings: RunSettings, cwd: string, log: Log, configBase: string): Promise<FileResult[]> {
  if (options.stdin) {
    const result = lintStdin(await readStdin(), resolve(cwd, options.stdinFilename!), settings, log);
    return result ? [result] : [];
  }
  const targets = collectFiles(
    options.paths,
    { cwd, config: settings.config, configBase, ignorePatterns: options.ignorePatterns, useIgnores: options.ignore },
    log,
  );
  const cache = options.cache ? new LintCache(cacheFileFor(cwd, options.cacheLocation), cacheKey(settings.config, settings.lint)).load(log) : null;
  const jobs = targets.map((target) => ({ target, cached: cache?.get(target.realPath) }));
  // Outcomes arrive in any order; they are reported in file order, each as soon as those before it are in.
  const done: (Done | undefined)[] = new Array(jobs.length);
  const results: FileResult[] = [];
  let next = 0;
  const pool = { run: settings, cwd, useCache: cache !== null, readRoots: readRoots(), modules: cache?.modules() };
  const accept = (i: number, d: Done): void => {
    done[i] = d;
    for (; next < done.length && done[next]; next++) {
      const { result, entry, log: record } = done[next]!;
      done[next] = undefined;
      log.replay(record);
      if (result) results.push(result);
      if (entry) cache!.set(jobs[next]!.target.realPath, entry);
    }
    if (d.modules && cache) cache.addModules(d.modules);
  };
  // Files the cache answers for are done here; only the others are worth starting workers for.
  const checked = answerFromCache(jobs, pool, accept);
  if (checked) cache!.addModules(checked);
  const pending = jobs.flatMap((_, i) => (done[i] || i < next ? [] : [i]));
  await runJobs(pending.map((i) => jobs[i]!), pool, options.workers, (k, d) => accept(pending[k]!, d));
  cache?.save(log);
  return results;
}

// The process's own streams by name: opened anew, a stream that is a socket (as a parent process may give) fails.
const STREAMS: Record<string, NodeJS.WriteStream> = {
  '/dev/stdout': process.stdout, '/dev/fd/1': process.stdout, '/proc/self/fd/1': process.stdout,
  '/dev/stderr': process.stderr, '/dev/fd/2': process.stderr, '/proc/self/fd/2': process.stderr,
};

function emit(report: string, options: CliOptions, cwd: string): boolean {
  if (options.outputFile === undefined) {
    if (report) process.stdout.write(report.endsWith('\n') ? report : `${report}\n`);
    return true;
  }
  const file = resolve(cwd, options.outputFile);
  const stream = STREAMS[file];
  if (stream) {
    stream.write(report);
    return true;
  }
  try {
    writeNamedFile(file, report);
    return true;
  } catch (err) {
    say(`cannot write the report to ${options.outputFile} (${errorCode(err)})`);
    return false;
  }
}

// A file whose fix could not be written was linted: it is not counted among the paths that could not be.
function failureSummary(log: Log): string {
  const unlinted = log.failed.filter((f) => f.kind === 'lint').length;
  const unwritten = log.failures - unlinted;
  const parts = [];
  if (unlinted) parts.push(`${unlinted} ${unlinted === 1 ? 'path' : 'paths'} could not be linted`);
  if (unwritten) parts.push(`${unwritten} ${unwritten === 1 ? 'fix' : 'fixes'} could not be written`);
  return parts.join('; ');
}

function exitStatus(results: readonly FileResult[], maxWarnings: number, log: Log): number {
  if (log.failures) {
    say(`${failureSummary(log)} (see above)`);
    return 2;
  }
  const { errorCount, warningCount } = totalsOf(results);
  const tooManyWarnings = maxWarnings >= 0 && warningCount > maxWarnings;
  if (!errorCount && tooManyWarnings) say(`too many warnings: ${warningCount} (maximum: ${maxWarnings})`);
  return errorCount || tooManyWarnings ? 1 : 0;
}

function recordBaseline(results: readonly FileResult[], file: string, log: Log, cwd: string): number {
  const baseline = writeBaseline(file, results);
  const count = Object.values(baseline.files).reduce((n, prints) => n + prints.length, 0);
  say(`recorded ${count} ${count === 1 ? 'finding' : 'findings'} in ${displayPath(cwd, file)}`);
  // A baseline never holds a parse error: said here, or the first --baseline run fails for a reason never shown.
  const broken = results.flatMap((r) => r.messages.filter((m) => m.fatal).map((m) => `${displayPath(cwd, r.filePath)}:${m.line}`));
  if (broken.length) {
    const shown = broken.length > 3 ? `${broken.slice(0, 3).join(', ')}, …` : broken.join(', ');
    const one = broken.length === 1;
    say(`not recorded: ${broken.length} parse ${one ? 'error' : 'errors'} (${shown}); --baseline runs report ${one ? 'it' : 'them'} until ${one ? 'it is' : 'they are'} fixed`);
  }
  return log.failures ? exitStatus(results, -1, log) : 0;
}

async function main(argv: readonly string[], cwd: string): Promise<number> {
  const options = parseArgs(argv);
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (options.version) {
    process.stdout.write(`${PACKAGE.version}\n`);
    return 0;
  }
  // One run reads each imported module once; --fix changes only timeouts, never which clients a module names.
  freezeImportGraph();
  const given = options.stdin ? [options.stdinFilename!] : options.paths.length ? options.paths : ['.'];
  const loaded = loadConfig(cwd, options.config);
  // A setup module's folder is read too: the config names it, wherever the run was started.
  const roots = given.map((p) => ({ path: resolve(cwd, p), isFile: isFile(resolve(cwd, p)) || options.stdin }));
  setReadRoots(cwd, [...roots, ...loaded.config.setup.map((path) => ({ path, isFile: true }))]);
  if (loaded.ignored) say(`using ${displayPath(cwd, loaded.file!)}; the "${PACKAGE_KEY}" key of ${displayPath(cwd, loaded.ignored)} beside it is ignored`);
  const log = new Log(cwd, (line) => process.stderr.write(line));
  const config = readableSetup(loaded.config, log);
  const settings: RunSettings = {
    config: options.quiet ? quietConfig(config) : config,
    mode: options.fix ? 'fix' : options.fixDryRun ? 'dry-run' : 'lint',
    lint: { noPrefilter: !options.prefilter, eslintComments: true },
  };
  let results = await lintAll(options, settings, cwd, log, loaded.baseDir);
  if (options.baselineWrite !== undefined) return recordBaseline(results, resolve(cwd, options.baselineWrite), log, cwd);
  // --fix still fixes every finding; the baseline decides what is reported and the exit status.
  if (options.baseline !== undefined) results = applyBaseline(results, resolve(cwd, options.baseline));
  const color = options.outputFile === undefined && process.stdout.isTTY === true && !process.env.NO_COLOR;
  const workspace = process.env.GITHUB_WORKSPACE ? resolve(process.env.GITHUB_WORKSPACE) : undefined;
  const report = FORMATTERS[options.format](results, { cwd, color, failures: log.failed, notices: log.noted, ...(workspace && { workspace }) });
  if (!emit(report, options, cwd)) return 2;
  if (settings.mode === 'dry-run' && options.format !== 'json') sayDryRun(results);
  return exitStatus(results, options.maxWarnings, log);
}

// Only json shows the fixed text: elsewhere a dry run lists the problems left after the fixes, which may be none,
// and a reader would take the silence, and exit status 0, for a clean tree.
function sayDryRun(results: readonly FileResult[]): void {
  const changed = results.filter((r) => r.output !== undefined).length;
  if (!changed) say('--fix-dry-run: no file would change');
  else say(`--fix-dry-run: ${changed} ${changed === 1 ? 'file' : 'files'} would change (not written); the problems shown are those the fixes leave; --format json shows the fixed text`);
}

// A reader that goes away (`| head`) is not our failure; anything else on stdout is.
function onStdoutError(err: NodeJS.ErrnoException): void {
  if (err.code === 'EPIPE') return;
  say(`cannot write the report to stdout (${errorCode(err)})`);
  process.exitCode = 2;
}

/** Runs the CLI on `argv` (without node and script); resolves to the exit status. */
export async function run(argv: string[]): Promise<number> {
  if (!process.stdout.listeners('error').includes(onStdoutError)) process.stdout.on('error', onStdoutError);
  try {
    return await main(argv, process.cwd());
  } catch (err) {
    if (err instanceof UsageError) say(`${err.message} (see --help)`);
    else if (err instanceof ConfigError || err instanceof BaselineError) say(err.message);
    else say(`internal error: ${(err as Error)?.stack?.split('\n')[0] ?? String(err)}`);
    return 2;
  }
}
