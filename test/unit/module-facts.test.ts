import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { freezeImportGraph } from '../../src/catalogue/import-graph';
import { moduleFacts, noteLinted, seedModuleRecords, takeModuleRecords } from '../../src/catalogue/module-facts';
import { statStamp } from '../../src/core/stamp';

const dir = mkdtempSync(path.join(tmpdir(), 'htl-module-facts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const saysFetch = { key: 'fetch', test: (t: string) => t.includes('fetch(') };

describe('outside a run (files may change)', () => {
  test('facts are read as they are asked for, and kept on one record while the file is unchanged', () => {
    const p = file('a.js', `import { get } from './lib';\nrequire('./other');\n`);
    const digest = moduleFacts(p, { hash: true, specifiers: true })!;
    expect(digest.specifiers).toEqual(['./lib', './other']);
    expect(digest.hash).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(digest.reads).toBeUndefined();
    const more = moduleFacts(p, { reads: true, mention: saysFetch })!;
    expect(more).toBe(digest);
    expect(more.reads).toEqual([{ specifier: './lib', name: 'get' }, { specifier: './other', name: '*' }]);
    expect(more.mentions.get('fetch')).toBe(false);
    expect(takeModuleRecords()).toEqual({ [p]: { stamp: digest.stamp, hash: digest.hash, specifiers: ['./lib', './other'] } });
  });

  test('a changed file is read again', () => {
    const p = file('b.js', 'x();\n');
    const before = moduleFacts(p, { hash: true, mention: saysFetch })!;
    file('b.js', 'fetch(url);\n');
    const after = moduleFacts(p, { hash: true, mention: saysFetch })!;
    expect(after.hash).not.toBe(before.hash);
    expect(after.mentions.get('fetch')).toBe(true);
  });

  test('a record from an earlier run stands for the hash and specifiers of an unchanged file', () => {
    const p = file('c.js', `require('./real');\n`);
    seedModuleRecords({ [p]: { stamp: statStamp(statSync(p)), hash: 'kept-hash', specifiers: ['./kept'] } });
    const f = moduleFacts(p, { hash: true, specifiers: true })!;
    expect([f.hash, f.specifiers]).toEqual(['kept-hash', ['./kept']]);
    seedModuleRecords(undefined);
  });

  test('what it reads only where the mention test finds nothing, and nothing read over maxBytes', () => {
    const names = file('d.js', `fetch(u);\nrequire('./x');\n`);
    const plain = file('e.js', `require('./x').get();\n`);
    expect(moduleFacts(names, { mention: saysFetch, reads: 'unless-mentioned' })!.reads).toBeUndefined();
    expect(moduleFacts(plain, { mention: saysFetch, reads: 'unless-mentioned' })!.reads).toEqual([{ specifier: './x', name: '*', members: ['get'] }]);
    const big = file('big.js', `require('./x');\n${'//\n'.repeat(100)}`);
    const f = moduleFacts(big, { reads: true, maxBytes: 100 })!;
    expect([f.size > 100, f.reads]).toEqual([true, undefined]);
  });

  test('no file, a folder: null; what linting noted is not kept, as the file may differ from the text', () => {
    expect(moduleFacts(path.join(dir, 'missing.js'), { hash: true })).toBeNull();
    expect(moduleFacts(dir, { hash: true })).toBeNull();
    const p = file('f.js', 'nothing();\n');
    noteLinted(p, 11, { key: 'fetch', value: true });
    expect(moduleFacts(p, { mention: saysFetch })!.mentions.get('fetch')).toBe(false);
  });
});

describe('within a run (the tree frozen)', () => {
  test('what linting found in a file is used for it, and a module is not read again', () => {
    freezeImportGraph();
    const p = file('g.js', 'nothing();\n');
    noteLinted(p, 11, { key: 'fetch', value: true });
    expect(moduleFacts(p, { mention: saysFetch })!.mentions.get('fetch')).toBe(true);
    const q = file('h.js', 'one();\n');
    const first = moduleFacts(q, { hash: true })!;
    file('h.js', 'two(); fetch(x);\n');
    expect(moduleFacts(q, { hash: true })!.hash).toBe(first.hash);
    // A fact not asked before is read from the file as it is now (the run does not expect it to change).
    expect(moduleFacts(q, { hash: true, mention: saysFetch })!.mentions.get('fetch')).toBe(true);
  });
});
