import type { ResolvedConfig } from '../config/config';
import type { LintMessage, SuppressedMessage } from '../core/lint';

/** One linted file, as the formatters see it. */
export interface FileResult {
  /** Absolute path. */
  filePath: string;
  messages: LintMessage[];
  /** What suppression comments (and, after --baseline, the baseline) turned off: json's `suppressedMessages`. */
  suppressedMessages?: SuppressedMessage[];
  /** The text that was linted (BOM stripped); code frames read it. */
  source: string;
  /** The fixed text, with --fix or --fix-dry-run, when it differs from `source`. */
  output?: string;
  /** The file began with a byte order mark: json's `output` keeps it, as ESLint's does (`output` itself has none). */
  bom?: boolean;
}

/** ESLint's per-file counters. */
export interface Counts {
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

export function countsOf(messages: readonly LintMessage[]): Counts {
  const c: Counts = { errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
  for (const m of messages) {
    if (m.severity === 2) {
      c.errorCount++;
      if (m.fatal) c.fatalErrorCount++;
      if (m.fix) c.fixableErrorCount++;
    } else {
      c.warningCount++;
      if (m.fix) c.fixableWarningCount++;
    }
  }
  return c;
}

/** Counters summed over all files. */
export function totalsOf(results: readonly FileResult[]): Counts {
  return countsOf(results.flatMap((r) => r.messages));
}

// As ESLint 9's --quiet: warnings are neither reported, fixed, nor counted for --max-warnings.
/** The config for --quiet: whatever would be reported as a warning is turned off. */
export function quietConfig(config: ResolvedConfig): ResolvedConfig {
  const rules = Object.fromEntries(Object.entries(config.rules).map(([id, s]) => [id, s === 'warn' ? 'off' : s]));
  return {
    ...config,
    rules,
    missingConnectTimeout: config.missingConnectTimeout === 'warn' ? 'off' : config.missingConnectTimeout,
  };
}
