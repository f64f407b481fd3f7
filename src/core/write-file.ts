import { closeSync, fchownSync, fchmodSync, fsyncSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync, type Stats } from 'node:fs';
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

/**
 * Writes a file the user named (a report, a baseline), creating its folders. A regular file is replaced whole,
 * never half-written; through a symbolic link, the file it names is (the link stays). What is not a regular file,
 * such as /dev/stdout, /dev/null, a pipe or a shell's process substitution, is written to as it is: renaming over
 * it would replace the device or the link itself.
 */
export function writeNamedFile(file: string, text: string): void {
  let stats: Stats | undefined;
  try {
    stats = statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (stats && !stats.isFile()) {
    writeFileSync(file, text); // a folder fails here, with EISDIR
    return;
  }
  const target = stats ? realpathSync(file) : file;
  mkdirSync(dirname(target), { recursive: true });
  writeAtomic(target, text);
}
