import { readdirSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { BoundedMap } from './bounded-map';
import { detached } from './strings';

// A CLI run resolves thousands of relative imports, each tried under up to twenty names: each folder is listed
// once and the names looked up in it, instead of one stat per name. Outside a run (ESLint in an editor) files
// come and go, so each question goes to the file system.
type Kind = 'file' | 'link' | 'other';

let frozen = false;
// Bounded, so that a run's memory does not grow with the number of folders: a folder forgotten is listed again.
const listings = new BoundedMap<string, Map<string, Kind> | null>(4_096);

/** From now on, the tree is taken not to change (one CLI run). */
export function freezeFileIndex(): void {
  frozen = true;
}

/** Whether the tree is taken not to change, so facts about its files may be kept for the run. */
export function isFileIndexFrozen(): boolean {
  return frozen;
}

function listing(dir: string): Map<string, Kind> | null {
  let names = listings.get(dir);
  if (names !== undefined) return names;
  try {
    names = new Map();
    for (const e of readdirSync(dir, { withFileTypes: true })) names.set(e.name, e.isFile() ? 'file' : e.isSymbolicLink() ? 'link' : 'other');
  } catch {
    names = null;
  }
  listings.set(detached(dir), names);
  return names;
}

function statIsFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/** True when `path` is a regular file or a link to one. */
export function isRegularFile(path: string): boolean {
  if (!frozen) return statIsFile(path);
  const kind = listing(dirname(path))?.get(basename(path));
  return kind === 'file' || (kind === 'link' && statIsFile(path));
}

/** Whether `path` is a symbolic link: true, false, or undefined when the index cannot tell (not frozen). */
export function isLinkKnown(path: string): boolean | undefined {
  if (!frozen) return undefined;
  const kind = listing(dirname(path))?.get(basename(path));
  return kind === undefined ? undefined : kind === 'link';
}
