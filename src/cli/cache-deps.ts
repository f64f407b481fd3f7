import { createHash } from 'node:crypto';
import { importsDigest } from '../catalogue/import-graph';

/** sha1 of a file's bytes, the cache's content key. */
export function hashOf(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('base64');
}

/**
 * One hash of everything a JS file's result depends on besides its own text: the modules it imports by
 * relative path, transitively (the prefilter and the engine read them), and the candidates tried before each.
 */
export function jsDependencies(file: string): string {
  return importsDigest(file);
}

/** True when the dependencies recorded for a file still hold. */
export function depsHold(file: string, deps: string | undefined): boolean {
  return deps === undefined || jsDependencies(file) === deps;
}
