import { accessSync, constants, readFileSync, type Stats } from 'node:fs';
import { writeAtomic } from '../core/write-file';

/**
 * Why a fix must not replace `file`, or null when it may: a read-only file stays as its owner left it (root passes
 * `access()`, so a mode with no write bit counts too), and a new inode would split a file's hard links.
 */
export function fixBlocker(file: string, stats: Pick<Stats, 'mode' | 'nlink'>): string | null {
  if ((stats.mode & 0o222) === 0 || !writable(file)) return 'read-only; the fix is not written';
  if (stats.nlink > 1) return `has ${stats.nlink} hard links, which a rewrite would split; the fix is not written`;
  return null;
}

function writable(file: string): boolean {
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

// The check and the rename are not one atomic step; the window between them is a few system calls.
/** Writes fixed bytes unless the file changed on disk since `original` was read; returns whether it wrote. */
export function writeIfUnchanged(file: string, original: Buffer, fixed: Buffer, stats: Stats): boolean {
  if (!readFileSync(file).equals(original)) return false;
  writeAtomic(file, fixed, stats);
  return true;
}
