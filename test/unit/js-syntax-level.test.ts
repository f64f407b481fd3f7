import { describe, expect, test } from 'vitest';
import { HOOKS } from '../../src/engines/js/calls';
import { indexFile } from '../../src/engines/js/file';
import { ModuleLoader } from '../../src/engines/js/modules';
import { parseSource } from '../../src/engines/js/parse';
import { es5Only, nullishAllowed } from '../../src/engines/js/syntax-level';

const modules = new ModuleLoader();
modules.hooks = HOOKS;

const fileOf = (code: string, path: string) => indexFile(parseSource(code, path), path, HOOKS, modules);
const es5 = (code: string, path = 'a.js') => es5Only(fileOf(code, path));

describe('es5Only', () => {
  test('a file of var, function, object and array literals, getters and regexps is ES5', () => {
    expect(es5('var a = { get b() { return 1; }, c: [1, 2] }; function f(x) { return /a+/gi.test(x) ? 0x1f : 1e3; }')).toBe(true);
  });

  test.for([
    'let a = 1;', 'const a = 1;', 'var f = () => 1;', 'class A {}', 'var s = `x`;', 'var t = tag`x`;', 'f(...a);',
    'var o = { ...a };', 'var o = { a };', 'var o = { [k]: 1 };', 'var o = { m() {} };', 'for (var x of y) {}',
    'var { a } = o;', 'var [a] = o;', '[a, b] = c;', 'function f(a = 1) {}', 'function f(...a) {}', 'function* g() {}',
    'async function f() {}', 'var a = b ?? c;', 'var a = b?.c;', 'var a = 2 ** 3;', 'a ||= 1;', 'var a = 0b1;',
    'var a = 1_000;', 'var a = 1n;', 'var r = /a/u;', 'try {} catch {}', 'import("x");', 'import a from "a";',
    'export var a = 1;', 'function f() { return new.target; }',
  ])('%s is ES2015 or later', (code) => {
    expect(es5(code)).toBe(false);
  });

  test('a TypeScript, JSX or module path is modern whatever it holds', () => {
    for (const path of ['a.ts', 'a.tsx', 'a.jsx', 'a.mjs', 'a.cjs']) expect(es5('var a = 1;', path)).toBe(false);
  });
});

describe('nullishAllowed', () => {
  test('a TypeScript file, or a JS file that writes ?. or ??', () => {
    expect(nullishAllowed(fileOf('var a = 1;', 'a.ts'))).toBe(true);
    expect(nullishAllowed(fileOf('const a = b?.c;', 'a.js'))).toBe(true);
    expect(nullishAllowed(fileOf('const a = b ?? c;', 'a.mjs'))).toBe(true);
    expect(nullishAllowed(fileOf('const a = b && b.c;', 'a.js'))).toBe(false);
    expect(nullishAllowed(fileOf('var a = b || c;', 'a.js'))).toBe(false);
  });
});
