import path from 'node:path';
import { expect, test } from 'vitest';
import { candidatesOf } from '../../src/catalogue/relative-imports';

const from = path.resolve('/src/app/main.ts');
const at = (p: string) => path.resolve('/src/app', p);

test('a specifier with a .js extension tries its TypeScript source first, then itself, then as a folder', () => {
  const tries = candidatesOf(from, './lib.js');
  expect(tries.slice(0, 3)).toEqual([at('lib.js'), at('lib.ts'), at('lib.tsx')]);
  expect(tries).toContain(at('lib.js.ts'));
  expect(tries.at(-1)).toBe(at('lib.js/index.cjs'));
});

test('a bare specifier tries each source extension, then the index files of a folder, in the engine order', () => {
  const exts = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
  expect(candidatesOf(from, '../util')).toEqual([
    ...exts.map((e) => path.resolve('/src', `util${e}`)),
    ...exts.map((e) => path.resolve('/src/util', `index${e}`)),
  ]);
});

test('a file that is not source is never a candidate, and a root folder gives well-formed index paths', () => {
  expect(candidatesOf(from, './data.json')).not.toContain(at('data.json'));
  const root = path.parse(from).root;
  expect(candidatesOf(path.join(root, 'a.js'), '../../')).toContain(path.join(root, 'index.ts'));
});
