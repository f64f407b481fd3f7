import { existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLEAN, CONNECT_MISSING, ROOT, SEED, cli, json, project, write } from './helpers';

const FETCH = `export async function load(u: string) {\n  return fetch(u);\n}\n`;
const VIA = `const http = require('./http');\nhttp.get('https://a.test/');\n`;

/** 150 files: enough for `--workers auto` to start workers. */
function manyFiles(): Record<string, string> {
  const tree: Record<string, string> = {};
  const kinds = [SEED, CLEAN, CONNECT_MISSING, '<?php echo 1;\n', '<?php $x = ;\n'];
  for (let i = 0; i < 120; i++) tree[`php/f${String(i).padStart(3, '0')}.php`] = kinds[i % kinds.length]!;
  for (let i = 0; i < 30; i++) tree[`js/m${String(i).padStart(3, '0')}.ts`] = i % 3 ? FETCH : 'export const x = 1;\n';
  return tree;
}

const stable = (stdout: string) => JSON.stringify(JSON.parse(stdout));

describe('workers', () => {
  test('the same report, in the same order, with 1, 2 and auto workers', () => {
    const dir = project(manyFiles());
    const one = cli(['-f', 'json', '--workers', '1', '.'], { cwd: dir });
    expect(one.code).toBe(1);
    for (const w of ['2', 'auto']) {
      const many = cli(['-f', 'json', '--workers', w, '.'], { cwd: dir });
      expect({ code: many.code, stderr: many.stderr }).toEqual({ code: one.code, stderr: one.stderr });
      expect(stable(many.stdout)).toBe(stable(one.stdout));
    }
  });

  test('auto on two cores, with 100 files of each language: one worker per language, the same report', () => {
    const tree = manyFiles();
    for (let i = 0; i < 100; i++) tree[`js/n${String(i).padStart(3, '0')}.js`] = i % 2 ? FETCH.replace(': string', '') : VIA;
    tree['js/http.js'] = `module.exports = require('axios').create({ baseURL: 'https://a.test/' });\n`;
    const dir = project(tree);
    const one = cli(['-f', 'json', '--workers', '1', '.'], { cwd: dir });
    expect(one.code).toBe(1);
    for (const env of [{ HTTP_TIMEOUT_LINT_CORES: '2' }, { HTTP_TIMEOUT_LINT_CORES: '2', HTTP_TIMEOUT_LINT_WORKER_HEAP_MB: '16' }] as Record<string, string>[]) {
      const split = cli(['-f', 'json', '.'], { cwd: dir, env });
      expect({ code: split.code, stderr: split.stderr }).toEqual({ code: one.code, stderr: one.stderr });
      expect(stable(split.stdout)).toBe(stable(one.stdout));
    }
    const found = json(one).filter((r) => r.messages.length).map((r) => r.filePath.slice(dir.length + 1));
    // The instance is reported where it is made; the files that use it are judged through their imports.
    expect(found.filter((f) => f.startsWith('js/n'))).toHaveLength(50);
    expect(found).toContain('js/http.js');
    expect(found.filter((f) => f.endsWith('.php')).length).toBeGreaterThan(20);
  });

  test('a file too big for a worker\'s capped heap is linted in the main thread: same report, nothing fails', () => {
    const tree = manyFiles();
    // About 2 MB of calls: its syntax tree does not fit in a 32 MB heap.
    tree['js/big.js'] = Array.from({ length: 30_000 }, (_, i) => `fetch('https://a.test/${i}', { method: 'GET' });\n`).join('');
    const dir = project(tree);
    const one = cli(['-f', 'json', '-o', 'one.json', '--workers', '1', '.'], { cwd: dir });
    const capped = cli(['-f', 'json', '-o', 'capped.json', '--workers', '2', '.'], { cwd: dir, env: { HTTP_TIMEOUT_LINT_WORKER_HEAP_MB: '32' } });
    expect({ code: capped.code, stderr: capped.stderr }).toEqual({ code: one.code, stderr: one.stderr });
    const report = readFileSync(join(dir, 'capped.json'), 'utf8');
    expect(report).toBe(readFileSync(join(dir, 'one.json'), 'utf8'));
    const results = JSON.parse(report) as { filePath: string; messages: unknown[] }[];
    expect(results.find((r) => r.filePath.endsWith('big.js'))!.messages).toHaveLength(30_000);
  });

  test('as many workers as files (each takes its one batch at once): every file is still reported', () => {
    const dir = project({ 'a.php': SEED, 'b.php': SEED, 'c.js': FETCH });
    for (const w of ['3', '8']) {
      const run = cli(['-f', 'json', '--workers', w, '.'], { cwd: dir });
      expect(run.code).toBe(1);
      expect(json(run).map((r) => [r.filePath.slice(dir.length + 1), r.messages.length])).toEqual([['a.php', 1], ['b.php', 1], ['c.js', 1]]);
    }
  });

  test('--workers takes "auto" or a whole number', () => {
    const run = cli(['--workers', '0', '.'], { cwd: project({ 'a.php': CLEAN }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--workers needs "auto" or a whole number/);
  });
});

describe('modules linted and imported in one run', () => {
  // a.js names a client, so it is linted; b.js imports it after, and what b.js sends depends on a.js's value.
  const a = (opts: string) => `const axios = require('axios');\nconst opts = ${opts};\naxios.get('/health', opts);\nmodule.exports = opts;\n`;
  const B = `const axios = require('axios');\naxios.get('/x', require('./a'));\n`;
  const messagesOf = (run: ReturnType<typeof cli>, file: string) => json(run).find((r) => r.filePath.endsWith(file))?.messages ?? [];

  test.for([
    ['without a timeout', "{ baseURL: 'https://a.test' }", 1],
    ['with a timeout', "{ baseURL: 'https://a.test', timeout: 5000 }", 0],
  ] as const)('a module linted before its importer gives the importer the same findings as a fresh read (%s)', ([, opts, expected]) => {
    const dir = project({ 'a.js': a(opts), 'b.js': B });
    const together = messagesOf(cli(['-f', 'json', '--workers', '1', '.'], { cwd: dir }), 'b.js');
    const alone = messagesOf(cli(['-f', 'json', 'b.js'], { cwd: dir }), 'b.js');
    expect(together).toHaveLength(expected);
    expect(together).toEqual(alone);
  });
});

describe('files that name no client, judged by what they import', () => {
  // Importers before and after the module they reach, barrels between, and files that name a client among
  // them (a thread settles the files it parked before it lints one of those, and after its last job).
  const CLIENT = `import axios from 'axios';\nexport const client = axios.create({ baseURL: 'https://a.test' });\nexport const n = 1;\n`;
  const USE = (from: string) => `import { client } from '${from}';\nexport const go = () => client.get('/x', { timeout: 0 });\n`;
  /** The tree, and the files that hold a finding: the client, its importers, and the files calling fetch. */
  function tree(): { files: Record<string, string>; found: string[] } {
    const files: Record<string, string> = { 'lib/m-client.js': CLIENT, 'lib/index.js': `export * from './m-client';\n` };
    const found = ['lib/m-client.js'];
    for (let i = 0; i < 150; i++) {
      const name = `f${String(i).padStart(3, '0')}`;
      const at = (dir: string, text: string, finds: boolean): void => {
        files[`${dir}/${name}.js`] = text;
        if (finds) found.push(`${dir}/${name}.js`);
      };
      if (i % 25 === 0) at('lib', USE('./m-client'), true);
      else if (i % 25 === 1) at('app', USE('../lib'), true);
      else if (i % 10 === 5) at('app', FETCH.replace('load', name), true);
      else at(i % 2 ? 'app' : 'lib', `import { n } from '../lib/index.js';\nimport { x } from './f${String((i + 7) % 150).padStart(3, '0')}.js';\nexport const y = n + 1;\n`, false);
    }
    return { files, found: found.sort() };
  }

  test('the same report with 1 or 2 workers, workers replaced as they go, and no prefilter', () => {
    const { files, found } = tree();
    const dir = project(files);
    const one = cli(['-f', 'json', '-o', 'one.json', '--workers', '1', '.'], { cwd: dir });
    expect(one.code).toBe(1);
    const report = readFileSync(join(dir, 'one.json'), 'utf8');
    const results = JSON.parse(report) as { filePath: string; messages: unknown[] }[];
    expect(results.filter((r) => r.messages.length).map((r) => r.filePath.slice(dir.length + 1).replace(/\\/g, '/'))).toEqual(found);
    const runs: [string, string[], Record<string, string>][] = [
      ['two', ['--workers', '2'], {}],
      ['recycled', ['--workers', '2'], { HTTP_TIMEOUT_LINT_WORKER_HEAP_MB: '16' }],
      ['unfiltered', ['--workers', '1', '--no-prefilter'], {}],
    ];
    for (const [name, args, env] of runs) {
      const run = cli(['-f', 'json', '-o', `${name}.json`, ...args, '.'], { cwd: dir, env });
      expect({ name, code: run.code, stderr: run.stderr }).toEqual({ name, code: one.code, stderr: one.stderr });
      expect(readFileSync(join(dir, `${name}.json`), 'utf8')).toBe(report);
    }
  });

  test('a module read as text before its own turn is linted by its own text: one in UTF-16 still has its finding', () => {
    // a.js imports z.js and is settled before b.js (which names a client) is linted: z.js is read then, as
    // UTF-8, and shows no client; its own turn comes after.
    const dir = project({ 'a.js': `import { load } from './z.js';\nexport const go = () => load('/x');\n`, 'b.js': FETCH });
    writeFileSync(join(dir, 'z.js'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(FETCH, 'utf16le')]));
    for (const w of ['1', '3']) {
      const found = json(cli(['-f', 'json', '--workers', w, '.'], { cwd: dir })).filter((r) => r.messages.length);
      expect(found.map((r) => r.filePath.slice(dir.length + 1))).toEqual(['b.js', 'z.js']);
    }
  });
});

describe('--cache', () => {
  test('a warm run gives the same report; a changed file is linted again', () => {
    const dir = project({ 'a.php': SEED, 'b.php': CLEAN });
    const cold = cli(['-f', 'json', '--cache', '.'], { cwd: dir });
    expect(existsSync(join(dir, '.http-timeout-lint-cache'))).toBe(true);
    const warm = cli(['-f', 'json', '--cache', '.'], { cwd: dir });
    expect(stable(warm.stdout)).toBe(stable(cold.stdout));
    writeFileSync(join(dir, 'b.php'), CONNECT_MISSING);
    const after = json(cli(['-f', 'json', '--cache', '.'], { cwd: dir }));
    expect(after.map((r) => r.messages.length)).toEqual([1, 1]);
  });

  test('a warm run with workers: files the cache answers and files linted again come out in file order, as a cold run gives', () => {
    const dir = project(manyFiles());
    cli(['-f', 'json', '--cache', '--workers', '2', '.'], { cwd: dir });
    // Edited files spread over the run, among them the first: what is answered from the cache waits for them.
    for (const name of ['php/f000.php', 'php/f057.php']) writeFileSync(join(dir, name), CONNECT_MISSING);
    for (const name of ['js/m001.ts', 'js/m029.ts']) writeFileSync(join(dir, name), 'export const y = fetch("https://a.test/");\n');
    const cold = cli(['-f', 'json', '--workers', '1', '.'], { cwd: dir });
    for (const w of ['2', '1']) {
      const warm = cli(['-f', 'json', '--cache', '--workers', w, '.'], { cwd: dir });
      expect({ code: warm.code, stderr: warm.stderr }).toEqual({ code: cold.code, stderr: cold.stderr });
      expect(stable(warm.stdout)).toBe(stable(cold.stdout));
    }
    const js = json(cold).find((r) => r.filePath.endsWith('m001.ts'))!;
    expect(js.messages.map((m) => m.ruleId)).toEqual(['js/fetch']);
  });

  test('a JS file is linted again when a module it imports changes', () => {
    const dir = project({ 'http.js': `module.exports = require('./other');\n`, 'other.js': 'module.exports = {};\n', 'b.js': VIA });
    const before = json(cli(['-f', 'json', '--cache', 'b.js'], { cwd: dir }));
    expect(before[0]!.messages).toEqual([]);
    writeFileSync(join(dir, 'other.js'), `module.exports = require('axios');\n`);
    const after = json(cli(['-f', 'json', '--cache', 'b.js'], { cwd: dir }));
    expect(after[0]!.messages.map((m) => m.ruleId)).toEqual(['js/axios']);
    expect(json(cli(['-f', 'json', 'b.js'], { cwd: dir }))[0]!.messages).toEqual(after[0]!.messages);
  });

  test('an import through tsconfig paths: the same findings with and without the prefilter; the cache follows the config and the module', () => {
    const BOUNDED = `import axios from 'axios';\nexport const api = axios.create({ timeout: 10000 });\n`;
    const PLAIN = 'export const api = { get: (u: string, o: object) => [u, o] };\n';
    const config = (to: string) => `{\n  // JSONC\n  "compilerOptions": { "paths": { "@/*": ["./${to}/*"], }, },\n}\n`;
    const dir = project({
      'tsconfig.json': config('src'),
      'src/services/api.ts': BOUNDED,
      'lib/services/api.ts': PLAIN,
      'src/pages/a.ts': `import { api } from '@/services/api';\nexport const all = () => api.get('/export', { timeout: 0 });\n`,
      'src/pages/b.js': `const { api } = require('@/services/api');\nexports.all = () => api.get('/export', { timeout: 0 });\n`,
    });
    const run = cli(['-f', 'json', '.'], { cwd: dir });
    expect(json(run).flatMap((r) => r.messages.map((m) => `${r.filePath.slice(dir.length)} ${m.messageId}`))).toEqual([
      `${sep}src${sep}pages${sep}a.ts disabledTimeout`, `${sep}src${sep}pages${sep}b.js disabledTimeout`,
    ]);
    expect(cli(['-f', 'json', '--no-prefilter', '.'], { cwd: dir }).stdout).toBe(run.stdout);
    const ids = () => json(cli(['-f', 'json', '--cache', 'src/pages/a.ts'], { cwd: dir }))[0]!.messages.map((m) => m.messageId);
    expect(ids()).toEqual(['disabledTimeout']);
    write(dir, { 'tsconfig.json': config('lib') });
    expect(ids()).toEqual([]);
    write(dir, { 'tsconfig.json': config('src') });
    expect(ids()).toEqual(['disabledTimeout']);
    write(dir, { 'src/services/api.ts': PLAIN });
    expect(ids()).toEqual([]);
  });

  test('node-fetch 3 ignores `timeout`: the version installed or declared decides, and a cached result follows an upgrade', () => {
    const NF = `import fetch from 'node-fetch';\nexport const get = (u) => fetch(u, { timeout: 5000 });\n`;
    const dir = project({ 'app/a.mjs': NF, 'package.json': JSON.stringify({ dependencies: { 'node-fetch': '^2.7.0' } }) });
    const rules = (args: string[]) => json(cli(['-f', 'json', ...args, 'app/a.mjs'], { cwd: dir }))[0]!.messages.map((m) => m.ruleId);
    expect(rules(['--cache'])).toEqual([]);
    // The copy Node loads outranks the range, and the cached result is judged again.
    write(dir, { 'node_modules/node-fetch/package.json': JSON.stringify({ name: 'node-fetch', version: '3.3.2' }) });
    expect(rules(['--cache'])).toEqual(['js/fetch']);
    expect(rules([])).toEqual(['js/fetch']);
    rmSync(join(dir, 'node_modules'), { recursive: true });
    write(dir, { 'package.json': JSON.stringify({ devDependencies: { 'node-fetch': '>=3.1.0' } }) });
    expect(rules(['--cache'])).toEqual(['js/fetch']);
    // A range that allows 2 says nothing: honoured (what the analysis cannot tell counts as set).
    write(dir, { 'package.json': JSON.stringify({ dependencies: { 'node-fetch': '2 || 3' } }) });
    expect(rules(['--cache'])).toEqual([]);
  });

  test('Laravel 8 in composer.json or composer.lock: plain Http requests are owed a bound; the cache follows both; a bad manifest is said once', () => {
    const L8 = `<?php\nuse Illuminate\\Support\\Facades\\Http;\nreturn Http::get('https://a.test/')->json();\n`;
    const dir = project({ 'app/a.php': L8, 'app/b.php': L8, 'app/c.php': L8, 'composer.json': JSON.stringify({ require: { 'laravel/framework': '^9.0' } }) });
    const rules = (args: string[]) => json(cli(['-f', 'json', ...args, 'app/a.php'], { cwd: dir }))[0]!.messages.map((m) => m.messageId);
    expect(rules(['--cache'])).toEqual([]);
    write(dir, { 'composer.json': JSON.stringify({ require: { 'laravel/framework': '^8.47' } }) });
    expect(rules(['--cache'])).toEqual(['missingTimeout']);
    expect(rules(['--cache'])).toEqual(['missingTimeout']);
    // The lock pins what composer.json allows.
    write(dir, { 'composer.json': JSON.stringify({ require: { 'laravel/framework': '^8.0|^9.0' } }) });
    expect(rules(['--cache'])).toEqual([]);
    write(dir, { 'composer.lock': JSON.stringify({ packages: [{ name: 'laravel/framework', version: 'v8.83.27' }] }) });
    expect(rules(['--cache'])).toEqual(['missingTimeout']);
    // Unreadable: said once, however many files and threads ask, and judged as Laravel 9.
    rmSync(join(dir, 'composer.lock'));
    write(dir, { 'composer.json': '{ "require": { "laravel/framework": "^8.0" }' });
    for (const args of [['--cache', '--workers', '2'], ['--workers', '1']]) {
      const run = cli(['-f', 'json', ...args, 'app'], { cwd: dir });
      expect(json(run).flatMap((r) => r.messages)).toEqual([]);
      expect(run.stderr.match(/^http-timeout-lint: composer\.json: is not valid JSON \(.*\); the package versions it gives are not read$/gm)).toHaveLength(1);
    }
  });

  test('a fix that calls an API older Node versions lack is only offered where engines.node allows one; the cache follows engines', () => {
    const F = `export async function get(u, opts = {}) {\n  return fetch(u, { signal: opts.signal });\n}\n`;
    const dir = project({ 'app/a.mjs': F, 'package.json': JSON.stringify({ engines: { node: '>=18.17 <19 || >=20.3' } }) });
    const message = (args: string[]) => json(cli(['-f', 'json', '--fix-dry-run', ...args, 'app/a.mjs'], { cwd: dir }))[0]!;
    const fixed = message(['--cache']);
    expect(fixed.output).toContain('AbortSignal.any([opts.signal, AbortSignal.timeout(30000)])');
    // Node 18.0 has neither AbortSignal.any nor, before 16.14, AbortSignal.timeout: the fix is a suggestion.
    write(dir, { 'package.json': JSON.stringify({ engines: { node: '>=18' } }) });
    for (const args of [['--cache'], []]) {
      const offered = message(args);
      expect(offered.output).toBeUndefined();
      expect(offered.messages.map((m) => [m.ruleId, m.fix, m.suggestions?.[0]?.desc])).toEqual([
        ['js/fetch', undefined, 'Bound the request with AbortSignal.any (Node 18.17 or 20.3 and later; engines.node in package.json allows 18.0)'],
      ]);
    }
    write(dir, { 'package.json': JSON.stringify({ engines: { node: '>=14' } }) });
    // Node 14 lacks both: the description names the one the text needs last.
    expect(message([]).messages[0]!.suggestions?.[0]?.desc).toMatch(/^Bound the request with AbortSignal.any \(Node 18.17 or 20.3 and later; engines.node in package.json allows 14.0\)/);
    write(dir, { 'package.json': JSON.stringify({ name: 'app' }) });
    expect(message(['--cache']).output).toContain('AbortSignal.any(');
  });

  test('an unchanged tree is answered from file metadata without rewriting the cache; an edit that keeps size and mtime is still seen', () => {
    const dir = project({ 'a.php': SEED, 'b.php': CLEAN });
    const cacheFile = join(dir, '.http-timeout-lint-cache');
    const cold = cli(['-f', 'json', '--cache', '.'], { cwd: dir });
    const written = statSync(cacheFile).mtimeMs;
    const warm = cli(['-f', 'json', '--cache', '.'], { cwd: dir });
    expect(stable(warm.stdout)).toBe(stable(cold.stdout));
    expect(json(warm)[0]!.source).toBe(SEED);
    expect(statSync(cacheFile).mtimeMs).toBe(written);
    // Same size, same modification time: only the change time tells, and it is part of the stamp.
    const b = join(dir, 'b.php');
    const { atime, mtime, size } = statSync(b);
    const edited = SEED.slice(0, size).padEnd(size, ' ');
    writeFileSync(b, edited);
    utimesSync(b, atime, mtime);
    expect(statSync(b).size).toBe(size);
    const after = json(cli(['-f', 'json', '--cache', '.'], { cwd: dir }));
    expect(after[1]!.messages).toHaveLength(1);
    expect(after[1]!.messages).toEqual(json(cli(['-f', 'json', 'b.php'], { cwd: dir }))[0]!.messages);
    expect(after[1]!.source).toBe(edited);
  });

  test('an imported module is not read again while its stamp holds; one edited in place (same size and mtime) is', () => {
    const edited = `module.exports = require('axios');\n`;
    const dir = project({ 'http.js': `module.exports = require('./other');\n`, 'other.js': 'module.exports = {};'.padEnd(edited.length - 1, ' ') + '\n', 'b.js': VIA });
    const cacheFile = join(dir, '.http-timeout-lint-cache');
    expect(json(cli(['-f', 'json', '--cache', 'b.js'], { cwd: dir }))[0]!.messages).toEqual([]);
    const kept = JSON.parse(readFileSync(cacheFile, 'utf8')) as { modules: Record<string, { stamp: string; hash: string; specifiers: string[] }> };
    const other = Object.keys(kept.modules).find((p) => p.endsWith('other.js'))!;
    expect(kept.modules[other]!.specifiers).toEqual([]);
    const written = statSync(cacheFile).mtimeMs;
    expect(json(cli(['-f', 'json', '--cache', 'b.js'], { cwd: dir }))[0]!.messages).toEqual([]);
    expect(statSync(cacheFile).mtimeMs).toBe(written);
    // The same length and modification time: only the change time tells the module was edited.
    const { atime, mtime, size } = statSync(join(dir, 'other.js'));
    writeFileSync(join(dir, 'other.js'), edited);
    utimesSync(join(dir, 'other.js'), atime, mtime);
    expect(statSync(join(dir, 'other.js')).size).toBe(size);
    const after = json(cli(['-f', 'json', '--cache', 'b.js'], { cwd: dir }));
    expect(after[0]!.messages.map((m) => m.ruleId)).toEqual(['js/axios']);
    expect(after[0]!.messages).toEqual(json(cli(['-f', 'json', 'b.js'], { cwd: dir }))[0]!.messages);
  });

  test('a corrupt cache is ignored with a notice and rewritten; --cache-location names the file', () => {
    const dir = project({ 'a.php': SEED });
    cli(['--cache', '--cache-location', 'my-cache', '.'], { cwd: dir });
    writeFileSync(join(dir, 'my-cache'), readFileSync(join(dir, 'my-cache'), 'utf8').slice(0, 60)); // cut short
    const run = cli(['-f', 'json', '--cache', '--cache-location', 'my-cache', '.'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/my-cache: the cache file is corrupt; ignored/);
    expect(json(run)[0]!.messages).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, 'my-cache'), 'utf8'))).toHaveProperty('key');
  });

  test('--cache-location never overwrites a file that is not a cache: a notice, and the run goes without one', () => {
    const pkg = '{"name":"x","version":"1.0.0"}\n';
    const dir = project({ 'a.js': "fetch('x');\n", 'package.json': pkg, 'empty': '' });
    for (const file of ['package.json', 'a.js']) {
      const before = readFileSync(join(dir, file), 'utf8');
      const run = cli(['-f', 'json', '--cache', '--cache-location', file, '.'], { cwd: dir });
      expect(run.stderr).toBe(`http-timeout-lint: ${file}: not an http-timeout-lint cache; not overwritten: choose another --cache-location\n`);
      expect(json(run).map((r) => r.messages.length)).toEqual([1]);
      expect(readFileSync(join(dir, file), 'utf8')).toBe(before);
    }
    expect(cli(['--cache', '--cache-location', 'empty', '.'], { cwd: dir }).stderr).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'empty'), 'utf8'))).toHaveProperty('key');
  });

  test('--cache-location naming a device (/dev/null) is no cache: a notice, the run goes without one, the device stays', () => {
    const dir = project({ 'a.js': "fetch('x');\n" });
    const run = cli(['-f', 'json', '--cache', '--cache-location', '/dev/null', '.'], { cwd: dir });
    expect(run.stderr).toBe('http-timeout-lint: /dev/null: not a regular file; the run goes without a cache: choose another --cache-location\n');
    expect(json(run).map((r) => r.messages.length)).toEqual([1]);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  test('--cache-location in a folder not made yet: the folders are made, as -o and --baseline-write make theirs', () => {
    const dir = project({ 'a.php': SEED });
    for (const [location, file] of [['.cache/htl/', '.cache/htl/.http-timeout-lint-cache'], ['tmp/lint/cache.json', 'tmp/lint/cache.json']]) {
      const run = cli(['--cache', '--cache-location', location!, '.'], { cwd: dir });
      expect(run.stderr).toBe('');
      expect(JSON.parse(readFileSync(join(dir, file!), 'utf8'))).toHaveProperty('key');
    }
  });

  test('--fix with a warm cache still fixes', () => {
    const dir = project({ 'a.php': SEED });
    cli(['--cache', '.'], { cwd: dir });
    expect(cli(['--cache', '--fix', '.'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'a.php'), 'utf8')).toMatch(/CURLOPT_TIMEOUT, 30/);
    expect(cli(['--cache', '.'], { cwd: dir }).code).toBe(0);
  });
});

describe('lazy loading', () => {
  const probe = join(ROOT, 'dist/src/dev/rss-probe.js');
  const loaded = (dir: string, files: string[]) => {
    const out = join(dir, 'probe.json');
    cli(['-f', 'json', ...files], { cwd: dir, env: { NODE_OPTIONS: `-r ${probe}`, HTL_RSS_FILE: out } });
    const { typescript, tsMorph } = JSON.parse(readFileSync(out, 'utf8')) as { typescript: boolean; tsMorph: boolean };
    return { typescript, tsMorph };
  };

  test('a run over PHP files never loads TypeScript or ts-morph; one with a JS client does', () => {
    const tree: Record<string, string> = {};
    for (let i = 0; i < 10; i++) tree[`f${i}.php`] = i % 2 ? SEED : CLEAN;
    tree['plain.ts'] = 'export const x = 1;\n';
    tree['load.ts'] = FETCH;
    const dir = project(tree);
    const php = Object.keys(tree).filter((f) => f.endsWith('.php'));
    expect(loaded(dir, php)).toEqual({ typescript: false, tsMorph: false });
    expect(loaded(dir, [...php, 'plain.ts'])).toEqual({ typescript: false, tsMorph: false });
    expect(loaded(dir, [...php, 'load.ts']).tsMorph).toBe(true);
  });
});
