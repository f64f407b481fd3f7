import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, test } from 'vitest';

// The hook changes how Node loads a file, so each case runs in a fresh Node, as the CLI does (dist is built
// before the tests run).
const hook = resolve(__dirname, '../../dist/src/cli/code-cache.js');
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function project(): { target: string; root: string; cache: string } {
  dir = mkdtempSync(join(tmpdir(), 'htl-code-cache-'));
  const root = join(dir, 'node_modules', 'pkg');
  mkdirSync(root, { recursive: true });
  const target = join(root, 'big.js');
  writeFileSync(target, `const path = require('node:path');\nexports.value = path.basename(__filename) + ':' + [1, 2, 3].map((x) => x * 2).join(',');\n`);
  return { target, root, cache: join(dir, 'node_modules', '.cache', 'http-timeout-lint') };
}

function load(target: string, root: string): string {
  const code = `require(${JSON.stringify(hook)}).useCodeCache(${JSON.stringify(target)}, ${JSON.stringify(root)}); process.stdout.write(require(${JSON.stringify(target)}).value);`;
  return execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' });
}

test('the first run writes the cache in node_modules/.cache, later runs load from it with the same result', () => {
  const { target, root, cache } = project();
  expect(load(target, root)).toBe('big.js:2,4,6');
  const written = readdirSync(cache);
  expect(written).toHaveLength(1);
  expect(written[0]).toMatch(new RegExp(`^big-${process.version}-`));
  expect(load(target, root)).toBe('big.js:2,4,6');
});

test('a damaged cache is rejected by V8: the file still loads, and the cache is written again', () => {
  const { target, root, cache } = project();
  load(target, root);
  const file = join(cache, readdirSync(cache)[0]!);
  writeFileSync(file, 'not a code cache');
  expect(load(target, root)).toBe('big.js:2,4,6');
  expect(readFileSync(file, 'utf8')).not.toBe('not a code cache');
  expect(load(target, root)).toBe('big.js:2,4,6');
});

test('without a node_modules folder above the package, nothing is cached and the file loads as usual', () => {
  dir = mkdtempSync(join(tmpdir(), 'htl-code-cache-'));
  const root = join(dir, 'pkg');
  mkdirSync(root);
  const target = join(root, 'big.js');
  writeFileSync(target, 'exports.value = "plain";\n');
  expect(load(target, root)).toBe('plain');
  expect(readdirSync(dir)).toEqual(['pkg']);
});

test('a file that is not ASCII is read as UTF-8, an ASCII one as the same text, with and without the cache', () => {
  const { target, root } = project();
  writeFileSync(target, 'exports.value = "naïve → ✓ " + "\\u00e9";\n');
  expect(load(target, root)).toBe('naïve → ✓ é');
  expect(load(target, root)).toBe('naïve → ✓ é');
  writeFileSync(target, 'exports.value = "plain ascii " + (40 + 2);\n');
  expect(load(target, root)).toBe('plain ascii 42');
  expect(load(target, root)).toBe('plain ascii 42');
});

test('a new cache replaces those made for an earlier version of the file', () => {
  const { target, root, cache } = project();
  load(target, root);
  const first = readdirSync(cache);
  writeFileSync(target, 'exports.value = "changed, and longer than before";\n');
  expect(load(target, root)).toBe('changed, and longer than before');
  const now = readdirSync(cache);
  expect(now).toHaveLength(1);
  expect(now).not.toEqual(first);
});
