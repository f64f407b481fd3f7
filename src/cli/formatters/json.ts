import type { LintMessage, SuppressedMessage } from '../../core/lint';
import { countsOf, type FileResult } from '../results';
import type { FormatContext } from './index';

// Built key by key, in ESLint's order, so internal fields (range, related) never leak into the contract.
function jsonMessage(m: LintMessage): Record<string, unknown> {
  if (m.fatal) return { ruleId: null, fatal: true, severity: 2, message: m.message, line: m.line, column: m.column };
  const out: Record<string, unknown> = {
    ruleId: m.ruleId,
    severity: m.severity,
    message: m.message,
    line: m.line,
    column: m.column,
    messageId: m.messageId,
    endLine: m.endLine,
    endColumn: m.endColumn,
  };
  if (m.fix) out.fix = { range: m.fix.range, text: m.fix.text };
  if (m.suggestions?.length) out.suggestions = m.suggestions.map((s) => ({ desc: s.desc, fix: { range: s.fix.range, text: s.fix.text } }));
  return out;
}

// ESLint's SuppressedLintMessage: the message as it would have been reported, then why it was not.
function jsonSuppressed(m: SuppressedMessage): Record<string, unknown> {
  return { ...jsonMessage(m), suppressions: m.suppressions.map((s) => ({ kind: s.kind, justification: s.justification })) };
}

function jsonResult(r: FileResult): Record<string, unknown> {
  const counts = countsOf(r.messages);
  const suppressedMessages = (r.suppressedMessages ?? []).map(jsonSuppressed);
  const out: Record<string, unknown> = { filePath: r.filePath, messages: r.messages.map(jsonMessage), suppressedMessages, ...counts };
  if (r.output !== undefined) out.output = r.bom ? `\uFEFF${r.output}` : r.output;
  // ESLint: `source` only when there are problems and no `output`.
  else if (counts.errorCount + counts.warningCount > 0) out.source = r.source;
  out.usedDeprecatedRules = [];
  return out;
}

/** ESLint's JSON formatter shape, one object per linted file. */
export function formatJson(results: readonly FileResult[], _context: FormatContext): string {
  return JSON.stringify(results.map(jsonResult));
}
