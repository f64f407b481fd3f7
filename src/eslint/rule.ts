import type { ClientSpec } from '../catalogue/define-client';
import type { LintMessage } from '../core/lint';
import type { Fix } from '../model/finding';
import type { MessageId } from '../model/message-ids';
import { MESSAGE_DEFAULTS, MESSAGES } from '../model/messages';
import { ruleDocUrl } from '../package-info';
import { messagesFor } from './file-messages';
import { OPTIONS_SCHEMA, readOptions, type RuleOptions } from './options';
import type { Fixer, ReportDescriptor, RuleContext, RuleModule, SourceCodeLike } from './types';

// ESLint leaves a placeholder it has no value for in the text; the CLI renders its default, or nothing. Match the CLI.
function dataFor(messageId: MessageId, data: Record<string, string> = {}): Record<string, string> {
  const out = { ...data };
  for (const [, key] of MESSAGES[messageId].matchAll(/\{\{\s*(\w+)\s*\}\}/g)) out[key!] ??= MESSAGE_DEFAULTS[key!] ?? '';
  return out;
}

function edit(fix: Fix): (fixer: Fixer) => unknown {
  return (fixer) => fixer.replaceTextRange(fix.range, fix.text);
}

function fixDesc(m: LintMessage, data: Record<string, string>): string {
  return m.messageId === 'disabledTimeout' ? `Set ${data.option} to a finite value` : `Set ${data.option}`;
}

/**
 * The ESLint report of one pipeline message: `fix` only with `{ fix: 'auto' }`, else a suggestion. ESLint reads
 * files as UTF-8: a file that is not (Latin-1 PHP) comes with U+FFFD for its other bytes, and `--fix` would write
 * those back over the whole file, so such text gets suggestions only (the CLI reads and keeps its encoding).
 */
export function descriptorOf(m: LintMessage, source: SourceCodeLike, mode: RuleOptions['fix']): ReportDescriptor {
  const [from, to] = m.range ?? [0, 0];
  const messageId = m.messageId!;
  const data = dataFor(messageId, m.data);
  const d: ReportDescriptor = { loc: { start: source.getLocFromIndex(from), end: source.getLocFromIndex(to) }, messageId, data };
  const suggest = (m.suggestions ?? []).map((s) => ({ desc: s.desc, fix: edit(s.fix) }));
  if (m.fix && mode === 'auto' && !source.text.includes('\uFFFD')) d.fix = edit(m.fix);
  else if (m.fix) suggest.unshift({ desc: fixDesc(m, data), fix: edit(m.fix) });
  if (suggest.length) d.suggest = suggest;
  return d;
}

/** The ESLint rule of one client: it runs the client's engine through the shared pipeline and reports. */
export function createRule(spec: ClientSpec): RuleModule {
  return {
    meta: {
      type: 'problem',
      docs: { description: `Require a timeout on ${spec.client} requests: ${spec.summary}`, url: ruleDocUrl(spec.id), recommended: true },
      fixable: 'code',
      hasSuggestions: true,
      schema: OPTIONS_SCHEMA,
      messages: { ...MESSAGES },
    },
    create(context: RuleContext) {
      const source = context.sourceCode ?? context.getSourceCode!();
      return {
        'Program:exit'() {
          const options = readOptions(context);
          for (const m of messagesFor(context, source, spec, options)) context.report(descriptorOf(m, source, options.fix));
        },
      };
    },
  };
}
