import type { Fix } from '../model/finding';

/** The file's newline: the first one it uses, else \n. */
export function eolOf(text: string): string {
  const i = text.search(/\r\n?|\n/);
  if (i < 0) return '\n';
  return text[i] === '\r' ? (text[i + 1] === '\n' ? '\r\n' : '\r') : '\n';
}

/** The whitespace that starts the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  const m = /^[ \t]*/.exec(text.slice(start, offset));
  return m ? m[0] : '';
}

/**
 * New statements after the statement spanning `[start, end)`: on lines of their own, indented like it, when
 * it starts its line (after the line's trailing comment, which stays with the statement it speaks of); on the
 * same line otherwise (`{ $ch = curl_init(); }`, `<?php $ch = curl_init() ?>`).
 */
export function insertStatementsAfter(text: string, start: number, end: number, statements: string[]): Fix {
  const indent = indentAt(text, start);
  const rest = startsLine(text, start - indent.length) ? restOfLine(text, end) : undefined;
  // `<?php $ch = curl_init() ?>`: the statement before a closing tag may have no semicolon.
  const glue = text[end - 1] === ';' || text[end - 1] === '}' ? '' : ';';
  if (rest === undefined || glue) {
    const sep = rest === undefined ? ' ' : eolOf(text) + indent;
    return { range: [end, end], text: glue + statements.map((s) => sep + s).join('') };
  }
  const at = end + rest;
  const added = statements.map((s) => eolOf(text) + indent + s).join('');
  // Already there (a fix whose finding the analysis still reports): written again, it would stack a copy on each
  // pass of a fixer that loops, as ESLint's does. An empty fix changes nothing, so the loop ends.
  return { range: [at, at], text: text.startsWith(added, at) ? '' : added };
}

/**
 * New statements at the start of the block spanning `[open, …)`, before its first statement `first`: on lines of
 * their own, indented like it, when it starts its line; on the same line otherwise (`{ fwrite($fp, $q); … }`).
 * The block opens with `{`, or with the `:` of PHP's alternative syntax (`if (…): … endif;`).
 */
export function insertStatementsFirst(text: string, open: number, first: number, statements: string[]): Fix | undefined {
  if (text[open] !== '{' && text[open] !== ':') return undefined;
  // `if ($fp = …): ?> <p>…`: what follows the tag is HTML; the statements go between the block's opening and the tag.
  if (text.slice(open, first).includes('?>')) return { range: [open + 1, open + 1], text: statements.map((s) => ' ' + s).join('') };
  const indent = indentAt(text, first);
  const own = startsLine(text, first - indent.length) && first - indent.length > open;
  const sep = own ? eolOf(text) + indent : ' ';
  return { range: [first, first], text: statements.map((s) => s + sep).join('') };
}

/**
 * New entries at the end of an array or object literal spanning `[open, close)`, written in its style:
 * one per line when it is multi-line, with a trailing comma when it has one.
 */
export function insertEntries(text: string, open: number, close: number, lastItemEnd: number | null, entries: string[]): Fix {
  entries = keysQuotedAsIn(text.slice(open, close), entries);
  if (lastItemEnd === null) {
    const inner = close - 1;
    return emptyOverLines(text, open, inner, entries) ?? { range: [inner, inner], text: entries.join(', ') };
  }
  let after = lastItemEnd;
  while (after < close && /[ \t]/.test(text[after]!)) after++;
  const trailingComma = text[after] === ',';
  const multiline = /[\r\n]/.test(text.slice(open, lastItemEnd));
  // A comment after the last entry stays with it (`'base_uri' => $u, // prod`): the new entries follow it.
  const from = trailingComma ? after + 1 : lastItemEnd;
  const at = afterComments(text, from, !multiline);
  if (multiline) {
    const eol = eolOf(text);
    const indent = indentAt(text, lastItemStart(text, lastItemEnd));
    const arrow = alignedArrow(text.slice(open, close), indent);
    const body = entries.map((e) => eol + indent + (arrow === null ? e : alignArrow(e, indent, arrow))).join(',');
    return trailingComma ? { range: [at, at], text: body + ',' } : { range: [lastItemEnd, at], text: ',' + text.slice(lastItemEnd, at) + body };
  }
  const body = entries.join(', ');
  return trailingComma ? { range: [at, at], text: ` ${body},` } : { range: [at, at], text: `, ${body}` };
}

// A PHP array key written as a plain quoted name, and its arrow.
const QUOTED_KEY = /(['"])([A-Za-z_][\w.-]*)\1(\s*=>)/g;

/**
 * PHP entries (`'timeout' => 30`) with their keys quoted as the array's own are (`"method" => "POST"`): in double
 * quotes where every key it quotes is so. The keys a fix writes are plain names, the same in either quote.
 */
function keysQuotedAsIn(literal: string, entries: string[]): string[] {
  let double = false;
  for (const m of literal.matchAll(QUOTED_KEY)) {
    if (m[1] === "'") return entries;
    double = true;
  }
  return double ? entries.map((e) => e.replace(QUOTED_KEY, (_, _q: string, key: string, arrow: string) => `"${key}"${arrow}`)) : entries;
}

/**
 * An array with no entries written over several lines, a comment in it perhaps (`[⏎ // your configuration⏎ ]`):
 * each entry on a line of its own before the closing bracket's, indented as the first line inside, or one step in
 * from the bracket's. Null when the bracket shares its line with something else.
 */
function emptyOverLines(text: string, open: number, bracket: number, entries: string[]): Fix | null {
  let lineStart = bracket;
  while (lineStart > open && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  if (lineStart <= open || !/^[ \t]*$/.test(text.slice(lineStart, bracket))) return null;
  const closing = text.slice(lineStart, bracket);
  const firstLine = /(?:\r\n?|\n)([ \t]*)\S/.exec(text.slice(open, lineStart));
  const indent = firstLine?.[1] ?? closing + (closing.includes('\t') ? '\t' : '    ');
  const eol = eolOf(text);
  return { range: [lineStart, lineStart], text: entries.map((e) => `${indent}${e},${eol}`).join('') };
}

/** How the `=>` of a PHP array's entries line up: at which visual column, counting tabs to which width, padded with what. */
interface Alignment {
  column: number;
  tabWidth: number;
  tabs: boolean;
}

/** The visual column after `s`, a tab reaching the next multiple of `tabWidth`. */
function visualColumn(s: string, tabWidth: number, from = 0): number {
  let col = from;
  for (const c of s) col = c === '\t' ? (Math.floor(col / tabWidth) + 1) * tabWidth : col + 1;
  return col;
}

/**
 * How the entries of a PHP array align their `=>` (`'method'  => 'POST',` over `'timeout' => 5,`): at the same
 * visual column on every entry line at `indent` holding one, two lines at least, and padded on one at least;
 * else null. Padded with tabs, the width is the first of 4, 8 and 2 that puts every arrow at one column.
 */
function alignedArrow(inner: string, indent: string): Alignment | null {
  const befores: string[] = [];
  let padded = false;
  let tabs = false;
  for (const line of inner.split(/\r\n?|\n/)) {
    if (!line.startsWith(indent) || /^[ \t]/.test(line.slice(indent.length))) continue;
    const m = /^(.*?\S)([ \t]*)=>/.exec(line);
    if (!m || /['"]/.test(m[1]!.slice(indent.length).replace(/^'[^']*'|^"[^"]*"/, ''))) continue;
    befores.push(m[1]! + m[2]!);
    padded ||= m[2]!.length > 1 || m[2]!.includes('\t');
    tabs ||= m[2]!.includes('\t');
  }
  if (befores.length < 2 || !padded) return null;
  for (const tabWidth of tabs ? [4, 8, 2] : [4]) {
    const columns = befores.map((b) => visualColumn(b, tabWidth));
    if (columns.every((c) => c === columns[0])) return { column: columns[0]!, tabWidth, tabs };
  }
  return null;
}

/** `'timeout' => 30` after `indent`, its key padded so that its `=>` starts at the column; as it is when it cannot. */
function alignArrow(entry: string, indent: string, a: Alignment): string {
  const m = /^(.*?\S)[ \t]*=>/.exec(entry);
  if (!m) return entry;
  let col = visualColumn(indent + m[1]!, a.tabWidth);
  if (col >= a.column) return entry;
  let pad = '';
  for (let stop = visualColumn('\t', a.tabWidth, col); a.tabs && stop <= a.column; stop = visualColumn('\t', a.tabWidth, col)) {
    pad += '\t';
    col = stop;
  }
  return m[1]! + pad + ' '.repeat(a.column - col) + entry.slice(m[0].length - 2);
}

/**
 * Where the comments that follow `pos` on its line end, or `pos`: `/* … *\/` ones, and unless `blockOnly` a
 * last `// …` or `# …` too (a new line must follow it).
 */
function afterComments(text: string, pos: number, blockOnly: boolean): number {
  let at = pos;
  for (let guard = 0; guard < 16; guard++) {
    let i = at;
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0 || /[\r\n]/.test(text.slice(i, end))) return at;
      at = end + 2;
      continue;
    }
    if (blockOnly || !(text.startsWith('//', i) || (text[i] === '#' && text[i + 1] !== '['))) return at;
    let end = i;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r' && !text.startsWith('?>', end)) end++;
    return end;
  }
  return at;
}

function startsLine(text: string, lineStart: number): boolean {
  return lineStart === 0 || text[lineStart - 1] === '\n' || text[lineStart - 1] === '\r';
}

/**
 * The length of what follows `end` on its line when that is only blanks or a line comment (one that no `?>`
 * ends early), else undefined.
 */
function restOfLine(text: string, end: number): number | undefined {
  const m = /^[ \t]*(\/\/[^\r\n]*|#[^\[\r\n][^\r\n]*|#)?(?=\r|\n|$)/.exec(text.slice(end, end + 2000));
  return m && !/\?>/.test(m[1] ?? '') ? m[0].length : undefined;
}

/**
 * New last arguments for the call spanning `[start, end)` whose arguments span `args`: see insertArguments;
 * `new Client` without parentheses gets them. A range that runs on to the `;` of its statement is trimmed first.
 */
export function appendArguments(text: string, start: number, end: number, args: readonly [number, number][], parts: string[]): Fix {
  let close = end;
  while (close > start && /[\s;]/.test(text[close - 1]!)) close--;
  if (text[close - 1] !== ')') return { range: [close, close], text: `(${parts.join(', ')})` };
  return insertArguments(text, close - 1, args, parts, args.length);
}

/**
 * New arguments at position `index` of a call whose `)` is at `close` and whose arguments span `args`, written
 * as those are laid out: each on a line of its own, indented like them, when every argument starts its line
 * (`fsockopen(\n    $host,\n    $port\n)`); else beside them. A trailing comma stays last.
 */
export function insertArguments(text: string, close: number, args: readonly [number, number][], parts: string[], index: number): Fix {
  // `(143)` starts its line too: php-parser starts it at `143`.
  const ownLines = args.length > 0 && args.every(([s]) => /^[ \t(]*$/.test(text.slice(lineStart(text, s), s)));
  const eol = eolOf(text);
  if (index < args.length) {
    const at = args[index]![0];
    const sep = ownLines ? ',' + eol + indentAt(text, at) : ', ';
    return { range: [at, at], text: parts.map((p) => p + sep).join('') };
  }
  if (!args.length) {
    // `new Client(\n)`: the argument goes on the line between, one step in from the `)`.
    let open = close;
    while (open > 0 && /\s/.test(text[open - 1]!)) open--;
    if (text[open - 1] !== '(' || !/[\r\n]/.test(text.slice(open, close))) return { range: [close, close], text: parts.join(', ') };
    return { range: [open, open], text: eol + indentAt(text, close) + indentUnit(text) + parts.join(', ') };
  }
  const start = args[args.length - 1]![0];
  // php-parser ends `($a)` at `$a`: the parentheses that close after it are the argument's too.
  let end = args[args.length - 1]![1];
  let after = skipTrivia(text, end, close);
  while (text[after] === ')' && after < close) after = skipTrivia(text, (end = after + 1), close);
  const trailingComma = text[after] === ',' && after < close;
  // Before PHP 7.3 only a line break or `;` may follow a heredoc's closing marker: the new arguments follow that.
  if (!trailingComma && text.startsWith('<<<', start)) return { range: [close, close], text: `, ${parts.join(', ')}` };
  // A comment after the last argument stays with it (`$port, // the port`): the new arguments follow it.
  const from = trailingComma ? after + 1 : end;
  if (!ownLines) return { range: [from, from], text: trailingComma ? ` ${parts.join(', ')},` : `, ${parts.join(', ')}` };
  const at = afterComments(text, from, false);
  const body = parts.map((p) => eol + indentAt(text, start) + p);
  return trailingComma
    ? { range: [at, at], text: body.map((b) => b + ',').join('') }
    : { range: [end, at], text: ',' + text.slice(end, at) + body.join(',') };
}

/** One step of the file's indentation: a tab if a line starts with one, else the fewest spaces (two at least) one starts with. */
function indentUnit(text: string): string {
  if (/^\t/m.test(text)) return '\t';
  const widths = [...text.matchAll(/^( {2,})\S/gm)].map((m) => m[1]!.length);
  return ' '.repeat(widths.length ? Math.min(...widths) : 4);
}

/** Past the blanks, line breaks and comments from `pos`, not beyond `limit`. */
function skipTrivia(text: string, pos: number, limit: number): number {
  let i = pos;
  while (i < limit) {
    if (/\s/.test(text[i]!)) i++;
    else if (text.startsWith('/*', i)) i = text.indexOf('*/', i + 2) < 0 ? limit : text.indexOf('*/', i + 2) + 2;
    else if (text.startsWith('//', i) || (text[i] === '#' && text[i + 1] !== '[')) while (i < limit && text[i] !== '\n' && text[i] !== '\r') i++;
    else break;
  }
  return Math.min(i, limit);
}

/** Several edits as one fix, so that they are applied together or not at all. */
export function mergeFixes(text: string, fixes: Fix[]): Fix {
  const sorted = [...fixes].sort((a, b) => a.range[0] - b.range[0]);
  let out = '';
  let at = sorted[0]!.range[0];
  for (const f of sorted) {
    out += text.slice(at, f.range[0]) + f.text;
    at = f.range[1];
  }
  return { range: [sorted[0]!.range[0], at], text: out };
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function lastItemStart(text: string, lastItemEnd: number): number {
  let i = lineStart(text, lastItemEnd);
  while (/[ \t]/.test(text[i] ?? '')) i++;
  return i;
}

// After an edit on one line: closing punctuation, then a run of two or more spaces, then a comment.
const ALIGNED_COMMENT = /^([,;)\]}]*)( {2,})(?=\/\/|#|\/\*)/;

/**
 * A one-line edit followed on its line by a comment aligned with spaces (`CURLOPT_TIMEOUT => 0,   // none`)
 * takes the difference in length out of, or adds it to, the spaces before the comment, which then keeps its
 * column (at least one space is left).
 */
export function keepCommentColumn(text: string, fix: Fix): Fix {
  const [start, end] = fix.range;
  const delta = fix.text.length - (end - start);
  if (!delta || /[\r\n]/.test(fix.text) || /[\r\n]/.test(text.slice(start, end))) return fix;
  const m = ALIGNED_COMMENT.exec(text.slice(end, end + 200));
  if (!m) return fix;
  const [, closing, spaces] = m as unknown as [string, string, string];
  const width = Math.max(1, spaces.length - delta);
  return { range: [start, end + closing.length + spaces.length], text: fix.text + closing + ' '.repeat(width) };
}
