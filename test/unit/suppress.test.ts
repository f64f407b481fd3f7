import { describe, expect, test } from 'vitest';
import { lineStarts } from '../../src/core/positions';
import { dropSuppressed, findDirectives, splitSuppressed, unknownDirectiveRules } from '../../src/core/suppress';
import type { Finding } from '../../src/model/finding';

// Without the offsets, which only the notices about unknown rules use.
const read = (text: string, pattern?: RegExp) => findDirectives(text, lineStarts(text), pattern).map(({ at: _, ...d }) => d);

test('next-line and line directives, with rules and a reason', () => {
  const text = [
    '// http-timeout-lint-disable-next-line php/curl, js/axios -- local host',
    'x();',
    'y(); # http-timeout-lint-disable-line',
    '/* http-timeout-lint-disable-next-line */',
  ].join('\r\n');
  expect(read(text)).toEqual([
    { line: 2, rules: ['php/curl', 'js/axios'], justification: 'local host' },
    { line: 3, rules: null, justification: '' },
    { line: 5, rules: null, justification: '' },
  ]);
});

test('text outside a comment is no directive', () => {
  expect(read("$a = 'http-timeout-lint-disable-line';")).toEqual([]);
});

describe("ESLint's own comments, read for the CLI", () => {
  const finding = (text: string, at: string, ruleId = 'js/fetch'): Finding => ({
    ruleId, messageId: 'missingTimeout', range: [text.indexOf(at), text.indexOf(at) + at.length], data: {},
  });
  const kept = (text: string, calls: string[], eslintComments = true) =>
    dropSuppressed(text, calls.map((c) => finding(text, c)), lineStarts(text), eslintComments).map((f) => text.slice(...f.range));

  test('line directives name our rules by their ESLint names, or none for all', () => {
    const text = [
      '// eslint-disable-next-line http-timeout/fetch -- a stream',
      'a();',
      'b(); // eslint-disable-line',
      'c(); // eslint-disable-line no-console',
      'd(); /* eslint-disable-line http-timeout/js-fetch */',
    ].join('\n');
    expect(kept(text, ['a()', 'b()', 'c()', 'd()'])).toEqual(['c()']);
    expect(kept(text, ['a()', 'b()', 'c()', 'd()'], false)).toEqual(['a()', 'b()', 'c()', 'd()']);
  });

  test('block directives turn rules off up to the enable, or to the end of the file', () => {
    const text = [
      '/* eslint-disable http-timeout/fetch */', 'a();', '/* eslint-enable http-timeout/fetch */', 'b();',
      '/* eslint-disable */', 'c();', '/* eslint-enable */', 'd();',
      '// eslint-disable', 'e();', '/* eslint-disable no-console */', 'f();', '/* eslint-disable */', 'g();',
    ].join('\n');
    expect(kept(text, ['a()', 'b()', 'c()', 'd()', 'e()', 'f()', 'g()'])).toEqual(['b()', 'd()', 'e()', 'f()']);
  });

  test('a rule set to off in a configuration comment is off in the whole file', () => {
    expect(kept('a();\n/* eslint http-timeout/fetch: "off", semi: 2 */\nb();', ['a()', 'b()'])).toEqual([]);
    expect(kept('/* eslint http-timeout/fetch: ["error"] */\na();', ['a()'])).toEqual(['a()']);
    expect(kept('/* eslint http-timeout/fetch: [0] */\na();', ['a()'])).toEqual([]);
  });
});

test('a block comment over several lines: -next-line is the line after it, and its rules may go on', () => {
  const text = ['/* eslint-disable-next-line http-timeout/fetch', '   -- a stream that stays open */', 'a();', 'b();', '/* eslint-disable-line', '*/ c();', '/*', ' eslint-disable-next-line', '*/', 'd();'].join('\n');
  expect(read(text, /eslint-disable-(next-line|line)(?![\w-])([^\n\r]*)/g)).toEqual([
    { line: 3, rules: ['http-timeout/fetch'], justification: 'a stream that stays open' },
    { line: 10, rules: null, justification: '' },
  ]);
  const own = '/* http-timeout-lint-disable-next-line\n   php/curl */\n$ch = curl_init();';
  expect(read(own)).toEqual([{ line: 3, rules: ['php/curl'], justification: '' }]);
});

test('what directives turn off is kept, with one suppression per directive and its reason', () => {
  const text = [
    '<?php',
    '/* eslint-disable http-timeout/curl -- legacy jobs */',
    '$a = curl_init(); // http-timeout-lint-disable-line php/curl -- killed after 5 s */',
    '/* eslint-enable */',
    '$b = curl_init(); <!-- http-timeout-lint-disable-line -->',
    '$c = curl_init();',
  ].join('\n');
  const finding = (at: string): Finding => ({ ruleId: 'php/curl', messageId: 'missingTimeout', range: [text.indexOf(at), text.indexOf(at) + 2], data: {} });
  const { kept, suppressed } = splitSuppressed(text, ['$a', '$b', '$c'].map(finding), lineStarts(text), true);
  expect(kept.map((f) => text.slice(...f.range))).toEqual(['$c']);
  expect(suppressed.map((s) => [text.slice(...s.finding.range), s.suppressions])).toEqual([
    ['$a', [{ kind: 'directive', justification: 'killed after 5 s' }, { kind: 'directive', justification: 'legacy jobs' }]],
    ['$b', [{ kind: 'directive', justification: '' }]],
  ]);
});

test('names in directives that are no rule: every one in ours, those of our namespace in ESLint\'s', () => {
  const text = [
    '<?php',
    '// http-timeout-lint-disable-next-line curl, php/curl -- the client alone',
    '$a = curl_init();',
    '/* eslint-disable http-timeout/curll, no-console */',
    '$b = curl_init(); // eslint-disable-line other/rule, http-timeout/curl',
    '# http-timeout-lint-disable-line http-timeout/guzzle, js/curl',
  ].join('\n');
  const unknown = (eslint: boolean) => unknownDirectiveRules(text, lineStarts(text), eslint);
  // `governs`: the line a line directive turns findings off for; a region's comment has none.
  expect(unknown(false)).toEqual([
    { line: 2, governs: 3, name: 'curl', like: ['php/curl'] },
    { line: 6, governs: 6, name: 'js/curl', like: ['php/curl'] },
  ]);
  expect(unknown(true)).toEqual([
    { line: 2, governs: 3, name: 'curl', like: ['php/curl'] },
    { line: 4, name: 'http-timeout/curll', like: [] },
    { line: 6, governs: 6, name: 'js/curl', like: ['php/curl'] },
  ]);
});
