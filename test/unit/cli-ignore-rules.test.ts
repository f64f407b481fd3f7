import { describe, expect, test } from 'vitest';
import { PatternRules } from '../../src/cli/ignore-rules';
import { relativeInside } from '../../src/cli/paths';

describe('PatternRules', () => {
  const rules = new PatternRules([{ base: '/p', patterns: ['./legacy/', '/p/gen/out.php', '*.min.php', 'docs/**'] }]);

  test.for([
    ['/p/legacy/a.php', true],
    ['/p/src/legacy/a.php', false],
    ['/p/gen/out.php', true],
    ['/p/x/gen/out.php', false],
    ['/p/a/b.min.php', true],
    ['/p/docs/deep/x.php', true],
    ['/elsewhere/a.min.php', false],
  ] as const)('%s ignored: %s', ([path, ignored]) => {
    expect(rules.ignores(path, false)).toBe(ignored);
  });
});

test('relativeInside', () => {
  expect(relativeInside('/p', '/p/a/b')).toBe('a/b');
  expect([relativeInside('/p', '/p'), relativeInside('/p', '/q'), relativeInside('/p', '/p2/x')]).toEqual([null, null, null]);
  expect(relativeInside('/p', '/p/..x')).toBe('..x');
});
