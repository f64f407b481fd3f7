// The package as a user gets it: packed, installed next to real ESLint 8, 9 and 10, run through ESLint's CLI
// and its Node API (as editor extensions call it), and compared with the package's own CLI on the same files.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { nodeScript, packTarball, project, run, writeTree } from './support/e2e-project';

const SOURCES: Record<string, string> = {
  'a.js': 'export async function load(url) {\n  return fetch(url);\n}\n',
  'b.ts': "import axios from 'axios';\nexport const get = (url: string): Promise<unknown> => axios.get(url);\n",
  'c.php': "<?php\n$ch = curl_init('https://x.test/');\ncurl_exec($ch);\n",
  'clean.php': "<?php\n$ch = curl_init('https://x.test/');\ncurl_setopt($ch, CURLOPT_CONNECTTIMEOUT, 10);\ncurl_setopt($ch, CURLOPT_TIMEOUT, 30);\ncurl_exec($ch);\n",
};

const LEGACY = {
  root: true,
  parserOptions: { ecmaVersion: 2022, sourceType: 'module' },
  plugins: ['http-timeout'],
  extends: ['plugin:http-timeout/recommended-legacy'],
  overrides: [{ files: ['*.ts'], parser: '@typescript-eslint/parser' }],
};

const FLAT = `const httpTimeout = require('eslint-plugin-http-timeout');
const tsParser = require('@typescript-eslint/parser');
module.exports = [
  ...httpTimeout.configs.recommended,
  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
];
`;

const AUTO = ['fetch', 'axios', 'curl'].flatMap((r) => ['--rule', `http-timeout/${r}: [error, {fix: auto}]`]);

interface Fix { range: [number, number]; text: string }
interface Message { ruleId: string | null; line: number; column: number; messageId?: string; message: string; fatal?: boolean; suggestions?: { desc: string; fix: Fix }[] }
interface Result { filePath: string; messages: Message[]; output?: string }

/** What ESLint's Node API gives an editor: lintText of unsaved buffers, and a --fix run that writes nothing. */
interface ApiRun { buffers: Result[]; broken: Message[]; fixed: Result[] }

// An editor lints the unsaved buffer, here one more line on top than the file on disk.
const API_SCRIPT = (files: string[]) => `
const { ESLint } = require('eslint');
const fs = require('fs');
const path = require('path');
(async () => {
  const eslint = new ESLint();
  const buffers = [];
  for (const f of ${JSON.stringify(files)}) buffers.push(...await eslint.lintText('\\n' + fs.readFileSync(f, 'utf8'), { filePath: path.resolve(f) }));
  const broken = ${files.some((f) => f.endsWith('.php'))}
    ? (await eslint.lintText("<?php\\n$ch = curl_init(;\\n", { filePath: path.resolve('src/bad.php') }))[0].messages : [];
  const fixed = await new ESLint({ fix: true }).lintFiles(${JSON.stringify(files)});
  console.log(JSON.stringify({ buffers, broken, fixed }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

function findings(results: Result[], shift = 0): string[] {
  return results.flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}:${m.line + shift}:${m.column} ${m.ruleId} ${m.messageId}`)).sort();
}

function json(r: ReturnType<typeof run>): Result[] {
  expect(r.stderr.replace(/^.*(ExperimentalWarning|ESLintRCWarning|deprecated|--trace-).*$\n?/gm, '')).toBe('');
  return JSON.parse(r.stdout) as Result[];
}

interface Outcome { eslint: Result[]; cli: Result[]; cliFixed: Result[]; api: ApiRun; fixedFiles: Record<string, string> }

/** Runs everything once per project; the tests then read the outcome. */
function collect(dir: string, files: string[]): Outcome {
  const bin = (name: string) => path.join(dir, 'node_modules/.bin', name);
  const eslint = json(run(dir, bin('eslint'), ['--format', 'json', ...files]));
  const cli = json(run(dir, bin('http-timeout-lint'), ['--format', 'json', ...files]));
  for (const res of cli) for (const m of res.messages) m.ruleId = m.ruleId && `http-timeout/${m.ruleId.split('/')[1]}`;
  const cliFixed = json(run(dir, bin('http-timeout-lint'), ['--format', 'json', '--fix-dry-run', ...files]));
  const api = nodeScript<ApiRun>(dir, API_SCRIPT(files));
  const fixCopies = files.map((f) => f.replace('src/', 'fix/'));
  run(dir, bin('eslint'), ['--fix', ...AUTO, ...fixCopies]);
  const fixedFiles = Object.fromEntries(files.map((f, i) => [f, readFileSync(path.join(dir, fixCopies[i]!), 'utf8')]));
  return { eslint, cli, cliFixed, api, fixedFiles };
}

function prepare(dir: string, config: Record<string, string>): void {
  writeTree(path.join(dir, 'src'), SOURCES);
  writeTree(path.join(dir, 'fix'), SOURCES);
  for (const [file, text] of Object.entries(config)) writeFileSync(path.join(dir, file), text);
}

function outputOf(results: Result[], file: string): string | undefined {
  return results.find((r) => r.filePath.endsWith(`${path.sep}${path.basename(file)}`))?.output;
}

let tarball = '';
beforeAll(() => {
  tarball = packTarball();
}, 300_000);

const SETUPS = [
  { name: 'ESLint 8.57, .eslintrc.json (legacy): JS, TS', major: 8, flat: false, deps: { eslint: '~8.57.0' } },
  { name: 'ESLint 9, flat config: JS, TS, PHP through the language', major: 9, flat: true, deps: { eslint: '^9' } },
  { name: 'ESLint 10, flat config: JS, TS, PHP through the language', major: 10, flat: true, deps: { eslint: '^10' } },
];

describe.for(SETUPS)('$name', ({ major, flat, deps }) => {
  const files = flat ? ['src/a.js', 'src/b.ts', 'src/c.php', 'src/clean.php'] : ['src/a.js', 'src/b.ts'];
  let o: Outcome;
  beforeAll(() => {
    const dir = project(`eslint${major}`, { ...deps, '@typescript-eslint/parser': '^8', typescript: '~5.9.0' }, tarball);
    prepare(dir, flat ? { 'eslint.config.js': FLAT } : { '.eslintrc.json': JSON.stringify(LEGACY, null, 2) });
    o = collect(dir, files);
  }, 300_000);

  test("ESLint's CLI reports what http-timeout-lint reports, with the plugin's rule names", () => {
    expect(o.eslint.map((r) => path.basename(r.filePath)).sort()).toEqual(files.map((f) => path.basename(f)).sort());
    const expected = ['a.js:2:10 http-timeout/fetch missingTimeout', 'b.ts:2:55 http-timeout/axios missingTimeout'];
    expect(findings(o.eslint)).toEqual(flat ? [...expected, 'c.php:2:7 http-timeout/curl missingTimeout'] : expected);
    const messages = (rs: Result[]) => rs.flatMap((r) => r.messages.map((m) => `${m.ruleId} ${m.message}`)).sort();
    expect(messages(o.eslint)).toEqual(messages(o.cli));
    expect(findings(o.eslint)).toEqual(findings(o.cli));
  });

  test('lintText with a filePath (editors) lints the given text and offers the fix as a suggestion', () => {
    expect(findings(o.api.buffers)).toEqual(findings(o.cli, 1));
    for (const r of o.api.buffers) {
      for (const m of r.messages) {
        const text = `\n${SOURCES[path.basename(r.filePath)]}`;
        const s = m.suggestions?.[0];
        expect(s, `${r.filePath}: a suggestion`).toBeDefined();
        expect(text.slice(0, s!.fix.range[0]) + s!.fix.text + text.slice(s!.fix.range[1])).toBe(`\n${outputOf(o.cliFixed, r.filePath)}`);
      }
    }
  });

  // ESLint 8 has no languages, so PHP goes only through flat config.
  if (flat) test('a PHP syntax error is a fatal parse error at its position', () => {
    expect(o.api.broken).toMatchObject([{ fatal: true, ruleId: null, line: 2, column: 17 }]);
  });

  test('--fix changes nothing by default; with { fix: "auto" } it writes what http-timeout-lint --fix writes', () => {
    expect(o.api.fixed.filter((r) => r.output !== undefined)).toEqual([]);
    for (const f of files) {
      const expected = outputOf(o.cliFixed, f) ?? SOURCES[path.basename(f)];
      expect(o.fixedFiles[f], f).toBe(expected);
    }
    expect(Object.values(o.fixedFiles).filter((t, i) => t !== SOURCES[path.basename(files[i]!)]).length).toBe(flat ? 3 : 2);
  });
});
