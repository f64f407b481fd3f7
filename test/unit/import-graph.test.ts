import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { importsDigest, importsMention } from '../../src/catalogue/import-graph';

let dir = '';
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function tree(files: Record<string, string>): (name: string) => string {
  dir ||= mkdtempSync(path.join(tmpdir(), 'htl-graph-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return (name) => path.join(dir, name);
}

test('the digest covers a cycle and what it reaches, and changes when any of them does', () => {
  const at = tree({ 'a.js': `require('./b');`, 'b.js': `require('./a'); require('./c');`, 'c.js': 'module.exports = 1;' });
  const before = importsDigest(at('a.js'));
  expect(importsDigest(at('a.js'))).toBe(before);
  tree({ 'c.js': 'module.exports = 22;' });
  expect(importsDigest(at('a.js'))).not.toBe(before);
});

test('a module created where an import used to miss changes the digest', () => {
  const at = tree({ 'a.js': `require('./lib');`, 'lib.js': '' });
  const before = importsDigest(at('a.js'));
  tree({ 'lib.ts': '' }); // TypeScript's resolution tries lib.ts before lib.js
  expect(importsDigest(at('a.js'))).not.toBe(before);
});

test('a mention anywhere in the import closure counts, through cycles', () => {
  const at = tree({ 'a.js': `require('./b');`, 'b.js': `require('./a'); require('./c');`, 'c.js': 'fetch(u);' });
  const mentions = (t: string) => t.includes('fetch');
  expect(importsMention(at('x.js'), `require('./a');`, 'k', mentions)).toBe(true);
  tree({ 'c.js': 'nothing();' });
  expect(importsMention(at('x.js'), `require('./a');`, 'k', mentions)).toBe(false);
});
