import { describe, expect, test } from 'vitest';
import { insertOption } from '../../src/engines/js/fix';
import { ts } from '../../src/engines/js/typescript';
import { applyFixes } from '../../src/fix/apply';

/** Inserts `entries` into the first object literal of `code` and returns the edited text. */
function insert(code: string, entries: { path: string[]; value: string }[], holds?: Parameters<typeof insertOption>[3]): string {
  const sf = ts.createSourceFile('a.ts', code, ts.ScriptTarget.Latest, true);
  let lit: ts.ObjectLiteralExpression | undefined;
  const find = (n: ts.Node): void => {
    if (!lit && ts.isObjectLiteralExpression(n)) lit = n;
    else ts.forEachChild(n, find);
  };
  find(sf);
  const fix = insertOption(sf, lit!, entries, holds);
  return fix ? applyFixes(code, [fix]).output : code;
}

const timeout = [{ path: ['timeout'], value: '30000' }];

describe('insertOption', () => {
  test('replaces a key written as undefined, null or void 0 instead of adding a second one', () => {
    expect(insert('f({ timeout: undefined })', timeout)).toBe('f({ timeout: 30000 })');
    expect(insert('f({ a: 1, timeout: null, b: 2 })', timeout)).toBe('f({ a: 1, timeout: 30000, b: 2 })');
    expect(insert('f({ "timeout": void 0 })', timeout)).toBe('f({ timeout: 30000 })');
  });

  test('leaves a key that holds a value alone', () => {
    expect(insert('f({ timeout: ms })', timeout)).toBe('f({ timeout: ms })');
  });

  test('replaces one key and adds another in a single edit', () => {
    const entries = [{ path: ['a'], value: '1' }, { path: ['b'], value: '2' }];
    expect(insert('f({ b: undefined, c })', entries)).toBe('f({ b: 2, c, a: 1 })');
  });

  test('goes before a spread that may hold the key, after one that surely holds it', () => {
    expect(insert('f({ h, ...config })', timeout)).toBe('f({ h, timeout: 30000, ...config })');
    const holds = (e: ts.Expression) => (e.getText() === 'base' ? 'yes' : e.getText() === 'known' ? 'no' : 'maybe');
    expect(insert('f({ ...base, ...config })', timeout, holds)).toBe('f({ ...base, timeout: 30000, ...config })');
    expect(insert('f({ ...known, h })', timeout, holds)).toBe('f({ ...known, h, timeout: 30000 })');
  });

  test('keeps one key a line, with the file\'s newline, when inserting before a spread', () => {
    const code = 'f({\r\n  h: 1,\r\n  ...config,\r\n});\r\n';
    expect(insert(code, timeout)).toBe('f({\r\n  h: 1,\r\n  timeout: 30000,\r\n  ...config,\r\n});\r\n');
  });

  test('keeps a comment at the end of the last key\'s line with that key', () => {
    expect(insert('f({\n  a: 1, // why\n})', timeout)).toBe('f({\n  a: 1, // why\n  timeout: 30000,\n})');
    expect(insert('f({\n  a: 1 // why\n})', timeout)).toBe('f({\n  a: 1, // why\n  timeout: 30000\n})');
    expect(insert('f({\n  a: 1, /* x */ /* y */\n})', timeout)).toBe('f({\n  a: 1, /* x */ /* y */\n  timeout: 30000,\n})');
  });

  test('replaces a nested object key written as undefined whole', () => {
    const entries = [{ path: ['timeout', 'request'], value: '30000' }, { path: ['timeout', 'connect'], value: '10000' }];
    expect(insert('got(u, { timeout: undefined })', entries)).toBe('got(u, { timeout: { request: 30000, connect: 10000 } })');
  });
});
