import type { ClientSpec } from '../catalogue/define-client';
import { dropBaselined, readBaseline } from '../core/baseline';
import { lintText, type LintMessage } from '../core/lint';
import { lineStarts } from '../core/positions';
import { unknownDirectiveRules, unknownRuleNotice } from '../core/suppress';
import { languageOf } from '../engines/registry';
import { DEFAULT_CONFIG } from '../config/config';
import { configFor, type RuleOptions } from './options';
import { PhpSourceCode } from './php-source-code';
import type { RuleContext, SourceCodeLike } from './types';

const jsCache = new WeakMap<object, Map<string, LintMessage[]>>();

function filenameOf(context: RuleContext): string {
  return context.filename ?? context.getFilename?.() ?? '<input>';
}

/** The path the JS engine lints ESLint's text as; null for files that are not JS/TS (a .vue file, say). */
function jsPath(filename: string): string | null {
  if (languageOf(filename, DEFAULT_CONFIG) === 'js') return filename;
  // ESLint names text without a file `<input>` (lintText) or `<text>`: lint it as JavaScript.
  const base = filename.slice(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
  return base.includes('.') && !/^<\w+>$/.test(base) ? null : `${filename}.js`;
}

function jsMessages(source: SourceCodeLike, filename: string, options: RuleOptions): LintMessage[] {
  const path = jsPath(filename);
  if (!path) return [];
  const { key, config } = configFor(options);
  let byKey = jsCache.get(source);
  if (!byKey) jsCache.set(source, (byKey = new Map()));
  let messages = byKey.get(key);
  if (!messages) {
    // typescript-eslint's parser services hold a Program when the project is typed; the engine may use it.
    const program = source.parserServices?.program ?? undefined;
    messages = lintText(source.text, path, config, { program });
    byKey.set(key, messages);
  }
  return messages;
}

function withoutBaselined(messages: LintMessage[], options: RuleOptions, context: RuleContext, text: string): LintMessage[] {
  if (!options.baseline || !messages.length) return messages;
  const filePath = context.physicalFilename ?? context.getPhysicalFilename?.() ?? filenameOf(context);
  return dropBaselined(readBaseline(options.baseline), options.baseline, { filePath, source: text, messages });
}

/** Every client's messages for the file being linted; null where this rule's language is not the file's. */
function allMessages(context: RuleContext, source: SourceCodeLike, spec: ClientSpec, options: RuleOptions): LintMessage[] | null {
  if (source instanceof PhpSourceCode) return spec.language === 'php' ? source.messagesFor(configFor(options)) : null;
  // A PHP rule on a JS file, or a JS rule on another language's file, has nothing to say.
  if (spec.language !== 'js' || typeof source.text !== 'string' || source.ast?.type !== 'Program') return null;
  return jsMessages(source, filenameOf(context), options);
}

// The pipeline is the CLI's: prefilter, engine, http-timeout-lint suppression comments, wrappers.
/** One client's messages for the file being linted, after the rule's connect setting and the baseline. */
export function messagesFor(context: RuleContext, source: SourceCodeLike, spec: ClientSpec, options: RuleOptions): LintMessage[] {
  const all = allMessages(context, source, spec, options);
  if (!all) return [];
  const mine = all.filter((m) => m.ruleId === spec.id && !m.fatal);
  const shown = options.missingConnectTimeout === 'off' ? mine.filter((m) => m.messageId !== 'missingConnectTimeout') : mine;
  return withUnknownRuleNotes(withoutBaselined(shown, options, context, source.text), source.text);
}

/**
 * An http-timeout-lint disable comment naming no rule (`curl` for `php/curl`) turns nothing off: the CLI says so on
 * stderr; here the message of each finding on the line the comment governs says it, by the rule that reports it.
 */
function withUnknownRuleNotes(messages: LintMessage[], text: string): LintMessage[] {
  if (!messages.length || !text.includes('http-timeout-lint-disable')) return messages;
  const unknown = unknownDirectiveRules(text, lineStarts(text));
  return messages.map((m) => {
    const notes = unknown.filter((u) => u.governs === m.line).map((u) => ` Line ${u.line}: ${unknownRuleNotice(u)}.`);
    return notes.length ? { ...m, data: { ...m.data, note: `${m.data?.note ?? ''}${notes.join('')}` } } : m;
  });
}
