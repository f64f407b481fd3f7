import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BoundedMap } from '../core/bounded-map';
import { isFileIndexFrozen, isRegularFile } from '../core/file-index';
import { mayReadModule } from '../core/read-boundary';
import { parseJsonc } from '../core/jsonc';
import { statStamp } from '../core/stamp';

// The module aliases of the nearest tsconfig.json or jsconfig.json: `compilerOptions.paths` (`@/*` -> `./src/*`)
// and `baseUrl`, as TypeScript resolves a non-relative specifier with them (module resolution: the best-matching
// `paths` pattern and only its targets, else the name under `baseUrl`; node_modules is never followed here).

/** One `paths` key: `prefix*suffix`, or exact (`suffix` null), with its targets as absolute paths (a `*` kept). */
interface Pattern {
  prefix: string;
  suffix: string | null;
  targets: string[];
}

/** What a config says of non-relative specifiers. */
export interface Aliases {
  patterns: Pattern[];
  baseUrl: string | null;
  /** The start of a quoted string that may name a module through these aliases (a regex source): a superset. */
  scan: string;
}

interface Options {
  baseUrl?: string;
  paths?: Record<string, unknown>;
  /** The folder `paths` is relative to without a `baseUrl`: that of the config that set it (TS 4.1). */
  pathsBase?: string;
}

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];
const MAX_EXTENDS = 8;
const MAX_TOP_NAMES = 400;
const TAIL = `[^'"\`\\r\\n]{0,300}`;

function objectOf(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The config file at `path` as an object, with the files read for it; undefined when it cannot be read. */
function readConfig(path: string, read: string[]): Record<string, unknown> | undefined {
  if (!isRegularFile(path) || !mayReadModule(path)) return undefined;
  try {
    read.push(`${path}=${statStamp(statSync(path))}`);
    return objectOf(parseJsonc(readFileSync(path, 'utf8')));
  } catch {
    return undefined;
  }
}

/** `extends: "./base"` or `"../tsconfig.base.json"`: the file it names; a package's config is not read. */
function extendedPath(dir: string, name: unknown): string | undefined {
  if (typeof name !== 'string' || !/^\.\.?[\\/]/.test(name)) return undefined;
  const path = resolve(dir, name);
  return isRegularFile(path) || path.endsWith('.json') ? path : `${path}.json`;
}

// TypeScript 5.5: `${configDir}` in `baseUrl` or a `paths` target stands for the folder of the config in use (the
// one that extends, where the template is written in the one extended).
const CONFIG_DIR = /\$\{configDir\}/g;

function inConfigDir(value: string, leaf: string): string {
  return value.replace(CONFIG_DIR, () => leaf);
}

function pathsIn(paths: Record<string, unknown>, leaf: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, targets] of Object.entries(paths)) out[key] = Array.isArray(targets) ? targets.map((t) => (typeof t === 'string' ? inConfigDir(t, leaf) : t)) : targets;
  return out;
}

/**
 * The options of the config at `path`, those it extends merged under its own (TypeScript's `extends`); `leaf`: the
 * folder of the config in use.
 */
function optionsOf(path: string, read: string[], depth = 0, seen = new Set<string>(), leaf = dirname(path)): Options | undefined {
  if (depth > MAX_EXTENDS || seen.has(path)) return undefined;
  seen.add(path);
  const json = readConfig(path, read);
  if (!json) return undefined;
  const dir = dirname(path);
  let options: Options = {};
  for (const name of Array.isArray(json.extends) ? json.extends : [json.extends]) {
    const base = extendedPath(dir, name);
    const inherited = base && optionsOf(base, read, depth + 1, seen, leaf);
    if (inherited) options = { ...options, ...inherited };
  }
  const own = objectOf(json.compilerOptions);
  if (typeof own?.baseUrl === 'string') options.baseUrl = resolve(dir, inConfigDir(own.baseUrl, leaf));
  const paths = objectOf(own?.paths);
  if (paths) options = { ...options, paths: pathsIn(paths, leaf), pathsBase: dir };
  if (depth === 0 && !options.paths && options.baseUrl === undefined) return referencedOptions(json, dir, read, seen) ?? options;
  return options;
}

/**
 * A config that only lists project references (Vite's and create-vue's `tsconfig.json` -> `tsconfig.app.json`):
 * the first referenced config that sets `paths` or `baseUrl`.
 */
function referencedOptions(json: Record<string, unknown>, dir: string, read: string[], seen: Set<string>): Options | undefined {
  if (!Array.isArray(json.references)) return undefined;
  for (const ref of json.references) {
    const to = objectOf(ref)?.path;
    if (typeof to !== 'string') continue;
    const at = resolve(dir, to);
    const config = at.endsWith('.json') ? at : join(at, 'tsconfig.json');
    const options = optionsOf(config, read, 1, seen, dirname(config));
    if (options && (options.paths || options.baseUrl !== undefined)) return options;
  }
  return undefined;
}

function escaped(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The names a specifier can start with to resolve under `baseUrl`: its folders and source files. */
function topNames(baseUrl: string): string[] | null {
  if (!mayReadModule(baseUrl)) return [];
  try {
    const names = new Set<string>();
    for (const e of readdirSync(baseUrl, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      if (!e.isFile()) names.add(e.name);
      else if (/\.[cm]?[jt]sx?$/.test(e.name)) names.add(e.name.replace(/\.[^.]+$/, ''));
    }
    return names.size > MAX_TOP_NAMES ? null : [...names];
  } catch {
    return [];
  }
}

function aliasesFrom(options: Options): Aliases | null {
  const patterns: Pattern[] = [];
  const base = options.baseUrl ?? options.pathsBase;
  for (const [key, targets] of Object.entries(options.paths ?? {})) {
    const star = key.indexOf('*');
    // TypeScript ignores a key or target with more than one `*`.
    if (star !== key.lastIndexOf('*') || !Array.isArray(targets) || base === undefined) continue;
    const valid = targets.filter((t): t is string => typeof t === 'string' && t.indexOf('*') === t.lastIndexOf('*'));
    if (valid.length) patterns.push({ prefix: star < 0 ? key : key.slice(0, star), suffix: star < 0 ? null : key.slice(star + 1), targets: valid.map((t) => resolve(base, t)) });
  }
  const baseUrl = options.baseUrl ?? null;
  if (!patterns.length && baseUrl === null) return null;
  const starts = patterns.map((p) => escaped(p.prefix));
  const top = baseUrl === null ? [] : topNames(baseUrl);
  // Too many names, or a key that starts with `*`: any string.
  if (top === null || starts.includes('')) return { patterns, baseUrl, scan: `(?!\\.)[^'"\`\\r\\n]{1,300}` };
  for (const name of top) starts.push(`${escaped(name)}(?![^'"\`/.])`);
  return { patterns, baseUrl, scan: starts.length ? `(?:${starts.join('|')})${TAIL}` : '' };
}

interface Found {
  aliases: Aliases | null;
  /** The files read, with their stamps: outside a run, the answer holds while they do. */
  read: string[];
}

// Within a run, by folder: the aliases the nearest config gives. Outside one, by config file, checked by stamps.
const byFolder = new BoundedMap<string, Aliases | null>(4_096);
const byConfig = new Map<string, Found>();

function holds(found: Found): boolean {
  return found.read.every((r) => {
    const at = r.lastIndexOf('=');
    try {
      return statStamp(statSync(r.slice(0, at))) === r.slice(at + 1);
    } catch {
      return false;
    }
  });
}

function aliasesOfConfig(path: string): Aliases | null {
  const known = byConfig.get(path);
  if (known && (isFileIndexFrozen() || holds(known))) return known.aliases;
  const read: string[] = [];
  const options = optionsOf(path, read);
  const aliases = options ? aliasesFrom(options) : null;
  // The listing a `baseUrl` gives: a folder added there changes what a specifier may name.
  if (aliases?.baseUrl) read.push(`${aliases.baseUrl}=${stampOf(aliases.baseUrl)}`);
  byConfig.set(path, { aliases, read });
  return aliases;
}

function stampOf(path: string): string {
  try {
    return statStamp(statSync(path));
  } catch {
    return '-';
  }
}

/**
 * The aliases of the nearest tsconfig.json or jsconfig.json (tsconfig first) in the folder `dir` (absolute) or
 * above it: null when it sets none, or cannot be read (src/core/read-boundary.ts).
 */
export function aliasesOf(dir: string): Aliases | null {
  const frozen = isFileIndexFrozen();
  const known = frozen ? byFolder.get(dir) : undefined;
  if (known !== undefined) return known;
  const config = CONFIG_NAMES.map((n) => join(dir, n)).find(isRegularFile);
  const parent = dirname(dir);
  const aliases = config ? (mayReadModule(config) ? aliasesOfConfig(config) : null) : parent === dir ? null : aliasesOf(parent);
  if (frozen) byFolder.set(dir, aliases);
  return aliases;
}

/**
 * The paths a non-relative `specifier` may name through `aliases`, before extensions are tried, in TypeScript's
 * order: the targets of the exact key, else of the wildcard key with the longest prefix; without a matching key,
 * the name under `baseUrl`. `weak` when only `baseUrl` or a bare `*` key gives them: any package's name matches.
 */
export function aliasTargets(aliases: Aliases, specifier: string): { targets: string[]; weak: boolean } {
  let best: Pattern | undefined;
  for (const p of aliases.patterns) {
    if (p.suffix === null) {
      if (p.prefix === specifier) return { targets: p.targets, weak: false };
    } else if (specifier.length >= p.prefix.length + p.suffix.length && specifier.startsWith(p.prefix) && specifier.endsWith(p.suffix)) {
      if (!best || p.prefix.length > best.prefix.length) best = p;
    }
  }
  if (best) {
    const star = specifier.slice(best.prefix.length, specifier.length - best.suffix!.length);
    return { targets: best.targets.map((t) => resolve(t.replace('*', star))), weak: best.prefix === '' && best.suffix === '' };
  }
  // A URL-like name (`node:fs`, `virtual:x`) or a rooted path is no module under baseUrl.
  const under = aliases.baseUrl !== null && !specifier.includes(':') && !/^[\\/]/.test(specifier);
  return { targets: under ? [resolve(aliases.baseUrl!, specifier)] : [], weak: true };
}
