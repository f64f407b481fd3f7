import type { PhpNode } from './parse';
import { isStringFunction, stringResult } from './strings';
import { castValue } from './evaluate';
import { lit, mergeArrays, replaceArrays, UNKNOWN, type Arr, type Value } from './values';

const ARRAY_MERGERS = new Set(['array_merge', 'array_merge_recursive']);
const ARRAY_REPLACERS = new Set(['array_replace', 'array_replace_recursive']);
// intval($x) and floatval($x) convert as (int) $x and (float) $x do.
const CASTS = new Map([['intval', 'int'], ['floatval', 'float'], ['doubleval', 'float']]);
// max() and min() of numbers: `max(0, $timeout)` with a caller's 0 is 0.
const EXTREMES = new Map([['max', Math.max], ['min', Math.min]]);

/** PHP's own functions `evalBuiltin` knows that a namespace may declare again (a file's own is called instead). */
export function isRedeclarable(name: string): boolean {
  return isStringFunction(name) || CASTS.has(name) || EXTREMES.has(name);
}

/** The built-ins `evalBuiltin` computes a value for: what they return may hold what they are given. */
export function isComputedBuiltin(name: string): boolean {
  return isStringFunction(name) || name === 'wp_parse_args' || ARRAY_MERGERS.has(name) || ARRAY_REPLACERS.has(name);
}

/**
 * Functions whose result the analysis can compute: array merges, and the known start of what string functions
 * return (strings.ts: sprintf, rtrim, str_replace, implode …). `args`: the arguments as written, by position.
 */
export function evalBuiltin(name: string, values: Value[], args: PhpNode[] = []): Value | undefined {
  const text = stringResult(name, values, args);
  if (text) return text;
  const cast = CASTS.get(name);
  if (cast) return values[0] ? castValue(values[0], cast) : UNKNOWN;
  const extreme = EXTREMES.get(name);
  if (extreme) {
    const numbers = values.map((v) => (v.kind === 'lit' && typeof v.value === 'number' ? v.value : NaN));
    if (values.length > 1 && !numbers.some(Number.isNaN)) return lit(extreme(...numbers));
  }
  // WordPress wp_parse_args($args, $defaults): array_merge($defaults, $args) for an array $args, so the
  // caller's keys win (wp-includes/functions.php); a query string or an object is parsed, unseen here.
  if (name === 'wp_parse_args') return evalBuiltin('array_merge', [values[1] ?? { kind: 'array', entries: [], open: false }, values[0] ?? UNKNOWN]);
  if (!ARRAY_MERGERS.has(name) && !ARRAY_REPLACERS.has(name)) return undefined;
  // An argument the analysis cannot read may hold any key: what is merged before it is unknown, what after it wins.
  const arrays = values.map((v): Arr => (v.kind === 'array' ? v : { kind: 'array', entries: [], open: true }));
  if (!arrays.length) return { kind: 'array', entries: [], open: true };
  if (ARRAY_REPLACERS.has(name)) return arrays.reduce((a, b) => replaceArrays(a, b));
  return mergeArrays(arrays, `${name}() renumbers integer keys such as CURLOPT_* constants, so the options it merges are lost; use + or array_replace()`);
}
