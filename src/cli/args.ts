export const FORMATS = ['stylish', 'json', 'sarif', 'github', 'gitlab'] as const;
export type Format = (typeof FORMATS)[number];

/** What the command line asked for. */
export interface CliOptions {
  paths: string[];
  format: Format;
  outputFile?: string;
  quiet: boolean;
  /** -1: no limit. */
  maxWarnings: number;
  config?: string;
  fix: boolean;
  fixDryRun: boolean;
  stdin: boolean;
  stdinFilename?: string;
  ignorePatterns: string[];
  ignore: boolean;
  prefilter: boolean;
  /** Worker threads; 1 = in this thread. */
  workers: number | 'auto';
  cache: boolean;
  cacheLocation?: string;
  /** Report only findings this baseline file does not hold. */
  baseline?: string;
  /** Record today's findings in this file instead of reporting them. */
  baselineWrite?: string;
  help: boolean;
  version: boolean;
}

/** Bad usage: the CLI prints the message on one line and exits 2. */
export class UsageError extends Error {}

type ValueKey =
  | 'format' | 'outputFile' | 'maxWarnings' | 'config' | 'stdinFilename' | 'ignorePattern' | 'workers' | 'cacheLocation'
  | 'baseline' | 'baselineWrite';
type FlagKey = 'quiet' | 'fix' | 'fixDryRun' | 'stdin' | 'noIgnore' | 'noPrefilter' | 'cache' | 'help' | 'version';

const VALUE_OPTIONS: Record<string, ValueKey> = {
  '--format': 'format',
  '-f': 'format',
  '--output-file': 'outputFile',
  '-o': 'outputFile',
  '--max-warnings': 'maxWarnings',
  '--config': 'config',
  '-c': 'config',
  '--stdin-filename': 'stdinFilename',
  '--ignore-pattern': 'ignorePattern',
  '--workers': 'workers',
  '--cache-location': 'cacheLocation',
  '--baseline': 'baseline',
  '--baseline-write': 'baselineWrite',
};

const FLAGS: Record<string, FlagKey> = {
  '--quiet': 'quiet',
  '--fix': 'fix',
  '--fix-dry-run': 'fixDryRun',
  '--stdin': 'stdin',
  '--no-ignore': 'noIgnore',
  '--no-prefilter': 'noPrefilter',
  '--cache': 'cache',
  '--help': 'help',
  '-h': 'help',
  '--version': 'version',
  '-v': 'version',
};

interface Raw {
  values: Partial<Record<Exclude<ValueKey, 'ignorePattern'>, string>>;
  ignorePatterns: string[];
  flags: Set<FlagKey>;
  paths: string[];
}

function readArgs(argv: readonly string[]): Raw {
  const raw: Raw = { values: {}, ignorePatterns: [], flags: new Set(), paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      raw.paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      raw.paths.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const flag = FLAGS[name];
    if (flag && eq < 0) {
      raw.flags.add(flag);
      continue;
    }
    const key = VALUE_OPTIONS[name];
    if (!key) throw new UsageError(flag ? `${name} takes no value` : `unknown option ${name}`);
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    if (key === 'ignorePattern') raw.ignorePatterns.push(value);
    else raw.values[key] = value; // the last one wins, so a script's default can be overridden
  }
  return raw;
}

function parseMaxWarnings(value: string | undefined): number {
  if (value === undefined) return -1;
  if (!/^(-1|\d+)$/.test(value)) throw new UsageError(`--max-warnings needs a whole number of 0 or more, not "${value}"`);
  return Number(value);
}

function parseWorkers(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  if (!/^[1-9]\d{0,3}$/.test(value)) throw new UsageError(`--workers needs "auto" or a whole number of 1 or more, not "${value}"`);
  return Number(value);
}

function parseFormat(value: string | undefined): Format {
  if (value === undefined) return 'stylish';
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${value}"`);
}

function checkCombinations(o: CliOptions): void {
  if (o.fix && o.fixDryRun) throw new UsageError('--fix and --fix-dry-run cannot be used together');
  // ESLint's rule: with --stdin there is no file to write; --fix-dry-run puts the fixed text in the report.
  if (o.stdin && o.fix) throw new UsageError('--fix cannot be used with --stdin; use --fix-dry-run --format json');
  if (o.stdin && o.paths.length) throw new UsageError('--stdin cannot be used with paths');
  if (o.stdin && o.stdinFilename === undefined) throw new UsageError('--stdin needs --stdin-filename to choose the language');
  if (!o.stdin && o.stdinFilename !== undefined) throw new UsageError('--stdin-filename needs --stdin');
  if (o.baselineWrite !== undefined && (o.fix || o.fixDryRun || o.stdin || o.baseline !== undefined)) {
    throw new UsageError('--baseline-write records findings as they are: it cannot be used with --fix, --fix-dry-run, --stdin or --baseline');
  }
}

/** Parses `[options] [paths...]`; throws UsageError with a one-line reason. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const raw = readArgs(argv);
  const has = (f: FlagKey) => raw.flags.has(f);
  const options: CliOptions = {
    paths: raw.paths,
    format: parseFormat(raw.values.format),
    outputFile: raw.values.outputFile,
    quiet: has('quiet'),
    maxWarnings: parseMaxWarnings(raw.values.maxWarnings),
    config: raw.values.config,
    fix: has('fix'),
    fixDryRun: has('fixDryRun'),
    stdin: has('stdin'),
    stdinFilename: raw.values.stdinFilename,
    ignorePatterns: raw.ignorePatterns,
    ignore: !has('noIgnore'),
    prefilter: !has('noPrefilter'),
    workers: parseWorkers(raw.values.workers),
    cache: has('cache'),
    cacheLocation: raw.values.cacheLocation,
    baseline: raw.values.baseline,
    baselineWrite: raw.values.baselineWrite,
    help: has('help'),
    version: has('version'),
  };
  if (!options.help && !options.version) checkCombinations(options);
  if (!options.stdin && !options.paths.length) options.paths = ['.'];
  return options;
}
