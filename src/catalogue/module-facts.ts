import { createHash } from 'node:crypto';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { BoundedMap } from '../core/bounded-map';
import { isFileIndexFrozen, isRegularFile } from '../core/file-index';
import { mayReadModule } from '../core/read-boundary';
import { statStamp } from '../core/stamp';
import { detached } from '../core/strings';
import { type ImportRead, importReads } from './import-reads';
import { scanKey, specifierScan } from './relative-imports';

// One store of what is known of the modules JS files import (by a relative path or an alias), for the cache's
// digests (import-graph.ts), the prefilter's reach (import-reach.ts) and declared wrappers: each module's text is
// read once while its stamp holds, and only for the facts asked of it.

/** What the store keeps of one module file. */
export interface ModuleFacts {
  /** `statStamp` of the file when it was read; '' for a file being linted in a run (its text is the file's). */
  stamp: string;
  size: number;
  /** Content hash (a cache digest signs it). */
  hash?: string;
  /** Every string that may name a project module (relative-imports.ts: specifierScan): a superset of its imports. */
  specifiers?: string[];
  /** The `scanKey` `specifiers` and `reads` were taken with: the aliases of its config, '' for none. */
  scan?: string;
  /** What it reads from, and re-exports of, the modules it imports (import-reads.ts). */
  reads?: ImportRead[];
  /** Results of mention tests, by the test's key. */
  mentions: Map<string, boolean>;
  /** Within a run: the file each of `reads` resolves to (import-reach.ts). */
  targets?: (string | null)[];
  /**
   * Read as a module, its text holds no NUL and no U+FFFD: its bytes are UTF-8 that src/cli/read.ts reads as
   * such, to the same text, so what was learnt of the module holds for the file read as a lint target.
   */
  plain?: boolean;
}

/** The facts a caller asks for. */
export interface Needs {
  hash?: boolean;
  specifiers?: boolean;
  /** 'unless-mentioned': only for a module the mention test finds nothing in. */
  reads?: boolean | 'unless-mentioned';
  mention?: { key: string; test: (text: string) => boolean };
  /** A file over this size is not read: its facts come without the fields asked. */
  maxBytes?: number;
}

/** What a cache keeps of a module between runs, so that an unchanged one is not read again for its hash. */
export interface ModuleRecord {
  /** `statStamp` of the module when it was read. */
  stamp: string;
  hash: string;
  specifiers: string[];
  /** `ModuleFacts.scan`, when not ''. */
  scan?: string;
}

// Run-long and bounded (a forgotten module is read again): memory does not grow with the tree.
const store = new BoundedMap<string, ModuleFacts | null>(16_384);
let recorded: Record<string, ModuleRecord> = {};
const learned = new Map<string, ModuleRecord>();
// A cache is in use: its digests ask every module for its hash and specifiers, so a module read for other facts
// gives them too, and is not read again for them.
let digesting = false;

/** Stores what is known of `path`; a new key is kept as a flat copy (a built path is a chain of pieces in V8). */
function keep(path: string, facts: ModuleFacts | null): void {
  store.set(store.has(path) ? path : detached(path), facts);
}

/**
 * Module records from an earlier run (the cache's); used where a module's stamp is still the same. Undefined: no
 * cache is in use.
 */
export function seedModuleRecords(records: Record<string, ModuleRecord> | undefined): void {
  recorded = records ?? {};
  digesting = records !== undefined;
}

/** The records made since the last call (modules read and hashed for a digest), or undefined when none. */
export function takeModuleRecords(): Record<string, ModuleRecord> | undefined {
  if (!learned.size) return undefined;
  const out = Object.fromEntries(learned);
  learned.clear();
  return out;
}

/** The specifiers of project modules that `text`, of the file at `path`, may hold (copies: they are kept for the run). */
export function specifiersOf(text: string, path: string): string[] {
  return [...text.matchAll(specifierScan(path))].map((m) => detached(m[2]!));
}

/** The hash and specifiers an earlier run kept of the module at `path`, while its stamp and aliases are the same. */
function fromRecord(path: string, f: ModuleFacts): void {
  const kept = recorded[path];
  if (kept?.stamp !== f.stamp) return;
  f.hash ??= kept.hash;
  if ((kept.scan ?? '') === (f.scan ?? '')) f.specifiers ??= kept.specifiers;
}

function recordOf(path: string, f: ModuleFacts): void {
  learned.set(path, { stamp: f.stamp, hash: f.hash!, specifiers: f.specifiers!, ...(f.scan && { scan: f.scan }) });
}

/** Drops what `f` learnt of its imports with other aliases than those its config gives now. */
function rescan(f: ModuleFacts, scan: string): void {
  if ((f.scan ?? '') === scan) return;
  f.scan = scan;
  delete f.specifiers;
  delete f.reads;
  delete f.targets;
}

function lacks(f: ModuleFacts, needs: Needs): boolean {
  if (needs.maxBytes !== undefined && f.size > needs.maxBytes) return false;
  return (needs.hash === true && f.hash === undefined)
    || (needs.specifiers === true && f.specifiers === undefined)
    || (needs.mention !== undefined && !f.mentions.has(needs.mention.key))
    || (needsReads(f, needs) && f.reads === undefined);
}

function needsReads(f: ModuleFacts, needs: Needs): boolean {
  return needs.reads === true || (needs.reads === 'unless-mentioned' && f.mentions.get(needs.mention!.key) !== true);
}

function fill(path: string, f: ModuleFacts, text: string, needs: Needs): void {
  const hash = needs.hash || digesting;
  const scanned = (needs.specifiers || hash) && f.specifiers === undefined;
  if (scanned) f.specifiers = specifiersOf(text, path);
  // Kept for the next run: a new hash, or specifiers taken again under new aliases.
  if (hash && (f.hash === undefined || scanned)) {
    f.hash ??= createHash('sha1').update(text).digest('base64');
    recordOf(path, f);
  }
  if (needs.mention && !f.mentions.has(needs.mention.key)) f.mentions.set(needs.mention.key, needs.mention.test(text));
  if (needsReads(f, needs) && f.reads === undefined) f.reads = importReads(text, true, specifierScan(path));
  f.plain = !text.includes('\0') && !text.includes('\uFFFD');
}

/**
 * The facts `needs` asks of the module at `path`, reading it only for what is not known yet; null when it is not
 * a regular file the run may read. Within a run (the tree frozen) a module is not checked for changes again.
 */
export function moduleFacts(path: string, needs: Needs): ModuleFacts | null {
  const frozen = isFileIndexFrozen();
  const known = store.get(path);
  if (frozen && known !== undefined && (known === null || !lacks(known, needs))) return known;
  // Most candidates of a specifier do not exist: the folder listing says so, and nothing is kept for them.
  if (!isRegularFile(path)) {
    store.delete(path);
    return null;
  }
  let stamp: string;
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile() || !mayReadModule(path)) throw new Error('not a file it may read');
    stamp = statStamp(st);
    size = st.size;
  } catch {
    keep(path, null);
    return null;
  }
  const same = known != null && (known.stamp === stamp || (frozen && known.stamp === ''));
  const f: ModuleFacts = same ? known : { stamp, size, mentions: new Map() };
  f.stamp = stamp;
  rescan(f, scanKey(path));
  // A digest needs only the hash and the specifiers, which an earlier run may have kept.
  if (lacks(f, needs)) fromRecord(path, f);
  if (lacks(f, needs)) {
    try {
      fill(path, f, readFileSync(path, 'utf8'), needs);
    } catch {
      keep(path, null);
      return null;
    }
  }
  keep(path, f);
  return f;
}

/**
 * Within a run: what is known of the module at `path` (absolute) as read with `stamp`, if it was read as one;
 * without `stamp`, as read with any (its `stamp` says which, '' for a file that was linted).
 */
export function factsAsRead(path: string, stamp?: string): ModuleFacts | undefined {
  if (!isFileIndexFrozen()) return undefined;
  const f = store.get(path);
  return f && (stamp === undefined || f.stamp === stamp) ? f : undefined;
}

/**
 * Within a run: the stat of the file at `path` (absolute), a lint target, so that the stat its facts as a module
 * need is not taken again (a warm cache checks each JS file's own digest, which starts at the file itself).
 */
export function noteStat(path: string, st: Stats): void {
  if (!isFileIndexFrozen() || store.has(path) || !st.isFile() || !isRegularFile(path) || !mayReadModule(path)) return;
  const f: ModuleFacts = { stamp: statStamp(st), size: st.size, mentions: new Map(), scan: scanKey(path) };
  fromRecord(path, f);
  keep(path, f);
}

/** Within a run: the stamp a stat of the file at `path` (absolute) as a module gave, if one was taken. */
export function stampAsModule(path: string): string | undefined {
  const f = isFileIndexFrozen() ? store.get(path) : undefined;
  return f?.stamp || undefined;
}

/**
 * Within a run: the hash and specifiers of the file at `path`, a lint target read with `stamp`, from its `bytes`
 * (UTF-8, which reading it as a module hashes the same) and `text`, so that the cache's digests do not read it
 * again (each JS file's digest starts at the file itself).
 */
export function noteTarget(path: string, stamp: string, bytes: Buffer, text: string): void {
  if (!isFileIndexFrozen()) return;
  const known = store.get(path);
  if (known === null || (known && known.stamp !== stamp && known.stamp !== '')) return;
  const f: ModuleFacts = known ?? { stamp, size: bytes.length, mentions: new Map(), scan: scanKey(path) };
  f.stamp = stamp;
  f.specifiers ??= specifiersOf(text, path);
  if (f.hash === undefined) {
    f.hash = createHash('sha1').update(bytes).digest('base64');
    recordOf(path, f);
  }
  if (!known) keep(path, f);
}

/**
 * Within a run: what the linting of the file at `path` (absolute) found in its own text, so that a file
 * importing it later need not read it. Outside a run the file on disk may differ (an editor's text): nothing
 * is kept.
 */
export function noteLinted(path: string, size: number, mention: { key: string; value: boolean }, reads?: ImportRead[]): void {
  if (!isFileIndexFrozen()) return;
  const known = store.get(path);
  const f: ModuleFacts = known ?? { stamp: '', size, mentions: new Map() };
  f.mentions.set(mention.key, mention.value);
  // Read with the file's aliases (import-reach.ts: noteImporter).
  if (reads && f.reads === undefined) {
    f.reads = reads;
    f.scan = scanKey(path);
  }
  if (!known) keep(path, f);
}
