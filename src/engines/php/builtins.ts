import { lit, mergeArrays, replaceArrays, type Arr, type Value } from './values';

const ARRAY_MERGERS = new Set(['array_merge', 'array_merge_recursive']);
const ARRAY_REPLACERS = new Set(['array_replace', 'array_replace_recursive']);

/** PHP functions whose result the analysis can compute: array merges and sprintf's literal start. */
export function evalBuiltin(name: string, values: Value[]): Value | undefined {
  if (name === 'sprintf' && values[0]?.kind === 'lit' && typeof values[0].value === 'string') {
    const format = values[0].value;
    const cut = format.indexOf('%');
    return cut < 0 ? lit(format) : { kind: 'prefix', prefix: format.slice(0, cut) };
  }
  if (!ARRAY_MERGERS.has(name) && !ARRAY_REPLACERS.has(name)) return undefined;
  const arrays = values.filter((v): v is Arr => v.kind === 'array');
  if (arrays.length !== values.length || !arrays.length) return { kind: 'array', entries: [], open: true };
  if (ARRAY_REPLACERS.has(name)) return arrays.reduce((a, b) => replaceArrays(a, b));
  return mergeArrays(arrays, `${name}() renumbers integer keys such as CURLOPT_* constants, so the options it merges are lost; use + or array_replace()`);
}
