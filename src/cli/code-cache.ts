import { isAscii } from 'node:buffer';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import Module from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { isMainThread } from 'node:worker_threads';
import { writeAtomic } from '../core/write-file';

// Each CLI run is a fresh Node (a commit hook, a CI step): compiling TypeScript's 9 MB bundle is a third of a
// small run. V8 can start from the code an earlier run compiled (a code cache). The cache lives in the
// project's node_modules/.cache, which only whoever installed the package can write: V8 trusts what it loads
// from there, so a folder that others can write (the OS temp folder) is never used. It is keyed by Node's
// version and the bundle's size and time; V8 rejects data that does not fit its source, and the file is then
// compiled as usual and the cache rewritten. Any failure here only costs the time it would have saved.

interface LoadingModule {
  exports: unknown;
}

type Loader = (module: LoadingModule, filename: string) => void;

type SourceEncoding = 'latin1' | 'utf8';

/**
 * The file's text. Node decodes every module as UTF-8; TypeScript's 9 MB bundle is ASCII, which read as Latin-1
 * is the same text at a fraction of the cost (a small run with JS files: about 85 ms less). `known` is how an
 * earlier run read the file with the same stamp (the code cache's name says), which spares the ASCII check.
 */
function readSource(filename: string, known: SourceEncoding | undefined): { content: string; encoding: SourceEncoding } {
  const bytes = readFileSync(filename);
  const encoding = known ?? (isAscii(bytes) ? 'latin1' : 'utf8');
  return { content: bytes.toString(encoding), encoding };
}

/** node_modules/.cache/http-timeout-lint of the tree the package is installed in (or of its own checkout). */
function cacheDir(packageRoot: string): string | null {
  const parent = dirname(packageRoot);
  const modules = basename(parent) === 'node_modules' ? parent : join(packageRoot, 'node_modules');
  try {
    return statSync(modules).isDirectory() ? join(modules, '.cache', 'http-timeout-lint') : null;
  } catch {
    return null;
  }
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes the cache, and removes the caches of the same bundle made for another Node, bundle or encoding. */
function writeCache(file: string, data: Buffer, prefix: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeAtomic(file, data);
    for (const old of readdirSync(dirname(file))) {
      if (old.startsWith(prefix) && old.endsWith('.bin') && old !== basename(file)) rmSync(join(dirname(file), old), { force: true });
    }
  } catch {
    // a read-only install: the next run compiles as usual
  }
}

/**
 * Has Node compile `target` (a CommonJS file, when it is first required) from the code cache, and write the
 * cache when it was missing or stale. For the CLI's own process only: it changes how Node loads that one file.
 */
export function useCodeCache(target: string, packageRoot: string): void {
  const dir = cacheDir(packageRoot);
  if (!dir) return;
  let stamp: string;
  try {
    const st = statSync(target);
    stamp = `${process.version}-${process.arch}-${st.size}-${Math.round(st.mtimeMs)}`;
  } catch {
    return;
  }
  const prefix = `${basename(target, '.js')}-`;
  const fileFor = (encoding: SourceEncoding): string => join(dir, `${prefix}${stamp}-${encoding}.bin`);
  const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;
  const load = extensions['.js']!;
  extensions['.js'] = function (this: unknown, module: LoadingModule, filename: string) {
    if (filename !== target) return load.call(this, module, filename);
    extensions['.js'] = load;
    let cachedData = readCache(fileFor('latin1'));
    let source: { content: string; encoding: SourceEncoding };
    try {
      source = readSource(filename, cachedData ? 'latin1' : undefined);
    } catch {
      return load.call(this, module, filename);
    }
    const { content, encoding } = source;
    if (encoding === 'utf8') cachedData = readCache(fileFor('utf8'));
    const file = fileFor(encoding);
    const script = new Script(Module.wrap(content), { filename, cachedData });
    const run = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => void;
    const require = Module.createRequire(filename);
    run.call(module.exports, module.exports, require, module, filename, dirname(filename));
    if (!cachedData || script.cachedDataRejected) {
      // Written as the process ends, so that it also holds the functions this run compiled on first use (the
      // parser's): a later run then starts TypeScript in about 150 ms instead of 200. A worker thread, which
      // is stopped rather than ended, writes it at once.
      const save = (): void => writeCache(file, script.createCachedData(), prefix);
      if (isMainThread) process.once('exit', save);
      else save();
    }
  };
}

/** The CLI's one use: the TypeScript bundle the JS engine loads (src/engines/js/typescript.ts). */
export function cacheTypeScriptCompile(): void {
  // Required lazily: reading package.json is all this costs a run that never loads TypeScript.
  const { PACKAGE } = require('../package-info') as typeof import('../package-info');
  let target: string;
  try {
    target = require.resolve('@ts-morph/common/dist/typescript.js');
  } catch {
    return;
  }
  useCodeCache(target, PACKAGE.root);
}
