import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { ModuleRecord } from '../catalogue/module-facts';
import type { LintOptions, LintMessage, SuppressedMessage } from '../core/lint';
import type { ResolvedConfig } from '../config/config';
import { PACKAGE } from '../package-info';
import { errorCode, type Log } from './log';
import { writeNamedFile } from '../core/write-file';

/** What the cache keeps per file: its content hash, what its result depends on, and its messages. */
export interface CacheEntry {
  hash: string;
  /** Size, times and inode when the file was read: while they hold, the file is not read again (`statStamp`, src/core/stamp.ts). */
  stamp?: string;
  /** What its result depends on besides its text: a JS file's imports, a file's package versions (see cache-deps). */
  deps?: string;
  messages: LintMessage[];
  /** The messages suppression comments turned off, for json's `suppressedMessages`; absent when none. */
  suppressed?: SuppressedMessage[];
  /** What the file's lint said besides its messages (a disable comment naming no rule), said again on a hit. */
  notices?: string[];
}

export const DEFAULT_CACHE_FILE = '.http-timeout-lint-cache';

// The tool's own code, by content: a changed engine with an unchanged version still invalidates.
function codeFingerprint(): string {
  const h = createHash('sha1');
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (/\.(js|ts|json)$/.test(name)) h.update(name).update(readFileSync(p));
    }
  };
  walk(resolve(__dirname, '..'));
  walk(resolve(__dirname, '../../rules'));
  return h.digest('hex');
}

/** The key every entry is valid under: tool version and code, resolved config, prefilter on or off. */
export function cacheKey(config: ResolvedConfig, lint: LintOptions): string {
  const h = createHash('sha1');
  h.update(`${PACKAGE.name}@${PACKAGE.version}\n${codeFingerprint()}\n`);
  h.update(JSON.stringify(config));
  h.update(`\nprefilter:${!lint.noPrefilter}`);
  return h.digest('hex');
}

/** The cache file for `--cache-location` (a folder gets the default name inside it). */
export function cacheFileFor(cwd: string, location: string | undefined): string {
  const file = resolve(cwd, location ?? DEFAULT_CACHE_FILE);
  // `dir/` names a folder even before it exists (as ESLint reads it); resolve() drops the slash.
  if (location !== undefined && (location.endsWith('/') || location.endsWith(sep))) return join(file, DEFAULT_CACHE_FILE);
  try {
    if (statSync(file).isDirectory()) return join(file, DEFAULT_CACHE_FILE);
  } catch {
    // not there yet: it will be created as a file
  }
  return file;
}

// The first key of every cache this tool writes, so that even a truncated one is known as ours.
const CACHE_FORMAT = 'http-timeout-lint-cache/1';

// Caches written before the format marker begin with the key, a sha1.
function isOurs(text: string): boolean {
  return text.startsWith(`{"format":"${CACHE_FORMAT}"`) || /^\{"key":"[0-9a-f]{40}","files":/.test(text);
}

function isEntryMap(x: unknown): x is Record<string, CacheEntry> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  return Object.values(x).every((e) => typeof e?.hash === 'string' && Array.isArray(e.messages) && (e.suppressed === undefined || Array.isArray(e.suppressed)) && (e.notices === undefined || (Array.isArray(e.notices) && e.notices.every((n: unknown) => typeof n === 'string'))));
}

function isModuleMap(x: unknown): x is Record<string, ModuleRecord> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  return Object.values(x).every(
    (m) => typeof m?.stamp === 'string' && typeof m.hash === 'string' && Array.isArray(m.specifiers) && m.specifiers.every((s: unknown) => typeof s === 'string'),
  );
}

/**
 * The results of earlier runs, keyed by real path, and what was learned of the modules JS files import (so that
 * an unchanged module is not read again to check an importer's entry); a corrupt file is ignored with a notice.
 */
export class LintCache {
  private entries: Record<string, CacheEntry> = {};
  private moduleRecords: Record<string, ModuleRecord> = {};
  private dirty = false;

  constructor(
    readonly file: string,
    private readonly key: string,
  ) {}

  /** Reads the cache; null (with a notice) when the file is something else, which the run must not overwrite. */
  load(log: Log): this | null {
    let text: string;
    try {
      // A device or a pipe (/dev/null, say) would be read as empty and replaced by the first save.
      if (!statSync(this.file).isFile()) {
        log.notice(this.file, 'not a regular file; the run goes without a cache: choose another --cache-location');
        return null;
      }
      text = readFileSync(this.file, 'utf8');
    } catch {
      return this; // no cache yet
    }
    if (text === '') return this; // an empty file is free to take
    if (!isOurs(text)) {
      log.notice(this.file, 'not an http-timeout-lint cache; not overwritten: choose another --cache-location');
      return null;
    }
    try {
      const data = JSON.parse(text) as { key?: unknown; files?: unknown; modules?: unknown };
      if (data?.key !== this.key) return this; // another version or config: start afresh
      if (!isEntryMap(data.files) || (data.modules !== undefined && !isModuleMap(data.modules))) throw new Error('bad shape');
      this.entries = data.files;
      this.moduleRecords = data.modules ?? {};
    } catch {
      log.notice(this.file, 'the cache file is corrupt; ignored (it will be rewritten)');
      this.dirty = true;
    }
    return this;
  }

  get(path: string): CacheEntry | undefined {
    return Object.prototype.hasOwnProperty.call(this.entries, path) ? this.entries[path] : undefined;
  }

  set(path: string, entry: CacheEntry): void {
    this.entries[path] = entry;
    this.dirty = true;
  }

  /** Module records of earlier runs, keyed by path as resolved. */
  modules(): Record<string, ModuleRecord> {
    return this.moduleRecords;
  }

  addModules(records: Record<string, ModuleRecord>): void {
    Object.assign(this.moduleRecords, records);
    this.dirty = true;
  }

  /** Writes the cache atomically when it changed; a failure is a notice, never the run's failure. */
  save(log: Log): void {
    if (!this.dirty) return;
    try {
      // A CI job names a cache folder of a fresh checkout: made here, as -o and --baseline-write make theirs.
      writeNamedFile(this.file, JSON.stringify({ format: CACHE_FORMAT, key: this.key, files: this.entries, modules: this.moduleRecords }));
    } catch (err) {
      log.notice(this.file, `cannot write the cache (${errorCode(err)})`);
    }
  }
}
