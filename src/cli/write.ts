import { accessSync, closeSync, constants, fchownSync, fchmodSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

// A temp file in the same folder, then rename: a reader sees the old or the new content, never half.
/** Replaces `file` with `data` atomically, keeping the mode (and owner, where allowed) of `like`. */
export function writeAtomic(file: string, data: Buffer | string, like?: Pick<Stats, 'mode' | 'uid' | 'gid'>): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', like ? like.mode & 0o7777 : 0o666);
  try {
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
      if (like) {
        fchmodSync(fd, like.mode & 0o7777); // open() applied the umask; put the exact mode back
        keepOwner(fd, like);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw err;
  }
}

function keepOwner(fd: number, like: Pick<Stats, 'uid' | 'gid'>): void {
  try {
    fchownSync(fd, like.uid, like.gid);
  } catch {
    // Only root may give a file away; a user's own file keeps its owner anyway.
  }
}

/** Writes a report file, creating its folders. */
export function writeReport(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeAtomic(file, text);
}

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
