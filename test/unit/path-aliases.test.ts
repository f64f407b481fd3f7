import { mkdirSync, mkdtempSync, rmSync, writeFileSync as write } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { importReads } from '../../src/catalogue/import-reads';
import { aliasesOf } from '../../src/catalogue/path-aliases';
import { parseJsonc } from '../../src/core/jsonc';
import { importCandidates, resolveImport, specifierScan } from '../../src/catalogue/relative-imports';

const top = mkdtempSync(path.join(tmpdir(), 'htl-aliases-'));
afterAll(() => rmSync(top, { recursive: true, force: true }));
let n = 0;

/** A fresh project folder holding `files`; `at` gives a path in it. */
function tree(files: Record<string, string>): (p: string) => string {
  const dir = path.join(top, `p${n++}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    write(path.join(dir, name), text);
  }
  return (p) => path.join(dir, p);
}

const config = (options: object, extra: object = {}) => JSON.stringify({ compilerOptions: options, ...extra });

describe('paths patterns', () => {
  test('`@/*` names files under its target, in the relative extension and index order; packages stay packages', () => {
    const at = tree({ 'tsconfig.json': config({ paths: { '@/*': ['./src/*'] } }), 'src/api.ts': '', 'src/lib/index.js': '', 'src/pages/a.ts': '' });
    const from = at('src/pages/a.ts');
    expect(resolveImport(from, '@/api')).toBe(at('src/api.ts'));
    expect(resolveImport(from, '@/api.js')).toBe(at('src/api.ts'));
    expect(resolveImport(from, '@/lib')).toBe(at('src/lib/index.js'));
    expect(importCandidates(from, '@/util').slice(0, 2)).toEqual([at('src/util.ts'), at('src/util.tsx')]);
    expect(resolveImport(from, '@/missing')).toBeNull();
    expect(resolveImport(from, 'axios')).toBeNull();
    expect(importCandidates(from, 'axios')).toEqual([]);
  });

  test('an exact key beats a pattern, the longest prefix wins, and targets are tried in order', () => {
    const at = tree({
      'tsconfig.json': config({ paths: { 'config': ['./conf/main'], '@app/*': ['./app/*'], '@app/ui/*': ['./ui/*', './fallback/*'], '*.vue': ['./vue/*'] } }),
      'conf/main.ts': '', 'app/ui/button.ts': '', 'fallback/button.ts': '', 'app/x.ts': '', 'vue/Page.ts': '', 'a.ts': '',
    });
    const from = at('a.ts');
    expect(resolveImport(from, 'config')).toBe(at('conf/main.ts'));
    expect(resolveImport(from, 'configure')).toBeNull();
    expect(resolveImport(from, '@app/ui/button')).toBe(at('fallback/button.ts'));
    expect(resolveImport(from, '@app/x')).toBe(at('app/x.ts'));
    expect(resolveImport(from, 'Page.vue')).toBe(at('vue/Page.ts'));
  });

  test('paths are relative to baseUrl when set, else to the config holding them; a matched key does not fall back to baseUrl', () => {
    const at = tree({ 'tsconfig.json': config({ baseUrl: 'src', paths: { '~/*': ['./*'], 'lib/*': ['./none/*'] } }), 'src/a.ts': '', 'src/lib/b.ts': '', 'x.ts': '' });
    expect(resolveImport(at('x.ts'), '~/a')).toBe(at('src/a.ts'));
    expect(resolveImport(at('x.ts'), 'lib/b')).toBeNull();
  });

  test('a package folder or a declaration file is never a module of the project', () => {
    const at = tree({ 'tsconfig.json': config({ paths: { '*': ['./node_modules/*', './types/*'] } }), 'node_modules/axios/index.js': '', 'types/axios.d.ts': '', 'a.ts': '' });
    expect(resolveImport(at('a.ts'), 'axios')).toBeNull();
    expect(importCandidates(at('a.ts'), 'axios').some((p) => p.includes('node_modules') || p.endsWith('.d.ts'))).toBe(false);
  });
});

describe('baseUrl', () => {
  test('a bare name resolves under baseUrl only where the file exists; otherwise it is a package', () => {
    const at = tree({ 'jsconfig.json': config({ baseUrl: '.' }), 'src/services/api.js': '', 'a.js': '' });
    expect(resolveImport(at('a.js'), 'src/services/api')).toBe(at('src/services/api.js'));
    expect(resolveImport(at('a.js'), 'axios')).toBeNull();
    expect(resolveImport(at('a.js'), 'node:fs')).toBeNull();
  });

  test("a file under baseUrl or a `*` key named as a package is not it where that package is listed or installed", () => {
    const at = tree({
      'jsconfig.json': config({ baseUrl: 'src' }), 'src/axios.js': '', 'src/got.js': '', 'src/ky/index.js': '', 'src/api.js': '',
      'package.json': JSON.stringify({ dependencies: { axios: '^1.7.0' } }), 'node_modules/ky/package.json': '{}',
      'star/tsconfig.json': config({ paths: { '*': ['./lib/*'], 'axios': ['./lib/axios'] } }), 'star/lib/got.ts': '', 'star/lib/axios.ts': '', 'star/a.ts': '',
    });
    expect(resolveImport(at('src/api.js'), 'axios')).toBeNull();
    expect(resolveImport(at('src/api.js'), 'ky')).toBeNull();
    expect(resolveImport(at('src/api.js'), 'got')).toBe(at('src/got.js'));
    expect(resolveImport(at('star/a.ts'), 'axios')).toBe(at('star/lib/axios.ts'));
    expect(resolveImport(at('star/a.ts'), 'got')).toBe(at('star/lib/got.ts'));
    write(at('package.json'), JSON.stringify({ dependencies: { axios: '^1.7.0', got: '^14.0.0' } }));
    expect(resolveImport(at('star/a.ts'), 'got')).toBeNull();
  });
});

describe('the config', () => {
  test('the nearest one governs (tsconfig.json before jsconfig.json in a folder); none: no aliases', () => {
    const at = tree({
      'tsconfig.json': config({ paths: { '@/*': ['./outer/*'] } }),
      'pkg/jsconfig.json': config({ paths: { '@/*': ['./inner/*'] } }),
      'pkg/tsconfig.json': config({ paths: { '@/*': ['./ts/*'] } }),
      'pkg/ts/m.ts': '', 'pkg/inner/m.ts': '', 'outer/m.ts': '', 'pkg/src/a.ts': '', 'b.ts': '',
    });
    expect(resolveImport(at('pkg/src/a.ts'), '@/m')).toBe(at('pkg/ts/m.ts'));
    expect(resolveImport(at('b.ts'), '@/m')).toBe(at('outer/m.ts'));
    const bare = tree({ 'src/m.ts': '', 'a.ts': '' });
    expect(aliasesOf(path.dirname(bare('a.ts')))).toBeNull();
    expect(resolveImport(bare('a.ts'), 'src/m')).toBeNull();
  });

  test('JSONC: comments and trailing commas are read; a broken or odd config gives no aliases and no error', () => {
    expect(parseJsonc('{ // a\n "a": "//not a comment", /* b */ "c": [1, 2,], }')).toEqual({ a: '//not a comment', c: [1, 2] });
    expect(parseJsonc('{ "a": "x\\"," , }')).toEqual({ a: 'x",' });
    const at = tree({ 'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } ', 'src/m.ts': '', 'a.ts': '' });
    expect(resolveImport(at('a.ts'), '@/m')).toBeNull();
    const odd = tree({ 'tsconfig.json': config({ paths: { '@/*': './src/*', '@a/**': ['./src/*'], '@b/*': [1, './src/*/x/*'] } }), 'src/m.ts': '', 'a.ts': '' });
    expect(resolveImport(odd('a.ts'), '@/m')).toBeNull();
    expect(resolveImport(odd('a.ts'), '@b/m')).toBeNull();
  });

  test('extends: a relative base (".json" optional), its own folder for its paths; the child overrides; cycles and packages end it', () => {
    const at = tree({
      'configs/base.json': config({ paths: { '@/*': ['../src/*'] } }),
      'tsconfig.json': config({}, { extends: './configs/base' }),
      'app/tsconfig.json': config({ baseUrl: '..' }, { extends: '../tsconfig.json' }),
      'loop/tsconfig.json': config({}, { extends: ['@vue/tsconfig/tsconfig.dom.json', './b.json'] }),
      'loop/b.json': config({ paths: { '#/*': ['./*'] } }, { extends: './tsconfig.json' }),
      'src/m.ts': '', 'src/n/index.ts': '', 'a.ts': '', 'app/a.ts': '', 'loop/k.ts': '', 'loop/a.ts': '',
    });
    expect(resolveImport(at('a.ts'), '@/m')).toBe(at('src/m.ts'));
    // A baseUrl set by the child: the inherited paths are relative to it.
    expect(resolveImport(at('app/a.ts'), '@/m')).toBeNull();
    expect(resolveImport(at('app/a.ts'), 'src/n')).toBe(at('src/n/index.ts'));
    expect(resolveImport(at('loop/a.ts'), '#/k')).toBe(at('loop/k.ts'));
  });

  test('`${configDir}` in an extended config stands for the folder of the config in use (TypeScript 5.5)', () => {
    const at = tree({
      'shared/base.json': config({ baseUrl: '${configDir}', paths: { '@/*': ['${configDir}/src/*'] } }),
      'web/tsconfig.json': config({}, { extends: '../shared/base.json' }),
      'web/src/m.ts': '', 'web/src/a.ts': '', 'web/lib/x.ts': '',
    });
    expect(resolveImport(at('web/src/a.ts'), '@/m')).toBe(at('web/src/m.ts'));
    expect(resolveImport(at('web/src/a.ts'), 'lib/x')).toBe(at('web/lib/x.ts'));
  });

  test('a config of project references only (Vite, create-vue): the first referenced config that sets paths', () => {
    const at = tree({
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './tsconfig.node.json' }, { path: './tsconfig.app.json' }] }),
      'tsconfig.node.json': config({ types: ['node'] }),
      'tsconfig.app.json': config({ paths: { '@/*': ['./src/*'] } }),
      'src/m.ts': '', 'src/a.ts': '',
    });
    expect(resolveImport(at('src/a.ts'), '@/m')).toBe(at('src/m.ts'));
  });
  test("a name of Node's own is its module, not a project file of that name under baseUrl", () => {
    const at = tree({ 'tsconfig.json': config({ baseUrl: 'src' }), 'src/http/index.ts': '', 'src/fs.ts': '', 'src/api.ts': '', 'src/a.ts': '' });
    expect(resolveImport(at('src/a.ts'), 'http')).toBeNull();
    expect(resolveImport(at('src/a.ts'), 'fs')).toBeNull();
    expect(resolveImport(at('src/a.ts'), 'api')).toBe(at('src/api.ts'));
  });
});

describe('the text scan', () => {
  test('catches what the config may resolve, beside relative specifiers; without aliases, relative ones only', () => {
    const text = `import a from '@/a';\nimport b from 'src/b';\nimport c from './c';\nimport d from 'axios';\nconst s = 'srcset';`;
    const at = tree({ 'tsconfig.json': config({ baseUrl: '.', paths: { '@/*': ['./src/*'] } }), 'src/a.ts': '', 'x.ts': '' });
    expect(importReads(text, false, specifierScan(at('x.ts'))).map((r) => r.specifier)).toEqual(['@/a', 'src/b', './c']);
    const bare = tree({ 'x.ts': '' });
    expect(importReads(text, false, specifierScan(bare('x.ts'))).map((r) => r.specifier)).toEqual(['./c']);
  });
  test('each quote is tried as an opening one: a stray quote before a specifier does not hide it', () => {
    const at = tree({ 'tsconfig.json': config({ paths: { '*': ['./src/*'] } }), 'src/lib/http.js': '', 'x.js': '' });
    const text = `/* don't */ const h = require('lib/http');\nconst p = require('..');\nimport q from '.';`;
    expect(importReads(text, false, specifierScan(at('x.js'))).map((r) => r.specifier)).toEqual(expect.arrayContaining(['lib/http', '..', '.']));
    expect(importReads(text).map((r) => r.specifier)).toEqual(['..', '.']);
  });
});
