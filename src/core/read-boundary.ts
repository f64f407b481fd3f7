import { realpathSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';

// security: what a scanned file names (an import of '../../../../etc/passwd', a link out of the tree) must
// not make the CLI read outside what it was asked to lint. Modules are read only under these roots, links resolved.
let roots: string[] | null = null;

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
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
  const target = real(file);
  return roots.some((root) => target === root || target.startsWith(root.endsWith(sep) ? root : root + sep));
}

/** The roots, to hand to worker threads. */
export function readRoots(): string[] | null {
  return roots;
}

export function restoreReadRoots(saved: string[] | null): void {
  roots = saved;
}
