import { ts } from './typescript';
import type { Fix } from '../../model/finding';
import { staticName, unwrap } from './parse';

/** One option to write: its key path inside the options object and its value as source text. */
export interface Entry {
  path: readonly string[];
  value: string;
}

/** `a: 1, b: { c: 2 }` for entries grouped by their first key, in order. */
export function entriesText(entries: readonly Entry[]): string[] {
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const k = e.path[0]!;
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  return [...groups].map(([k, list]) => {
    const leaf = list.find((e) => e.path.length === 1);
    if (leaf) return `${k}: ${leaf.value}`;
    return `${k}: { ${entriesText(list.map((e) => ({ path: e.path.slice(1), value: e.value }))).join(', ')} }`;
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

/** Descends into nested literals along the entries' paths: `timeout: { connect }` gains `request` inside. */
function target(literal: ts.ObjectLiteralExpression, entries: readonly Entry[]): { literal: ts.ObjectLiteralExpression; entries: Entry[] } | null {
  let lit = literal;
  let list = [...entries];
  for (let guard = 0; guard < 8; guard++) {
    const key = list[0]?.path[0];
    if (!key || list[0]!.path.length === 1 || list.some((e) => e.path[0] !== key)) return { literal: lit, entries: list };
    const prop = lit.properties.find((p) => staticName(p.name) === key);
    if (!prop) return { literal: lit, entries: list };
    const init = ts.isPropertyAssignment(prop) ? unwrap(prop.initializer) : undefined;
    if (!init || !ts.isObjectLiteralExpression(init)) return null;
    lit = init;
    list = list.map((e) => ({ path: e.path.slice(1), value: e.value }));
  }
  return null;
}

/** Adds options to an object literal in the file's style: inline stays inline, one key a line stays so. */
export function insertOption(sf: ts.SourceFile, literal: ts.ObjectLiteralExpression, entries: readonly Entry[]): Fix | undefined {
  const t = target(literal, entries);
  if (!t || !t.entries.length) return undefined;
  const props = entriesText(t.entries);
  const lit = t.literal;
  const last = lit.properties[lit.properties.length - 1];
  if (!last) return { range: [lit.getStart(sf), lit.end], text: `{ ${props.join(', ')} }` };
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line;
  if (lineOf(last.getStart(sf)) === lineOf(lit.getStart(sf))) return { range: [last.end, last.end], text: `, ${props.join(', ')}` };
  const eol = eolOf(sf);
  const indent = indentAt(sf, last.getStart(sf));
  const lines = props.map((p) => `${eol}${indent}${p}`);
  if (lit.properties.hasTrailingComma) {
    const comma = sf.text.indexOf(',', last.end);
    return { range: [comma + 1, comma + 1], text: lines.join(',') + ',' };
  }
  return { range: [last.end, last.end], text: ',' + lines.join(',') };
}

/** Adds an argument at `index`, filling skipped positions with `undefined`. */
export function insertArgument(sf: ts.SourceFile, call: ts.CallExpression | ts.NewExpression, index: number, text: string): Fix | undefined {
  const args = call.arguments;
  if (!args) return undefined;
  const at = args[index];
  if (at) return { range: [at.getStart(sf), at.getStart(sf)], text: `${text}, ` };
  const fill = 'undefined, '.repeat(index - args.length);
  const last = args[args.length - 1];
  if (!last) return { range: [args.pos, args.pos], text: fill + text };
  return { range: [last.end, last.end], text: `, ${fill}${text}` };
}

/** Replaces a node's text. */
export function replaceNode(sf: ts.SourceFile, node: ts.Node, text: string): Fix {
  return { range: [node.getStart(sf), node.end], text };
}
