import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// Which major versions of an npm package a file runs with: the copy Node would load for it (the nearest
// node_modules/<name>), else the range the nearest package.json that lists it allows. Read only where a client's
// option depends on it (node-fetch 3 dropped `timeout`), so no answer is kept between calls: an editor sees an
// upgrade at once. A run with --cache records what it read (see `versionsRead`) and checks it again.

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

/**
 * The majors of package `name` the file at `fromFile` runs with, or null when nothing says (no package.json lists
 * it, a range such as `2 || 3`, a file that is no path).
 */
export function packageMajors(fromFile: string, name: string): [number, number] | null {
  const answer = lookup(fromFile, name);
  const key = resolve(fromFile);
  let noted = read.get(key);
  if (!noted) read.set(key, (noted = new Map()));
  noted.set(name, answer ? answer.join('-') : '?');
  return answer;
}

function lookup(fromFile: string, name: string): [number, number] | null {
  if (!fromFile || fromFile.startsWith('<')) return null; // ESLint's '<input>', '<text>'
  let dir = dirname(resolve(fromFile));
  for (let depth = 0; depth < 64; depth++) {
    const installed = readJson(join(dir, 'node_modules', name, 'package.json'));
    if (installed && typeof installed.version === 'string') return majorsOf(installed.version);
    const pkg = readJson(join(dir, 'package.json'));
    const range = pkg ? declared(pkg, name) : undefined;
    if (range !== undefined) return majorsOf(range);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/**
 * What the file's result read of package versions, as text for its cache entry ('' when nothing): the entry
 * holds while `versionsHold` finds the same.
 */
export function versionsRead(file: string): string {
  const noted = read.get(resolve(file));
  return noted ? [...noted].map(([name, majors]) => `${name}@${majors}`).sort().join(',') : '';
}

/** Whether the package versions recorded as `recorded` (versionsRead) still read the same for `file`. */
export function versionsHold(file: string, recorded: string): boolean {
  if (!recorded) return true;
  return recorded.split(',').every((item) => {
    const at = item.lastIndexOf('@');
    const answer = lookup(file, item.slice(0, at));
    return (answer ? answer.join('-') : '?') === item.slice(at + 1);
  });
}
