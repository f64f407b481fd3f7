import { createHash } from 'node:crypto';
import { importsDigest } from '../catalogue/import-graph';
import { versionsHold, versionsRead } from '../core/package-version';

/** sha1 of a file's bytes, the cache's content key. */
export function hashOf(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('base64');
}

/**
 * One hash of the modules whose text a JS file's result rests on: those it imports by relative path, and the
 * config's setup modules with theirs (their defaults reach every file).
 */
function importsOf(file: string, setup: readonly string[]): string {
  const own = importsDigest(file);
  if (!setup.length) return own;
  const h = createHash('sha1').update(own);
  for (const path of setup) h.update('\n').update(importsDigest(path));
  return h.digest('base64');
}

/**
 * One hash of everything a JS file's result depends on besides its own text: the modules it imports by
 * relative path, transitively (the prefilter and the engine read them), and the candidates tried before each;
 * the setup modules and theirs; and the versions of packages the analysis read for it (package-version.ts).
 */
export function jsDependencies(file: string, setup: readonly string[] = []): string {
  const versions = versionsRead(file);
  const imports = importsOf(file, setup);
  return versions ? `${imports}|${versions}` : imports;
}

/** True when the dependencies recorded for a file still hold: its imports and setup modules, and the package versions it read. */
export function depsHold(file: string, deps: string | undefined, setup: readonly string[] = []): boolean {
  if (deps === undefined) return true;
  const bar = deps.indexOf('|');
  if (bar < 0) return importsOf(file, setup) === deps;
  return importsOf(file, setup) === deps.slice(0, bar) && versionsHold(file, deps.slice(bar + 1));
}
