import { expect, test } from 'vitest';
import { majorsOf, nodeFloorOf, nodeHas } from '../../src/core/package-version';

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

test('the oldest Node a range of engines.node allows', () => {
  expect(nodeFloorOf('>=14')).toEqual([14, 0]);
  expect(nodeFloorOf('>= 18.17.0')).toEqual([18, 17]);
  expect(nodeFloorOf('^18.17.0 || >=20.3')).toEqual([18, 17]);
  expect(nodeFloorOf('>=20.3 || ^18.17')).toEqual([18, 17]);
  expect(nodeFloorOf('16.x || 18.x')).toEqual([16, 0]);
  expect(nodeFloorOf('>=16.14.0 <21')).toEqual([16, 14]);
  expect(nodeFloorOf('16.14 - 22')).toEqual([16, 14]);
  expect(nodeFloorOf('v20.11.1')).toEqual([20, 11]);
  expect(nodeFloorOf('<20')).toEqual([0, 0]);
  expect(nodeFloorOf('*')).toEqual([0, 0]);
  expect(nodeFloorOf('lts/*')).toBeNull();
});

test('whether every Node from a floor on has an API added on two lines', () => {
  const any = [[18, 17], [20, 3]] as const;
  expect(nodeHas([18, 17], any)).toBe(true);
  expect(nodeHas([18, 16], any)).toBe(false);
  expect(nodeHas([19, 0], any)).toBe(false);
  expect(nodeHas([20, 0], any)).toBe(false);
  expect(nodeHas([20, 3], any)).toBe(true);
  expect(nodeHas([22, 0], any)).toBe(true);
  expect(nodeHas([16, 0], any)).toBe(false);
});
