import { expect, test } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { majorsOf, nodeFloorOf, nodeHas, npmAnswer, packageVersions, versionsOf, versionsRead } from '../../src/core/package-version';

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

test('the [major, minor] versions a version or range allows', () => {
  expect(versionsOf('1.8.6')).toEqual([[1, 8], [1, 8]]);
  expect(versionsOf('^1.8.0')).toEqual([[1, 8], [1, Infinity]]);
  expect(versionsOf('^0.8.1')).toEqual([[0, 8], [0, 8]]);
  expect(versionsOf('~1.8.5')).toEqual([[1, 8], [1, 8]]);
  expect(versionsOf('1.8.x')).toEqual([[1, 8], [1, 8]]);
  expect(versionsOf('~1')).toEqual([[1, 0], [1, Infinity]]);
  expect(versionsOf('2.x')).toEqual([[2, 0], [2, Infinity]]);
  expect(versionsOf('v1.9.0-rc.1')).toEqual([[1, 9], [1, 9]]);
  expect(versionsOf('>=1.9')).toEqual([[1, 9], [Infinity, Infinity]]);
  expect(versionsOf('> 1.8.6')).toEqual([[1, 8], [Infinity, Infinity]]);
  for (const unread of ['1 || 2', '*', 'latest', '1.8.0 - 2.0.0', 'npm:@reduxjs/toolkit@2', '<2', '']) {
    expect([unread, versionsOf(unread)]).toEqual([unread, null]);
  }
});

test('the versions a file runs with: the installed copy before the range listed, recorded as the cache reads them again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'htl-versions-'));
  try {
    const file = join(dir, 'src', 'api.ts');
    mkdirSync(join(dir, 'src'));
    expect(packageVersions(file, '@reduxjs/toolkit')).toBeNull();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { '@reduxjs/toolkit': '^1.8.0' } }));
    expect(packageVersions(file, '@reduxjs/toolkit')).toEqual([[1, 8], [1, Infinity]]);
    mkdirSync(join(dir, 'node_modules', '@reduxjs', 'toolkit'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', '@reduxjs', 'toolkit', 'package.json'), JSON.stringify({ version: '1.9.7' }));
    expect(packageVersions(file, '@reduxjs/toolkit')).toEqual([[1, 9], [1, 9]]);
    expect(versionsRead(file)).toBe('minors @reduxjs/toolkit@1.9-1.9');
    expect(npmAnswer(file, 'minors @reduxjs/toolkit')).toBe('1.9-1.9');
  } finally {
    rmSync(dir, { recursive: true, force: true });
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
