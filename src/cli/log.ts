import { displayPath } from './paths';

/** One line per event on stderr: notices (skipped on purpose) and failures (could not lint: exit 2). */
export class Log {
  notices = 0;
  failures = 0;

  constructor(
    private readonly cwd: string,
    private readonly write: (line: string) => void,
  ) {}

  private line(file: string, text: string): void {
    this.write(`http-timeout-lint: ${displayPath(this.cwd, file)}: ${text.replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
  }

  notice(file: string, text: string): void {
    this.notices++;
    this.line(file, text);
  }

  failure(file: string, text: string): void {
    this.failures++;
    this.line(file, text);
  }
}

/** "ENOENT" style code of an fs error, or its message. */
export function errorCode(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e?.code ?? (e?.message || String(err));
}
