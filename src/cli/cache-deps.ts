import { createHash } from 'node:crypto';
import { importsDigest } from '../catalogue/import-graph';
import { versionsHold, versionsRead } from '../core/package-version';

/** sha1 of a file's bytes, the cache's content key. */
export function hashOf(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('base64');
}

/**
 * One hash of everything a JS file's result depends on besides its own text: the modules it imports by
 * relative path, transitively (the prefilter and the engine read them), and the candidates tried before each;
 * and the versions of packages the analysis read for it (package-version.ts).
 */
export function jsDependencies(file: string): string {
  const versions = versionsRead(file);
  return versions ? `${importsDigest(file)}|${versions}` : importsDigest(file);
}

/** True when the dependencies recorded for a file still hold: its imports, and the package versions it read. */
export function depsHold(file: string, deps: string | undefined): boolean {
  if (deps === undefined) return true;
  const bar = deps.indexOf('|');
  if (bar < 0) return importsDigest(file) === deps;
  return importsDigest(file) === deps.slice(0, bar) && versionsHold(file, deps.slice(bar + 1));
}
