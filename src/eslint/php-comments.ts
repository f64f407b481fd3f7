import { lineStarts, locOf } from '../core/positions';
import { phpTokens } from '../core/php-tokens';
import type { SourceLocation } from './types';

/** A PHP comment as ESLint's directive machinery sees it: `value` is the text without its delimiters. */
export interface PhpComment {
  type: 'Line' | 'Block';
  value: string;
  range: [number, number];
  loc: SourceLocation;
}

export interface Directive {
  type: 'disable' | 'enable' | 'disable-line' | 'disable-next-line';
  node: PhpComment;
  value: string;
  justification: string;
}

export interface FileProblem {
  ruleId: null;
  message: string;
  loc: SourceLocation;
}

function commentOf(type: string, raw: string, start: number, starts: number[]): PhpComment {
  // A `//` or `#` comment token holds its line break; the comment ends before it.
  const text = type === 'T_COMMENT' && !raw.startsWith('/*') ? raw.replace(/\r?\n$|\r$/, '') : raw;
  const block = text.startsWith('/*');
  const value = block ? text.slice(2, text.endsWith('*/') ? -2 : undefined) : text.slice(text.startsWith('#') ? 1 : 2);
  const range: [number, number] = [start, start + text.length];
  const a = locOf(starts, range[0]);
  const b = locOf(starts, range[1]);
  const loc = { start: { line: a.line, column: a.column - 1 }, end: { line: b.line, column: b.column - 1 } };
  return { type: block ? 'Block' : 'Line', value, range, loc };
}

/** The comments of a PHP file that may hold ESLint directives (none is looked for unless "eslint" occurs). */
export function directiveComments(text: string): PhpComment[] {
  if (!text.includes('eslint')) return [];
  const starts = lineStarts(text);
  return (phpTokens(text) ?? [])
    .filter((t) => (t.type === 'T_COMMENT' || t.type === 'T_DOC_COMMENT') && t.value.includes('eslint'))
    .map((t) => commentOf(t.type, t.value, t.start, starts))
    .filter((c) => /^\s*(?:eslint-disable|eslint-enable|eslint\s)/.test(c.value));
}

function split(comment: PhpComment): { label: string; value: string; justification: string } | null {
  // ESLint: a justification follows two or more dashes with white space around them.
  const [directive = '', ...rest] = comment.value.split(/\s-{2,}\s/);
  const m = /^\s*(eslint-disable-next-line|eslint-disable-line|eslint-disable|eslint-enable|eslint)(?:\s+([\s\S]*))?$/.exec(directive);
  if (!m) return null;
  return { label: m[1]!, value: (m[2] ?? '').trim(), justification: rest.join(' ').trim() };
}

/** `eslint-disable…`/`eslint-enable` comments, with ESLint's rules: line comments hold only the `-line` kinds. */
export function disableDirectives(comments: readonly PhpComment[]): { directives: Directive[]; problems: FileProblem[] } {
  const directives: Directive[] = [];
  const problems: FileProblem[] = [];
  for (const node of comments) {
    const parts = split(node);
    if (!parts || parts.label === 'eslint') continue;
    const type = parts.label.slice('eslint-'.length) as Directive['type'];
    const lineKind = type === 'disable-line' || type === 'disable-next-line';
    if (node.type === 'Line' && !lineKind) continue;
    if (type === 'disable-line' && node.loc.start.line !== node.loc.end.line) {
      problems.push({ ruleId: null, message: `${parts.label} comment should not span multiple lines.`, loc: node.loc });
      continue;
    }
    directives.push({ type, node, value: parts.value, justification: parts.justification });
  }
  return { directives, problems };
}

// `/* eslint http-timeout/curl: off */` or `"http-timeout/curl": ["error", {"fix": "auto"}]`: quote bare keys and words.
function parseRules(text: string): Record<string, unknown> {
  try {
    return JSON.parse(`{${text}}`) as Record<string, unknown>;
  } catch {
    const quoted = text
      .replace(/([^\s,:{}[\]"']+)\s*:/g, '"$1":')
      .replace(/:\s*(off|warn|error)\b/g, ':"$1"')
      .replace(/\[\s*(off|warn|error)\b/g, '["$1"');
    return JSON.parse(`{${quoted}}`) as Record<string, unknown>;
  }
}

/** Rule settings from `/* eslint rule: value *\/` block comments. */
export function inlineConfigs(comments: readonly PhpComment[]): {
  configs: { loc: SourceLocation; config: { rules: Record<string, unknown> } }[];
  problems: FileProblem[];
} {
  const configs = [];
  const problems: FileProblem[] = [];
  for (const node of comments) {
    const parts = split(node);
    if (!parts || parts.label !== 'eslint' || node.type !== 'Block') continue;
    try {
      configs.push({ loc: node.loc, config: { rules: parseRules(parts.value) } });
    } catch (err) {
      problems.push({ ruleId: null, message: `Failed to parse JSON from '${parts.value}': ${(err as Error).message}`, loc: node.loc });
    }
  }
  return { configs, problems };
}
