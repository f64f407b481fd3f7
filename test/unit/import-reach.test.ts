import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { freezeImportGraph } from '../../src/catalogue/import-graph';
import { reachesNoClient } from '../../src/catalogue/import-reach';
import { importReads } from '../../src/catalogue/import-reads';
import { DEFAULT_CONFIG } from '../../src/config/config';
import * as facts from '../../src/catalogue/module-facts';
import { importsLeadToClient, lintText } from '../../src/core/lint';

describe('importReads: what a file reads from its relative imports', () => {
  const cases: [string, string, unknown[]][] = [
    ['default', `import api from './api';`, [{ specifier: './api', name: null }]],
    ['named, renamed, default', `import { a, b as c, default as d } from "./m";`, [
      { specifier: './m', name: 'a' }, { specifier: './m', name: 'b' }, { specifier: './m', name: null },
    ]],
    ['default and named', `import x, { y } from './m'`, [{ specifier: './m', name: null }, { specifier: './m', name: 'y' }]],
    ['type-only imports read nothing', `import type { A } from './t';\nimport { type B, c } from './u';`, [{ specifier: './u', name: 'c' }]],
    ['namespace used by members', `import * as ns from './m';\nns.a(); ns?.b; const t: ns.T = 1;`, [
      { specifier: './m', name: '*', members: ['a', 'b', 'T'] },
    ]],
    ['namespace used whole', `import * as ns from './m';\nuse(ns);`, [{ specifier: './m', name: '*', members: undefined }]],
    ['namespace named like a keyword in its clause', `import * as a from './m';\na.x();`, [{ specifier: './m', name: '*', members: ['x'] }]],
    ['require into a name', `const lib = require('./lib');\nlib.get(); lib.post();`, [
      { specifier: './lib', name: '*', members: ['get', 'post'] },
    ]],
    ['require destructured', `const { get, post: p, put = 1 } = require('./lib');`, [
      { specifier: './lib', name: '*', members: ['get', 'post', 'put'] },
    ]],
    ['require then a member', `require('./lib').get(url);`, [{ specifier: './lib', name: '*', members: ['get'] }]],
    ['require called', `const api = require('./lib')({});\napi.get();`, [{ specifier: './lib', name: '*' }]],
    ['require continued on the next line', `const api = require('./lib')\n  .default;\napi.get();`, [{ specifier: './lib', name: '*', members: ['default'] }]],
    ['a property, a string, a longer name of the same letters: no use of it', `lib.head();\nconst lib = require('./lib');\nlib.get(); x.lib(); 'lib'; \`lib\`; mylib(); lib$(); lib_2;`, [
      { specifier: './lib', name: '*', members: ['head', 'get'] },
    ]],
    ['a spread is a use of the whole', `const lib = require('./lib');\nconst api = { ...lib };\nlib.get();`, [{ specifier: './lib', name: '*' }]],
    ['require, then another statement', `const lib = require('./lib')\nlib.get()`, [{ specifier: './lib', name: '*', members: ['get'] }]],
    ['require into a nested pattern', `const { a: { b } } = require('./lib');`, [{ specifier: './lib', name: '*' }]],
    ['import() reads the whole module', `const m = await import('./m');`, [{ specifier: './m', name: '*' }]],
    ['side-effect import and plain strings read nothing', `import './polyfill';\nconst p = './not-an-import';\nfs.readFileSync('./data.json');`, []],
    ['re-exports are not reads of the file', `export { a } from './a';\nexport * from './b';`, []],
    ['an import in a comment is read too; a comment inside one makes it unreadable', `/* import x from './fake' */\nimport {\n  a, // the a\n  b\n} from './m';`, [
      { specifier: './fake', name: null }, { specifier: './m', name: '*' },
    ]],
    ['a comment before the specifier: the whole module', `const y = require(/* why */ './y');\nconst z = require( // why\n  './z');`, [
      { specifier: './y', name: '*' }, { specifier: './z', name: '*' },
    ]],
    ['an unreadable clause reads the whole module', `import { 'a-b' as ab, ...x } from './m';`, [{ specifier: './m', name: '*' }]],
  ];
  test.for(cases)('%s', ([, text, expected]) => {
    expect(importReads(text).map((r) => ({ ...r, members: r.members }))).toEqual(
      (expected as object[]).map((r) => ({ members: undefined, ...r })),
    );
  });

  test('with re-exports: what a module hands on, and under which name', () => {
    const text = `export { a, b as c, default as d, type T } from './m';\nexport * from './all';\nexport * as ns from './ns';\nexport type { U } from './types';`;
    expect(importReads(text, true)).toEqual([
      { specifier: './m', name: 'a', as: 'a' },
      { specifier: './m', name: 'b', as: 'c' },
      { specifier: './m', name: null, as: 'd' },
      { specifier: './all', name: '*', as: '*' },
      { specifier: './ns', name: '*', as: 'ns' },
    ]);
  });
});

// A file that names no client but imports from one that does: linted (same findings as without the prefilter)
// exactly when what it imports may lead to a client, else skipped unparsed (a syntax error in it goes unseen).
const dir = mkdtempSync(path.join(tmpdir(), 'htl-reach-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function project(files: Record<string, string>): string {
  const root = path.join(dir, `p${n++}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

const lint = (text: string, file: string, noPrefilter: boolean) => lintText(text, file, DEFAULT_CONFIG, { noPrefilter });

const CLIENT = `import axios from 'axios';\nexport const client = axios.create({ baseURL: 'https://a.test' });\nexport function make() { return axios.create(); }\nexport function url(p) { fetch('https://log.test'); return 'https://a.test/' + p; }\nexport class Api { get(u) { return fetch(u); } }\nexport default client;\n`;

const reaching: [string, Record<string, string>, string][] = [
  ['a default export that is an instance', { 'client.js': CLIENT }, `import api from './client';\napi.get('https://a.test/x', { timeout: 0 });\n`],
  ['a named instance', { 'client.js': CLIENT }, `import { client } from './client.js';\nclient.get('https://a.test/x', { timeout: 0 });\n`],
  ['a factory whose return is an instance', { 'client.js': CLIENT }, `import { make } from './client';\nmake().get('https://a.test/x', { timeout: 0 });\n`],
  ['a namespace member', { 'client.js': CLIENT }, `import * as lib from './client';\nlib.client.get('https://a.test/x', { timeout: 0 });\n`],
  ['a re-export in a barrel', { 'lib/client.js': CLIENT, 'lib/index.js': `export { client as http } from './client';\n` },
    `import { http } from './lib';\nhttp.get('https://a.test/x', { timeout: 0 });\n`],
  ['export * in a barrel', { 'lib/client.js': CLIENT, 'lib/index.js': `export * from './client';\n` },
    `import { client } from './lib/index.js';\nclient.get('https://a.test/x', { timeout: 0 });\n`],
  ['a module that names no client wrapping one', {
    'client.js': CLIENT, 'mid.js': `import { client } from './client';\nexport const api = { client };\n`,
  }, `import { api } from './mid';\napi.client.get('https://a.test/x', { timeout: 0 });\n`],
  ['CommonJS, required into a name', {
    'http.js': `const axios = require('axios');\nmodule.exports = { http: axios };\n`,
  }, `const lib = require('./http');\nlib.http.get('https://a.test/x', { timeout: 0 });\n`],
  ['CommonJS, a required factory called at once', {
    'make.js': `const axios = require('axios');\nfunction make(o) { return axios.create(o); }\nmodule.exports = make;\n`,
  }, `const api = require('./make')({ baseURL: 'https://a.test' });\napi.get('/x', { timeout: 0 });\n`],
  ['CommonJS through a module that names no client', {
    'inner.js': `module.exports = require('axios');\n`, 'outer.js': `module.exports = require('./inner');\n`,
  }, `const { get } = require('./outer');\nget('https://a.test/x', { timeout: 0 });\n`],
  ['a global reached through window', { 'f.js': `export const get = window.fetch;\n` }, `import { get } from './f';\nget('https://a.test/x');\n`],
  // A module whose clients are named exports, handed on whole by a module that names none of them.
  ['a client module re-exported whole', { 'gh.js': `export * from '@octokit/rest';\n` },
    `import { Octokit } from './gh';\nconst o = new Octokit({ auth: 't' });\no.rest.repos.get({ owner: 'a', repo: 'b' });\n`],
  ['a client module required and exported whole', { 'el.js': `module.exports = require('electron');\n` },
    `const { net } = require('./el');\nnet.request('https://a.test/x').end();\n`],
  ['import()', { 'client.js': CLIENT }, `async function f() {\n  const { client } = await import('./client');\n  return client.get('https://a.test/x', { timeout: 0 });\n}\n`],
  ['a whole namespace', { 'client.js': CLIENT }, `import * as lib from './client';\nconst { client } = lib;\nclient.get('https://a.test/x', { timeout: 0 });\n`],
  ['a whole namespace through export *', { 'client.js': CLIENT, 'all.js': `export * from './client';\nexport const n = 1;\n` },
    `import * as all from './all';\nconst { client } = all;\nclient.get('https://a.test/x', { timeout: 0 });\n`],
  ['a CommonJS module spread into an object', { 'http.js': `const axios = require('axios');\nmodule.exports = { http: axios };\n` },
    `const lib = require('./http');\nconst api = { ...lib };\napi.http.get('https://a.test/x', { timeout: 0 });\n`],
  ['a whole CommonJS module', { 'http.js': `const axios = require('axios');\nexports.http = axios.create();\n` },
    `const lib = require('./http');\nconst { http } = lib;\nhttp.get('https://a.test/x', { timeout: 0 });\n`],
  ['a destructuring default the arguments choose', {
    'm.js': `import axios from 'axios';\nexport function make(o) {\n  const { http = axios.create() } = o;\n  return http;\n}\n`,
  }, `import { make } from './m';\nmake({}).get('https://a.test/x', { timeout: 0 });\n`],
  ['an instance a helper of a module that names no client hands back', {
    'retry.js': `export function withRetry(c) { return c; }\n`,
    'client.js': `import axios from 'axios';\nimport { withRetry } from './retry';\nexport const http = withRetry(axios);\n`,
  }, `import { http } from './client';\nhttp.get('https://a.test/x', { timeout: 0 });\n`],
  ['modules that import each other', {
    'a.js': `import { b } from './b';\nexport const a = b;\n`,
    'b.js': `import { a } from './a';\nimport axios from 'axios';\nexport const b = axios.create();\nexport const c = a;\n`,
  }, `import { a } from './a';\na.get('https://a.test/x', { timeout: 0 });\n`],
];

describe('prefilter: values imported from the project', () => {
  test.for(reaching)('%s: linted, and the finding is there', ([, files, text]) => {
    const root = project(files);
    const file = path.join(root, 'use.js');
    writeFileSync(file, text);
    const without = lint(text, file, true).filter((m) => !m.fatal);
    expect(without.length).toBeGreaterThan(0);
    expect(lint(text, file, false)).toEqual(without);
  });

  const skipped: [string, Record<string, string>, string][] = [
    ['a class', { 'client.js': CLIENT }, `import { Api } from './client';\nnew Api().get('https://a.test/x', { timeout: 0 });\n`],
    ['a function that returns a string', { 'client.js': CLIENT }, `import { url } from './client';\nconsole.log(url('x'));\n`],
    ['a type', { 'client.ts': CLIENT }, `import type { Api } from './client';\nlet a: Api;\n`],
    ['a namespace read for a class only', { 'client.js': CLIENT }, `import * as lib from './client';\nnew lib.Api();\n`],
    ['a barrel whose other exports hold the client', {
      'lib/client.js': CLIENT, 'lib/util.js': `export const id = (x) => x;\n`,
      'lib/index.js': `export { client } from './client';\nexport { id } from './util';\n`,
    }, `import { id } from './lib';\nid(1);\n`],
    ['a whole namespace of classes and helpers', {
      'sdk.js': `export class Api { get(u) { return fetch(u); } }\nexport function url(p) { return 'https://a.test/' + p; }\nexport const VERSION = '1';\nexport * from './types';\n`,
      'types.js': `export const KINDS = ['a'];\n`,
    }, `import * as sdk from './sdk';\nconsole.log(Object.keys(sdk));\n`],
    ['a module whose client is only kept inside', {
      'core.js': `import axios from 'axios';\nclass Core { constructor() { this.http = axios.create(); } }\nmodule.exports.Core = Core;\n`,
    }, `const core = require('./core');\nconsole.log(core);\n`],
    ['a module that imports one but exports nothing of it', {
      'client.js': CLIENT, 'mid.js': `import { Api } from './client';\nexport const n = 1;\n`,
    }, `import { n } from './mid';\nconsole.log(n);\n`],
  ];
  test.for(skipped)('%s: skipped unparsed, and nothing is lost', ([, files, text]) => {
    const root = project(files);
    const file = path.join(root, 'use.js');
    writeFileSync(file, text);
    expect(lint(text, file, true)).toEqual([]);
    const broken = `${text}let = ;\n`;
    expect(lint(broken, file, true).some((m) => m.fatal)).toBe(true);
    expect(lint(broken, file, false)).toEqual([]);
  });
});

describe('reachesNoClient: modules no client can come from, by their text', () => {
  test('a module that names a client, or imports one that does (through cycles and barrels), may give one', () => {
    const root = project({
      'client.js': CLIENT,
      'barrel.js': `export * from './client';\n`,
      'a.js': `import { b } from './b';\nexport const a = b;\n`,
      'b.js': `import { a } from './a';\nimport { client } from './barrel';\nexport const b = [a, client];\n`,
      'c.js': `const { d } = require('./d');\nmodule.exports = d;\n`,
      'd.js': `exports.d = 1;\nexports.e = require('./e');\n`,
      'e.js': `module.exports = { f: (x) => x };\n`,
      'x.js': `import { y } from './y';\nexport const x = y;\n`,
      'y.js': `import { x } from './x';\nimport './missing';\nexport const y = () => x;\n`,
    });
    for (const f of ['client.js', 'barrel.js', 'a.js', 'b.js']) expect(reachesNoClient(path.join(root, f)), f).toBe(false);
    for (const f of ['c.js', 'd.js', 'e.js', 'x.js', 'y.js', 'missing.js']) expect(reachesNoClient(path.join(root, f)), f).toBe(true);
  });
});

describe('a callee imported from a module no client can come from is not followed, and nothing is lost', () => {
  test.for([
    ['helpers and errors beside a request', {
      'errors.js': `export class ApiError extends Error {}\nexport function fail(m) { throw new ApiError(m); }\n`,
      'util.js': `const { fail } = require('./errors');\nmodule.exports = { check: (r) => r.ok || fail('x') };\n`,
    }, `import { fail } from './errors';\nconst util = require('./util');\nconst r = await fetch('https://a.test/x');\nutil.check(r);\nfail('y');\n`, [3]],
    ['a global object exported under another name', { 'env.js': `export const g = globalThis;\nexport default window;\n` },
      `import w, { g } from './env';\ng.fetch('https://a.test/x');\nw.fetch('https://a.test/y');\nfetch('https://a.test/z', { signal: AbortSignal.timeout(1000) });\n`, [2, 3]],
    ['a global read by its own name from a module that exports the global object, or a default', {
      'env.js': `module.exports = globalThis;\n`, 'cfg.js': `module.exports = {};\n`,
    }, `const { fetch: f } = require('./env');\nconst { fetch: g = globalThis.fetch } = require('./cfg');\nconst h = require('./env').fetch;\nf('https://a.test/x');\ng('https://a.test/y');\nh('https://a.test/z');\n`, [4, 5, 6]],
    ['defaults a setup module sets through a wrapper it imports; a module that names no client beside it', {
      'http.js': `import axios from 'axios';\nexport default axios;\n`, 'setup.js': `import http from './http';\nhttp.defaults.timeout = 5000;\n`,
      'util.js': `export const x = 1;\n`,
    }, `import './setup';\nimport { x } from './util';\nimport axios from 'axios';\naxios.get('https://a.test/' + x);\n`, []],
    ['options read from a module that names no client', { 'config.js': `export const opts = { timeout: 0 };\nexport const base = { baseURL: 'https://a.test' };\n` },
      `import axios from 'axios';\nimport { opts, base } from './config';\nconst api = axios.create(base);\napi.get('/x', opts);\n`, [3, 4]],
  ] as [string, Record<string, string>, string, number[]][])('%s', ([, files, text, lines]) => {
    const root = project(files);
    const file = path.join(root, 'use.mjs');
    writeFileSync(file, text);
    for (const noPrefilter of [false, true]) {
      const found = lint(text, file, noPrefilter).filter((m) => !m.fatal);
      expect(found.map((m) => m.line), `noPrefilter: ${noPrefilter}`).toEqual(lines);
    }
  });
});

// Last: it freezes the tree for the rest of the file.
describe('within a run', () => {
  test('a name read from a barrel is answered once for every importer', () => {
    freezeImportGraph();
    const root = project({
      'lib/index.js': `export * from './a';\nexport * from './b';\nexport * from './c';\n`,
      'lib/a.js': `export const thing = 1;\n`,
      'lib/b.js': `export const other = 2;\n`,
      'lib/c.js': CLIENT,
    });
    const reads = (name: string) => [{ specifier: './lib', name }];
    expect(importsLeadToClient(path.join(root, 'x.js'), reads('thing'))).toBe(false);
    const looked = vi.spyOn(facts, 'moduleFacts');
    expect(importsLeadToClient(path.join(root, 'y.js'), reads('thing'))).toBe(false);
    // The barrel's own facts, and no module behind it.
    expect(looked).toHaveBeenCalledOnce();
    expect(importsLeadToClient(path.join(root, 'z.js'), reads('client'))).toBe(true);
    expect(importsLeadToClient(path.join(root, 'w.js'), reads('client'))).toBe(true);
  });
});
