// A linear scan, no regular expression that can backtrack: it only has to tell comments from the rest.
// It follows php-parser's lexer as the engine runs it (short tags on, PHP 8 `#[` attributes).

const NL = 0x0a;
const CR = 0x0d;
const BACKSLASH = 0x5c;

export function skipQuoted(text: string, i: number, quote: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === quote) return j + 1;
  }
  return text.length;
}

/** From the `{` of `{$x}` or `${x}` to just after its matching `}`. */
function skipBraces(text: string, at: number): number {
  let depth = 0;
  for (let j = at; j < text.length; ) {
    const c = text.charCodeAt(j);
    if (c === 0x27) j = skipQuoted(text, j, c);
    else if (c === 0x22 || c === 0x60) j = skipInterpolated(text, j, c);
    else {
      if (c === 0x7b) depth++;
      else if (c === 0x7d && --depth === 0) return j + 1;
      j++;
    }
  }
  return text.length;
}

/** The `{$...}` and `${...}` parts of an interpolated string: code, from `from` to its end. */
type OnCode = (from: number, to: number) => void;

/**
 * A "..." or `...` string (`quote`), or a heredoc's body (`quote` -1, up to `stop`), whose `{$...}` and `${...}`
 * parts are code that may hold quotes of their own: just after its end.
 */
export function skipInterpolated(text: string, i: number, quote: number, onCode?: OnCode, stop = text.length): number {
  for (let j = i + 1; j < stop; ) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j += 2;
    else if (c === quote) return j + 1;
    else if ((c === 0x7b && text.charCodeAt(j + 1) === 0x24) || (c === 0x24 && text.charCodeAt(j + 1) === 0x7b)) {
      const end = skipBraces(text, c === 0x7b ? j : j + 1);
      onCode?.(j, end);
      j = end;
    } else j++;
  }
  return stop;
}

const HEREDOC_START = /<<<[ \t]*(["']?)([A-Za-z_\x80-\uffff][\w\x80-\uffff]*)\1\r?\n/y;

/**
 * `<<<ID ... ID` (heredoc or nowdoc): just after the closing identifier; `i` when this is no heredoc. A heredoc's
 * `{$...}` parts go to `onCode`.
 */
export function skipHeredoc(text: string, i: number, onCode?: OnCode): number {
  HEREDOC_START.lastIndex = i;
  const m = HEREDOC_START.exec(text);
  if (!m) return i;
  const id = m[2]!;
  // PHP 7.3+: the closing identifier may be indented and followed by anything but an identifier character.
  const end = new RegExp(`\\n[ \\t]*${id}(?![\\w\\x80-\\uffff])`, 'g');
  const body = i + m[0].length - 1;
  end.lastIndex = body;
  const close = end.exec(text);
  if (onCode && m[1] !== "'") skipInterpolated(text, body, -1, onCode, close ? close.index : text.length);
  return close ? close.index + close[0].length : text.length;
}

/** Where a `//` or `#` comment stops: before the line break or before `?>`. */
export function lineCommentEnd(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === NL || c === CR || (c === 0x3f && text.charCodeAt(j + 1) === 0x3e)) return j;
  }
  return text.length;
}

/** What the prefilter reads of a PHP file: its text without comments, and its code alone. */
export interface PhpViews {
  /** Each comment replaced by a space; code, strings and inline HTML kept as they are. */
  text: string;
  /** `text` with the literal parts of strings replaced by a space too: `{$...}` and `${...}` parts are code. */
  code: string;
}

// A run of characters none of which can start a string, a comment, a heredoc or `?>`.
const PLAIN_CODE = /[^'"`#/?<]*/y;

export function phpViews(text: string): PhpViews {
  const kept: string[] = [];
  const code: string[] = [];
  let keptFrom = 0;
  let codeFrom = 0;
  const cutComment = (start: number, end: number): void => {
    kept.push(text.slice(keptFrom, start), ' ');
    code.push(text.slice(codeFrom, start), ' ');
    keptFrom = codeFrom = end;
  };
  let i = 0;
  let inPhp = false;
  while (i < text.length) {
    if (!inPhp) {
      const open = text.indexOf('<?', i);
      if (open < 0) break;
      i = open + 2;
      inPhp = true;
      continue;
    }
    // Most of the code holds none of the characters that start a string, a comment or the end of PHP.
    PLAIN_CODE.lastIndex = i;
    PLAIN_CODE.test(text);
    i = PLAIN_CODE.lastIndex;
    if (i >= text.length) break;
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c === 0x27) {
      const end = skipQuoted(text, i, c);
      cutString(i, end, []);
      i = end;
    } else if (c === 0x22 || c === 0x60) {
      const parts: [number, number][] = [];
      const end = skipInterpolated(text, i, c, (from, to) => parts.push([from, to]));
      cutString(i, end, parts);
      i = end;
    } else if ((c === 0x23 && next !== 0x5b) || (c === 0x2f && next === 0x2f)) {
      const end = lineCommentEnd(text, i + 1);
      cutComment(i, end);
      i = end;
    } else if (c === 0x2f && next === 0x2a) {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      cutComment(i, end);
      i = end;
    } else if (c === 0x3f && next === 0x3e) {
      inPhp = false;
      i += 2;
    } else if (c === 0x3c && next === 0x3c && text.charCodeAt(i + 2) === 0x3c) {
      const parts: [number, number][] = [];
      const end = skipHeredoc(text, i, (from, to) => parts.push([from, to]));
      if (end > i) cutString(i, end, parts);
      i = Math.max(end, i + 3);
    } else i++;
  }
  kept.push(text.slice(keptFrom));
  code.push(text.slice(codeFrom));
  return { text: kept.join(''), code: code.join('') };

  /** A string from `start` to `end`: in `code`, a space for its literal text and its code parts as they are. */
  function cutString(start: number, end: number, parts: [number, number][]): void {
    code.push(text.slice(codeFrom, start), ' ');
    for (const [from, to] of parts) code.push(text.slice(from, to), ' ');
    codeFrom = end;
  }
}

/** The PHP text with each comment replaced by a space; code, strings and inline HTML are kept as they are. */
export function phpWithoutComments(text: string): string {
  return phpViews(text).text;
}

/**
 * `phpWithoutComments` of a fragment of a file: what the engine reads of it. `inCode`: the fragment starts in PHP
 * code (a declaration, or what lies between two), not before `<?php`.
 */
export function codeOfFragment(fragment: string, inCode = true): string {
  return phpWithoutComments(inCode ? `<?php ${fragment}` : fragment);
}
