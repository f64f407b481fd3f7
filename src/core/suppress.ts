import type { Finding } from '../model/finding';
import { lineOf } from './positions';
import { RULE_IDS, ruleIdsLike } from './rule-ids';

const DIRECTIVE = /http-timeout-lint-disable-(next-line|line)(?![\w-])([^\n\r]*)/g;
// ESLint's own line directives, in a line or a block comment.
const ESLINT_LINE = /eslint-disable-(next-line|line)(?![\w-])([^\n\r]*)/g;
// ESLint's block directives: `/* eslint-disable [rules] */` … `/* eslint-enable [rules] */`, `/* eslint rule: off */`.
const ESLINT_BLOCK = /\/\*\s*eslint(-disable|-enable|)(?![\w-])\s([^*]*(?:\*(?!\/)[^*]*)*)\*\//g;
// A directive counts only inside a comment: something that opens one must come before it on its line.
const COMMENT_OPENER = /(\/\/|#|\/\*|<!--|\*)[^\n\r]*$/;

/** Why a finding is not reported, in ESLint's shape (`SuppressedLintMessage.suppressions`). */
export interface Suppression {
  /** 'directive': a comment in the file; 'file': kept out by a file of accepted findings (ESLint's bulk suppressions, our baseline). */
  kind: 'directive' | 'file';
  justification: string;
}

interface Directive {
  /** Where the directive starts (its notices name this line). */
  at: number;
  line: number;
  rules: string[] | null;
  justification: string;
}

// A comment's closer (`*/`, `-->`, or PHP's `?>` ending a `#` or `//` comment) ends the directive's text.
const CLOSER = /\*\/|-->|\?>/;

/** The rules a directive names (before a `-- reason`), or null for all. */
function rulesOf(spec: string): string[] | null {
  const rules = spec.split('--')[0]!.replace(/\*\/|-->|\?>/g, ' ').split(/[\s,]+/).filter(Boolean);
  return rules.length ? rules : null;
}

/** The reason after ` -- `, trimmed; '' when none is given (as ESLint's `justification`). */
function justificationOf(spec: string): string {
  const body = spec.split(CLOSER)[0]!;
  const at = body.indexOf('--');
  return at < 0 ? '' : body.slice(at + 2).trim();
}

/** Reads `http-timeout-lint-disable-line` / `-next-line [rule, …] [-- reason]` directives out of comments. */
export function findDirectives(text: string, starts: readonly number[], pattern = DIRECTIVE): Directive[] {
  const out: Directive[] = [];
  for (const m of text.matchAll(pattern)) {
    const at = m.index ?? 0;
    const own = lineOf(starts, at);
    const before = text.slice(starts[own - 1], at);
    // `/*` then the directive on the next line: the comment starts before its line.
    const opened = text.lastIndexOf('/*', at);
    const startsBlock = opened >= 0 && text.slice(opened + 2, at).trim() === '';
    if (!COMMENT_OPENER.test(before) && !startsBlock) continue;
    const next = m[1] === 'next-line';
    // A block comment that goes on past its line: `-next-line` means the line after the comment, and the rules
    // may go on too; a `-line` directive may not span lines (as ESLint reads them).
    const inBlock = startsBlock || before.lastIndexOf('/*') > before.lastIndexOf('*/');
    const close = inBlock ? text.indexOf('*/', at) : -1;
    const closeLine = close < 0 ? own : lineOf(starts, close);
    if (closeLine === own) {
      out.push({ at, line: own + (next ? 1 : 0), rules: rulesOf(m[2] ?? ''), justification: justificationOf(m[2] ?? '') });
    } else if (next) {
      const spec = text.slice(at + m[0].length - (m[2] ?? '').length, close);
      out.push({ at, line: closeLine + 1, rules: rulesOf(spec), justification: justificationOf(spec) });
    }
  }
  return out;
}

/** Where ESLint's block directives turn rules off: `[from, to)` offsets, and the rules (null: all). */
interface Region {
  /** Where its comment starts. */
  at: number;
  from: number;
  to: number;
  rules: string[] | null;
  justification: string;
}

/**
 * `/* eslint-disable [rules] *\/` up to `/* eslint-enable [rules] *\/` (or the end of the file), and
 * `/* eslint rule: "off" *\/` for the whole file, as ESLint reads them.
 */
export function findRegions(text: string): Region[] {
  const out: Region[] = [];
  const open: { from: number; rules: string[] | null; justification: string }[] = [];
  for (const m of text.matchAll(ESLINT_BLOCK)) {
    const at = m.index ?? 0;
    const body = m[2] ?? '';
    if (m[1] === '') {
      // `/* eslint http-timeout/fetch: "off", semi: 2 */`: a rule set to off or 0 is off in the whole file.
      const off = [...body.split('--')[0]!.matchAll(/([\w@/-]+)\s*:\s*(?:["']off["']|off\b|0\b|\[\s*(?:["']off["']|0)\b)/g)].map((x) => x[1]!);
      if (off.length) out.push({ at, from: 0, to: text.length, rules: off, justification: justificationOf(body) });
      continue;
    }
    const rules = rulesOf(body);
    if (m[1] === '-disable') {
      open.push({ from: at, rules, justification: justificationOf(body) });
      continue;
    }
    // An enable with no rules closes every open disable; one with rules closes those rules' disables.
    for (let i = open.length - 1; i >= 0; i--) {
      const d = open[i]!;
      const closes = !rules || (d.rules !== null && d.rules.every((r) => rules.includes(r)));
      if (!closes) continue;
      out.push({ ...d, at: d.from, to: at });
      open.splice(i, 1);
    }
  }
  for (const d of open) out.push({ ...d, at: d.from, to: text.length });
  return out;
}

// Rule names match in every spelling: 'php/curl', and ESLint's 'http-timeout/curl' or 'http-timeout/php-curl'
// (the ESLint name when clients of two languages share 'curl').
function matches(rules: string[] | null, ruleId: string): boolean {
  if (!rules) return true;
  const short = ruleId.slice(ruleId.indexOf('/') + 1);
  return rules.some((r) => r === ruleId || r === `http-timeout/${short}` || r === `http-timeout/${ruleId.replace('/', '-')}`);
}

/** A name in a directive that is none of our rules, so the directive turns nothing off for it. */
export interface UnknownRule {
  line: number;
  /** The line a line directive turns findings off for (none for a region). */
  governs?: number;
  name: string;
  /** The rule ids it may mean (`curl`: `php/curl`). */
  like: string[];
}

/**
 * The names in directives that match no rule: in ours, every name; in ESLint's (`eslintComments`), those in our
 * plugin's namespace (`http-timeout/…`), since the others belong to other plugins.
 */
export function unknownDirectiveRules(text: string, starts: readonly number[], eslintComments = false): UnknownRule[] {
  const named: { at: number; line?: number; rules: string[] | null; ours: boolean }[] = [];
  if (text.includes('http-timeout-lint-disable')) named.push(...findDirectives(text, starts).map((d) => ({ ...d, ours: true })));
  if (eslintComments && text.includes('eslint')) {
    named.push(...findDirectives(text, starts, ESLINT_LINE).map((d) => ({ ...d, ours: false })));
    named.push(...findRegions(text).map((r) => ({ ...r, ours: false })));
  }
  return named
    .flatMap((d) => (d.rules ?? []).filter((r) => (d.ours || r.startsWith('http-timeout/')) && !RULE_IDS.some((id) => matches([r], id))).map((name) => ({ at: d.at, governs: d.line, name })))
    .sort((a, b) => a.at - b.at)
    .map(({ at, governs, name }) => ({ line: lineOf(starts, at), ...(governs !== undefined && { governs }), name, like: ruleIdsLike(name) }));
}

/** What to tell the reader of an `UnknownRule` (its line is said apart). */
export function unknownRuleNotice(u: UnknownRule): string {
  const hint = u.like.length ? ` (did you mean ${u.like.map((id) => `"${id}"`).join(' or ')}?)` : '';
  return `"${u.name}" in a disable comment is not a rule id${hint}; the comment turns nothing off for it`;
}

/** A finding some directives turn off, with one suppression per directive (as ESLint lists them). */
export interface SuppressedFinding {
  finding: Finding;
  suppressions: Suppression[];
}

/**
 * The findings no directive turns off, and those turned off. `eslintComments`: ESLint's own directives count
 * too, as ESLint would read them (the CLI; in ESLint, ESLint reads them itself and must see every finding to
 * judge them used).
 */
export function splitSuppressed(
  text: string,
  findings: Finding[],
  starts: readonly number[],
  eslintComments = false,
): { kept: Finding[]; suppressed: SuppressedFinding[] } {
  const directives = text.includes('http-timeout-lint-disable') ? findDirectives(text, starts) : [];
  const eslint = eslintComments && text.includes('eslint');
  if (eslint) directives.push(...findDirectives(text, starts, ESLINT_LINE));
  const regions = eslint ? findRegions(text) : [];
  if (!directives.length && !regions.length) return { kept: findings, suppressed: [] };
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const f of findings) {
    const line = lineOf(starts, f.range[0]);
    const by = [
      ...directives.filter((d) => d.line === line && matches(d.rules, f.ruleId)),
      ...regions.filter((r) => r.from <= f.range[0] && f.range[0] < r.to && matches(r.rules, f.ruleId)),
    ];
    if (!by.length) kept.push(f);
    else suppressed.push({ finding: f, suppressions: by.map((d) => ({ kind: 'directive', justification: d.justification })) });
  }
  return { kept, suppressed };
}

/** The findings no directive turns off (`splitSuppressed`). */
export function dropSuppressed(text: string, findings: Finding[], starts: readonly number[], eslintComments = false): Finding[] {
  return splitSuppressed(text, findings, starts, eslintComments).kept;
}
