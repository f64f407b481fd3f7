import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { candidatesOf, RELATIVE_SPECIFIER } from '../catalogue/relative-imports';

/** sha1 of a file's bytes, the cache's content key. */
export function hashOf(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('base64');
}

// The JS engine reads the modules a file imports with a relative path, so a JS file's findings depend on them.
const MAX_DEPS = 256;
const MISSING = '-';

const stamps = new Map<string, { at: string; stamp: string }>();

/** The stamp of a path as the cache records it: content hash, or '-' when it is not a readable file. */
export function stampOf(path: string): string {
  try {
    const st = statSync(path);
    if (!st.isFile()) return MISSING;
    // Many files import the same module: hash it once per size and time.
    const at = `${st.size}:${st.mtimeMs}:${st.ino}`;
    const known = stamps.get(path);
    if (known?.at === at) return known.stamp;
    const stamp = hashOf(readFileSync(path));
    stamps.set(path, { at, stamp });
    return stamp;
  } catch {
    return MISSING;
  }
}

/**
 * The files a JS file's findings may depend on, with their stamps: every candidate tried before the one
 * that exists (a file created there later changes the result too), followed transitively.
 */
export function jsDependencies(file: string, text: string): Record<string, string> {
  const deps: Record<string, string> = {};
  const queue: [string, string][] = [[file, text]];
  let count = 0;
  while (queue.length && count < MAX_DEPS) {
    const [from, body] = queue.shift()!;
    for (const m of body.matchAll(RELATIVE_SPECIFIER)) {
      for (const c of candidatesOf(from, m[2]!)) {
        if (c === file) break;
        if (c in deps) {
          if (deps[c] !== MISSING) break;
          continue;
        }
        const stamp = stampOf(c);
        deps[c] = stamp;
        count++;
        if (stamp === MISSING) continue;
        try {
          queue.push([c, readFileSync(c, 'utf8')]);
        } catch {
          // gone between the two reads: its stamp already says what was there
        }
        break;
      }
    }
  }
  // Past the bound the result is not known to be stable: a dependency that never matches keeps it uncached.
  if (queue.length) deps[`${file}\0unbounded`] = 'x';
  return deps;
}

/** True when every recorded dependency still has its stamp. */
export function depsHold(deps: Record<string, string> | undefined): boolean {
  if (!deps) return true;
  for (const [path, stamp] of Object.entries(deps)) if (stampOf(path) !== stamp) return false;
  return true;
}
