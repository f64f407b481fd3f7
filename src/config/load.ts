import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConfigError, DEFAULT_CONFIG, resolveConfig, type ResolvedConfig } from './config';

export const CONFIG_FILE = 'http-timeout-lint.config.json';
export const PACKAGE_KEY = 'http-timeout-lint';

/** The config in force, the file it came from (null: defaults), and the folder its ignore globs are relative to. */
export interface LoadedConfig {
  config: ResolvedConfig;
  file: string | null;
  baseDir: string;
  /** A package.json beside the config file whose "http-timeout-lint" key the search passed over, to be named. */
  ignored?: string;
}

function shown(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel) ? rel : file;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

function readJson(file: string, name: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${name}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const json = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(json);
  } catch (err) {
    throw new ConfigError(`${name}: not valid JSON${placeOf(json, (err as Error).message)} (${oneLine((err as Error).message)})`);
  }
}

// Node 20 names only an offset ("at position 4"): the line and column are what an editor goes to. Comments are
// the likeliest cause in a file that looks like tsconfig.json or .eslintrc.json, which allow them.
function placeOf(text: string, message: string): string {
  const at = /at position (\d+)/.exec(message);
  if (!at) return '';
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  const comment = /^\s*(\/\/|\/\*)/.test(text.slice(Number(at[1]))) ? '; comments are not JSON' : '';
  return ` at line ${line}, column ${column}${comment}`;
}

function fromFile(file: string, cwd: string): LoadedConfig {
  const name = shown(cwd, file);
  const raw = readJson(file, name);
  if (basename(file) !== 'package.json') return { config: resolveConfig(raw, name, dirname(file)), file, baseDir: dirname(file) };
  const section = (raw as Record<string, unknown> | null)?.[PACKAGE_KEY];
  if (section === undefined) throw new ConfigError(`${name}: has no "${PACKAGE_KEY}" key`);
  return { config: resolveConfig(section, `${name}#${PACKAGE_KEY}`, dirname(file)), file, baseDir: dirname(file) };
}

function hasPackageKey(file: string, cwd: string): boolean {
  const raw = readJson(file, shown(cwd, file));
  return typeof raw === 'object' && raw !== null && PACKAGE_KEY in raw;
}

// Only to name it: a package.json the config file beside it makes unread must not fail the run.
function shadowedKey(pkg: string, cwd: string): boolean {
  try {
    return existsSync(pkg) && hasPackageKey(pkg, cwd);
  } catch {
    return false;
  }
}

// `--config FILE` wins; otherwise the nearest http-timeout-lint.config.json or package.json with an
// "http-timeout-lint" key, from `cwd` upward (the first found, config file before package.json).
/** Finds and validates the config; throws ConfigError with one line naming the file and the bad key. */
export function loadConfig(cwd: string, explicit?: string): LoadedConfig {
  if (explicit !== undefined) return fromFile(resolve(cwd, explicit), cwd);
  for (let dir = cwd; ; dir = dirname(dir)) {
    const file = join(dir, CONFIG_FILE);
    const pkg = join(dir, 'package.json');
    if (existsSync(file)) return { ...fromFile(file, cwd), ...(shadowedKey(pkg, cwd) && { ignored: pkg }) };
    if (existsSync(pkg) && hasPackageKey(pkg, cwd)) return fromFile(pkg, cwd);
    if (dirname(dir) === dir) return { config: structuredClone(DEFAULT_CONFIG), file: null, baseDir: cwd };
  }
}
