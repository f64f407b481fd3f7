import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { isLinkKnown } from './file-index';

// security: what a scanned file names (an import of '../../../../etc/passwd', a link out of the tree) must
// not make the CLI read outside what it was asked to lint. Modules are read only under these roots, links resolved.
let roots: string[] | null = null;

function real(path: string): string {
  try {
    // The system's realpath: one call, where Node's own walks the path a component at a time.
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

// Folders are resolved once each: a run checks the same few folders for thousands of imports.
const realDirs = new Map<string, string>();

/** Where an existing file really is: its folder's real path, and the link's target when it is one. */
function realFile(file: string): string {
  const dir = dirname(resolve(file));
  let realDir = realDirs.get(dir);
  if (realDir === undefined) realDirs.set(dir, (realDir = real(dir)));
  const inDir = join(realDir, basename(file));
  const link = isLinkKnown(file);
  if (link === false) return inDir;
  try {
    return lstatSync(inDir).isSymbolicLink() ? real(inDir) : inDir;
  } catch {
    return inDir;
  }
}

/** The folders modules may be read from: the working directory and the paths given (a file's folder). */
export function setReadRoots(cwd: string, paths: readonly { path: string; isFile: boolean }[]): void {
  roots = [cwd, ...paths.map((p) => (p.isFile ? dirname(p.path) : p.path))].map(real);
}

/**
 * True when an imported module at `file` lies under a read root. Without roots (the engines used as a
 * library, as ESLint does) any path is allowed: the caller chose what to lint.
 */
export function mayReadModule(file: string): boolean {
  if (!roots) return true;
  const target = realFile(file);
  return roots.some((root) => target === root || target.startsWith(root.endsWith(sep) ? root : root + sep));
}

/** The roots, to hand to worker threads. */
export function readRoots(): string[] | null {
  return roots;
}

export function restoreReadRoots(saved: string[] | null): void {
  roots = saved;
}
