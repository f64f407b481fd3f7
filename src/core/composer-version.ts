import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BoundedMap } from './bounded-map';
import { isFileIndexFrozen, isRegularFile } from './file-index';
import { noteVersion } from './package-version';
import { sayOnce } from './run-notices';

// Which major versions of a Composer package a PHP file runs with: the version the nearest composer.lock that lists
// it pins, else the constraint the composer.json beside it (or the nearest above that lists it) allows. Read only
// where an answer matters (a library default that came in a later major). Within a CLI run each folder's manifests
// are read once; outside one (an editor) every question reads them again. A run with --cache records what it read
// (`versionsRead`) and checks it again.

/** The majors one version allows, read off its first number: `v8.83.27`, `8.x-dev`; null for `dev-master`. */
export function lockedMajors(version: string): [number, number] | null {
  const m = /^v?(\d+)(?:[.-]|$)/i.exec(version.trim());
  return m ? [Number(m[1]), Number(m[1])] : null;
}

// One constraint: an operator, a version of up to four parts (a part may be `*` or `x`), a stability suffix.
const TERM = /^(>=|<=|>|<|!=|==|=|\^|~)?v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-?(?:dev|alpha|beta|rc|a|b|p|pl|patch|stable)[.\d]*)?$/i;

/** The majors one constraint allows (Composer's semantics), [lowest, highest]; null when it is not one read here. */
function termMajors(term: string): [number, number] | null {
  if (/^[xX*]$/.test(term)) return [0, Infinity];
  const m = TERM.exec(term);
  if (!m) return null;
  const [, op = '', major, minor, patch] = m;
  if (!/^\d/.test(major!)) return op ? null : [0, Infinity];
  const x = Number(major);
  switch (op) {
    case '>=': case '>': return [x, Infinity];
    case '<=': return [0, x];
    case '!=': return [0, Infinity];
    // `<9`, `<9.0`, `<9.0.0` stop before 9; `<9.1` lets 9.0 in.
    case '<': return Number(minor ?? 0) > 0 || Number(patch ?? 0) > 0 ? [0, x] : x > 0 ? [0, x - 1] : null;
    // `^8.47`, `~8.0`, `~8`, `8.*`, `8.0.2`, `=8.0`: within major 8.
    default: return [x, x];
  }
}

/**
 * The majors a composer.json constraint allows, [lowest, highest]; null when it holds something not read here
 * (`dev-master`, a branch alias `dev-x as 8.0`). Alternatives (`|`, `||`) are joined, the terms of one (`,` or
 * blanks) intersected: `^8.0|^9.0` allows 8 to 9, `>=7.0 <9.0` 7 to 8.
 */
export function composerMajorsOf(constraint: string): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const alternative of constraint.split(/\s*\|\|?\s*/)) {
    let range: [number, number] = [0, Infinity];
    // A hyphen range `7.0 - 8.5` allows 7 to 8.
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(alternative.trim());
    const terms = hyphen ? [`>=${hyphen[1]}`, `<=${hyphen[2]}`] : alternative.replace(/([<>=!^~]+)\s+/g, '$1').split(/[\s,]+/).filter(Boolean);
    if (!terms.length) return null;
    for (const term of terms) {
      const t = termMajors(term.replace(/@\w+$/, ''));
      if (!t) return null;
      range = [Math.max(range[0], t[0]), Math.min(range[1], t[1])];
    }
    if (range[0] > range[1]) continue;
    lo = Math.min(lo, range[0]);
    hi = Math.max(hi, range[1]);
  }
  return lo <= hi ? [lo, hi] : null;
}

/** What a folder's manifests say: the packages composer.json requires and composer.lock pins; null when it has neither. */
interface Manifest {
  required: Map<string, string> | null;
  locked: Map<string, string> | null;
  /** composer.json is there but cannot be read: nothing above it is the project's to read instead. */
  unread: boolean;
}

const manifests = new BoundedMap<string, Manifest | null>(4_096);

function readObject(path: string): Record<string, unknown> | null | 'unread' {
  if (!isRegularFile(path)) return null;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    sayOnce(path, `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); the package versions it gives are not read`);
    return 'unread';
  }
  try {
    const v: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    sayOnce(path, 'holds no JSON object; the package versions it gives are not read');
  } catch (err) {
    sayOnce(path, `is not valid JSON (${(err as Error).message}); the package versions it gives are not read`);
  }
  return 'unread';
}

function stringsOf(value: unknown): [string, string][] {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string') : [];
}

function readManifest(dir: string): Manifest | null {
  const json = readObject(join(dir, 'composer.json'));
  const lock = readObject(join(dir, 'composer.lock'));
  if (!json && !lock) return null;
  // What the code runs with: `require` and the lock's `packages`. `require-dev` and `packages-dev` are a package's
  // own test install (a library that supports Laravel 8 to 10 and tests against 8).
  const required = json && json !== 'unread' ? new Map(stringsOf(json.require).map(([k, v]) => [k.toLowerCase(), v])) : null;
  let locked: Map<string, string> | null = null;
  if (lock && lock !== 'unread') {
    locked = new Map();
    for (const p of Array.isArray(lock.packages) ? lock.packages : []) {
      const { name, version } = (p ?? {}) as { name?: unknown; version?: unknown };
      if (typeof name === 'string' && typeof version === 'string') locked.set(name.toLowerCase(), version);
    }
  }
  return { required, locked, unread: json === 'unread' };
}

function manifestOf(dir: string): Manifest | null {
  if (!isFileIndexFrozen()) return readManifest(dir);
  let m = manifests.get(dir);
  if (m === undefined) manifests.set(dir, (m = readManifest(dir)));
  return m;
}

/** The package a file's manifests list, and the majors of it they give. */
export interface ComposerVersion {
  name: string;
  majors: [number, number];
}

function lookup(fromFile: string, packages: readonly string[]): ComposerVersion | null {
  if (!fromFile || fromFile.startsWith('<')) return null; // ESLint's '<input>', '<text>'
  let dir = dirname(resolve(fromFile));
  for (let depth = 0; depth < 64; depth++) {
    const m = manifestOf(dir);
    // The lock pins what the composer.json beside it allows; the first package listed wins (laravel/framework
    // before the illuminate/http it replaces).
    const pinned = packages.find((p) => m?.locked?.has(p));
    const required = pinned ? undefined : packages.find((p) => m?.required?.has(p));
    const majors = pinned ? lockedMajors(m!.locked!.get(pinned)!) : required ? composerMajorsOf(m!.required!.get(required)!) : undefined;
    if (majors !== undefined) return majors && { name: (pinned ?? required)!, majors };
    if (m?.unread) return null;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

function answerOf(v: ComposerVersion | null): string {
  return v ? `${v.name}:${v.majors.join('-')}` : '?';
}

/** The prefix of a composer answer's name among the versions a file's result read (`versionsRead`). */
export const COMPOSER = 'composer ';

/** `composerVersion`'s answer for `packages` (joined by `+`) as recorded for the cache. */
export function composerAnswer(fromFile: string, packages: string): string {
  return answerOf(lookup(fromFile, packages.split('+')));
}

/**
 * The first of `packages` (Composer names, lower case) that the nearest manifests list, with the majors they give;
 * null when nothing says: none lists one, a constraint such as `dev-master`, a composer.json that cannot be read
 * (said once).
 */
export function composerVersion(fromFile: string, packages: readonly string[]): ComposerVersion | null {
  const answer = lookup(fromFile, packages);
  noteVersion(fromFile, `${COMPOSER}${packages.join('+')}`, answerOf(answer));
  return answer;
}
