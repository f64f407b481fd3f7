import { expect, test } from 'vitest';
import { lineStarts } from '../../src/core/positions';
import { findDirectives } from '../../src/core/suppress';

const read = (text: string) => findDirectives(text, lineStarts(text));

test('next-line and line directives, with rules and a reason', () => {
  const text = [
    '// http-timeout-lint-disable-next-line php/curl, js/axios -- local host',
    'x();',
    'y(); # http-timeout-lint-disable-line',
    '/* http-timeout-lint-disable-next-line */',
  ].join('\r\n');
  expect(read(text)).toEqual([
    { line: 2, rules: ['php/curl', 'js/axios'] },
    { line: 3, rules: null },
    { line: 5, rules: null },
  ]);
});

test('text outside a comment is no directive', () => {
  expect(read("$a = 'http-timeout-lint-disable-line';")).toEqual([]);
});
