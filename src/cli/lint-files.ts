import type { ResolvedConfig } from '../config/config';
import { fixText, lintText, type LintMessage, type LintOptions } from '../core/lint';
import type { Target } from './files';
import { errorCode, type Log } from './log';
import { decode, encode, readSource, type ReadResult } from './read';
import type { FileResult } from './results';
import { writeIfUnchanged } from './write';

/** How each file is processed. */
export interface RunSettings {
  config: ResolvedConfig;
  mode: 'lint' | 'fix' | 'dry-run';
  lint: LintOptions;
}

interface Outcome {
  messages: LintMessage[];
  output?: string;
}

function lintDecoded(text: string, filePath: string, s: RunSettings): Outcome {
  if (s.mode === 'lint') return { messages: lintText(text, filePath, s.config, s.lint) };
  // --fix and --fix-dry-run share this path, so the dry run shows exactly what --fix writes.
  const r = fixText(text, filePath, s.config, s.lint);
  return r.fixed ? { messages: r.messages, output: r.output } : { messages: r.messages };
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

function writeFix(t: Target, read: Read, output: string, log: Log): boolean {
  const { decoded } = read;
  const bytes = encode(output, decoded);
  if (!bytes) {
    log.failure(t.path, `the fix has characters the file's ${decoded.encoding} encoding cannot hold; not written`);
    return false;
  }
  try {
    if (writeIfUnchanged(t.realPath, read.bytes, bytes, read.stats)) return true;
    log.failure(t.path, 'changed on disk while being linted; not overwritten');
  } catch (err) {
    log.failure(t.path, `cannot write the fix (${errorCode(err)})`);
  }
  return false;
}

/** Reads, lints and (with --fix) rewrites one file; null when it was skipped or failed (see `log`). */
export function lintTarget(t: Target, s: RunSettings, log: Log): FileResult | null {
  let read;
  try {
    read = readSource(t.realPath, s.config.maxFileSize);
  } catch (err) {
    log.failure(t.path, `cannot read (${errorCode(err)})`);
    return null;
  }
  if (read.kind === 'skip') {
    log.notice(t.path, read.reason);
    return null;
  }
  const { decoded } = read;
  let outcome = safeLint(decoded.text, t.path, s, log);
  if (!outcome) return null;
  if (s.mode === 'fix' && outcome.output !== undefined && !writeFix(t, read, outcome.output, log)) {
    // Nothing was written: report what is on disk, not the fixed text.
    outcome = safeLint(decoded.text, t.path, { ...s, mode: 'lint' }, log);
    if (!outcome) return null;
  }
  return { filePath: t.path, messages: outcome.messages, source: decoded.text, ...(outcome.output !== undefined && { output: outcome.output }) };
}

/** Lints text from stdin as the file `filePath` (which need not exist); never writes. */
export function lintStdin(bytes: Buffer, filePath: string, s: RunSettings, log: Log): FileResult | null {
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
  if (!outcome) return null;
  return { filePath, messages: outcome.messages, source: decoded.text, ...(outcome.output !== undefined && { output: outcome.output }) };
}
