import type { Finding } from '../model/finding';
import { lineOf } from './positions';

const DIRECTIVE = /http-timeout-lint-disable-(next-line|line)(?![\w-])([^\n\r]*)/g;
// A directive counts only inside a comment: something that opens one must come before it on its line.
const COMMENT_OPENER = /(\/\/|#|\/\*|<!--|\*)[^\n\r]*$/;

interface Directive {
  line: number;
  rules: string[] | null;
}

/** Reads `http-timeout-lint-disable-line` / `-next-line [rule, …] [-- reason]` directives out of comments. */
export function findDirectives(text: string, starts: readonly number[]): Directive[] {
  const out: Directive[] = [];
  if (!text.includes('http-timeout-lint-disable')) return out;
  for (const m of text.matchAll(DIRECTIVE)) {
    const at = m.index ?? 0;
    const own = lineOf(starts, at);
    if (!COMMENT_OPENER.test(text.slice(starts[own - 1], at))) continue;
    const line = own + (m[1] === 'next-line' ? 1 : 0);
    const spec = (m[2] ?? '').split('--')[0]!.replace(/\*\/|-->|\?>/g, ' ');
    const rules = spec.split(/[\s,]+/).filter(Boolean);
    out.push({ line, rules: rules.length ? rules : null });
  }
  return out;
}

// Rule names match in every spelling: 'php/curl', and ESLint's 'http-timeout/curl' or 'http-timeout/php-curl'
// (the ESLint name when clients of two languages share 'curl').
function matches(rules: string[] | null, ruleId: string): boolean {
  if (!rules) return true;
  const short = ruleId.slice(ruleId.indexOf('/') + 1);
  return rules.some((r) => r === ruleId || r === `http-timeout/${short}` || r === `http-timeout/${ruleId.replace('/', '-')}`);
}

export function dropSuppressed(text: string, findings: Finding[], starts: readonly number[]): Finding[] {
  const directives = findDirectives(text, starts);
  if (!directives.length) return findings;
  return findings.filter((f) => {
    const line = lineOf(starts, f.range[0]);
    return !directives.some((d) => d.line === line && matches(d.rules, f.ruleId));
  });
}
