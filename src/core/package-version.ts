import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isRegularFile } from './file-index';

// Which major (or major and minor) versions of an npm package a file runs with: the copy Node would load for it (the
// nearest node_modules/<name>), else the range the nearest package.json that lists it allows. And the oldest Node
// the nearest package.json's `engines.node` allows, for fixes that write an API newer Node versions added. Read only
// where an answer matters (node-fetch 3 dropped `timeout`, @reduxjs/toolkit 1.9 added one; AbortSignal.any came in
// Node 18.17 and 20.3), so no answer is kept between calls: an editor sees an upgrade at once. A run with --cache
// records what it read (see `versionsRead`) and checks it again.

/** The majors a version or range allows, [lowest, highest]; null when the text is not one read here. */
export function majorsOf(range: string): [number, number] | null {
  const t = range.trim();
  // One version or one caret, tilde or x-range: 3, 3.x, 3.3.2, ^3.1.0, ~3.0, =3.0.0, v3.1.0.
  const one = /^(?:[\^~=]|v)?\s*(\d+)(?:\.(?:\d+|[xX*])){0,2}(?:[-+][0-9A-Za-z.-]+)?$/.exec(t);
  if (one) return [Number(one[1]), Number(one[1])];
  // A lower bound alone: >=3.0.0, >3 (>3 allows 3.0.1, so its major too).
  const floor = /^>=?\s*v?(\d+)(?:\.(?:\d+|[xX*])){0,2}(?:[-+][0-9A-Za-z.-]+)?$/.exec(t);
  if (floor) return [Number(floor[1]), Infinity];
  return null;
}

/**
 * The [major, minor] versions a version or range allows, [lowest, highest] (Infinity where it leaves them open); null
 * when the text is not one read here. `^1.8.0` allows 1.8 and every later 1.x, `~1.8.2`, `1.8.x` and `1.8.6` 1.8
 * alone, `>=1.8` 1.8 and all after.
 */
export function versionsOf(range: string): [NodeVersion, NodeVersion] | null {
  const t = range.trim();
  const one = /^([\^~=]|v)?\s*(\d+)(?:\.(\d+|[xX*]))?(?:\.(?:\d+|[xX*]))?(?:[-+][0-9A-Za-z.-]+)?$/.exec(t);
  if (one) {
    const major = Number(one[2]);
    if (!/^\d/.test(one[3] ?? '')) return [[major, 0], [major, Infinity]];
    const minor = Number(one[3]);
    // A caret leaves the minor open from major 1 on (^0.8.1 allows 0.8 alone); a tilde or an x in the patch does not.
    return [[major, minor], [major, one[1] === '^' && major > 0 ? Infinity : minor]];
  }
  const floor = /^>=?\s*v?(\d+)(?:\.(\d+|[xX*]))?(?:\.(?:\d+|[xX*]))?(?:[-+][0-9A-Za-z.-]+)?$/.exec(t);
  if (floor) return [[Number(floor[1]), /^\d/.test(floor[2] ?? '') ? Number(floor[2]) : 0], [Infinity, Infinity]];
  return null;
}

function readJson(path: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

function declared(pkg: Record<string, unknown>, name: string): string | undefined {
  for (const field of DEPENDENCY_FIELDS) {
    const deps = pkg[field];
    const range = deps && typeof deps === 'object' ? (deps as Record<string, unknown>)[name] : undefined;
    if (typeof range === 'string') return range;
  }
  return undefined;
}

/** Per linted file, the packages whose version its result rests on, with what was read. */
const read = new Map<string, Map<string, string>>();

/** Records that the result for `fromFile` rests on package `name` reading as `answer` (see `versionsRead`). */
export function noteVersion(fromFile: string, name: string, answer: string): void {
  const key = resolve(fromFile);
  let noted = read.get(key);
  if (!noted) read.set(key, (noted = new Map()));
  noted.set(name, answer);
}

/** The name under which the Node floor is recorded beside package versions (no npm package has a space). */
const NODE = 'engines node';

/** A Node version, or a package's, as [major, minor]. */
export type NodeVersion = readonly [number, number];

/**
 * The oldest Node a semver range allows, as [major, minor] ([0, 0] when nothing bounds it from below); null when
 * the range holds something not read here (`lts/*`, a tag). `>=18.17 || ^20.3.0` allows 18.17 at the oldest.
 */
export function nodeFloorOf(range: string): NodeVersion | null {
  let floor: NodeVersion | null = null;
  for (const alternative of range.split('||')) {
    // A hyphen range `16.14 - 20` starts at its first version.
    const words = alternative.replace(/\s+-\s+.*$/, '').replace(/([<>=^~]+)\s+/g, '$1').trim().split(/\s+/).filter(Boolean);
    let lowest: NodeVersion = [0, 0];
    for (const word of words) {
      const m = /^(<=?|>=?|[\^~=])?v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(?:\d+|[xX*]))?(?:[-+][0-9A-Za-z.-]+)?$/.exec(word);
      if (!m && /^[xX*]$/.test(word)) continue;
      if (!m) return null;
      if (m[1]?.startsWith('<') || !/^\d/.test(m[2]!)) continue;
      const v: NodeVersion = [Number(m[2]), /^\d/.test(m[3] ?? '') ? Number(m[3]) : 0];
      if (compareVersions(v, lowest) > 0) lowest = v;
    }
    if (!floor || compareVersions(lowest, floor) < 0) floor = lowest;
  }
  return floor;
}

function compareVersions(a: NodeVersion, b: NodeVersion): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** The oldest Node the nearest package.json with an `engines.node` allows; null when none says or it is not read. */
export function nodeFloor(fromFile: string): NodeVersion | null {
  const answer = lookupNodeFloor(fromFile);
  noteVersion(fromFile, NODE, answer ? answer.join('.') : '?');
  return answer;
}

function lookupNodeFloor(fromFile: string): NodeVersion | null {
  if (!fromFile || fromFile.startsWith('<')) return null;
  let dir = dirname(resolve(fromFile));
  for (let depth = 0; depth < 64; depth++) {
    const engines = readJson(join(dir, 'package.json'))?.engines;
    const range = engines && typeof engines === 'object' ? (engines as Record<string, unknown>).node : undefined;
    if (typeof range === 'string') return nodeFloorOf(range);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/**
 * Whether every Node from `floor` on has an API added in the versions `since` lists, each the first of its line
 * (AbortSignal.any: [[18, 17], [20, 3]]: 18.17 and later 18s, 20.3 and every later major; not 19).
 */
export function nodeHas(floor: NodeVersion, since: readonly NodeVersion[]): boolean {
  const line = since.find((v) => v[0] === floor[0]);
  if (line) return floor[1] >= line[1];
  const newest = since[since.length - 1]!;
  return floor[0] > newest[0];
}

/**
 * The majors of package `name` the file at `fromFile` runs with, or null when nothing says (no package.json lists
 * it, a range such as `2 || 3`, a file that is no path).
 */
export function packageMajors(fromFile: string, name: string): [number, number] | null {
  const answer = lookup<[number, number]>(fromFile, name);
  noteVersion(fromFile, name, answer ? answer.join('-') : '?');
  return answer;
}

/**
 * The [major, minor] versions of package `name` the file at `fromFile` runs with, [lowest, highest], read as
 * `packageMajors` reads majors: for an option a minor release added (@reduxjs/toolkit 1.9's `timeout`).
 */
export function packageVersions(fromFile: string, name: string): [NodeVersion, NodeVersion] | null {
  const answer = lookup(fromFile, name, versionsOf);
  noteVersion(fromFile, `${MINORS}${name}`, versionsAnswer(answer));
  return answer;
}

/** The prefix of a `packageVersions` answer's name among the versions a file's result read (`versionsRead`). */
const MINORS = 'minors ';

function versionsAnswer(answer: [NodeVersion, NodeVersion] | null): string {
  return answer ? answer.map((v) => v.join('.')).join('-') : '?';
}

function lookup<T>(fromFile: string, name: string, read: (range: string) => T | null = majorsOf as (range: string) => T | null): T | null {
  if (!fromFile || fromFile.startsWith('<')) return null; // ESLint's '<input>', '<text>'
  let dir = dirname(resolve(fromFile));
  for (let depth = 0; depth < 64; depth++) {
    const installed = readJson(join(dir, 'node_modules', name, 'package.json'));
    if (installed && typeof installed.version === 'string') return read(installed.version);
    const pkg = readJson(join(dir, 'package.json'));
    const range = pkg ? declared(pkg, name) : undefined;
    if (range !== undefined) return read(range);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/**
 * Whether a package answers the bare `specifier` from the folder `dir`: installed in a node_modules above it, or
 * listed by a package.json there. Bundlers look in node_modules first for a bare name (webpack's
 * `resolve.modules`; Vite reads no `baseUrl`), so a file under a tsconfig's `baseUrl` that has a package's name
 * (`src/axios.js`, a wrapper that imports the package) is not what `axios` names.
 */
export function packageAnswers(dir: string, specifier: string): boolean {
  const name = specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
  for (let at = dir, depth = 0; depth < 64; at = dirname(at), depth++) {
    if (isRegularFile(join(at, 'node_modules', name, 'package.json'))) return true;
    const pkg = isRegularFile(join(at, 'package.json')) ? readJson(join(at, 'package.json')) : null;
    if (pkg && declared(pkg, name) !== undefined) return true;
    if (dirname(at) === at) break;
  }
  return false;
}

/**
 * What the file's result read of package versions, as text for its cache entry ('' when nothing): the entry
 * holds while `versionsHold` finds the same.
 */
export function versionsRead(file: string): string {
  const noted = read.get(resolve(file));
  return noted ? [...noted].map(([name, majors]) => `${name}@${majors}`).sort().join(',') : '';
}

/** What an npm package (or the Node floor) recorded as `name` reads as for `file` now, as `versionsRead` records it. */
export function npmAnswer(file: string, name: string): string {
  if (name === NODE) return lookupNodeFloor(file)?.join('.') ?? '?';
  if (name.startsWith(MINORS)) return versionsAnswer(lookup(file, name.slice(MINORS.length), versionsOf));
  const answer = lookup<[number, number]>(file, name);
  return answer ? answer.join('-') : '?';
}
