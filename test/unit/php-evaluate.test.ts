import { expect, test } from 'vitest';
import curl from '../../rules/php/curl';
import { numericValue, parseNumber, readBound } from '../../src/engines/php/evaluate';
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
