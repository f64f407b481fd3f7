import { isAbsolute, relative, sep } from 'node:path';

/** `abs` relative to `base`, with forward slashes; null when it is not strictly inside `base`. */
export function relativeInside(base: string, abs: string): string | null {
  const rel = relative(base, abs);
  if (!rel || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** A path as shown to people: relative to the cwd when inside it, else absolute. */
export function displayPath(cwd: string, file: string): string {
  // The cwd itself (a default `.` walk) is `.` as the user typed it, not the long absolute path.
  return relativeInside(cwd, file) ?? (file === cwd ? '.' : file);
}
