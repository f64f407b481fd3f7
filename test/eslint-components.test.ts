// Components in ESLint: the packed plugin next to ESLint 9 with the parsers Vue and Svelte projects use. The rules
// see the whole component's text; they report and fix what http-timeout-lint reports and fixes in it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { packTarball, project, run, writeTree } from './support/e2e-project';

const SOURCES: Record<string, string> = {
  'List.vue': `<template>
  <button @click="load">it's {{ items.length }}</button>
</template>

<script setup lang="ts">
import { ref } from 'vue';
import axios from 'axios';

const items = ref<string[]>([]);
async function load(): Promise<void> {
  items.value = (await axios.get<string[]>('https://api.example.com/items')).data;
}
const first = await fetch('https://api.example.com/first', { signal: AbortSignal.timeout(5000) });
</script>
`,
  'Feed.svelte': `<script lang="ts">
  let posts: string[] = [];
  async function refresh(): Promise<void> {
    posts = await (await fetch('https://api.example.com/posts')).json();
  }
</script>

<button on:click={refresh}>it's {posts.length}</button>
`,
};

// The component fixtures too: ESLint must report what their annotations say, as the CLI does.
const FIXTURES = ['fixtures/js/fetch/component.vue', 'fixtures/js/axios/component.svelte'];
for (const f of FIXTURES) SOURCES[`fixture-${path.basename(f)}`] = readFileSync(path.join(__dirname, '..', f), 'utf8');

const FLAT = `const httpTimeout = require('eslint-plugin-http-timeout');
const tsParser = require('@typescript-eslint/parser');
module.exports = [
  ...httpTimeout.configs.recommended,
  { files: ['**/*.vue'], languageOptions: { parser: require('vue-eslint-parser'), parserOptions: { parser: tsParser, sourceType: 'module' } } },
  { files: ['**/*.svelte'], languageOptions: { parser: require('svelte-eslint-parser'), parserOptions: { parser: tsParser } } },
];
`;

interface Message { ruleId: string | null; line: number; column: number; messageId?: string; fatal?: boolean; message: string }
interface Result { filePath: string; messages: Message[]; output?: string }

function json(r: ReturnType<typeof run>): Result[] {
  expect(r.stderr.replace(/^.*(ExperimentalWarning|deprecated|--trace-).*$\n?/gm, '')).toBe('');
  return JSON.parse(r.stdout) as Result[];
}

function findings(results: Result[]): string[] {
  return results.flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.messageId ?? m.message}`)).sort();
}

const files = Object.keys(SOURCES).map((f) => `src/${f}`);
let dir = '';
let eslint: Result[] = [];
let cli: Result[] = [];
let cliFixed: Result[] = [];

beforeAll(() => {
  const deps = { eslint: '^9', '@typescript-eslint/parser': '^8', typescript: '~5.9.0', 'vue-eslint-parser': '^10', 'svelte-eslint-parser': '^1', svelte: '^5' };
  dir = project('eslint9-components', deps, packTarball());
  writeTree(path.join(dir, 'src'), SOURCES);
  writeTree(path.join(dir, 'fix'), SOURCES);
  writeTree(path.join(dir, 'cfg'), { 'eslint.config.js': FLAT });
  const bin = (name: string) => path.join(dir, 'node_modules/.bin', name);
  const config = ['--config', 'cfg/eslint.config.js'];
  eslint = json(run(dir, bin('eslint'), ['--format', 'json', ...config, ...files]));
  cli = json(run(dir, bin('http-timeout-lint'), ['--format', 'json', ...files]));
  for (const r of cli) for (const m of r.messages) m.ruleId = m.ruleId && `http-timeout/${m.ruleId.split('/')[1]}`;
  cliFixed = json(run(dir, bin('http-timeout-lint'), ['--format', 'json', '--fix-dry-run', ...files]));
  const auto = ['fetch', 'axios'].flatMap((r) => ['--rule', `http-timeout/${r}: [error, {fix: auto}]`]);
  run(dir, bin('eslint'), ['--fix', ...config, ...auto, ...files.map((f) => f.replace('src/', 'fix/'))]);
}, 300_000);

test('ESLint reports in a Vue and a Svelte component what http-timeout-lint reports, at the same places', () => {
  const own = findings(eslint).filter((f) => !f.startsWith('fixture-'));
  expect(own).toEqual(['Feed.svelte:4:26 http-timeout/fetch missingTimeout', 'List.vue:11:24 http-timeout/axios missingTimeout']);
  expect(findings(eslint).filter((f) => f.startsWith('fixture-'))).toHaveLength(4);
  expect(findings(eslint)).toEqual(findings(cli));
});

test('with { fix: "auto" }, ESLint writes into the component what http-timeout-lint --fix writes, markup untouched', () => {
  for (const f of files) {
    const fixed = readFileSync(path.join(dir, f.replace('src/', 'fix/')), 'utf8');
    const expected = cliFixed.find((r) => r.filePath.endsWith(path.basename(f)))?.output;
    expect(expected, f).toBeDefined();
    expect(fixed, f).toBe(expected);
    // Only the requests' lines changed.
    const before = SOURCES[path.basename(f)]!.split('\n');
    expect(fixed.split('\n').filter((l, i) => l !== before[i])).toHaveLength(f.includes('fixture-') ? 2 : 1);
  }
});
