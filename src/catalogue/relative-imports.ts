import { isBuiltin } from 'node:module';
import { dirname, extname, resolve, sep } from 'node:path';
import { BoundedMap } from '../core/bounded-map';
import { isFileIndexFrozen, isRegularFile } from '../core/file-index';
import { mayReadModule } from '../core/read-boundary';
import { detached } from '../core/strings';
import { packageAnswers } from '../core/package-version';
import { aliasTargets, aliasesOf } from './path-aliases';

/** The JS engine reads an imported module up to this size; what a bigger one exports is unknown to it. */
export const MAX_MODULE_BYTES = 1024 * 1024;

/**
 * Any string literal that looks like a relative module path (`'./x'`, `'../x'`, `'.'`, `'..'`): a superset of a
 * file's relative imports.
 */
export const RELATIVE_SPECIFIER = /(['"`])(\.\.?(?:\/[^'"`\r\n]{0,300})?)\1/g;

// Kept in step with the JS engine's resolution order (src/engines/js/modules.ts), which loads TypeScript.
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const SOURCE_OF: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] };

/** The paths the module at `base` (absolute, as written) may be, in the order the JS engine tries them: source files only. */
function candidatesAt(base: string): string[] {
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
 * The paths a relative specifier may name, in the order the JS engine tries them: source files only. Where
 * modules may be read is checked on the one that exists (src/core/read-boundary.ts).
 */
export function candidatesOf(fromFile: string, specifier: string): string[] {
  return candidatesAt(resolve(dirname(fromFile), specifier));
}

/** A specifier resolved from the importing file's folder (`./x`, `../x`), not through a package or an alias. */
export function isRelative(specifier: string): boolean {
  return specifier.startsWith('.');
}

// A declaration file has no code; a package's files are not the project's.
const NOT_SOURCE = /\.d\.[cm]?ts$|[\\/]node_modules[\\/]/;

/**
 * The paths `specifier` in `fromFile` may name: a relative one's (`candidatesOf`), or a non-relative one's through
 * the aliases of the nearest tsconfig.json or jsconfig.json (src/catalogue/path-aliases.ts); none for a package,
 * nor for a package's name that only `baseUrl` or a bare `*` key would map to a file of the project.
 */
export function importCandidates(fromFile: string, specifier: string): string[] {
  if (isRelative(specifier)) return candidatesOf(fromFile, specifier);
  const aliases = aliasesOf(dirname(fromFile));
  if (!aliases) return [];
  const { targets, weak } = aliasTargets(aliases, specifier);
  const tries = targets.flatMap(candidatesAt).filter((p) => !NOT_SOURCE.test(p));
  // A name of Node's own (`http`, `fs/promises`) is its module wherever a project file of that name stands.
  if (weak && isBuiltin(specifier)) return [];
  return weak && tries.some(isRegularFile) && packageAnswers(dirname(fromFile), specifier) ? [] : tries;
}

const scans = new Map<string, RegExp>();

/**
 * The strings of a file's text in `fromFile` that may name modules of the project (`(['"`])(specifier)\1`, global):
 * relative specifiers, and those the aliases of its config may resolve. A superset of its imports.
 */
export function specifierScan(fromFile: string): RegExp {
  const scan = scanKey(fromFile);
  if (!scan) return RELATIVE_SPECIFIER;
  let re = scans.get(scan);
  // Matched ahead of the quote alone, so that each quote is tried as an opening one: an alias may match any string,
  // and a stray quote before (`/* don't */ require('lib/http')`) would otherwise take the specifier's own.
  if (!re) scans.set(scan, (re = new RegExp(`(['"\`])(?=(\\.\\.?(?:\\/[^'"\`\\r\\n]{0,300})?|${scan})\\1)`, 'g')));
  return re;
}

/** What the specifiers `specifierScan` finds in `fromFile` depend on besides its text: '' for relative ones only. */
export function scanKey(fromFile: string): string {
  return aliasesOf(dirname(fromFile))?.scan ?? '';
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

/**
 * The project file an import names: a relative specifier tried the way Node and TypeScript's bundler resolution
 * do, a non-relative one through the nearest config's `paths` and `baseUrl`; null for a package.
 */
export function resolveImport(fromFile: string, specifier: string): string | null {
  const key = folderKey(fromFile, specifier);
  const known = key === undefined ? undefined : resolutions.get(key);
  if (known !== undefined) return known;
  const candidate = importCandidates(fromFile, specifier).find(isRegularFile);
  const found = candidate && mayReadModule(candidate) ? detached(candidate) : null;
  if (key !== undefined) resolutions.set(key, found);
  return found;
}
