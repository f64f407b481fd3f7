import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { LintMessage, SuppressedMessage } from './lint';
import { lineStarts } from './positions';
import { writeNamedFile } from './write-file';

/** Findings accepted as they are: per file (relative to the baseline's folder, `/`-separated), their fingerprints. */
export interface Baseline {
  version: 1;
  files: Record<string, string[]>;
}

/** What a baseline is computed from: one linted file. */
export interface BaselineInput<M extends LintMessage = LintMessage> {
  filePath: string;
  source: string;
  /** The fixed text, after --fix or --fix-dry-run: the messages' lines are its lines then, not the source's. */
  output?: string;
  messages: readonly M[];
}

/** The text the messages of `r` point into. */
function linted(r: BaselineInput): string {
  return r.output ?? r.source;
}

export class BaselineError extends Error {}

function lineText(source: string, starts: readonly number[], line: number): string {
  const from = starts[line - 1] ?? source.length;
  const to = starts[line] ?? source.length;
  return source.slice(from, to).replace(/\s+/g, ' ').trim();
}

// Line numbers are not part of a fingerprint, so edits elsewhere in the file that shift lines keep it.
/** One fingerprint per message (null for parse errors): rule, messageId, hash of the normalised line, index among equals. */
export function fingerprintsOf(source: string, messages: readonly LintMessage[]): (string | null)[] {
  const starts = lineStarts(source);
  const seen = new Map<string, number>();
  return messages.map((m) => {
    if (m.fatal || !m.ruleId) return null;
    const hash = createHash('sha256').update(lineText(source, starts, m.line)).digest('hex').slice(0, 16);
    const key = `${m.ruleId}:${m.messageId ?? ''}:${hash}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return `${key}:${n}`;
  });
}

function keyOf(baseDir: string, filePath: string): string {
  const rel = relative(baseDir, resolve(baseDir, filePath));
  return rel.split(sep).join('/');
}

/** The baseline of these results; paths become relative to `baseDir` (the baseline file's folder). */
export function createBaseline(results: readonly BaselineInput[], baseDir: string): Baseline {
  const files: Record<string, string[]> = {};
  for (const r of [...results].sort((a, b) => a.filePath.localeCompare(b.filePath))) {
    const prints = fingerprintsOf(linted(r), r.messages).filter((p): p is string => p !== null);
    if (prints.length) files[keyOf(baseDir, r.filePath)] = prints.sort();
  }
  return { version: 1, files };
}

/** Writes the baseline of `results` to `file`, creating its folders (replaced whole, never half-written). */
export function writeBaseline(file: string, results: readonly BaselineInput[]): Baseline {
  const baseline = createBaseline(results, dirname(resolve(file)));
  try {
    writeNamedFile(resolve(file), `${JSON.stringify(baseline, null, 2)}\n`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new BaselineError(`${file}: cannot write the baseline (${code === 'EISDIR' ? 'it is a folder' : code})`);
  }
  return baseline;
}

function checkBaseline(raw: unknown, file: string): Baseline {
  const b = raw as Partial<Baseline> | null;
  const files = b?.files;
  const valid = b?.version === 1 && typeof files === 'object' && files !== null && !Array.isArray(files)
    && Object.values(files).every((v) => Array.isArray(v) && v.every((p) => typeof p === 'string'));
  if (!valid) throw new BaselineError(`${file}: not a baseline file (expected {"version": 1, "files": {path: [fingerprint, …]}})`);
  return b as Baseline;
}

const cache = new Map<string, { mtimeMs: number; baseline: Baseline }>();

/** Reads and checks a baseline file; re-read only when it changes on disk (editors lint often). */
export function readBaseline(file: string): Baseline {
  const abs = resolve(file);
  let mtimeMs;
  try {
    mtimeMs = statSync(abs).mtimeMs;
    const hit = cache.get(abs);
    if (hit && hit.mtimeMs === mtimeMs) return hit.baseline;
    const baseline = checkBaseline(JSON.parse(readFileSync(abs, 'utf8').replace(/^\uFEFF/, '')), file);
    cache.set(abs, { mtimeMs, baseline });
    return baseline;
  } catch (err) {
    if (err instanceof BaselineError) throw err;
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new BaselineError(`${file}: cannot read the baseline (${reason})`);
  }
}

/** The messages of one file that the baseline does not hold: the new findings. Parse errors always stay. */
export function dropBaselined<M extends LintMessage>(baseline: Baseline, baselineFile: string, input: BaselineInput<M>): M[] {
  const baseDir = dirname(resolve(baselineFile));
  const known = new Set(baseline.files[keyOf(baseDir, input.filePath)] ?? []);
  if (!known.size) return [...input.messages];
  const prints = fingerprintsOf(linted(input), input.messages);
  return input.messages.filter((_, i) => prints[i] === null || !known.has(prints[i]!));
}

/**
 * The same results with baselined findings moved to `suppressedMessages` (for the CLI's --baseline), of kind
 * 'file', as ESLint lists what its bulk suppressions file (eslint-suppressions.json) keeps out.
 */
export function applyBaseline<R extends BaselineInput & { suppressedMessages?: SuppressedMessage[] }>(
  results: readonly R[],
  baselineFile: string,
): (R & { suppressedMessages?: SuppressedMessage[] })[] {
  const baseline = readBaseline(isAbsolute(baselineFile) ? baselineFile : resolve(baselineFile));
  return results.map((r) => {
    const messages = dropBaselined(baseline, baselineFile, r);
    if (messages.length === r.messages.length) return { ...r, messages };
    const kept = new Set(messages);
    const baselined = r.messages.filter((m) => !kept.has(m)).map((m) => ({ ...m, suppressions: [{ kind: 'file' as const, justification: '' }] }));
    const suppressed = [...(r.suppressedMessages ?? []), ...baselined].sort((a, b) => a.line - b.line || a.column - b.column);
    return { ...r, messages, suppressedMessages: suppressed };
  });
}
