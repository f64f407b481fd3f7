import { createHash } from 'node:crypto';
import { sep } from 'node:path';
import { fingerprintsOf } from '../../core/baseline';
import type { LintMessage } from '../../core/lint';
import { relativeInside } from '../paths';
import type { FileResult } from '../results';
import type { FormatContext } from './index';

/** One entry of a GitLab Code Quality report (GitLab docs: "Code Quality report format"). */
interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

// GitLab matches findings of the merge request and of its target branch by fingerprint, so it must survive
// edits elsewhere in the file: the baseline's fingerprint (no line number in it) plus the path.
function fingerprint(path: string, print: string): string {
  return createHash('sha256').update(`${path}\0${print}`).digest('hex').slice(0, 32);
}

function issue(path: string, m: LintMessage, print: string | null): CodeQualityIssue {
  return {
    description: m.message,
    check_name: m.ruleId ?? 'parse-error',
    // A file has at most one parse error, so its message keeps the fingerprint unique.
    fingerprint: fingerprint(path, print ?? `parse-error:${m.message}`),
    severity: m.severity === 2 ? 'major' : 'minor',
    location: { path, lines: { begin: m.line } },
  };
}

/** A GitLab Code Quality report: a JSON array with one issue per finding, paths relative to the cwd. */
export function formatGitlab(results: readonly FileResult[], context: FormatContext): string {
  const issues: CodeQualityIssue[] = [];
  for (const r of results) {
    if (!r.messages.length) continue;
    const path = relativeInside(context.cwd, r.filePath) ?? r.filePath.split(sep).join('/');
    // With --fix the remaining messages are positions in the fixed text.
    const prints = fingerprintsOf(r.output ?? r.source, r.messages);
    r.messages.forEach((m, i) => issues.push(issue(path, m, prints[i]!)));
  }
  return JSON.stringify(issues, null, 2);
}
