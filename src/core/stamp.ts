import type { Stats } from 'node:fs';

/**
 * What a file's metadata says of its content: size, modification and change times, inode. An edit changes the
 * change time (which no tool can set back), so while the stamp holds, what was learned from the file holds.
 */
export function statStamp(st: Stats): string {
  return `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
}
