import { displayPath } from './paths';

/** Why a path made the run fail: it could not be linted, or it was linted but its fix could not be written. */
export type FailureKind = 'lint' | 'write';

/** A failure as the report sees it (SARIF lists each one). */
export interface Failure {
  file: string;
  text: string;
  kind: FailureKind;
}

/** Something the run says about a path without failing: a file skipped on purpose, a comment that does nothing. */
export interface Notice {
  file: string;
  text: string;
}

/** One line per event on stderr: notices (skipped on purpose) and failures (exit 2). */
export class Log {
  readonly noted: Notice[] = [];
  readonly failed: Failure[] = [];

  constructor(
    private readonly cwd: string,
    private readonly write: (line: string) => void,
  ) {}

  get notices(): number {
    return this.noted.length;
  }

  get failures(): number {
    return this.failed.length;
  }

  private line(file: string, text: string): void {
    this.write(`http-timeout-lint: ${displayPath(this.cwd, file)}: ${text.replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
  }

  notice(file: string, text: string): void {
    this.noted.push({ file, text });
    this.line(file, text);
  }

  failure(file: string, text: string, kind: FailureKind = 'lint'): void {
    this.failed.push({ file, text, kind });
    this.line(file, text);
  }

  /** Writes what a log elsewhere (a worker's) recorded, and adds its counts. */
  replay(r: LogRecord): void {
    this.noted.push(...r.noted);
    this.failed.push(...r.failed);
    for (const l of r.lines) this.write(l);
  }
}

/** A log's lines and counts, as a worker sends them back. */
export interface LogRecord {
  lines: string[];
  noted: Notice[];
  failed: Failure[];
}

/** A log that keeps its lines, to be replayed in file order. */
export function recordingLog(cwd: string): { log: Log; record: () => LogRecord } {
  const lines: string[] = [];
  const log = new Log(cwd, (l) => lines.push(l));
  return { log, record: () => ({ lines, noted: log.noted, failed: log.failed }) };
}

/** "ENOENT" style code of an fs error, or its message. */
export function errorCode(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e?.code ?? (e?.message || String(err));
}
