import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { relativeInside } from './paths';

// `out` is left out on purpose: too many projects keep sources there.
/** Folders skipped by default when walking: dependencies, VCS data and build output. */
export const DEFAULT_SKIPPED_DIRS: readonly string[] = [
  'node_modules', 'vendor', '.git', '.hg', '.svn', 'dist', 'build', 'coverage', '.next', '.nuxt',
];

// git compares ignore patterns case-sensitively unless the file system folds case.
const IGNORECASE = process.platform === 'darwin' || process.platform === 'win32';

/** The .gitignore files of each folder, read on first use; patterns are relative to their folder. */
export class Gitignores {
  private readonly cache = new Map<string, Ignore | null>();

  constructor(private readonly onError: (file: string, err: NodeJS.ErrnoException) => void) {}

  private matcher(dir: string): Ignore | null {
    let found = this.cache.get(dir);
    if (found !== undefined) return found;
    found = null;
    const file = join(dir, '.gitignore');
    try {
      found = ignore({ ignorecase: IGNORECASE }).add(readFileSync(file, 'utf8'));
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code !== 'ENOENT' && e.code !== 'ENOTDIR' && e.code !== 'EISDIR') this.onError(file, e);
    }
    this.cache.set(dir, found);
    return found;
  }

  /** Whether git would ignore `abs`, reading .gitignore files from `top` (an ancestor) down to its folder. */
  ignores(abs: string, isDir: boolean, top: string): boolean {
    const dirs: string[] = [];
    for (let dir = dirname(abs); relativeInside(top, dir) !== null || dir === top; dir = dirname(dir)) {
      dirs.push(dir);
      if (dir === top) break;
    }
    let ignored = false;
    for (const dir of dirs.reverse()) {
      const m = this.matcher(dir);
      const rel = m && relativeInside(dir, abs);
      if (!m || !rel) continue;
      const r = m.test(isDir ? `${rel}/` : rel);
      if (r.ignored) ignored = true;
      else if (r.unignored) ignored = false;
    }
    return ignored;
  }
}

// People write "./legacy/" or an absolute path; gitignore syntax spells both as "/legacy/" (anchored).
function normalize(base: string, pattern: string): string {
  const negated = pattern.startsWith('!') ? '!' : '';
  let body = negated ? pattern.slice(1) : pattern;
  if (body.startsWith('./')) body = body.slice(1);
  else if (isAbsolute(body)) body = `/${relativeInside(base, body) ?? body}`;
  return negated + body;
}

/** Ignore globs (gitignore syntax), each set relative to its own folder. */
export class PatternRules {
  private readonly sets: { base: string; matcher: Ignore }[];

  constructor(sets: readonly { base: string; patterns: readonly string[] }[]) {
    this.sets = sets
      .filter((s) => s.patterns.length)
      .map((s) => ({ base: s.base, matcher: ignore({ ignorecase: IGNORECASE }).add(s.patterns.map((p) => normalize(s.base, p))) }));
  }

  ignores(abs: string, isDir: boolean): boolean {
    return this.sets.some(({ base, matcher }) => {
      const rel = relativeInside(base, abs);
      return rel !== null && matcher.ignores(isDir ? `${rel}/` : rel);
    });
  }
}

/** The folder whose .gitignore is the outermost that applies to `dir`: the work tree root, else `dir`. */
export function gitTop(dir: string, exists: (path: string) => boolean): string {
  for (let d = dir; ; d = dirname(d)) {
    if (exists(join(d, '.git'))) return d;
    if (dirname(d) === d) return dir;
  }
}
