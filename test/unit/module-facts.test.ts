import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { freezeImportGraph } from '../../src/catalogue/import-graph';
import { moduleFacts, noteLinted, noteStat, noteTarget, seedModuleRecords, stampAsModule, takeModuleRecords } from '../../src/catalogue/module-facts';
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

  test('a lint target read as UTF-8 gives a digest its hash and specifiers: the module is not read for them', () => {
    const text = `\uFEFFimport { a } from './a';\n`;
    const p = file('t.js', text);
    const bytes = readFileSync(p);
    const stamp = statStamp(statSync(p));
    noteTarget(p, stamp, bytes, text.slice(1));
    takeModuleRecords();
    file('t.js', `changed('./b');\n`);
    const f = moduleFacts(p, { hash: true, specifiers: true })!;
    // As reading it as a module gives them.
    expect([f.hash, f.specifiers]).toEqual([createHash('sha1').update(text).digest('base64'), ['./a']]);
    expect(f.stamp).toBe(stamp);
  });

  test("a lint target's stat stands for the module's, with the cache's record for that stamp; and back", () => {
    mkdirSync(path.join(dir, 's'));
    const p = file('s/a.js', `import './b';\n`);
    const q = file('s/b.js', 'x();\n');
    const st = statSync(p);
    seedModuleRecords({ [p]: { stamp: statStamp(st), hash: 'recorded', specifiers: ['./recorded'] } });
    noteStat(p, st);
    seedModuleRecords(undefined);
    file('s/a.js', `import './c'; // changed after the stat: the run does not look again\n`);
    const f = moduleFacts(p, { hash: true, specifiers: true })!;
    expect([f.hash, f.specifiers, f.stamp]).toEqual(['recorded', ['./recorded'], statStamp(st)]);
    expect(stampAsModule(p)).toBe(statStamp(st));
    expect(stampAsModule(q)).toBeUndefined();
    moduleFacts(q, { hash: true });
    expect(stampAsModule(q)).toBe(statStamp(statSync(q)));
    takeModuleRecords();
  });

  test('with a cache in use, a module read for other facts gives its hash and specifiers too', () => {
    // A folder not listed yet: the run's index of the tree lists each folder once.
    mkdirSync(path.join(dir, 'w'));
    const p = file('w/u.js', `require('./x');\n`);
    const without = file('w/v.js', 'x();\n');
    seedModuleRecords({});
    const f = moduleFacts(p, { mention: saysFetch })!;
    seedModuleRecords(undefined);
    expect([f.hash, f.specifiers]).toEqual([createHash('sha1').update(`require('./x');\n`).digest('base64'), ['./x']]);
    expect(takeModuleRecords()).toEqual({ [p]: { stamp: f.stamp, hash: f.hash, specifiers: ['./x'] } });
    expect(moduleFacts(without, { mention: saysFetch })!.hash).toBeUndefined();
  });
});
