import { takeRunNotices } from '../core/run-notices';
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
  /** Said of a file the run reads besides those it lints (a composer.json): once a run, whichever thread says it. */
  once?: true;
}

/** One line per event on stderr: notices (skipped on purpose) and failures (exit 2). */
export class Log {
  readonly noted: Notice[] = [];
  readonly failed: Failure[] = [];
  /** The `once` notices said, by their line. */
  private readonly said = new Set<string>();

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

  private format(file: string, text: string): string {
    return `http-timeout-lint: ${displayPath(this.cwd, file)}: ${text.replace(/\s*[\r\n]+\s*/g, ' ')}\n`;
  }

  private line(file: string, text: string): void {
    this.write(this.format(file, text));
  }

  /** Says what the analysis had to say of other files than the one linted (run-notices.ts), each once. */
  sayRunNotices(): void {
    for (const n of takeRunNotices()) this.sayOnce({ ...n, once: true });
  }

  private sayOnce(n: Notice): void {
    const line = this.format(n.file, n.text);
    if (this.said.has(line)) return;
    this.said.add(line);
    this.noted.push(n);
    this.write(line);
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
    for (const n of r.once ?? []) this.sayOnce(n);
    this.noted.push(...r.noted);
    this.failed.push(...r.failed);
    for (const l of r.lines) this.write(l);
  }
}

/** A log's lines and counts, as a worker sends them back. */
export interface LogRecord {
  lines: string[];
  /** `once` notices, said apart from `lines` and `noted`: another thread may have said them already. */
  once?: Notice[];
  noted: Notice[];
  failed: Failure[];
}

/** A log that keeps its lines, to be replayed in file order. */
export function recordingLog(cwd: string): { log: Log; record: () => LogRecord } {
  const lines: string[] = [];
  const log = new Log(cwd, (l) => lines.push(l));
  return {
    log,
    record: () => {
      const once = takeRunNotices().map((n): Notice => ({ ...n, once: true }));
      return { lines, noted: log.noted, failed: log.failed, ...(once.length && { once }) };
    },
  };
}

/** "ENOENT" style code of an fs error, or its message. */
export function errorCode(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e?.code ?? (e?.message || String(err));
}
