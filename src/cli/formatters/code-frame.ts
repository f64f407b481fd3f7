import type { Paint } from './paint';

const MAX_WIDTH = 120;
const KEEP_BEFORE = 40;

interface Span {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

function lineText(source: string, starts: readonly number[], line: number): string {
  const end = line < starts.length ? starts[line]! : source.length;
  // Control characters (tabs too) become one space each: columns stay aligned and the terminal safe.
  return source.slice(starts[line - 1], end).replace(/\r?\n$|\r$/, '').replace(/[\x00-\x1f\x7f]/g, ' ');
}

// Long lines are cut to a window around the finding, each cut marked with an ellipsis.
function cut(text: string, from: number, to: number): string {
  return (from > 0 ? '…' : '') + text.slice(from, to) + (to < text.length ? '…' : '');
}

/** The finding's line and the one before it, with a caret line under the range; lines are indented by `indent`. */
export function codeFrame(source: string, starts: readonly number[], at: Span, p: Paint, indent: string, mark = p.red): string[] {
  if (at.line < 1 || at.line > starts.length) return [];
  const text = lineText(source, starts, at.line);
  const col = Math.min(Math.max(at.column - 1, 0), text.length);
  const from = text.length > MAX_WIDTH ? Math.max(0, Math.min(col - KEEP_BEFORE, text.length - MAX_WIDTH)) : 0;
  const to = from + MAX_WIDTH;
  const endCol = at.endLine === at.line && at.endColumn !== undefined ? at.endColumn - 1 : text.length;
  const width = Math.max(1, Math.min(endCol, to) - col);
  const gutter = String(at.line).length;
  const row = (mark: string, n: string, body: string) => `${indent}${mark} ${p.dim(`${n.padStart(gutter)} |`)}${body ? ` ${body}` : ''}`;
  const lines: string[] = [];
  if (at.line > 1) lines.push(row(' ', String(at.line - 1), cut(lineText(source, starts, at.line - 1), from, to)));
  lines.push(row(mark('>'), String(at.line), cut(text, from, to)));
  lines.push(row(' ', '', ' '.repeat(col - from + (from > 0 ? 1 : 0)) + mark('^'.repeat(width))));
  return lines;
}
