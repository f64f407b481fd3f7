import { lineStarts } from '../../core/positions';
import type { LintMessage } from '../../core/lint';
import { displayPath } from '../paths';
import { totalsOf, type FileResult } from '../results';
import { codeFrame } from './code-frame';
import type { FormatContext } from './index';
import { paint, type Paint } from './paint';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function messageLines(r: FileResult, m: LintMessage, p: Paint, starts: number[], posWidth: number): string[] {
  const pos = `${m.line}:${m.column}`.padEnd(posWidth);
  const kind = m.severity === 2 ? p.red('error  ') : p.yellow('warning');
  const head = `  ${p.dim(pos)}  ${kind}  ${m.message}${m.ruleId ? `  ${p.dim(m.ruleId)}` : ''}`;
  const notes = (m.related ?? []).map((n) => `      ${p.dim(`note ${n.line}:${n.column}:`)} ${n.note}`);
  return [head, ...codeFrame(r.output ?? r.source, starts, m, p, '      ', m.severity === 2 ? p.red : p.yellow), ...notes];
}

function fileBlock(r: FileResult, context: FormatContext, p: Paint): string[] {
  // After a fix, the messages are those of the fixed text.
  const starts = lineStarts(r.output ?? r.source);
  const posWidth = Math.max(...r.messages.map((m) => `${m.line}:${m.column}`.length));
  const lines = [p.underline(displayPath(context.cwd, r.filePath))];
  for (const m of r.messages) lines.push(...messageLines(r, m, p, starts, posWidth));
  return [...lines, ''];
}

function summary(results: readonly FileResult[], p: Paint): string[] {
  const t = totalsOf(results);
  const problems = t.errorCount + t.warningCount;
  const colour = t.errorCount ? p.red : p.yellow;
  const lines = [colour(p.bold(`✖ ${plural(problems, 'problem')} (${plural(t.errorCount, 'error')}, ${plural(t.warningCount, 'warning')})`))];
  const fixable = t.fixableErrorCount + t.fixableWarningCount;
  if (fixable) lines.push(colour(p.bold(`  ${fixable} fixable with --fix`)));
  return lines;
}

/** Findings grouped by file, each with a short code frame, then a summary line; empty when all is clean. */
export function formatStylish(results: readonly FileResult[], context: FormatContext): string {
  const p = paint(context.color);
  const withMessages = results.filter((r) => r.messages.length);
  if (!withMessages.length) return '';
  const lines = [''];
  for (const r of withMessages) lines.push(...fileBlock(r, context, p));
  return [...lines, ...summary(results, p), ''].join('\n');
}
