import { expect, test } from 'vitest';
import curl from '../../rules/php/curl';
import { numericValue, parseNumber, readBound } from '../../src/engines/php/evaluate';
import { decided } from '../../src/engines/php/decided';
import { isParseFailure, parsePhp, type PhpNode } from '../../src/engines/php/parse';
import { lit, mergeArrays, unionArrays, UNKNOWN, type Arr } from '../../src/engines/php/values';

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
  const scope = { vars: new Map(), cls: null, unit: 't', returns: [], stack: [], exact: new Map() };
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
  ];
  for (const [expr, want] of cases) expect([expr, decided(testOf(expr), scope)]).toEqual([expr, want]);
  scope.vars.set('key', lit('cache_file')); // assigned again: no longer the value the call gave
  expect(decided(testOf("$key == 'cache_file'"), scope)).toBeNull();
});
