import type { ResolvedConfig } from '../config/config';
import type { ClientDecl, WrapperDecl } from '../config/declared';
import { type JudgeRead, namesClient, noteImporter, readAsModule, readAsPlainModule, readsMayLeadToClient } from '../catalogue/import-reach';
import type { ImportRead } from '../catalogue/import-reads';
import { importsMayHold, Mention, mayHoldFinding, mentionOf, olderDefaultMayHold } from '../catalogue/prefilter';
import { engineFor, languageOf } from '../engines/registry';
import type { EngineSettings, Finding, Fix } from '../model/finding';
import type { MessageId } from '../model/message-ids';
import { messageFor } from '../model/messages';
import { severityOf, type Severity } from '../model/severity';
import { applyFixes, mapOffset } from '../fix/apply';
import { keepCommentColumn } from '../fix/helpers';
import { lineStarts, locOf } from './positions';
import { jsCodeOf } from './script-blocks';
import { splitSuppressed, type Suppression } from './suppress';
import { dropWrapped, mentionsDeclared } from './wrappers/index';

/** One reported problem, in ESLint's message shape plus the ranges the formatters need. */
export interface LintMessage {
  ruleId: string | null;
  severity: Severity;
  message: string;
  messageId?: MessageId;
  /** The placeholders of `messageId`'s text, so front ends can render it themselves. */
  data?: Record<string, string>;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fix?: Fix;
  suggestions?: { desc: string; fix: Fix }[];
  fatal?: true;
  range?: [number, number];
  related?: { line: number; column: number; endLine: number; endColumn: number; note: string }[];
}

/** A message a suppression comment (or, in the CLI, the baseline) turned off, with why (ESLint's SuppressedLintMessage). */
export interface SuppressedMessage extends LintMessage {
  suppressions: Suppression[];
}

/** What one lint of a text reports, and what its suppression comments turned off. */
export interface Linted {
  messages: LintMessage[];
  suppressed: SuppressedMessage[];
}

export interface LintOptions {
  /** Skip the cheap text test; findings must be the same either way. */
  noPrefilter?: boolean;
  /** A TypeScript Program from the caller's parser (typescript-eslint); handed to the engine. */
  program?: unknown;
  /** `triage` said 'lint' for this text: the prefilter is not asked again. */
  triaged?: boolean;
  /**
   * Fixing: the engines analyse the whole text (a PHP file is parsed with every body, so that one with a syntax
   * error where the analysis would not have looked is not rewritten).
   */
  fixing?: boolean;
  /** ESLint's `eslint-disable…` comments turn findings off too (the CLI; ESLint reads them itself). */
  eslintComments?: boolean;
}

export function settingsOf(config: ResolvedConfig): EngineSettings {
  const settings: EngineSettings = { connectTimeout: config.fix.connectTimeout, totalTimeout: config.fix.totalTimeout };
  if (config.clients?.length) settings.clients = config.clients;
  // Configs built in code before `setup` existed lack it.
  if (config.setup?.length) settings.setup = config.setup;
  return settings;
}

function toMessage(f: Finding, severity: Severity, starts: number[], text: string): LintMessage {
  const start = locOf(starts, f.range[0]);
  const end = locOf(starts, f.range[1]);
  const msg: LintMessage = {
    ruleId: f.ruleId,
    severity,
    message: messageFor(f.messageId, f.data),
    messageId: f.messageId,
    data: f.data,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    range: f.range,
  };
  if (f.fix) msg.fix = keepCommentColumn(text, f.fix);
  if (f.suggestions?.length) msg.suggestions = f.suggestions.map((s) => ({ ...s, fix: keepCommentColumn(text, s.fix) }));
  if (f.related?.length) {
    msg.related = f.related.map((r) => {
      const a = locOf(starts, r.range[0]);
      const b = locOf(starts, r.range[1]);
      return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column, note: r.note };
    });
  }
  return msg;
}

/** A value an importer reads, judged by the JS engine, which parses the module (src/engines/js/reach.ts). */
const judgeRead: JudgeRead = (path, read) => engineFor('js')?.importedValueMayLead?.(path, read) ?? true;

function declaredOf(config: ResolvedConfig): (WrapperDecl | ClientDecl)[] {
  // Configs built in code before `wrappers`/`clients` existed lack them.
  return [...(config.wrappers ?? []), ...(config.clients ?? [])];
}

/**
 * What the prefilter says of a file: 'lint' (the engine must see it), 'clean' (it cannot hold a finding), or what
 * a JS file imports from project modules, when only a value read from there could lead it to a client. A run that
 * sees many files settles those reads (`importsLeadToClient`) once it has seen more of them: the modules linted
 * by then are not read again for them (noted as each file is seen). Declared wrappers and a type checker find
 * clients by names and types the values do not show: for them, any imported module that names one counts, and
 * the answer is 'lint' or 'clean'. `utf8Stamp`: the file's stamp, when its text is its bytes read as UTF-8.
 */
export function triage(text: string, filePath: string, config: ResolvedConfig, options: LintOptions = {}, utf8Stamp?: string): 'lint' | 'clean' | ImportRead[] {
  const language = languageOf(filePath, config);
  if (!language) return 'clean';
  if (options.noPrefilter) return 'lint';
  // A component's markup is no code: only its script blocks are read.
  const code = language === 'js' ? jsCodeOf(text, filePath) : text;
  const declared = declaredOf(config);
  if (declared.length > 0 || options.program !== undefined) {
    if (mayHoldFinding(language, code) || mentionsDeclared(language, code, declared)) return 'lint';
    if (language === 'php' && olderDefaultMayHold(code, filePath)) return 'lint';
    // An imported module counts where it may hand a client's module on, too (Mention.AsModule).
    const handsOn = (t: string) => mentionOf(language, t) !== Mention.None || mentionsDeclared(language, t, declared);
    return language === 'js' && importsMayHold(filePath, code, handsOn, `${declared.map((d) => d.call).join('\n')}\0module`) ? 'lint' : 'clean';
  }
  if (language === 'php') return mayHoldFinding(language, code) || olderDefaultMayHold(code, filePath) ? 'lint' : 'clean';
  // A file read as a module earlier in the run (with this stamp: the same UTF-8 text) and found to name no client
  // was judged then. One that names one as a module may still name none in its own code (Mention.AsModule).
  const known = utf8Stamp !== undefined ? readAsModule(filePath, utf8Stamp) : undefined;
  if (known && !known.names) return ownReads(known.reads);
  const mention = mentionOf(language, code);
  if (mention === Mention.Finding) {
    namesClient(filePath, code);
    return 'lint';
  }
  return ownReads(noteImporter(filePath, code, mention === Mention.AsModule));
}

/**
 * `triage`'s word on a JS file that the run read earlier as a module another file imports, and found naming no
 * client, given without its text: 'clean' or what it reads, and the stamp that holds while the file is the one
 * read then. Undefined when the file must be read to be triaged.
 */
export function triageUnread(filePath: string, config: ResolvedConfig, options: LintOptions = {}): { stamp: string; said: 'clean' | ImportRead[] } | undefined {
  if (options.noPrefilter || options.program !== undefined || declaredOf(config).length > 0 || languageOf(filePath, config) !== 'js') return undefined;
  const known = readAsPlainModule(filePath);
  return known && { stamp: known.stamp, said: ownReads(known.reads) };
}

/** `reads`, unless the file reads nothing itself (only re-exports, or no project module): then it is clean. */
function ownReads(reads: ImportRead[]): 'clean' | ImportRead[] {
  return reads.some((r) => r.as === undefined) ? reads : 'clean';
}

/** Whether a file that `triage` gave `reads` for may hold a finding after all. */
export function importsLeadToClient(filePath: string, reads: readonly ImportRead[]): boolean {
  return readsMayLeadToClient(filePath, reads, judgeRead);
}

/** Lints BOM-stripped text as the file at `filePath`; files of no known language give no messages. */
export function lintText(text: string, filePath: string, config: ResolvedConfig, options: LintOptions = {}): LintMessage[] {
  return lintTextSuppressed(text, filePath, config, options).messages;
}

const nothing = (): Linted => ({ messages: [], suppressed: [] });

/** `lintText`, with the messages suppression comments turned off (for the CLI's json `suppressedMessages`). */
export function lintTextSuppressed(text: string, filePath: string, config: ResolvedConfig, options: LintOptions = {}): Linted {
  const language = languageOf(filePath, config);
  if (!language) return nothing();
  if (!options.triaged) {
    const said = triage(text, filePath, config, options);
    if (said === 'clean' || (said !== 'lint' && !importsLeadToClient(filePath, said))) return nothing();
  }
  const engine = engineFor(language);
  if (!engine) return nothing();
  const settings: EngineSettings = { ...settingsOf(config), ...(options.program !== undefined && { program: options.program }), ...((options.noPrefilter || options.fixing) && { wholeFile: true }) };
  const result = engine.lint(text, filePath, settings);
  if (result.parseError) {
    const { message, line, column } = result.parseError;
    return { messages: [{ ruleId: null, severity: 2, message, line, column, fatal: true }], suppressed: [] };
  }
  // Most files that reach an engine hold no finding: their lines are not indexed.
  if (!result.findings.length) return nothing();
  const starts = lineStarts(text);
  // Wrappers and directives are read in a component's script blocks (its markup is no code).
  const code = language === 'js' ? jsCodeOf(text, filePath) : text;
  const unwrapped = dropWrapped(result.findings, code, filePath, language, config.wrappers ?? []);
  const { kept, suppressed } = splitSuppressed(code, unwrapped, starts, options.eslintComments);
  // As in ESLint, a rule that is off reports nothing, suppressed or not.
  const report = (f: Finding): LintMessage | null => {
    const severity = severityOf(f.messageId, config.rules[f.ruleId] ?? 'error', config.missingConnectTimeout);
    return severity === null ? null : toMessage(f, severity, starts, text);
  };
  const messages = kept.flatMap((f) => report(f) ?? []);
  const off = suppressed.flatMap((s) => {
    const m = report(s.finding);
    return m ? [{ ...m, suppressions: s.suppressions }] : [];
  });
  return { messages: byPosition(messages), suppressed: byPosition(off) };
}

function byPosition<M extends LintMessage>(messages: M[]): M[] {
  return messages.sort((a, b) => a.line - b.line || a.column - b.column);
}

export interface FixResult {
  output: string;
  messages: LintMessage[];
  /** Turned off by comments in the output; their fixes are not applied, as in ESLint. */
  suppressed: SuppressedMessage[];
  fixed: boolean;
}

const MAX_PASSES = 10;

/**
 * Lints and applies every reported fix, in passes, until none is left; `messages` are those of the output.
 * A finding still reported where it was, with the same fix, after a pass applied that fix is one the fix does not
 * clear: it is not applied again (ten passes would stack ten copies of the same lines), and the finding is reported
 * without it; so is one whose new fix wraps what its last one wrote (ten passes would nest ten copies).
 */
export function fixText(text: string, filePath: string, config: ResolvedConfig, options: LintOptions = {}): FixResult {
  options = { ...options, fixing: true };
  let output = text;
  let linted = lintTextSuppressed(output, filePath, config, options);
  // Findings whose fix a pass applied: rule, message, start offset in `output`, the text the fix wrote and where
  // (an insertion maps to after its own text: the same fix again would be at `fixAt - text.length`).
  let fixedAt: { ruleId: string | null; messageId?: string; start: number; text: string; fixAt: number; inserted: boolean }[] = [];
  const sameFix = (f: (typeof fixedAt)[number], fix: Fix): boolean =>
    f.text === fix.text && (fix.range[0] === f.fixAt || (f.inserted && fix.range[0] === f.fixAt - f.text.length));
  // A fix that replaces what an earlier one wrote with text holding it again (`$c ?: make()` around `$c ?: make()`)
  // grows the file each pass without clearing its finding.
  const wraps = (f: (typeof fixedAt)[number], fix: Fix): boolean => {
    const from = f.inserted ? f.fixAt - f.text.length : f.fixAt;
    return f.text.trim().length >= 4 && fix.range[0] <= from && fix.range[1] >= from + f.text.length && fix.text.length > f.text.length && fix.text.includes(f.text);
  };
  const stuck = (m: LintMessage): boolean =>
    !!m.range && !!m.fix && fixedAt.some((f) => f.ruleId === m.ruleId && f.messageId === m.messageId && f.start === m.range![0] && (sameFix(f, m.fix!) || wraps(f, m.fix!)));
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixing = linted.messages.filter((m) => m.fix && !stuck(m));
    if (!fixing.length) break;
    const { output: next, done } = applyFixes(output, fixing.map((m) => m.fix!));
    if (!done.length || next === output) break;
    const applied = new Set(done);
    const now = fixing
      .filter((m) => m.range && applied.has(m.fix!))
      .map((m) => ({ ruleId: m.ruleId, messageId: m.messageId, start: m.range![0], text: m.fix!.text, fixAt: m.fix!.range[0], inserted: m.fix!.range[0] === m.fix!.range[1] }));
    fixedAt = [...fixedAt, ...now].flatMap((f) => {
      const start = mapOffset(f.start, done);
      const fixAt = mapOffset(f.fixAt, done);
      return start === null || fixAt === null ? [] : [{ ...f, start, fixAt }];
    });
    output = next;
    linted = lintTextSuppressed(output, filePath, config, options);
  }
  const messages = linted.messages.map((m) => {
    if (!stuck(m)) return m;
    const kept: LintMessage = { ...m };
    delete kept.fix;
    return kept;
  });
  return { output, ...linted, messages, fixed: output !== text };
}
