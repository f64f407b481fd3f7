import { ts } from './typescript';
import type { Fix } from '../../model/finding';
import { insertArguments, mergeFixes } from '../../fix/helpers';
import { staticName, unwrap } from './parse';
import { readAgain } from './signal-fix';

/** One option to write: its key path inside the options object and its value as source text. */
export interface Entry {
  path: readonly string[];
  value: string;
}

/** Entries grouped by their first key, in order, each with its value as text: `['b', '{ c: 2 }']`. */
export function keyedValues(entries: readonly Entry[]): [string, string][] {
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const k = e.path[0]!;
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  return [...groups].map(([k, list]) => {
    const leaf = list.find((e) => e.path.length === 1);
    if (leaf) return [k, leaf.value];
    return [k, `{ ${entriesText(list.map((e) => ({ path: e.path.slice(1), value: e.value }))).join(', ')} }`];
  });
}

/** Entries grouped by their first key, in order, each as `key: value` text: `b: { c: 2 }`. */
function keyedTexts(entries: readonly Entry[]): [string, string][] {
  return keyedValues(entries).map(([k, v]) => [k, `${k}: ${v}`]);
}

/** `a: 1, b: { c: 2 }` for entries grouped by their first key, in order. */
export function entriesText(entries: readonly Entry[]): string[] {
  return keyedTexts(entries).map(([, text]) => text);
}

/**
 * `b: { c: 2, ...from.b }` for entries nested under `b`, which `from` (an object spread before the text) holds:
 * written after it, the new keys join its own instead of replacing them, and its own keys still win. Other entries
 * as entriesText writes them.
 */
export function entriesMergedWith(entries: readonly Entry[], from: string): string[] {
  return keyedTexts(entries).map(([k, text]) => {
    const list = entries.filter((e) => e.path[0] === k);
    if (list.some((e) => e.path.length === 1)) return text;
    return `${k}: { ${entriesText(list.map((e) => ({ path: e.path.slice(1), value: e.value }))).join(', ')}, ...${from}.${k} }`;
  });
}

/** `{ a: 1 }` as a new options argument. */
export function objectText(entries: readonly Entry[]): string {
  return `{ ${entriesText(entries).join(', ')} }`;
}

function eolOf(sf: ts.SourceFile): string {
  return sf.text.includes('\r\n') ? '\r\n' : '\n';
}

function indentAt(sf: ts.SourceFile, pos: number): string {
  const start = sf.getLineStarts()[sf.getLineAndCharacterOfPosition(pos).line]!;
  let end = start;
  while (end < sf.text.length && (sf.text[end] === ' ' || sf.text[end] === '\t')) end++;
  return sf.text.slice(start, end);
}

/**
 * `undefined`, `void 0` or `null` as written: a key that holds one sets nothing (axios and spread fall back below
 * it), and an argument that is one holds no options.
 */
export function writesNothing(e: ts.Expression): boolean {
  const x = unwrap(e);
  return x.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(x) || (ts.isIdentifier(x) && x.text === 'undefined');
}

/** The last property written with this key (the one that wins), spreads aside. */
function propertyNamed(lit: ts.ObjectLiteralExpression, key: string): ts.ObjectLiteralElementLike | undefined {
  return [...lit.properties].reverse().find((p) => !ts.isSpreadAssignment(p) && staticName(p.name) === key);
}

/** The property written with this key, unless a spread after it surely holds the key too, and replaces it. */
function ownProperty(lit: ts.ObjectLiteralExpression, key: string, holds: SpreadHolds): ts.ObjectLiteralElementLike | undefined {
  const prop = propertyNamed(lit, key);
  const after = prop ? lit.properties.slice(lit.properties.indexOf(prop) + 1) : [];
  return after.some((p) => ts.isSpreadAssignment(p) && holds(p.expression, key) === 'yes') ? undefined : prop;
}

/**
 * Descends into nested literals along the entries' paths: `timeout: { connect }` gains `request` inside. A key
 * that holds `undefined` or `null` is where the descent stops: that key is replaced whole.
 */
function target(literal: ts.ObjectLiteralExpression, entries: readonly Entry[], holds: SpreadHolds): { literal: ts.ObjectLiteralExpression; entries: Entry[] } | null {
  let lit = literal;
  let list = [...entries];
  for (let guard = 0; guard < 8; guard++) {
    const key = list[0]?.path[0];
    if (!key || list[0]!.path.length === 1 || list.some((e) => e.path[0] !== key)) return { literal: lit, entries: list };
    const prop = ownProperty(lit, key, holds);
    if (!prop) return { literal: lit, entries: list };
    const init = ts.isPropertyAssignment(prop) ? unwrap(prop.initializer) : undefined;
    if (init && writesNothing(init)) return { literal: lit, entries: list };
    if (!init || !ts.isObjectLiteralExpression(init)) return null;
    lit = init;
    list = list.map((e) => ({ path: e.path.slice(1), value: e.value }));
  }
  return null;
}

/** Whether a spread's value holds a key: 'yes' pins new keys after it, 'maybe' (a caller's options) keeps them before it. */
export type SpreadHolds = (spread: ts.Expression, key: string) => 'yes' | 'maybe' | 'no';

/**
 * The spread new keys go in front of, so that a caller's own options spread in still win: the first spread
 * that may hold one of `keys`, after the last one that surely does (a key written there as `undefined`).
 */
function spreadBefore(lit: ts.ObjectLiteralExpression, keys: readonly string[], holds: SpreadHolds): ts.SpreadAssignment | undefined {
  const spreads = lit.properties.filter(ts.isSpreadAssignment);
  const states = spreads.map((p) => keys.map((k) => holds(p.expression, k)));
  const pinned = states.findLastIndex((s) => s.includes('yes'));
  return spreads.find((_, i) => i > pinned && states[i]!.includes('maybe'));
}

/** New properties written before `at`: on lines of their own when it starts its line, else inline. */
function insertBefore(sf: ts.SourceFile, lit: ts.ObjectLiteralExpression, at: ts.ObjectLiteralElementLike, props: readonly string[]): Fix {
  const start = at.getStart(sf);
  const i = lit.properties.indexOf(at);
  const prevEnd = i > 0 ? lit.properties[i - 1]!.end : lit.getStart(sf) + 1;
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line;
  if (lineOf(prevEnd) === lineOf(start)) return { range: [start, start], text: props.map((p) => `${p}, `).join('') };
  const sep = eolOf(sf) + indentAt(sf, start);
  return { range: [start, start], text: props.map((p) => `${p},${sep}`).join('') };
}

/** Where the line's trailing comments after `pos` end (`credentials: 'include', // cookie mode`), or `pos`. */
export function afterTrailingComments(sf: ts.SourceFile, pos: number): number {
  const ranges = ts.getTrailingCommentRanges(sf.text, pos);
  return ranges?.length ? ranges[ranges.length - 1]!.end : pos;
}

/** The last comment between `from` and `to`, where only blanks and comments are. */
function lastComment(sf: ts.SourceFile, from: number, to: number): ts.CommentRange | undefined {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, sf.text, undefined, from, to - from);
  let last: ts.CommentRange | undefined;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      last = { pos: scanner.getTokenStart(), end: scanner.getTokenEnd(), kind };
    }
  }
  return last;
}

/**
 * New properties in a literal with none: `{}` becomes `{ a: 1 }`; comments in it stay, the properties after them
 * (`{ /* headers later *\/ a: 1 }`, or on a line of their own after a line comment).
 */
function intoEmpty(sf: ts.SourceFile, lit: ts.ObjectLiteralExpression, props: readonly string[]): Fix {
  const open = lit.getStart(sf);
  const last = lastComment(sf, open + 1, lit.end - 1);
  if (!last) return { range: [open, lit.end], text: `{ ${props.join(', ')} }` };
  if (last.kind === ts.SyntaxKind.MultiLineCommentTrivia) return { range: [last.end, last.end], text: ` ${props.join(', ')}` };
  const indent = indentAt(sf, last.pos);
  return { range: [last.end, last.end], text: props.map((p) => `${eolOf(sf)}${indent}${p}`).join(',') };
}

/**
 * New properties after the last one, in the literal's style: inline stays inline, one key a line stays so. A
 * comment at the end of the last property's line stays with it.
 */
function append(sf: ts.SourceFile, lit: ts.ObjectLiteralExpression, props: readonly string[]): Fix {
  const last = lit.properties[lit.properties.length - 1];
  if (!last) return intoEmpty(sf, lit, props);
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line;
  if (lineOf(last.getStart(sf)) === lineOf(lit.getStart(sf))) return { range: [last.end, last.end], text: `, ${props.join(', ')}` };
  const eol = eolOf(sf);
  const indent = indentAt(sf, last.getStart(sf));
  const lines = props.map((p) => `${eol}${indent}${p}`);
  if (lit.properties.hasTrailingComma) {
    const at = afterTrailingComments(sf, sf.text.indexOf(',', last.end) + 1);
    return { range: [at, at], text: lines.join(',') + ',' };
  }
  const at = afterTrailingComments(sf, last.end);
  return { range: [last.end, at], text: ',' + sf.text.slice(last.end, at) + lines.join(',') };
}

/**
 * Adds options to an object literal in the file's style. A key already written as `undefined` or `null` gets
 * its value replaced (a second key of the same name is a TS1117 error); any other key already there is left
 * alone. New keys go before a spread of the caller's options, so a value the caller passes still wins.
 */
export function insertOption(
  sf: ts.SourceFile, literal: ts.ObjectLiteralExpression, entries: readonly Entry[], holds: SpreadHolds = () => 'maybe',
): Fix | undefined {
  const t = target(literal, entries, holds);
  if (!t || !t.entries.length) return undefined;
  const lit = t.literal;
  const edits: Fix[] = [];
  const added: [string, string][] = [];
  for (const [key, text] of keyedTexts(t.entries)) {
    const prop = ownProperty(lit, key, holds);
    if (!prop) added.push([key, text]);
    else if (ts.isPropertyAssignment(prop) && writesNothing(prop.initializer)) edits.push({ range: [prop.getStart(sf), prop.end], text });
  }
  if (added.length) {
    const at = spreadBefore(lit, added.map(([key]) => key), holds);
    const props = joinedSpreads(sf, lit, at, t.entries, added, holds);
    if (!props) return undefined;
    edits.push(at ? insertBefore(sf, lit, at, props) : append(sf, lit, props));
    // A property of the same name that a later spread replaces is dead: it goes, as a second one is a TS1117 error.
    for (const [key] of added) {
      const dead = propertyNamed(lit, key);
      if (dead) edits.push(removeProperty(sf, lit, dead));
    }
  }
  if (edits.length <= 1) return edits[0];
  return mergeFixes(sf.text, edits);
}

/**
 * The new keys' texts where they go in front of `at` (or last): a nested key that a spread before that place surely
 * holds (`{ ...opts, retry }` with `opts.timeout` written) is merged with the spread's own (`timeout: { connect:
 * 10000, ...opts.timeout }`), as a new object there would replace it whole. Undefined when the spread cannot be read
 * again (a call): no edit adds the key there without losing the spread's.
 */
function joinedSpreads(
  sf: ts.SourceFile, lit: ts.ObjectLiteralExpression, at: ts.ObjectLiteralElementLike | undefined, entries: readonly Entry[], added: [string, string][], holds: SpreadHolds,
): string[] | undefined {
  const before = lit.properties.slice(0, at ? lit.properties.indexOf(at) : lit.properties.length).filter(ts.isSpreadAssignment);
  const out: string[] = [];
  for (const [key, text] of added) {
    const nested = entries.filter((e) => e.path[0] === key).every((e) => e.path.length > 1);
    const last = nested ? before.filter((p) => holds(p.expression, key) !== 'no').pop() : undefined;
    if (!last || holds(last.expression, key) !== 'yes') {
      out.push(text);
      continue;
    }
    if (!readAgain(last.expression)) return undefined;
    out.push(...entriesMergedWith(entries.filter((e) => e.path[0] === key), last.expression.getText(sf)));
  }
  return out;
}

/**
 * Adds an argument at `index`, filling skipped positions with `undefined`, laid out as the call's others are. An
 * argument already there that holds nothing (`null`, `undefined`) is written over; any other moves one place on
 * (a callback after the options), unless `movesOn` is false: no fix then.
 */
export function insertArgument(sf: ts.SourceFile, call: ts.CallExpression | ts.NewExpression, index: number, text: string, movesOn = true): Fix | undefined {
  const args = call.arguments;
  if (!args || sf.text[args.pos - 1] !== '(' || sf.text[call.end - 1] !== ')') return undefined;
  if (index < args.length && writesNothing(args[index]!)) return replaceNode(sf, args[index]!, text);
  if (index < args.length && !movesOn) return undefined;
  const fill: string[] = Array(Math.max(0, index - args.length)).fill('undefined');
  const ranges = args.map((a): [number, number] => [a.getStart(sf), a.end]);
  return insertArguments(sf.text, call.end - 1, ranges, [...fill, text], Math.min(index, args.length));
}

/** Replaces a node's text. */
export function replaceNode(sf: ts.SourceFile, node: ts.Node, text: string): Fix {
  return { range: [node.getStart(sf), node.end], text };
}

/** Removes a property of a literal with the comma that separates it from its neighbour. */
export function removeProperty(sf: ts.SourceFile, lit: ts.ObjectLiteralExpression, prop: ts.ObjectLiteralElementLike): Fix {
  const props = lit.properties;
  const i = props.indexOf(prop);
  if (i + 1 < props.length) return { range: [prop.getStart(sf), props[i + 1]!.getStart(sf)], text: '' };
  return { range: [i > 0 ? props[i - 1]!.end : prop.getStart(sf), prop.end], text: '' };
}

/**
 * `createFetch({ timeout: 5000 })`: the one entry due under `key` is written beside it, where the library never
 * reads it. It moves under `key` (`defaults: { timeout: 5000 }`), keeping the author's value unless `keep` refuses
 * it (a never value): then the entry's own is written. Not past a spread, which may hold `key` too.
 */
export function moveUnderKey(
  sf: ts.SourceFile, lit: ts.ObjectLiteralExpression, key: string, entries: readonly Entry[], keep: (e: ts.Expression) => boolean,
): Fix | undefined {
  const entry = entries.length === 1 ? entries[0]! : undefined;
  if (!entry || entry.path.length !== 2 || entry.path[0] !== key || lit.properties.some(ts.isSpreadAssignment)) return undefined;
  const name = entry.path[1]!;
  const prop = propertyNamed(lit, name);
  if (!prop || !(ts.isPropertyAssignment(prop) || ts.isShorthandPropertyAssignment(prop))) return undefined;
  const value = ts.isPropertyAssignment(prop) ? prop.initializer : prop.name;
  const kept = !writesNothing(value) && keep(value);
  const inner = !kept ? `${name}: ${entry.value}` : ts.isShorthandPropertyAssignment(prop) ? name : `${name}: ${value.getText(sf)}`;
  const under = propertyNamed(lit, key);
  if (!under) return replaceNode(sf, prop, `${key}: { ${inner} }`);
  // `{ timeout: 5000, defaults: { baseURL } }`: out of the outer literal, into `defaults`.
  const init = ts.isPropertyAssignment(under) ? unwrap(under.initializer) : undefined;
  if (!init || !ts.isObjectLiteralExpression(init)) return undefined;
  const into = insertOption(sf, init, [{ path: [name], value: kept ? value.getText(sf) : entry.value }]);
  return into && mergeFixes(sf.text, [removeProperty(sf, lit, prop), into]);
}
