import { describe, expect, test } from 'vitest';
import { HOOKS } from '../../src/engines/js/calls';
import { indexFile, namesIn } from '../../src/engines/js/file';
import { memberUses } from '../../src/engines/js/receivers';
import { ModuleLoader } from '../../src/engines/js/modules';
import { parseSource } from '../../src/engines/js/parse';
import { ts } from '../../src/engines/js/typescript';

function fileOf(code: string) {
  return indexFile(parseSource(code, '/tmp/js-scratch/names.ts'), '/tmp/js-scratch/names.ts', HOOKS, new ModuleLoader());
}

function where(ids: ts.Identifier[], code: string): string[] {
  return ids.map((id) => `${code.slice(0, id.getStart()).split('\n').length}:${id.parent.kind === ts.SyntaxKind.PropertyAccessExpression ? 'access' : 'name'}`);
}

describe('namesIn', () => {
  const code = [
    'const c = new AbortController();',
    'const o = { c: 1, d: c };',
    'o.c;',
    'function f() {',
    '  const c = 2;',
    '  return c + o.c;',
    '}',
    'c.abort();',
  ].join('\n');

  test('gives the names written so under the scope, in source order, and no keys', () => {
    const file = fileOf(code);
    expect(where(namesIn(file, file.sf, 'c'), code)).toEqual(['1:name', '2:name', '5:name', '6:name', '8:access']);
    const f = file.sf.statements[3]!;
    expect(where(namesIn(file, f, 'c'), code)).toEqual(['5:name', '6:name']);
    expect(namesIn(file, f, 'nothing')).toEqual([]);
  });

  test('indexes the file once: later lookups, of any name and scope, read the same index', () => {
    const file = fileOf(code);
    expect(file.names).toBeUndefined();
    namesIn(file, file.sf, 'c');
    const index = file.names;
    expect(index).toBeInstanceOf(Map);
    namesIn(file, file.sf.statements[3]!, 'o');
    namesIn(file, file.sf, 'missing');
    expect(file.names).toBe(index);
  });
});

describe('memberUses', () => {
  const code = [
    'const req = http.get(u);',
    'req.setTimeout(1000);',
    'other.setTimeout(5);',
    'req.timeout = 5;',
    'http.get(v).on("socket", (s) => s.setTimeout(9)).setTimeout(2);',
  ].join('\n');
  const line = (n: ts.Node) => code.slice(0, n.getStart()).split('\n').length;

  test('gives the calls and writes on the names and nodes asked for, in source order', () => {
    const file = fileOf(code);
    const byName = memberUses(file, [], ['req']);
    expect(byName.calls.map(line)).toEqual([2]);
    expect(byName.writes.map(line)).toEqual([4]);
    const chained = file.callNodes.find((c) => c.getText() === 'http.get(v)')!;
    expect(memberUses(file, [chained], []).calls.map((c) => c.getText().slice(-16))).toEqual(['s.setTimeout(9))']);
    expect(memberUses(file, [], ['s', 'other']).calls.map(line)).toEqual([3, 5]);
  });

  test('indexes the file once', () => {
    const file = fileOf(code);
    memberUses(file, [], ['req']);
    const index = file.cache.get('receivers');
    expect(index).toBeDefined();
    memberUses(file, [], ['other']);
    expect(file.cache.get('receivers')).toBe(index);
  });
});
