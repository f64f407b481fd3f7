import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';

/** sha1 of a file's bytes, the cache's content key. */
export function hashOf(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('base64');
}

// The JS engine reads the modules a file imports with a relative path, so a JS file's findings depend on
// them. Any string literal that looks like a relative path counts: a superset of the real imports is safe.
const RELATIVE = /(['"`])(\.\.?\/[^'"`\r\n]{0,300})\1/g;
// Kept in step with the JS engine's resolution order (src/engines/js/modules.ts), which loads ts-morph.
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const SOURCE_OF: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] };
const MAX_DEPS = 256;
const MISSING = '-';

function candidates(fromFile: string, specifier: string): string[] {
  const base = resolve(dirname(fromFile), specifier);
  const ext = extname(base);
  const tries = [base];
  for (const alt of SOURCE_OF[ext] ?? []) tries.push(base.slice(0, -ext.length) + alt);
  for (const e of EXTENSIONS) tries.push(base + e);
  for (const e of EXTENSIONS) tries.push(join(base, `index${e}`));
  return tries;
}

/** The stamp of a path as the cache records it: content hash, or '-' when it is not a readable file. */
export function stampOf(path: string): string {
  try {
    if (!statSync(path).isFile()) return MISSING;
    return hashOf(readFileSync(path));
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
    for (const m of body.matchAll(RELATIVE)) {
      for (const c of candidates(from, m[2]!)) {
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
