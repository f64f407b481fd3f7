// The README's ESLint configs, word for word, run by the ESLint of the devDependencies (its LegacyESLint reads
// .eslintrc as ESLint 8 does) on a folder with a file of every JS/TS extension the CLI lints: each is linted
// and reports its finding, none is a parse error, and Composer's vendor/ is left alone as the CLI leaves it.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { LegacyESLint } from 'eslint/use-at-your-own-risk';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { plugin as built } from '../src/eslint/plugin';
import { root, writeTree } from './support/e2e-project';
import { readmeBlock } from './support/readme';

const FETCH = "fetch('https://api.example.test/');\n";
const SOURCES: Record<string, string> = {
  'src/a.js': `const a = 1;\n${FETCH}`,
  'src/b.mjs': `export const b = () => 1;\n${FETCH}`,
  'src/c.cjs': `const c = require('node:path');\n${FETCH}`,
  'src/d.jsx': `const D = () => <div />;\n${FETCH}`,
  'src/e.ts': `const e: number = 1;\n${FETCH}`,
  'src/f.tsx': `const F = (): JSX.Element => <div />;\n${FETCH}`,
  'src/g.mts': `export const g: number = 1;\n${FETCH}`,
  'src/h.cts': `const h: string = require('node:path').sep;\n${FETCH}`,
  'app/p.php': "<?php\n$ch = curl_init('https://x.test/');\ncurl_exec($ch);\n",
  'vendor/acme/q.php': "<?php\n$ch = curl_init('https://x.test/');\ncurl_exec($ch);\n",
};
// ESLint's Plugin type knows no languages of its own shape; the plugin is the one `require` gives users.
const plugin = built as unknown as ESLint.Plugin;
const JS_FILES = Object.keys(SOURCES).filter((f) => f.startsWith('src/'));

interface Result { filePath: string; messages: Linter.LintMessage[] }

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'htl-eslint-configs-'));
  writeTree(dir, SOURCES);
  // The README's configs name their parser by package: resolved from here as from a project's own node_modules.
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  mkdirSync(path.join(dir, '.git'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One line per message: file, line, rule (or the parse error's text). */
function summary(results: Result[]): string[] {
  return results
    .flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line} ${m.ruleId ?? m.message}`))
    .sort();
}

// The README's flat configs: CommonJS, and the same with imports for a package of "type": "module".
const FLAT = { commonjs: 'module.exports = [', module: 'export default [' };

/** A README flat config, evaluated with the plugin and parser it names (its imports read as requires). */
function flatConfigOfReadme(marker: string): Linter.Config[] {
  const code = readmeBlock('ESLint plugin', 'js', marker)
    .replace(/^import (\w+) from ('[^']+');/gm, 'const $1 = require($2);')
    .replace(/^export default \[/m, 'module.exports = [');
  const modules: Record<string, unknown> = { 'eslint-plugin-http-timeout': plugin, '@typescript-eslint/parser': tsParser };
  const module = { exports: [] as Linter.Config[] };
  new Function('require', 'module', code)((name: string) => modules[name], module);
  return module.exports;
}

test.for(Object.entries(FLAT))('ESLint 9/10: the README config (%s) lints every JS/TS extension and PHP, skipping vendor/', async ([, marker]) => {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: flatConfigOfReadme(marker) });
  const results = await eslint.lintFiles(['.']);
  const expected = [...JS_FILES.map((f) => `${f}:2 http-timeout/fetch`), 'app/p.php:2 http-timeout/curl'];
  expect(summary(results)).toEqual(expected.sort());
});

test('ESLint 8: the README .eslintrc.json parses modern JS, JSX and TS, and `eslint .` finds every extension', async () => {
  const config = JSON.parse(readmeBlock('ESLint plugin', 'json', 'recommended-legacy')) as Record<string, unknown>;
  const eslint = new LegacyESLint({ cwd: dir, useEslintrc: false, baseConfig: config, plugins: { 'http-timeout': plugin } });
  const results = (await eslint.lintFiles(['.'])) as Result[];
  expect(summary(results)).toEqual(JS_FILES.map((f) => `${f}:2 http-timeout/fetch`).sort());
});

test("ESLint 8: a config's own parserOptions win over recommended-legacy's", async () => {
  const config = { extends: ['plugin:http-timeout/recommended-legacy'], parserOptions: { ecmaVersion: 5 as const, sourceType: 'script' as const } };
  const eslint = new LegacyESLint({ cwd: dir, useEslintrc: false, baseConfig: config, plugins: { 'http-timeout': plugin } });
  const [a] = (await eslint.lintFiles(['src/a.js'])) as Result[];
  expect(a!.messages.map((m) => m.message)).toEqual(["Parsing error: The keyword 'const' is reserved"]);
});
