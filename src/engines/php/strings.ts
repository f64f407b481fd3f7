import type { PhpNode } from './parse';
import { lit, normaliseKey, UNKNOWN, type Value } from './values';

// String functions a URL passes through (`rtrim(API_BASE, '/') . '/status'`, `sprintf('%s/%s', self::BASE_URL, $x)`):
// what their result certainly starts with, from what the analysis knows of their arguments. A result only gets a
// start PHP certainly returns (php-src ext/standard/string.c, formatted_print.c, url.c, html.c; ext/filter);
// anything else is unknown, never a guess.

/** What the analysis knows of a string: its start, and whether that start is the whole string. */
interface Text {
  text: string;
  whole: boolean;
}

/** A value as a string, as PHP converts it: a string, an integer, a bool or null; not a float, array or object. */
function textOf(v: Value | undefined): Text | null {
  if (v?.kind === 'prefix') return { text: v.prefix, whole: false };
  if (v?.kind !== 'lit') return null;
  const x = v.value;
  if (typeof x === 'string') return { text: x, whole: true };
  // A float prints as an integer only below 1e15 (PHP 8: "1.0E+15").
  if (typeof x === 'number') return Number.isInteger(x) && Math.abs(x) < 1e15 ? { text: String(x), whole: true } : null;
  return { text: x === true ? '1' : '', whole: true };
}

const whole = (v: Value | undefined): string | null => {
  const t = textOf(v);
  return t?.whole ? t.text : null;
};

/**
 * A start that may still grow into any scheme (`''`, `'http'`, `'https:/'`) says nothing of the URL: a known
 * start counts as "no remote URL" where it names no remote scheme (stream-judge.ts), so it stays unknown.
 */
const UNDECIDED = /^(?:[a-z][a-z0-9+.-]*(?::\/?)?)?$/i;

function valueOf(t: Text | null): Value {
  if (!t) return UNKNOWN;
  if (t.whole) return lit(t.text);
  return UNDECIDED.test(t.text) ? UNKNOWN : { kind: 'prefix', prefix: t.text };
}

const isAscii = (s: string): boolean => /^[\x00-\x7f]*$/.test(s);

/**
 * The values of an array in PHP's order, by position: a closed array whose entries are in that order (not
 * `reordered` by a key written again), with no negative integer key (PHP 8.3 changed what follows one).
 */
export function listOf(v: Value | undefined): Value[] | null {
  if (v?.kind !== 'array' || v.open || v.reordered) return null;
  const at = new Map<string | number, number>();
  const out: Value[] = [];
  let next = 0;
  for (const e of v.entries) {
    // No key written, or one renumbered (array_merge, a spread): the next integer.
    const key = e.key === null || e.lost ? next : normaliseKey(e.key.value);
    if (typeof key === 'number') {
      if (key < 0) return null;
      next = Math.max(next, key + 1);
    }
    const i = at.get(key);
    if (i === undefined) {
      at.set(key, out.length);
      out.push(e.value);
    } else out[i] = e.value;
  }
  return out;
}

/**
 * sprintf()/vsprintf(): the format's text up to the first conversion other than a plain `%s` or `%N$s` of an
 * argument the analysis knows; an argument known only by its start ends the known text there.
 */
function formatted(format: Text | null, arg: (i: number) => Text | null): Text | null {
  if (!format) return null;
  const f = format.text;
  let out = '';
  let next = 0;
  const conversion = /%(?:([1-9][0-9]*)\$)?s/y;
  for (let i = 0; i < f.length; ) {
    if (f[i] !== '%') {
      out += f[i++];
      continue;
    }
    if (f[i + 1] === '%') {
      out += '%';
      i += 2;
      continue;
    }
    conversion.lastIndex = i;
    const m = conversion.exec(f);
    // Padding, precision, another type, or a conversion cut off where the known start ends.
    if (!m) return { text: out, whole: false };
    const t = arg(m[1] ? Number(m[1]) - 1 : next++);
    if (!t) return { text: out, whole: false };
    out += t.text;
    if (!t.whole) return { text: out, whole: false };
    i = conversion.lastIndex;
  }
  return { text: out, whole: format.whole };
}

function sameText(a: string, b: string, ci: boolean): boolean {
  return ci ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/**
 * Where `search` first matches in a known start: whole, or (the rest unknown) running on past its end.
 * null: nowhere in what is known.
 */
function firstMatch(t: Text, search: string, ci: boolean): { at: number; full: boolean } | null {
  const s = t.text;
  for (let i = 0; i < s.length; i++) {
    if (i + search.length <= s.length) {
      if (sameText(s.slice(i, i + search.length), search, ci)) return { at: i, full: true };
    } else if (!t.whole && sameText(s.slice(i), search.slice(0, s.length - i), ci)) return { at: i, full: false };
  }
  return null;
}

/** One str_replace pass: every match of `search`, left to right, by `replace` (null: unknown). */
function replacePass(t: Text, search: string, replace: Text | null, ci: boolean): Text {
  const first = firstMatch(t, search, ci);
  if (!first) return t;
  if (!first.full) return { text: t.text.slice(0, first.at), whole: false };
  if (!t.whole || !replace?.whole) return { text: t.text.slice(0, first.at) + (replace?.text ?? ''), whole: false };
  let out = '';
  let i = 0;
  for (let m: ReturnType<typeof firstMatch> = first; m; ) {
    out += t.text.slice(i, m.at) + replace.text;
    i = m.at + search.length;
    const rest = firstMatch({ text: t.text.slice(i), whole: true }, search, ci);
    m = rest ? { at: rest.at + i, full: true } : null;
  }
  return { text: out + t.text.slice(i), whole: true };
}

/**
 * str_replace()/str_ireplace() on a string subject: each search in turn over the result of the one before (as
 * PHP does), so a later search may match across an earlier replacement. An empty search is skipped.
 */
function replaced(values: (Value | undefined)[], ci: boolean): Text | null {
  const [search, replace, subject] = values;
  let t = textOf(subject);
  if (!t || subject === undefined || search === undefined || replace === undefined) return null;
  const searches = search.kind === 'array' ? listOf(search)?.map(whole) : [whole(search)];
  if (!searches || searches.some((s) => s === null)) return null;
  // A string search with an array replacement is a TypeError; an unknown replacement is unknown in every pass.
  if (search.kind !== 'array' && replace.kind === 'array') return null;
  const replaces = replace.kind === 'array' ? listOf(replace) : null;
  if (replace.kind === 'array' && !replaces) return null;
  for (const [j, s] of (searches as string[]).entries()) {
    if (s === '') continue;
    if (ci && !isAscii(s)) return null; // case folding of other bytes once followed the locale
    const r = replaces ? (j < replaces.length ? textOf(replaces[j]) : { text: '', whole: true }) : textOf(replace);
    t = replacePass(t, s, r, ci);
  }
  return t;
}

/** strtr($s, $from, $to): byte by byte, so the known start maps to the known start. */
function translated(t: Text | null, from: string | null, to: string | null): Text | null {
  if (!t || from === null || to === null || !isAscii(from) || !isAscii(to)) return null;
  const map = new Map<string, string>();
  for (let i = 0; i < Math.min(from.length, to.length); i++) map.set(from[i]!, to[i]!);
  return { text: [...t.text].map((c) => map.get(c) ?? c).join(''), whole: t.whole };
}

/** strtr($s, [$from => $to, …]): the known start up to where any key may match (longest first, unseen here). */
function pairsReplaced(t: Text | null, pairs: Value | undefined): Text | null {
  if (!t || pairs?.kind !== 'array' || pairs.open || pairs.entries.some((e) => !e.key || e.lost)) return null;
  // PHP 8 ignores an empty key.
  const keys = pairs.entries.map((e) => String(normaliseKey(e.key!.value))).filter((k) => k !== '');
  const cuts = keys.map((k) => firstMatch(t, k, false)?.at ?? Infinity);
  const cut = Math.min(Infinity, ...cuts);
  return cut === Infinity ? t : { text: t.text.slice(0, cut), whole: false };
}

/** implode($separator, $array), implode($array), and the order PHP 7 still took: implode($array, $separator). */
function imploded(values: (Value | undefined)[]): Text | null {
  const [a, b] = values;
  const [sep, arr] = b === undefined ? [lit(''), a] : a?.kind === 'array' ? [b, a] : [a, b];
  const items = listOf(arr);
  if (!items) return null;
  const glue = textOf(sep);
  let out = '';
  for (const [i, item] of items.entries()) {
    if (i > 0) {
      if (!glue) return { text: out, whole: false };
      out += glue.text;
      if (!glue.whole) return { text: out, whole: false };
    }
    const t = textOf(item);
    if (!t) return { text: out, whole: false };
    out += t.text;
    if (!t.whole) return { text: out, whole: false };
  }
  return { text: out, whole: true };
}

/** PHP's character mask (`" \t\n"`, `'a..z'`), ASCII only; null where it cannot be read. */
function charMask(chars: Value | undefined): Set<string> | null {
  if (chars === undefined) return new Set([' ', '\t', '\n', '\r', '\0', '\x0B']);
  const s = whole(chars);
  if (s === null || !isAscii(s)) return null;
  const out = new Set<string>();
  for (let i = 0; i < s.length; i++) {
    if (i + 3 < s.length && s[i + 1] === '.' && s[i + 2] === '.' && s[i + 3]! >= s[i]!) {
      for (let c = s.charCodeAt(i); c <= s.charCodeAt(i + 3); c++) out.add(String.fromCharCode(c));
      i += 3;
    } else if (s[i] === '.' && s[i + 1] === '.') return null; // an invalid range: PHP warns
    else out.add(s[i]!);
  }
  return out;
}

/**
 * rtrim/ltrim/trim. Trimming the end of a string whose end is unknown may reach into the known start, but
 * never past its last character outside the mask; trimming its start keeps the known start's trimmed form
 * only if that holds a character outside the mask.
 */
function trimmed(t: Text | null, chars: Value | undefined, left: boolean, right: boolean): Text | null {
  const mask = charMask(chars);
  if (!t || !mask) return null;
  let s = t.text;
  let from = 0;
  if (left) {
    while (from < s.length && mask.has(s[from]!)) from++;
    if (from === s.length && !t.whole) return null;
  }
  s = s.slice(from);
  if (right) {
    let to = s.length;
    while (to > 0 && mask.has(s[to - 1]!)) to--;
    s = s.slice(0, to);
  }
  return { text: s, whole: t.whole };
}

/** strtolower/strtoupper: ASCII letters (PHP 8.2; before, the locale's, so the known start ends at other bytes). */
function cased(t: Text | null, upper: boolean): Text | null {
  if (!t) return null;
  const cut = t.text.search(/[^\x00-\x7f]/);
  const s = cut < 0 ? t.text : t.text.slice(0, cut);
  return { text: upper ? s.toUpperCase() : s.toLowerCase(), whole: t.whole && cut < 0 };
}

/** The known start up to the first character the function may rewrite (`%` for rawurldecode, `&` for entities). */
function untilAny(t: Text | null, rewritten: string): Text | null {
  if (!t) return null;
  const cut = [...t.text].findIndex((c) => rewritten.includes(c));
  return cut < 0 ? t : { text: t.text.slice(0, cut), whole: false };
}

const FILTERS: Readonly<Record<string, number>> = { FILTER_VALIDATE_URL: 273, FILTER_SANITIZE_URL: 518 };
/** What FILTER_SANITIZE_URL keeps (ext/filter/sanitizing_filters.c php_filter_url). */
const URL_CHARS = /[A-Za-z0-9$\-_.+!*'(),{}|\\^~[\]`<>#%";/?:@&=]/;

/** A filter id as given: its number, or the name of the ext/filter constant (not one the catalogue knows). */
function filterOf(v: Value | undefined, node: PhpNode | undefined): number | null {
  if (v?.kind === 'lit') return typeof v.value === 'number' ? v.value : null;
  if (v?.kind !== 'unknown' || node?.kind !== 'name') return null;
  return FILTERS[String(node.name).replace(/^\\/, '')] ?? null;
}

/** Flags (a number, constants or'ed together), not an options array, which may name a default to return. */
function onlyFlags(v: Value | undefined, node: PhpNode | undefined): boolean {
  if (v === undefined) return true;
  if (v.kind === 'lit') return typeof v.value === 'number';
  const flags = (n: PhpNode | undefined, depth = 0): boolean =>
    n?.kind === 'name' || n?.kind === 'number' || (n?.kind === 'bin' && n.type === '|' && depth < 8 && flags(n.left as PhpNode, depth + 1) && flags(n.right as PhpNode, depth + 1));
  return v.kind === 'unknown' && flags(node);
}

/**
 * filter_var(): FILTER_VALIDATE_URL returns the string unchanged or false (or null), and a request to false
 * fails before it starts; FILTER_SANITIZE_URL drops every character outside its set, one by one.
 */
function filtered(values: (Value | undefined)[], args: PhpNode[]): Text | null {
  const t = textOf(values[0]);
  const filter = filterOf(values[1], args[1]);
  if (!t || !onlyFlags(values[2], args[2])) return null;
  // Not the literal itself: the value may be false.
  if (filter === FILTERS.FILTER_VALIDATE_URL) return { text: t.text, whole: false };
  if (filter !== FILTERS.FILTER_SANITIZE_URL) return null;
  return { text: [...t.text].filter((c) => URL_CHARS.test(c)).join(''), whole: t.whole };
}

type StringFunction = (values: (Value | undefined)[], args: PhpNode[]) => Text | null;

const FUNCTIONS: Readonly<Record<string, StringFunction>> = {
  // An argument spread (`...$rest`) is unknown, and so is every conversion that reads it or one after it.
  sprintf: (v) => formatted(textOf(v[0]), (i) => textOf(v[i + 1])),
  vsprintf: (v) => {
    const list = listOf(v[1]);
    return formatted(textOf(v[0]), (i) => (list ? textOf(list[i]) : null));
  },
  str_replace: (v) => replaced(v, false),
  str_ireplace: (v) => replaced(v, true),
  strtr: (v) => (v.length >= 3 ? translated(textOf(v[0]), whole(v[1]), whole(v[2])) : pairsReplaced(textOf(v[0]), v[1])),
  implode: (v) => imploded(v),
  join: (v) => imploded(v),
  rtrim: (v) => trimmed(textOf(v[0]), v[1], false, true),
  chop: (v) => trimmed(textOf(v[0]), v[1], false, true),
  ltrim: (v) => trimmed(textOf(v[0]), v[1], true, false),
  trim: (v) => trimmed(textOf(v[0]), v[1], true, true),
  strtolower: (v) => cased(textOf(v[0]), false),
  strtoupper: (v) => cased(textOf(v[0]), true),
  strval: (v) => textOf(v[0]),
  urldecode: (v) => untilAny(textOf(v[0]), '%+'),
  rawurldecode: (v) => untilAny(textOf(v[0]), '%'),
  html_entity_decode: (v) => untilAny(textOf(v[0]), '&'),
  htmlspecialchars_decode: (v) => untilAny(textOf(v[0]), '&'),
  filter_var: filtered,
};

/** The string functions `stringResult` computes a start for. */
export function isStringFunction(name: string): boolean {
  return Object.hasOwn(FUNCTIONS, name);
}

/** What a string function returns, as far as the analysis knows; undefined for another function. */
export function stringResult(name: string, values: Value[], args: PhpNode[]): Value | undefined {
  if (!Object.hasOwn(FUNCTIONS, name)) return undefined;
  const fn = FUNCTIONS[name]!;
  // A hole a named argument left, or an argument beyond what was written: a parameter not given.
  const given = values.map((v, i) => (args[i] ? v : undefined));
  return valueOf(fn(given, args));
}
