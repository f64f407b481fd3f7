import type { BoundSpec, Literal } from '../../catalogue/define-client';
import { knownPrefix, lit, UNKNOWN, type Value } from './values';

/** A PHP number literal as written: 1_000, 0x1F, 0b11, 017, 0o17, 1.5e3. */
export function parseNumber(raw: string): number {
  const s = raw.replace(/_/g, '');
  if (/^0[xX]/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0[bB]/.test(s)) return parseInt(s.slice(2), 2);
  if (/^0[oO]/.test(s)) return parseInt(s.slice(2), 8);
  if (/^0[0-7]+$/.test(s)) return parseInt(s.slice(1), 8);
  return Number(s);
}

/** PHP's numeric-string test (leading/trailing whitespace allowed). */
export function numericValue(v: Literal): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === null) return 0;
  const t = v.trim();
  return t !== '' && /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : null;
}

export function castValue(v: Value, type: string): Value {
  // `(string) $url`: a string already, with its known start.
  if (v.kind === 'prefix' && type === 'string') return v;
  // `(int) ini_get('default_socket_timeout')`: still the php.ini value.
  if (v.kind === 'unknown' && v.ini && (type === 'int' || type === 'float')) return v;
  if (v.kind !== 'lit') return UNKNOWN;
  const n = numericValue(v.value);
  switch (type) {
    case 'int':
      return n === null ? UNKNOWN : lit(Math.trunc(n));
    case 'float':
      return n === null ? UNKNOWN : lit(n);
    case 'bool':
      return lit(typeof v.value === 'string' ? v.value !== '' && v.value !== '0' : Boolean(v.value));
    case 'string':
      return typeof v.value === 'string' ? v : n === null ? UNKNOWN : lit(String(n));
    default:
      return UNKNOWN;
  }
}

export function foldUnary(op: string, v: Value): Value {
  if (v.kind !== 'lit') return UNKNOWN;
  const n = numericValue(v.value);
  if (op === '!') return lit(!v.value);
  if (n === null) return UNKNOWN;
  return op === '-' ? lit(-n) : op === '+' ? lit(n) : UNKNOWN;
}

export function foldBinary(op: string, a: Value, b: Value): Value {
  if (op === '.' && a.kind !== 'unknown' && (a.kind !== 'lit' || b.kind !== 'lit')) {
    const start = knownPrefix(a);
    // A whole string before one whose start is known: both are the start (`'compress.zlib://' . $url`).
    const more = a.kind === 'lit' && typeof a.value === 'string' ? knownPrefix(b) : null;
    return start === null ? UNKNOWN : { kind: 'prefix', prefix: start + (more ?? '') };
  }
  if (a.kind !== 'lit' || b.kind !== 'lit') return UNKNOWN;
  if (op === '.') return a.value === null || b.value === null ? UNKNOWN : lit(`${a.value}${b.value}`);
  const x = numericValue(a.value);
  const y = numericValue(b.value);
  if (x === null || y === null) return UNKNOWN;
  switch (op) {
    case '+': return lit(x + y);
    case '-': return lit(x - y);
    case '*': return lit(x * y);
    case '/': return y === 0 ? UNKNOWN : lit(x / y);
    case '%': return y === 0 ? UNKNOWN : lit(Math.trunc(x) % Math.trunc(y));
    case '**': return lit(x ** y);
    default: return UNKNOWN;
  }
}

/** How a value written for a timeout option reads, by the client's own rules. */
export type BoundReading = 'set' | 'never' | 'unset';

function sameLiteral(a: Literal, b: Literal, integer: boolean): boolean {
  if (typeof b !== 'number') return a === b;
  if (typeof a === 'boolean' || a === null) return false;
  const n = numericValue(a);
  return n !== null && (integer ? Math.trunc(n) : n) === b;
}

/** A timeout's value in seconds, where it is a number the analysis reads (`unit`: the option's). */
export function secondsOf(value: Value, unit: 's' | 'ms'): number | null {
  const n = value.kind === 'lit' ? numericValue(value.value) : null;
  return n === null ? null : unit === 'ms' ? n / 1000 : n;
}

/**
 * Classifies one value written for a bound.
 * contract: a value the analysis cannot evaluate counts as set, unless it is visibly a "never" value.
 */
export function readBound(value: Value, bound: BoundSpec): BoundReading {
  if (value.kind !== 'lit') return 'set';
  const v = value.value;
  const integer = bound.integerValues ?? false;
  if (bound.never.some((n) => sameLiteral(v, n, integer))) return 'never';
  if (bound.unset.some((n) => sameLiteral(v, n, integer))) return 'unset';
  const n = numericValue(v);
  if (n !== null && n < 0 && bound.negative) return bound.negative === 'never' ? 'never' : 'unset';
  return 'set';
}
