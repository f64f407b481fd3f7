import { expect, test } from 'vitest';
import { majorsOf } from '../../src/core/package-version';

test('the majors a version or range allows', () => {
  expect(majorsOf('3.3.2')).toEqual([3, 3]);
  expect(majorsOf('^3.1.0')).toEqual([3, 3]);
  expect(majorsOf('~2.6')).toEqual([2, 2]);
  expect(majorsOf('3.x')).toEqual([3, 3]);
  expect(majorsOf('v3.0.0-beta.9')).toEqual([3, 3]);
  expect(majorsOf('>=3.0.0')).toEqual([3, Infinity]);
  expect(majorsOf('> 2')).toEqual([2, Infinity]);
  for (const unread of ['2 || 3', '*', 'latest', '1.0.0 - 3.0.0', 'npm:node-fetch@3', 'file:../nf', '<3', '']) {
    expect([unread, majorsOf(unread)]).toEqual([unread, null]);
  }
});
