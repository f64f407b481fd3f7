import { lineCommentEnd, skipHeredoc, skipInterpolated, skipQuoted } from '../../catalogue/php-code';
import { isComputedBuiltin } from './builtins';

// The text-level pieces of slicing: the character reads of the outline scanner (slice-outline.ts), and blanking.

export const WORD = /[A-Za-z_\x80-\uffff][\w\x80-\uffff]*/y;

export function isWordStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80;
}

export function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
}

/** The first character at or after `at` that is not blank. */
export function skipBlanks(text: string, at: number): number {
  while (at < text.length && isBlank(text.charCodeAt(at))) at++;
  return at;
}

/** `->`, `?->` or `::` just before `at` (blanks between): the word there is a member's name, not a keyword. */
export function afterMemberAccess(text: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
  const c = text.charCodeAt(j);
  const b = text.charCodeAt(j - 1);
  return (c === 0x3e && b === 0x2d) || (c === 0x3a && b === 0x3a);
}

/** The name at `at` follows `->` or `?->` (a property or method of an object), not `::`. */
export function afterArrow(text: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
  return text.charCodeAt(j) === 0x3e && text.charCodeAt(j - 1) === 0x2d;
}

/** The name that follows `$this->` or `$this?->` at `at`, and its end; null when none does, or it is a method call. */
export function propertyAfterThis(text: string, at: number): [string, number] | null {
  let j = skipBlanks(text, at);
  if (text.charCodeAt(j) === 0x3f) j++;
  if (text.charCodeAt(j) !== 0x2d || text.charCodeAt(j + 1) !== 0x3e) return null;
  j = skipBlanks(text, j + 2);
  WORD.lastIndex = j;
  if (!WORD.test(text)) return null;
  const end = WORD.lastIndex;
  return text.charCodeAt(skipBlanks(text, end)) === 0x28 ? null : [text.slice(j, end), end];
}

const LITERAL_VALUE = /\s*=\s*(?:-?\d[\w.]*|'(?:[^'\\]|\\.)*'|"[^"$\\{]*"|null|true|false|\[\s*\]|array\s*\(\s*\))\s*;/iy;
const CALL_VALUE = /\s*=\s*(new\s+)?\\?((?:[\w\x80-\uffff]+\\)*([\w\x80-\uffff]+))\s*\(/iy;

/**
 * The value a plain assignment at `at` (just after the property) writes, when it may not be a client's: '' for a
 * literal; for `new Name(…);` or `name(…);`, the lower-case name as written (`a\b\name`), for the caller to decide
 * (a function or class of the file, or a client's, may give one; code the engine cannot see gives none). Null for
 * anything else.
 */
export function coldValue(text: string, at: number): string | null {
  LITERAL_VALUE.lastIndex = at;
  if (LITERAL_VALUE.test(text)) return '';
  CALL_VALUE.lastIndex = at;
  const m = CALL_VALUE.exec(text);
  const name = m?.[2]!.toLowerCase();
  if (!m || (!m[1] && (m[3]!.toLowerCase() === 'array' || isComputedBuiltin(m[3]!.toLowerCase())))) return null;
  // The arguments, to their `)`, then the statement's end.
  let depth = 1;
  let j = CALL_VALUE.lastIndex;
  while (j < text.length && depth > 0) {
    const c = text.charCodeAt(j);
    if (c === 0x27) j = skipQuoted(text, j, c);
    else if (c === 0x22) j = skipInterpolated(text, j, c);
    else {
      if (c === 0x28) depth++;
      else if (c === 0x29) depth--;
      else if (c === 0x3b || c === 0x7b || c === 0x7d) return null;
      j++;
    }
  }
  return text.charCodeAt(skipBlanks(text, j)) === 0x3b ? name! : null;
}

/**
 * How the property from `from` to `to` is used: 'write' as the target of a plain assignment, 'both' where it may
 * be read and changed (`.=`, `++`, `[…] =`, `->x =`, a method call, a by-reference argument), else 'read'.
 */
export function useOf(text: string, from: number, to: number): 'read' | 'write' | 'both' {
  let b = from - 1;
  while (b >= 0 && isBlank(text.charCodeAt(b))) b--;
  const before = text.charCodeAt(b);
  if (before === 0x26 || ((before === 0x2b || before === 0x2d) && text.charCodeAt(b - 1) === before)) return 'both'; // & ++ --
  const j = skipBlanks(text, to);
  const c = text.charCodeAt(j);
  const d = text.charCodeAt(j + 1);
  if (c === 0x3d) return d === 0x3d || d === 0x3e ? 'read' : 'write'; // `=`, not `==` or `=>`
  if (c === 0x2c || c === 0x29 || c === 0x5b) return 'both'; // an argument (by reference?), an element
  if (c === 0x2d) return d === 0x3e || d === 0x2d || d === 0x3d ? 'both' : 'read'; // -> -- -=
  if (c === 0x2b) return d === 0x2b || d === 0x3d ? 'both' : 'read'; // ++ +=
  if (c === 0x3f) return d === 0x2d || (d === 0x3f && text.charCodeAt(j + 2) === 0x3d) ? 'both' : 'read'; // ?-> ??=
  if (c === 0x2a) return d === 0x3d || (d === 0x2a && text.charCodeAt(j + 2) === 0x3d) ? 'both' : 'read';
  if (c === 0x3c || c === 0x3e) return d === c && text.charCodeAt(j + 2) === 0x3d ? 'both' : 'read';
  return (c === 0x2e || c === 0x2f || c === 0x25 || c === 0x7c || c === 0x26 || c === 0x5e) && d === 0x3d ? 'both' : 'read';
}

/** `(…)(`, `$a['f'](`, `$o->{$m}(`: a call of what a value names (the `(` at `at`). */
export function isCallOfValue(text: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
  const c = text.charCodeAt(j);
  return c === 0x29 || c === 0x5d || c === 0x7d;
}

/** Just after the comment that starts at `i` (`c`, then `next`); -1 when none does. */
export function commentEnd(text: string, i: number, c: number, next: number): number {
  if ((c === 0x23 && next !== 0x5b) || (c === 0x2f && next === 0x2f)) return lineCommentEnd(text, i + 1);
  if (c === 0x2f && next === 0x2a) {
    const close = text.indexOf('*/', i + 2);
    return close < 0 ? text.length : close + 2;
  }
  return -1;
}

/** Just after the string or heredoc that starts at `i` (`c`, then `next`), handing `onCode` its code parts; -1 when none does. */
export function stringEnd(text: string, i: number, c: number, next: number, onCode: (from: number, to: number) => void): number {
  let skipTo = -1;
  if (c === 0x27) skipTo = skipQuoted(text, i, c);
  else if (c === 0x22 || c === 0x60) skipTo = skipInterpolated(text, i, c, onCode);
  else if (c === 0x3c && next === 0x3c && text.charCodeAt(i + 2) === 0x3c) {
    const end = skipHeredoc(text, i, onCode);
    if (end > i) skipTo = end;
  }
  return skipTo;
}

const SPACES = ' '.repeat(1024);

/** Spaces for every character of `part` but line breaks. */
function blank(part: string): string {
  const out: string[] = [];
  let run = 0;
  const flush = (): void => {
    for (; run > SPACES.length; run -= SPACES.length) out.push(SPACES);
    out.push(SPACES.slice(0, run));
    run = 0;
  };
  for (let k = 0; k < part.length; k++) {
    const c = part.charCodeAt(k);
    if (c === 0x0a || c === 0x0d) {
      flush();
      out.push(part[k]!);
    } else run++;
  }
  flush();
  return out.join('');
}

/** `text` with the ranges in `cuts` ([start, end) pairs in order) blanked. */
export function blanked(text: string, cuts: readonly number[]): string {
  const pieces: string[] = [];
  let at = 0;
  for (let k = 0; k < cuts.length; k += 2) {
    pieces.push(text.slice(at, cuts[k]), blank(text.slice(cuts[k], cuts[k + 1])));
    at = cuts[k + 1]!;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}
