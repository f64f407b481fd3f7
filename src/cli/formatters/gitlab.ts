import { createHash } from 'node:crypto';
import { sep } from 'node:path';
import { fingerprintsOf } from '../../core/baseline';
import type { LintMessage } from '../../core/lint';
import type { Failure } from '../log';
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

function pathOf(cwd: string, file: string): string {
  return relativeInside(cwd, file) ?? file.split(sep).join('/');
}

// A path the run failed on (exit 2) went unchecked, so it may hide any finding: critical, above every finding.
// Its fingerprint holds the kind and the reason, and a count of equal ones, so that it is the same run after run.
function failureIssues(failures: readonly Failure[], cwd: string): CodeQualityIssue[] {
  const seen = new Map<string, number>();
  return failures.map((f) => {
    const path = pathOf(cwd, f.file);
    const print = `failure:${f.kind}:${f.text}`;
    const n = seen.get(`${path}\0${print}`) ?? 0;
    seen.set(`${path}\0${print}`, n + 1);
    return {
      description: f.text,
      check_name: 'http-timeout-lint/failure',
      fingerprint: fingerprint(path, `${print}:${n}`),
      severity: 'critical',
      location: { path, lines: { begin: 1 } },
    };
  });
}

/**
 * A GitLab Code Quality report: a JSON array with one issue per finding, then one per path the run failed on
 * (as SARIF's notifications), paths relative to the cwd.
 */
export function formatGitlab(results: readonly FileResult[], context: FormatContext): string {
  const issues: CodeQualityIssue[] = [];
  for (const r of results) {
    if (!r.messages.length) continue;
    const path = pathOf(context.cwd, r.filePath);
    // With --fix the remaining messages are positions in the fixed text.
    const prints = fingerprintsOf(r.output ?? r.source, r.messages);
    r.messages.forEach((m, i) => issues.push(issue(path, m, prints[i]!)));
  }
  issues.push(...failureIssues(context.failures, context.cwd));
  return JSON.stringify(issues, null, 2);
}
