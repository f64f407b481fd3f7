import { statSync, type Stats } from 'node:fs';
import type { ResolvedConfig } from '../config/config';
import type { ImportRead } from '../catalogue/import-reads';
import { noteStat, noteTarget, stampAsModule } from '../catalogue/module-facts';
import { fixText, importsLeadToClient, lintTextSuppressed, triage, triageUnread, type LintMessage, type LintOptions, type SuppressedMessage } from '../core/lint';
import { languageOf } from '../engines/registry';
import type { CacheEntry } from './cache';
import { jsCodeOf } from '../core/script-blocks';
import { statStamp } from '../core/stamp';
import { depsHold, hashOf, jsDependencies, phpDependencies } from './cache-deps';
import type { Target } from './files';
import { errorCode, type Log } from './log';
import { lineStarts } from '../core/positions';
import { unknownDirectiveRules, unknownRuleNotice } from '../core/suppress';
import { decode, encode, readSource, type ReadResult } from './read';
import type { FileResult } from './results';
import { fixBlocker, writeIfUnchanged } from './write';

/** How each file is processed. */
export interface RunSettings {
  config: ResolvedConfig;
  mode: 'lint' | 'fix' | 'dry-run';
  lint: LintOptions;
}

interface Outcome {
  messages: LintMessage[];
  suppressed: SuppressedMessage[];
  output?: string;
}

function lintDecoded(text: string, filePath: string, s: RunSettings): Outcome {
  if (s.mode === 'lint') return lintTextSuppressed(text, filePath, s.config, s.lint);
  // --fix and --fix-dry-run share this path, so the dry run shows exactly what --fix writes.
  const { messages, suppressed, output, fixed } = fixText(text, filePath, s.config, s.lint);
  return fixed ? { messages, suppressed, output } : { messages, suppressed };
}

function internalError(err: unknown): string {
  const e = err as Error;
  return `internal error: ${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`;
}

function safeLint(text: string, filePath: string, s: RunSettings, log: Log): Outcome | null {
  try {
    return lintDecoded(text, filePath, s);
  } catch (err) {
    // One file the engine chokes on must not end the run; it still makes the exit status 2.
    log.failure(filePath, internalError(err));
    return null;
  }
}

type Read = Extract<ReadResult, { kind: 'ok' }>;

function writeFix(t: Target, read: Read, output: string, log: Log): Buffer | null {
  const { decoded } = read;
  const blocker = fixBlocker(t.realPath, read.stats);
  if (blocker) {
    log.notice(t.path, blocker);
    return null;
  }
  const bytes = encode(output, decoded);
  if (!bytes) {
    log.failure(t.path, `the fix has characters the file's ${decoded.encoding} encoding cannot hold; not written`, 'write');
    return null;
  }
  try {
    if (writeIfUnchanged(t.realPath, read.bytes, bytes, read.stats)) return bytes;
    log.failure(t.path, 'changed on disk while being linted; not overwritten', 'write');
  } catch (err) {
    log.failure(t.path, `cannot write the fix${writeFailure(err)}`, 'write');
  }
  return null;
}

// The file itself was checked writable (fixBlocker): a refused temp file or rename is its folder's doing.
function writeFailure(err: unknown): string {
  const code = errorCode(err);
  return code === 'EACCES' || code === 'EPERM' ? `: its folder is not writable (${code})` : ` (${code})`;
}

function resultOf(path: string, linted: { messages: LintMessage[]; suppressed?: SuppressedMessage[] }, text: string, output?: string, bom = false): FileResult {
  const { messages, suppressed = [] } = linted;
  // Formatters read the source only to show problems; a clean file's text is not kept for the report.
  const source = messages.length || output !== undefined ? text : '';
  return {
    filePath: path,
    messages,
    ...(suppressed.length && { suppressedMessages: suppressed }),
    source,
    ...(output !== undefined && { output, ...(bom && { bom }) }),
  };
}

/**
 * A JS file read as UTF-8 is its own module for the cache's digest: its hash and specifiers are noted from this
 * read. Not with --fix, where the digest is to sign the file as written.
 */
function noteRead(t: Target, s: RunSettings, read: Read): void {
  if (s.mode === 'fix' || read.decoded.encoding !== 'utf8' || languageOf(t.path, s.config) !== 'js') return;
  noteTarget(t.path, statStamp(read.stats), read.bytes, jsCodeOf(read.decoded.text, t.path));
}

/** One file's result and, when a cache is in use, the entry to store for it. */
export interface Processed {
  result: FileResult | null;
  entry?: CacheEntry;
  /** The file's outcome waits for the run's other files: see `settleTarget`. */
  waiting?: Waiting;
}

/** How a run parks files (`processTarget`). */
export interface Parking {
  /** Called before a file is linted: the files parked so far are settled first (see pool.ts). */
  beforeLint(): void;
}

/** A JS file that names no client, read: what it reads from the modules it imports, to be settled. */
export interface Waiting {
  reads: ImportRead[];
  /** For its cache entry, when a cache is in use. */
  hash?: string;
  stamp: string;
}

function entryFor(t: Target, s: RunSettings, bytes: Buffer, linted: Outcome, notices: string[], stats?: Stats): CacheEntry {
  const { messages, suppressed } = linted;
  const entry: CacheEntry = { hash: hashOf(bytes), messages, ...(suppressed.length && { suppressed }), ...(notices.length && { notices }), ...(stats && { stamp: statStamp(stats) }) };
  return withDependencies(t, s, entry);
}

/**
 * The entry with what the file's result depends on besides its text: a JS file's, the modules it imports by
 * relative path (the prefilter and the engine read them); a PHP file's, the package versions its composer.json gives.
 */
function withDependencies(t: Target, s: RunSettings, entry: CacheEntry): CacheEntry {
  if (languageOf(t.path, s.config) === 'js') return { ...entry, deps: jsDependencies(t.path, s.config.setup) };
  const deps = phpDependencies(t.path);
  return deps ? { ...entry, deps } : entry;
}

function cacheHit(t: Target, entry: CacheEntry | undefined, bytes: Buffer, s: RunSettings): entry is CacheEntry {
  if (!entry || entry.hash !== hashOf(bytes)) return false;
  // A cached fix must still be applied: only fix-free results stand in for --fix and --fix-dry-run.
  if (s.mode !== 'lint' && entry.messages.some((m) => m.fix)) return false;
  return depsHold(t.path, entry.deps, s.config.setup);
}

/**
 * A cached lint result whose file has the same metadata as when it was read: no need to read it. Only a
 * result with messages needs the text (formatters show it); it is read then. Undefined: the file must be read.
 */
export function unchangedHit(t: Target, cached: CacheEntry | undefined, s: RunSettings, log: Log): Processed | undefined {
  if (!cached?.stamp || (s.mode !== 'lint' && cached.messages.some((m) => m.fix))) return undefined;
  // A JS file imported by one checked before it was stat'ed then, as a module; and its stat serves its own digest.
  const js = languageOf(t.path, s.config) === 'js';
  let stamp = js ? stampAsModule(t.path) : undefined;
  if (stamp === undefined) {
    let st: Stats;
    try {
      st = statSync(t.realPath);
    } catch {
      return undefined; // reading it will say why
    }
    stamp = statStamp(st);
    if (js) noteStat(t.path, st);
  }
  if (stamp !== cached.stamp || !depsHold(t.path, cached.deps, s.config.setup)) return undefined;
  // The entry is already in the cache as it is: nothing to store.
  // Suppressed messages need no text: json shows the source only beside problems.
  if (!cached.messages.length) return { result: resultOf(t.path, cached, '') };
  const read = readLogged(t, s, log);
  if (!read) return { result: null };
  if (read.kind !== 'ok' || hashOf(read.bytes) !== cached.hash) return undefined;
  sayAgain(t, cached, log);
  return { result: resultOf(t.path, cached, read.decoded.text) };
}

/** The file's bytes and text; null (said in `log`) when it cannot be read. */
function readLogged(t: Target, s: RunSettings, log: Log): ReadResult | null {
  try {
    return readSource(t.realPath, s.config.maxFileSize);
  } catch (err) {
    log.failure(t.path, `cannot read (${errorCode(err)})`);
    return null;
  }
}

/**
 * The prefilter's word on a file (`triage`), or 'lint' where it fails: the engine will then say what is wrong.
 */
function safeTriage(read: Read, filePath: string, s: RunSettings): ReturnType<typeof triage> {
  const { text, encoding } = read.decoded;
  try {
    return triage(text, filePath, s.config, s.lint, encoding === 'utf8' ? statStamp(read.stats) : undefined);
  } catch {
    return 'lint';
  }
}

/**
 * Reads, lints and (with --fix) rewrites one file, using `cached` when it still holds and `useCache` is set.
 * `stampChecked`: `unchangedHit` has already said no for this file. With `park`, a JS file whose outcome rests on
 * the modules it imports is not judged now but comes back `waiting`, for `settleTarget` once more of the run's
 * files are seen (the modules among them are then not read again to judge it); `park` is told before a file is
 * linted.
 */
export function processTarget(t: Target, s: RunSettings, log: Log, useCache = false, cached?: CacheEntry, stampChecked = false, park?: Parking): Processed {
  const unchanged = useCache && !stampChecked ? unchangedHit(t, cached, s, log) : undefined;
  if (unchanged) return unchanged;
  // Without a cache, no hash of the file is needed: one the run read as a module need not be read again.
  const known = park && !useCache ? unreadOutcome(t, s) : undefined;
  if (known) return known;
  const read = readLogged(t, s, log);
  if (!read) return { result: null };
  if (read.kind === 'skip') {
    log.notice(t.path, read.reason);
    return { result: null };
  }
  const { decoded } = read;
  if (useCache) noteRead(t, s, read);
  if (useCache && cacheHit(t, cached, read.bytes, s)) {
    // Same content under new metadata (a checkout, a copy): the entry is kept with the new stamp.
    const stamp = statStamp(read.stats);
    sayAgain(t, cached, log);
    return { result: resultOf(t.path, cached, decoded.text), ...(cached.stamp !== stamp && { entry: { ...cached, stamp } }) };
  }
  if (park) {
    const said = safeTriage(read, t.path, s);
    if (said === 'clean') return cleanOutcome(t, s, useCache, { hash: useCache ? hashOf(read.bytes) : undefined, stamp: statStamp(read.stats) });
    if (said !== 'lint') return { result: null, waiting: { reads: said, ...(useCache && { hash: hashOf(read.bytes) }), stamp: statStamp(read.stats) } };
    park.beforeLint();
    s = { ...s, lint: { ...s.lint, triaged: true } };
  }
  let outcome = safeLint(decoded.text, t.path, s, log);
  if (!outcome) return { result: null };
  let written: Buffer | null = null;
  if (s.mode === 'fix' && outcome.output !== undefined) {
    written = writeFix(t, read, outcome.output, log);
    // Nothing was written: report what is on disk, not the fixed text.
    if (!written) outcome = safeLint(decoded.text, t.path, { ...s, mode: 'lint' }, log);
    if (!outcome) return { result: null };
  }
  const result = resultOf(t.path, outcome, decoded.text, outcome.output, decoded.bom.length > 0);
  const notices = outcome.messages.some((m) => !m.fatal) ? unknownRuleNotices(outcome.output ?? decoded.text, t.path, s) : [];
  for (const n of notices) log.notice(t.path, n);
  if (!useCache) return { result };
  if (written) return { result, entry: entryFor(t, s, written, outcome, notices) };
  // A dry run's messages are those of the fixed text, not of the file: nothing to keep.
  if (outcome.output !== undefined) return { result };
  return { result, entry: entryFor(t, s, read.bytes, outcome, notices, read.stats) };
}

/**
 * The outcome of a JS file that the run read already as a module another file imports, and found naming no
 * client (`triageUnread`): clean, or waiting on what it reads, as its own read would give. Undefined when it
 * must be read: not known so, or a stat says it is not the file read then (or one `readSource` skips).
 */
function unreadOutcome(t: Target, s: RunSettings): Processed | undefined {
  const known = triageUnread(t.path, s.config, s.lint);
  if (!known) return undefined;
  let st: Stats;
  try {
    st = statSync(t.realPath);
  } catch {
    return undefined; // reading it will say why
  }
  if (!st.isFile() || st.size > s.config.maxFileSize || statStamp(st) !== known.stamp) return undefined;
  if (known.said === 'clean') return cleanOutcome(t, s, false, { stamp: known.stamp });
  return { result: null, waiting: { reads: known.said, stamp: known.stamp } };
}

/** The outcome of a file the prefilter clears, with its cache entry when a cache is in use. */
function cleanOutcome(t: Target, s: RunSettings, useCache: boolean, read: { hash?: string; stamp: string }): Processed {
  const result = resultOf(t.path, { messages: [] }, '');
  if (!useCache) return { result };
  const entry: CacheEntry = { hash: read.hash!, messages: [], stamp: read.stamp };
  return { result, entry: withDependencies(t, s, entry) };
}

/**
 * The outcome of a file `processTarget` left waiting: clean unless a value it imports may lead it to a client, in
 * which case it is read and linted again as usual. `reread` says which (the log of the first read then repeats).
 */
export function settleTarget(t: Target, s: RunSettings, log: Log, waiting: Waiting, useCache = false, cached?: CacheEntry): Processed & { reread: boolean } {
  let leads: boolean;
  try {
    leads = importsLeadToClient(t.path, waiting.reads);
  } catch (err) {
    log.failure(t.path, internalError(err));
    return { result: null, reread: false };
  }
  if (leads) return { ...processTarget(t, s, log, useCache, cached, true), reread: true };
  return { ...cleanOutcome(t, s, useCache, waiting), reread: false };
}

/**
 * A disable comment that names no rule (`curl` for `php/curl`, a typo) turns nothing off, and the finding it meant
 * to quiet is reported as if it were not there: what to say where a finding is reported, so the reader learns why.
 */
function unknownRuleNotices(text: string, filePath: string, s: RunSettings): string[] {
  if (!text.includes('-disable') && !text.includes('eslint ')) return [];
  const code = languageOf(filePath, s.config) === 'js' ? jsCodeOf(text, filePath) : text;
  return unknownDirectiveRules(code, lineStarts(code), s.lint.eslintComments).map((u) => `line ${u.line}: ${unknownRuleNotice(u)}`);
}

/** A cache hit says again what the file's lint said besides its messages (`CacheEntry.notices`). */
function sayAgain(t: Target, cached: CacheEntry, log: Log): void {
  for (const n of cached.notices ?? []) log.notice(t.path, n);
}

/** Reads, lints and (with --fix) rewrites one file; null when it was skipped or failed (see `log`). */
export function lintTarget(t: Target, s: RunSettings, log: Log): FileResult | null {
  return processTarget(t, s, log).result;
}

/** The notice for a named file (or --stdin-filename) of no known language. */
export const UNKNOWN_TYPE = 'not a file type http-timeout-lint knows (see "extensions" in the config); skipped';

/** Lints text from stdin as the file `filePath` (which need not exist); never writes. */
export function lintStdin(bytes: Buffer, filePath: string, s: RunSettings, log: Log): FileResult | null {
  if (!languageOf(filePath, s.config)) {
    log.notice(filePath, UNKNOWN_TYPE);
    return null;
  }
  if (bytes.length > s.config.maxFileSize) {
    log.notice(filePath, `${bytes.length} bytes, over maxFileSize (${s.config.maxFileSize}); skipped`);
    return null;
  }
  const decoded = decode(bytes);
  if (!decoded) {
    log.notice(filePath, 'binary input (NUL bytes, or UTF-32); skipped');
    return null;
  }
  const outcome = safeLint(decoded.text, filePath, s, log);
  log.sayRunNotices();
  if (!outcome) return null;
  return resultOf(filePath, outcome, decoded.text, outcome.output, decoded.bom.length > 0);
}
