import { describe, expect, test } from 'vitest';
import curl from '../../rules/php/curl';
import { evalBuiltin } from '../../src/engines/php/builtins';
import { castValue, foldBinary, numericValue, parseNumber, readBound } from '../../src/engines/php/evaluate';
import { decided } from '../../src/engines/php/decided';
import { isParseFailure, parsePhp, type PhpNode } from '../../src/engines/php/parse';
import { listOf, stringResult } from '../../src/engines/php/strings';
import { lit, mergeArrays, unionArrays, UNKNOWN, type Arr, type Value } from '../../src/engines/php/values';

test('PHP number literals', () => {
  expect([parseNumber('1_000'), parseNumber('0x1F'), parseNumber('0b11'), parseNumber('017'), parseNumber('0o17'), parseNumber('1.5e3')])
    .toEqual([1000, 31, 3, 15, 15, 1500]);
});

test('numeric strings', () => {
  expect(numericValue(' 60 ')).toBe(60);
  expect(numericValue('6O')).toBeNull();
  expect(numericValue(true)).toBe(1);
});

test('curl total timeout readings', () => {
  const total = curl.total;
  expect(readBound(lit(30), total)).toBe('set');
  expect(readBound(lit(0), total)).toBe('never');
  expect(readBound(lit('0'), total)).toBe('never');
  expect(readBound(lit(0.9), total)).toBe('never'); // cast to int
  expect(readBound(lit(null), total)).toBe('never');
  expect(readBound(lit(false), total)).toBe('never');
  expect(readBound(lit(-1), total)).toBe('unset');
  expect(readBound(UNKNOWN, total)).toBe('set');
});

test('max() and min() of numbers; of anything else, not computed', () => {
  expect(evalBuiltin('max', [lit(0), lit(-5)])).toEqual(lit(0));
  expect(evalBuiltin('min', [lit(30), lit(2.5)])).toEqual(lit(2.5));
  expect(evalBuiltin('max', [lit(0), UNKNOWN])).toBeUndefined();
  expect(evalBuiltin('max', [lit('5'), lit(0)])).toBeUndefined();
  expect(evalBuiltin('max', [lit(3)])).toBeUndefined(); // an array's elements
});

test('curl connect timeout 0 is the library default, not never', () => {
  expect(readBound(lit(0), curl.connect!)).toBe('unset');
  expect(readBound(lit(5), curl.connect!)).toBe('set');
});

const arr = (...pairs: [number | string, number][]): Arr => ({
  kind: 'array',
  entries: pairs.map(([k, v]) => ({ key: lit(k), value: lit(v), valueNode: null })),
  open: false,
});

test('+ keeps the left keys, array_merge marks integer keys lost', () => {
  const u = unionArrays(arr([13, 5]), arr([13, 0], ['x', 1]));
  expect(u.entries.map((e) => [e.key?.value, (e.value as { value: unknown }).value])).toEqual([[13, 5], ['x', 1]]);
  const m = mergeArrays([arr([13, 5]), arr(['x', 1])], 'lost');
  expect(m.entries.map((e) => e.lost ?? null)).toEqual(['lost', null]);
});

test('tests decided by literals follow PHP 8 comparisons', () => {
  const testOf = (expr: string): PhpNode => {
    const ast = parsePhp(`<?php if (${expr}) {}`, 't.php');
    if (isParseFailure(ast)) throw new Error(ast.message);
    return ((ast.children as PhpNode[])[0]!.test as PhpNode);
  };
  const scope = { vars: new Map(), cls: null, unit: 't', returns: [], stack: [], calls: [], exact: new Map() };
  const bound = lit('cache_file');
  scope.vars.set('key', bound);
  scope.exact.set('key', bound);
  const cases: [string, boolean | null][] = [
    ["$key == 'cache_file'", true],
    ["$key === 'api_url'", false],
    ["$key != 'api_url' && $key !== 'other'", true],
    ["'1' == '01'", true], // numeric strings compare as numbers
    ["'abc' == 'ABC'", false],
    ["null == ''", true],
    ["true == 'x'", true],
    ["'0'", false],
    ["!'0.0'", false], // '0.0' is truthy
    ["1 === 1", null], // 1 and 1.0 are not told apart here
    ["$key == 0", null], // a number against a string is not attempted
    ["$other == 'x'", null], // no literal known for $other
    ["false && $other", false],
    ["$other || true", true],
    ['0 > 0', false],
    ['-1 >= 0', false],
    ["'30' > 5", true], // a numeric string compares as a number
    ['null > 0', false], // null against a number: both as booleans
    ['null >= 0', true],
    ['true > 0', true],
    ["'abc' < 5", null],
    ['empty(0)', true],
    ["empty('0.0')", false],
    ['isset($key)', true],
    ['is_null($key)', false],
    ['is_null(null)', true],
  ];
  for (const [expr, want] of cases) expect([expr, decided(testOf(expr), scope)]).toEqual([expr, want]);
  scope.vars.set('key', lit('cache_file')); // assigned again: no longer the value the call gave
  expect(decided(testOf("$key == 'cache_file'"), scope)).toBeNull();
});

describe('string functions keep the start PHP certainly keeps', () => {
  const prefix = (p: string): Value => ({ kind: 'prefix', prefix: p });
  const list = (...values: Value[]): Arr => ({ kind: 'array', entries: values.map((value) => ({ key: null, value, valueNode: null })), open: false });
  const written = { kind: 'string' } as PhpNode;
  const call = (name: string, ...values: Value[]): Value | undefined => stringResult(name, values, values.map(() => written));
  const named = (name: string): PhpNode => ({ kind: 'name', name }) as PhpNode;

  test('sprintf and vsprintf: plain %s and %N$s of known arguments, up to anything else', () => {
    expect(call('sprintf', lit('%s/%s'), lit('https://a.test'), UNKNOWN)).toEqual(prefix('https://a.test/'));
    expect(call('sprintf', lit('%2$s%1$s'), lit('/x'), lit('https://a.test'))).toEqual(lit('https://a.test/x'));
    expect(call('sprintf', lit('%s/%dx%d.png'), lit('https://a.test'), lit(1), lit(2))).toEqual(prefix('https://a.test/'));
    expect(call('sprintf', lit('%%s%s'), lit('x'))).toEqual(lit('%sx'));
    // Padding or precision may change the start; an unknown first argument says nothing, not "no URL".
    expect(call('sprintf', lit('%20s'), lit('https://a.test'))).toEqual(UNKNOWN);
    expect(call('sprintf', lit('%s/cache.json'), UNKNOWN)).toEqual(UNKNOWN);
    expect(call('sprintf', lit('http%s://a.test'), UNKNOWN)).toEqual(UNKNOWN);
    expect(call('vsprintf', lit('%s/v1'), list(lit('https://a.test')))).toEqual(lit('https://a.test/v1'));
    expect(call('vsprintf', lit('%s/v1'), { ...list(lit('https://a.test')), open: true })).toEqual(UNKNOWN);
  });

  test('trims: the end of an unknown tail may reach into the known start; the front only if it stops there', () => {
    expect(call('rtrim', prefix('https://a.test//'), lit('/'))).toEqual(prefix('https://a.test'));
    expect(call('rtrim', lit('https://a.test/ \n'))).toEqual(lit('https://a.test/'));
    expect(call('trim', prefix(' https://a.test'))).toEqual(prefix('https://a.test'));
    expect(call('ltrim', prefix('//'), lit('/'))).toEqual(UNKNOWN);
    expect(call('ltrim', prefix('/var/x'), lit('a..z/'))).toEqual(UNKNOWN);
    expect(call('rtrim', prefix('https://a.test/'), UNKNOWN)).toEqual(UNKNOWN);
    expect(call('rtrim', prefix('https://a.test/'), lit('..'))).toEqual(UNKNOWN);
  });

  test('str_replace: each search in turn, up to the first match, also one running past the known start', () => {
    expect(call('str_replace', lit('{HOST}'), UNKNOWN, lit('https://{HOST}/status'))).toEqual(prefix('https://'));
    expect(call('str_replace', lit('{HOST}'), lit('a.test'), lit('https://{HOST}/{HOST}'))).toEqual(lit('https://a.test/a.test'));
    expect(call('str_replace', lit('{HOST}'), lit('a.test'), prefix('https://x.test/{HO'))).toEqual(prefix('https://x.test/'));
    // A later search matches across an earlier replacement.
    expect(call('str_replace', list(lit('X'), lit('bY')), list(lit('Y'), lit('')), lit('abX'))).toEqual(lit('a'));
    expect(call('str_ireplace', lit('{host}'), UNKNOWN, lit('HTTPS://{HOST}/'))).toEqual(prefix('HTTPS://'));
    expect(call('str_replace', lit('https://'), lit(''), lit('https://a.test/'))).toEqual(lit('a.test/'));
    expect(call('str_replace', UNKNOWN, lit(''), lit('https://a.test/'))).toEqual(UNKNOWN);
    expect(call('str_replace', lit('a'), list(lit('b')), lit('https://a.test/'))).toEqual(UNKNOWN); // a TypeError
  });

  test('strtr, implode, case, decoders, filter_var', () => {
    const pairs: Arr = { kind: 'array', entries: [{ key: lit('HOST'), value: UNKNOWN, valueNode: null }], open: false };
    expect(call('strtr', lit('https://HOST/x'), pairs)).toEqual(prefix('https://'));
    expect(call('strtr', prefix('HTTPS://A'), lit('ABCDEFGHIJKLMNOPQRSTUVWXYZ'), lit('abcdefghijklmnopqrstuvwxyz'))).toEqual(prefix('https://a'));
    expect(call('implode', lit('/'), list(lit('https://a.test'), lit('v1'), UNKNOWN))).toEqual(prefix('https://a.test/v1/'));
    expect(call('implode', list(lit('https://a.test'), lit('x')))).toEqual(lit('https://a.testx'));
    expect(call('implode', lit('/'), list(UNKNOWN, lit('https://a.test')))).toEqual(UNKNOWN);
    expect(call('implode', lit('/'), { ...list(lit('https://a.test')), reordered: true })).toEqual(UNKNOWN);
    expect(call('strtolower', lit('HTTPS://A.TEST/É'))).toEqual(prefix('https://a.test/'));
    expect(call('urldecode', lit('https://a.test/a+b'))).toEqual(prefix('https://a.test/a'));
    expect(call('html_entity_decode', lit('https://a.test/?a=1&amp;b=2'))).toEqual(prefix('https://a.test/?a=1'));
    expect(stringResult('filter_var', [prefix('https://a.test/'), UNKNOWN], [written, named('FILTER_VALIDATE_URL')])).toEqual(prefix('https://a.test/'));
    expect(stringResult('filter_var', [lit('https://a.test/ x'), UNKNOWN], [written, named('\\FILTER_SANITIZE_URL')])).toEqual(lit('https://a.test/x'));
    // An options array may name a default returned instead.
    expect(stringResult('filter_var', [lit('https://a.test/'), UNKNOWN, list()], [written, named('FILTER_VALIDATE_URL'), written])).toEqual(UNKNOWN);
    expect(stringResult('filter_var', [lit('https://a.test/')], [written])).toEqual(UNKNOWN);
  });

  test('(string) keeps a known start', () => {
    expect(castValue(prefix('https://a.test/'), 'string')).toEqual(prefix('https://a.test/'));
    expect(castValue(prefix('https://a.test/'), 'int')).toEqual(UNKNOWN);
  });

  test('arrays by position in PHP order: a key written again overwrites in place', () => {
    const keyed = (...pairs: [number | string | null, string][]): Arr => ({
      kind: 'array', entries: pairs.map(([k, v]) => ({ key: k === null ? null : lit(k), value: lit(v), valueNode: null })), open: false,
    });
    expect(listOf(keyed([1, 'a'], [0, 'b'], [null, 'c']))?.map((v) => (v as { value: unknown }).value)).toEqual(['a', 'b', 'c']);
    expect(listOf(keyed([null, 'a'], ['0', 'b']))?.map((v) => (v as { value: unknown }).value)).toEqual(['b']);
    expect(listOf(keyed([-5, 'a'], [null, 'b']))).toBeNull();
  });
});

test('a whole string joined to one whose start is known starts with both; a partial one with its own start only', () => {
  const url: Value = { kind: 'prefix', prefix: 'https://' };
  expect(foldBinary('.', lit('compress.zlib://'), url)).toEqual({ kind: 'prefix', prefix: 'compress.zlib://https://' });
  expect(foldBinary('.', lit('compress.zlib://'), UNKNOWN)).toEqual({ kind: 'prefix', prefix: 'compress.zlib://' });
  expect(foldBinary('.', { kind: 'prefix', prefix: 'https://' }, lit('/path'))).toEqual({ kind: 'prefix', prefix: 'https://' });
});
