import type { LintMessage } from '../../core/lint';
import type { Failure, Notice } from '../log';
import { relativeInside } from '../paths';
import type { FileResult } from '../results';
import type { FormatContext } from './index';

// GitHub's toolkit (command.ts): data escapes % \r \n; property values also escape : and ,.
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(file: string, m: LintMessage): string {
  const props: [string, string | number | undefined][] = [
    ['file', file],
    ['line', m.line],
    ['col', m.column],
    ['endLine', m.endLine],
    ['endColumn', m.endColumn],
    ['title', `http-timeout-lint (${m.ruleId ?? 'parse error'})`],
  ];
  const list = props.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  return `::${m.severity === 2 ? 'error' : 'warning'} ${list.join(',')}::${escapeData(m.message)}`;
}

/**
 * GitHub places an annotation by its path from the checkout (GITHUB_WORKSPACE), whatever folder the step ran in
 * (`working-directory`); outside a job, or for a file outside the checkout, from the cwd.
 */
function annotationPath(file: string, context: FormatContext): string {
  return (context.workspace !== undefined ? relativeInside(context.workspace, file) : null) ?? relativeInside(context.cwd, file) ?? file;
}

// A path the run failed on (exit 2) has no line: GitHub shows the annotation on the file.
function failureCommand(f: Failure, context: FormatContext): string {
  const file = annotationPath(f.file, context);
  return `::error file=${escapeProperty(file)},title=${escapeProperty('http-timeout-lint (failure)')}::${escapeData(f.text)}`;
}

// A notice (a file skipped on purpose) is on stderr too, but only an annotation shows it on the pull request.
function noticeCommand(n: Notice, context: FormatContext): string {
  const file = annotationPath(n.file, context);
  return `::notice file=${escapeProperty(file)},title=${escapeProperty('http-timeout-lint (notice)')}::${escapeData(n.text)}`;
}

// actions/toolkit docs/problem-matchers.md: a step shows at most 10 error, 10 warning and 10 notice annotations.
const SHOWN_PER_KIND = 10;

// Beyond that GitHub drops annotations without a word: said first, so this one is always among those shown.
function overflowCommand(lines: readonly string[]): string | null {
  const count = (kind: string) => lines.filter((l) => l.startsWith(`::${kind} `)).length;
  const kinds = (['error', 'warning', 'notice'] as const).map((k) => [k, count(k)] as const);
  if (kinds.every(([, n]) => n <= SHOWN_PER_KIND)) return null;
  const listed = kinds.filter(([, n]) => n).map(([k, n]) => `${n} ${k}${n === 1 ? '' : 's'}`).join(', ');
  const text = `${listed}: GitHub shows ${SHOWN_PER_KIND} annotations of each kind per step; every one is in this step's log, and --format sarif lists them for code scanning`;
  return `::notice title=${escapeProperty('http-timeout-lint')}::${escapeData(text)}`;
}

/**
 * GitHub Actions workflow commands, one per finding, then one per path the run failed on (as SARIF's
 * notifications), then one per notice, paths relative to the checkout (`annotationPath`); first, when there
 * are more of a kind than a step shows, a notice that says so.
 */
export function formatGithub(results: readonly FileResult[], context: FormatContext): string {
  const lines: string[] = [];
  for (const r of results) {
    const file = annotationPath(r.filePath, context);
    for (const m of r.messages) lines.push(command(file, m));
  }
  for (const f of context.failures) lines.push(failureCommand(f, context));
  for (const n of context.notices ?? []) lines.push(noticeCommand(n, context));
  const overflow = overflowCommand(lines);
  return (overflow ? [overflow, ...lines] : lines).join('\n');
}
