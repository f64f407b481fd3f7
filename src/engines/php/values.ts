import type { Literal } from '../../catalogue/define-client';
import type { PhpNode } from './parse';

/** Something a special follows through the code: a curl handle, a client. */
export interface Tracked {
  /** Code the analysis cannot see received it: whatever it lacks may be set there. */
  escape(): void;
  /**
   * A method the file does not show, run on the object a property holds it in, may reach it (calls.ts escapeHeld):
   * met at that moment, it counts only where it comes before a request, as heldReaches() orders it. Without this,
   * such a call counts as escape(). `at`: Interpreter.now() at the call.
   */
  escapeHeld?(at: { seq: number; walk: number }): void;
  /** A mark, not an object with state (middleware known to set nothing): no value to keep over another arm's. */
  readonly mark?: boolean;
}

export interface Lit {
  kind: 'lit';
  value: Literal;
  /** Where the literal is written, when it is a literal in the text. */
  node: PhpNode | null;
  /**
   * What a ternary gives a caller that leaves this parameter at its default (`$local ? 0 : 30`: 'local', guards.ts
   * decidedByDefault): in an arm that caller never runs, another caller's value (statements.ts).
   */
  byDefault?: string;
}

export interface ArrayEntry {
  /** null: a key the analysis cannot evaluate. A `lost` entry keeps the key it was written with. */
  key: Lit | null;
  value: Value;
  valueNode: PhpNode | null;
  /** Why the entry cannot reach run time as written (e.g. array_merge renumbered its integer key). */
  lost?: string;
}

export interface Arr {
  kind: 'array';
  entries: ArrayEntry[];
  /** Parts the analysis cannot see (a spread, an unknown merge). */
  open: boolean;
  /**
   * The entries are not in PHP's order: a key written again moved to the end, where PHP keeps its place
   * (`$a['k'] = …`, array_replace). Keys and values still hold; what reads the order (implode) cannot.
   */
  reordered?: boolean;
  /** The array literal it was made from, when it is one (`$options = [...]`). */
  literal?: PhpNode;
}

export interface Obj {
  kind: 'obj';
  ref: Tracked;
  /** Other objects the same place may hold, from other branches (`if (…) $fp = a(); else $fp = b();`). */
  alts?: Tracked[];
  /** Another path leaves no object here, but a visible null or false (`$ctx = null; if ($p) $ctx = …;`). */
  orNone?: boolean;
}

/** Every object a value may be: one, or several from different branches. */
export function refsOf(v: Value | undefined): Tracked[] {
  return v?.kind === 'obj' ? [v.ref, ...(v.alts ?? [])] : [];
}

/** What a place holds after `value` is stored over `old`: both, since the walk runs every branch. */
export function mayHold(old: Value | undefined, value: Value): Value {
  // A mark over something else, or something else over a mark: which one the place holds is unknown.
  if (old && marked(old) !== marked(value)) return UNKNOWN;
  if (old?.kind !== 'obj') return old ? eitherString(old, value) : value;
  if (value.kind !== 'obj') return old; // `$this->fp = null` in close() does not undo what open() stored
  const refs = [...new Set([...refsOf(value), ...refsOf(old)])].slice(0, 8);
  return refs.length === 1 ? value : { kind: 'obj', ref: refs[0]!, alts: refs.slice(1) };
}

const marked = (v: Value): boolean => refsOf(v).some((r) => r.mark);

/** A URL's scheme and `//` at the start of a string (`https://`, `ssl://`, `compress.zlib://`). */
export const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * A string stored in one arm over one stored in another: a URL either may be is what flows on (`$url =
 * 'https://…'; if ($local) $url = $path;`), and a string over a value the analysis cannot see is unknown too
 * (`$url = $server->url(); if ($relay) $url = '?user=…';` may still be the server's URL). Anything else: the later.
 */
export function eitherString(old: Value, value: Value): Value {
  if (old.kind === 'array' || value.kind === 'array' || value.kind === 'obj') return value;
  const [a, b] = [knownPrefix(old), knownPrefix(value)];
  const url = [b, a].find((p) => p !== null && SCHEME.test(p));
  if (url !== undefined && url !== b) return { kind: 'prefix', prefix: url! };
  if ((old.kind === 'unknown' && b !== null) || (value.kind === 'unknown' && a !== null)) return UNKNOWN;
  return value;
}

/** One of several values: the objects among them, all as alternatives; otherwise the first. */
export function anyOf(values: Value[]): Value {
  if (!values.every((v) => v.kind === 'obj')) return values[0]!;
  const refs = [...new Set(values.flatMap(refsOf))].slice(0, 8);
  return refs.length === 1 ? values[0]! : { kind: 'obj', ref: refs[0]!, alts: refs.slice(1) };
}

/** null or false written or stored: no object. */
export const isNone = (v: Value | undefined): boolean => v?.kind === 'lit' && (v.value === null || v.value === false);

/** An object on one path and nothing (null, false) on another: the object, marked as maybe absent. */
export function orNone(v: Value): Value {
  return v.kind === 'obj' && !v.orNone ? { ...v, orNone: true } : v;
}

export interface Unknown {
  kind: 'unknown';
  /** The php.ini value of this setting (`ini_get('default_socket_timeout')`): what is in force when code sets none. */
  ini?: string;
}

/** A string whose start is known: `'https://' . $host`, `"https://$host/"`. */
export interface Prefix {
  kind: 'prefix';
  prefix: string;
}

export type Value = Lit | Arr | Obj | Prefix | Unknown;

/** The known start of a string value, if any. */
export function knownPrefix(v: Value): string | null {
  if (v.kind === 'lit') return typeof v.value === 'string' ? v.value : null;
  return v.kind === 'prefix' ? v.prefix : null;
}

export const UNKNOWN: Unknown = { kind: 'unknown' };

export function lit(value: Literal, node: PhpNode | null = null): Lit {
  return { kind: 'lit', value, node };
}

/** Every tracked object reachable from a value (arrays included). */
export function trackedIn(value: Value, out: Tracked[] = [], depth = 0): Tracked[] {
  if (value.kind === 'obj') out.push(...refsOf(value));
  else if (value.kind === 'array' && depth < 8) for (const e of value.entries) trackedIn(e.value, out, depth + 1);
  return out;
}

/** PHP's array key normalisation: "13" and 13.0 are the key 13; true is 1; null is "". */
export function normaliseKey(key: Literal): string | number {
  if (typeof key === 'number') return Math.trunc(key);
  if (typeof key === 'boolean') return key ? 1 : 0;
  if (key === null) return '';
  return /^(0|-?[1-9][0-9]*)$/.test(key) ? Number(key) : key;
}

/** `a + b`: keys of `a` win; unknown keys make the result open. */
function keysOf(arr: Arr): Set<string | number> {
  return new Set(arr.entries.flatMap((e) => (e.key && !e.lost ? [normaliseKey(e.key.value)] : [])));
}

export function unionArrays(a: Arr, b: Arr): Arr {
  const seen = keysOf(a);
  // Keys of `a` the analysis cannot see may hold any key of `b`: `$opts + ['timeout' => 0]` may keep the caller's.
  const extra = a.open ? [] : b.entries.filter((e) => !e.key || e.lost || !seen.has(normaliseKey(e.key.value)));
  return { kind: 'array', entries: [...a.entries, ...extra], open: a.open || b.open, ...reordered(a.reordered || b.reordered) };
}

/**
 * `a + b` where one side is an array: the other, unseen, may hold any key (`['timeout' => 0] + $opts` keeps the 0,
 * `$opts + ['timeout' => 0]` may not). Undefined where neither is an array.
 */
export function addArrays(a: Value, b: Value): Arr | undefined {
  if (a.kind !== 'array' && b.kind !== 'array') return undefined;
  const unseen: Arr = { kind: 'array', entries: [], open: true };
  const side = (v: Value): Arr | undefined => (v.kind === 'array' ? v : v.kind === 'unknown' ? unseen : undefined);
  const [x, y] = [side(a), side(b)];
  return x && y ? unionArrays(x, y) : undefined;
}

/** array_replace: later keys win, integer keys kept. */
export function replaceArrays(a: Arr, b: Arr): Arr {
  const keys = keysOf(b);
  // Parts of `b` the analysis cannot see may replace any key of `a`.
  const kept = b.open ? [] : a.entries.filter((e) => !e.key || e.lost || !keys.has(normaliseKey(e.key.value)));
  const moved = kept.length < a.entries.length && b.entries.length > 0;
  return { kind: 'array', entries: [...kept, ...b.entries], open: a.open || b.open, ...reordered(a.reordered || b.reordered || moved) };
}

/** The `reordered` mark, only where set. */
export function reordered(yes: boolean | undefined): { reordered?: true } {
  return yes ? { reordered: true } : {};
}

/** array_merge: string keys as array_replace, integer keys renumbered from 0, so their meaning is lost. */
export function mergeArrays(parts: Arr[], why: string): Arr {
  let out: Arr = { kind: 'array', entries: [], open: false };
  for (const part of parts) {
    const entries = part.entries.map((e) =>
      e.key && typeof normaliseKey(e.key.value) === 'number' ? { ...e, lost: why } : e,
    );
    out = replaceArrays(out, { kind: 'array', entries, open: part.open, ...reordered(part.reordered) });
  }
  return out;
}
