import { createHash } from 'node:crypto';
import { importsDigest } from '../catalogue/import-graph';
import { COMPOSER, composerAnswer } from '../core/composer-version';
import { npmAnswer, versionsRead } from '../core/package-version';

/** sha1 of a file's bytes, the cache's content key. */
export function hashOf(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('base64');
}

/**
 * One hash of the modules whose text a JS file's result rests on: those it imports (by a relative path or an
 * alias), and the config's setup modules with theirs (their defaults reach every file).
 */
function importsOf(file: string, setup: readonly string[]): string {
  const own = importsDigest(file);
  if (!setup.length) return own;
  const h = createHash('sha1').update(own);
  for (const path of setup) h.update('\n').update(importsDigest(path));
  return h.digest('base64');
}

/**
 * One hash of everything a JS file's result depends on besides its own text: the modules it imports by a
 * relative path or an alias, transitively (the prefilter and the engine read them), and the candidates tried
 * before each; the setup modules and theirs; and the versions of packages the analysis read for it (package-version.ts).
 */
export function jsDependencies(file: string, setup: readonly string[] = []): string {
  const versions = versionsRead(file);
  const imports = importsOf(file, setup);
  return versions ? `${imports}|${versions}` : imports;
}

/** Whether the package versions recorded as `recorded` (versionsRead) still read the same for `file`. */
function versionsHold(file: string, recorded: string): boolean {
  if (!recorded) return true;
  return recorded.split(',').every((item) => {
    const at = item.lastIndexOf('@');
    const name = item.slice(0, at);
    const now = name.startsWith(COMPOSER) ? composerAnswer(file, name.slice(COMPOSER.length)) : npmAnswer(file, name);
    return now === item.slice(at + 1);
  });
}

/**
 * What a PHP file's result depends on besides its own text: the versions of packages the analysis read for it
 * (Laravel's, in composer.json), as `|versions` (no imports); undefined when it read none.
 */
export function phpDependencies(file: string): string | undefined {
  const versions = versionsRead(file);
  return versions ? `|${versions}` : undefined;
}

/** True when the dependencies recorded for a file still hold: its imports and setup modules, and the package versions it read. */
export function depsHold(file: string, deps: string | undefined, setup: readonly string[] = []): boolean {
  if (deps === undefined) return true;
  const bar = deps.indexOf('|');
  if (bar < 0) return importsOf(file, setup) === deps;
  // A PHP file's (phpDependencies): versions alone.
  if (bar === 0) return versionsHold(file, deps.slice(1));
  return importsOf(file, setup) === deps.slice(0, bar) && versionsHold(file, deps.slice(bar + 1));
}
