import { dirname, extname, resolve, sep } from 'node:path';
import { BoundedMap } from '../core/bounded-map';
import { isFileIndexFrozen, isRegularFile } from '../core/file-index';
import { mayReadModule } from '../core/read-boundary';
import { detached } from '../core/strings';

/** The JS engine reads an imported module up to this size; what a bigger one exports is unknown to it. */
export const MAX_MODULE_BYTES = 1024 * 1024;

/** Any string literal that looks like a relative module path: a superset of a file's relative imports. */
export const RELATIVE_SPECIFIER = /(['"`])(\.\.?\/[^'"`\r\n]{0,300})\1/g;

// Kept in step with the JS engine's resolution order (src/engines/js/modules.ts), which loads TypeScript.
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const SOURCE_OF: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] };

/**
 * The paths a relative specifier may name, in the order the JS engine tries them: source files only. Where
 * modules may be read is checked on the one that exists (src/core/read-boundary.ts).
 */
export function candidatesOf(fromFile: string, specifier: string): string[] {
  const base = resolve(dirname(fromFile), specifier);
  const ext = extname(base);
  const tries = EXTENSIONS.includes(ext) ? [base] : [];
  for (const alt of SOURCE_OF[ext] ?? []) tries.push(base.slice(0, -ext.length) + alt);
  for (const e of EXTENSIONS) tries.push(base + e);
  // `resolve` gives a normalized path, with a separator at its end only for a root.
  const folder = base.endsWith(sep) ? base : base + sep;
  for (const e of EXTENSIONS) tries.push(`${folder}index${e}`);
  return tries;
}

/**
 * Within one run (the tree frozen), the key of what is known of `specifier` written in `fromFile`: it resolves
 * the same way from every file of a folder. Undefined outside a run, where files come and go.
 */
export function folderKey(fromFile: string, specifier: string): string | undefined {
  return isFileIndexFrozen() ? detached(`${dirname(fromFile)}\0${specifier}`) : undefined;
}

// Paths are kept as flat copies: path.resolve builds its result piece by piece, which V8 keeps as a chain of pieces.
const resolutions = new BoundedMap<string, string | null>(16_384);

/** The file a relative specifier names, tried the way Node and TypeScript's bundler resolution do. */
export function resolveRelative(fromFile: string, specifier: string): string | null {
  const key = folderKey(fromFile, specifier);
  const known = key === undefined ? undefined : resolutions.get(key);
  if (known !== undefined) return known;
  const candidate = candidatesOf(fromFile, specifier).find(isRegularFile);
  const found = candidate && mayReadModule(candidate) ? detached(candidate) : null;
  if (key !== undefined) resolutions.set(key, found);
  return found;
}
