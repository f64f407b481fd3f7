import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { engineFor } from '../src/engines/registry';
import { DEFAULT_CONFIG } from '../src/config/config';
import { writeBaseline } from '../src/core/baseline';
import { lintText } from '../src/core/lint';
import { plugin } from '../src/eslint/plugin';

const dir = mkdtempSync(path.join(tmpdir(), 'htl-eslint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BARE = "$ch = curl_init('https://x.test/');\ncurl_exec($ch);\n";
const TOTAL_ONLY = "$t = curl_init('https://x.test/');\ncurl_setopt($t, CURLOPT_TIMEOUT, 30);\ncurl_exec($t);\n";

type Extra = Record<string, unknown>;

function lint(code: string, file: string, extra: Extra[] = [], settings: Extra = {}) {
  const linter = new Linter({ cwd: dir });
  const config = [...plugin.configs.recommended, { settings }, ...extra];
  return linter.verify(code, config as never, { filename: path.join(dir, file) });
}

function brief(messages: Linter.LintMessage[]): string[] {
  return messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? 'fatal'} ${m.messageId ?? m.message}`);
}

describe('the PHP language', () => {
  test('text ESLint could not read as UTF-8 (U+FFFD in it) gets suggestions, not fixes that --fix would write', () => {
    const auto = [{ rules: { 'http-timeout/curl': ['error', { fix: 'auto' }] } }];
    const latin1 = lint(`<?php\n// Gr\uFFFDe\n${BARE}`, 'l.php', auto);
    expect(latin1.map((m) => [m.messageId, !!m.fix, m.suggestions?.length])).toEqual([['missingTimeout', false, 1]]);
    expect(lint(`<?php\n${BARE}`, 'u.php', auto).map((m) => !!m.fix)).toEqual([true]);
  });

  test('reports what the CLI reports: rule names, messages, positions, after a non-ASCII line', () => {
    const code = `<?php\n// Größe: ünïcödé 😀\n${BARE}${TOTAL_ONLY}`;
    const eslint = lint(code, 'a.php');
    const cli = lintText(code, path.join(dir, 'a.php'), DEFAULT_CONFIG);
    expect(eslint.map((m) => [m.ruleId, m.message, m.line, m.column, m.endLine, m.endColumn])).toEqual(
      cli.map((m) => [`http-timeout/${m.ruleId!.split('/')[1]}`, m.message, m.line, m.column, m.endLine, m.endColumn]),
    );
    expect(brief(eslint)).toEqual(['3:7 http-timeout/curl missingTimeout', '5:6 http-timeout/curl missingConnectTimeout']);
  });

  test('a syntax error is a fatal parse error at its position, as in the CLI', () => {
    const code = "<?php\n$ch = curl_init('https://x.test/';\n";
    const [cli] = lintText(code, path.join(dir, 'b.php'), DEFAULT_CONFIG);
    const eslint = lint(code, 'b.php');
    expect(eslint).toHaveLength(1);
    expect(eslint[0]).toMatchObject({ fatal: true, ruleId: null, severity: 2, line: cli!.line, column: cli!.column, message: cli!.message });
  });

  test('.phtml templates are PHP, and so is a file put under the language by another pattern', () => {
    expect(brief(lint(`<p>x</p>\n<?php ${BARE}?>\n`, 't.phtml'))).toEqual(['2:13 http-timeout/curl missingTimeout']);
    const inc = [{ files: ['**/*.inc'], plugins: { 'http-timeout': plugin }, language: 'http-timeout/php', rules: { 'http-timeout/curl': 'error' } }];
    expect(brief(lint(`<?php\n${BARE}`, 'lib.inc', inc))).toEqual(['2:7 http-timeout/curl missingTimeout']);
  });

  test('http-timeout-lint suppression comments work, as in the CLI', () => {
    const code = `<?php\n# http-timeout-lint-disable-next-line php/curl -- killed by the supervisor\n${BARE}`;
    expect(lint(code, 'c.php')).toEqual([]);
  });

  test("an http-timeout-lint disable comment naming no rule is said in the message of the finding it meant to quiet", () => {
    const code = `<?php\n// http-timeout-lint-disable-next-line curl\n${BARE}`;
    const messages = lint(code, 'n.php');
    const note = ' Line 2: "curl" in a disable comment is not a rule id (did you mean "php/curl"?); the comment turns nothing off for it.';
    expect(brief(messages)).toEqual(['3:7 http-timeout/curl missingTimeout']);
    const [cli] = lintText(code, path.join(dir, 'n.php'), DEFAULT_CONFIG);
    expect(messages[0]!.message).toBe(cli!.message.replace(' Set CURLOPT', `${note} Set CURLOPT`));
    // A finding on another line than the one the comment governs: its message is as in the CLI.
    const below = lint(`<?php\n// http-timeout-lint-disable-next-line curl\necho 1;\n${BARE}`, 'o.php');
    expect(below.map((m) => m.message.includes('disable comment'))).toEqual([false]);
    // The rule of the finding says it, whatever the comment names; with that rule off, nothing is said.
    const other = lint(code.replace('curl\n', 'fetch\n'), 'q.php');
    expect(other[0]!.message).toContain('Line 2: "fetch" in a disable comment is not a rule id (did you mean "js/fetch"?)');
    expect(lint(code, 'r.php', [{ rules: { 'http-timeout/curl': 'off' } }])).toEqual([]);
  });

  test('eslint-disable comments work in // # and /* */ comments, and unused ones are reported', () => {
    const next = `<?php\n// eslint-disable-next-line http-timeout/curl -- reason\n${BARE}`;
    expect(lint(next, 'd.php')).toEqual([]);
    const line = `<?php\n$ch = curl_init('https://x.test/'); # eslint-disable-line http-timeout/curl\ncurl_exec($ch);\n`;
    expect(lint(line, 'e.php')).toEqual([]);
    const block = `<?php\n/* eslint-disable http-timeout/curl */\n${BARE}/* eslint-enable http-timeout/curl */\n${BARE.replace(/\$ch/g, '$b')}`;
    expect(brief(lint(block, 'f.php'))).toEqual(['6:6 http-timeout/curl missingTimeout']);
    const unused = lint("<?php\n// eslint-disable-next-line http-timeout/curl\necho 1;\n", 'g.php', [{ linterOptions: { reportUnusedDisableDirectives: 'error' } }]);
    expect(unused.map((m) => m.message)).toEqual(["Unused eslint-disable directive (no problems were reported from 'http-timeout/curl')."]);
  });

  test('inline config comments set a rule for the file', () => {
    expect(lint(`<?php\n/* eslint http-timeout/curl: off */\n${BARE}`, 'h.php')).toEqual([]);
    const auto = new Linter({ cwd: dir }).verifyAndFix(
      `<?php\n/* eslint http-timeout/curl: ["error", {"fix": "auto", "totalTimeout": 5}] */\n${BARE}`,
      plugin.configs.recommended as never,
      { filename: path.join(dir, 'i.php') },
    );
    expect(auto.output).toContain('curl_setopt($ch, CURLOPT_TIMEOUT, 5);');
  });

  test('a JS rule on a PHP file and the PHP rule on a JS file report nothing', () => {
    const all = [{ rules: { 'http-timeout/fetch': 'error', 'http-timeout/curl': 'error' } }];
    expect(brief(lint(`<?php\n${BARE}// fetch('https://x.test')\n`, 'j.php', all))).toEqual(['2:7 http-timeout/curl missingTimeout']);
    expect(brief(lint("curl_init('x');\nfetch('https://x.test');\n", 'j.js', all))).toEqual(['2:1 http-timeout/fetch missingTimeout']);
  });
});

describe('rule options and settings', () => {
  test('missingConnectTimeout "off" drops connect-only findings; others keep the rule severity', () => {
    const code = `<?php\n${BARE}${TOTAL_ONLY}`;
    const off = [{ files: ['**/*.php'], rules: { 'http-timeout/curl': ['warn', { missingConnectTimeout: 'off' }] } }];
    expect(lint(code, 'k.php', off).map((m) => [m.messageId, m.severity])).toEqual([['missingTimeout', 1]]);
    expect(lint(code, 'k.php').map((m) => [m.messageId, m.severity])).toEqual([['missingTimeout', 2], ['missingConnectTimeout', 2]]);
  });

  test('fix values come from the options, in the client unit', () => {
    const opts = [{ rules: { 'http-timeout/fetch': ['error', { fix: 'auto', totalTimeout: 2.5 }] } }];
    const out = new Linter({ cwd: dir }).verifyAndFix("fetch('https://x.test');\n", [...plugin.configs.recommended, ...opts] as never, { filename: path.join(dir, 'l.js') });
    expect(out.output).toBe("fetch('https://x.test', { signal: AbortSignal.timeout(2500) });\n");
  });

  test('text with no file name (<input>) is linted as JavaScript; a .vue file is not', () => {
    const linter = new Linter();
    const config = [...plugin.configs.recommended, { files: ['**/*.vue'] }];
    expect(linter.verify("fetch('https://x.test');\n", config as never).map((m) => m.messageId)).toEqual(['missingTimeout']);
    expect(linter.verify("fetch('https://x.test');\n", config as never, { filename: 'x.vue' }).map((m) => m.messageId)).toEqual([]);
  });

  test('a declared wrapper (setting or option) bounds the requests made inside its call', () => {
    const js = "await pTimeout(fetch('https://x.test'), { milliseconds: 5000 });\nawait fetch('https://y.test');\n";
    const opts = [{ languageOptions: { sourceType: 'module' } }];
    expect(brief(lint(js, 'm.mjs', opts, { 'http-timeout/wrappers': ['pTimeout'] }))).toEqual(['2:7 http-timeout/fetch missingTimeout']);
    const php = `<?php\n$ch = curl_init('https://x.test/');\nHttp::retry(fn () => curl_exec($ch));\n`;
    const wrapped = [{ files: ['**/*.php'], rules: { 'http-timeout/curl': ['error', { wrappers: [{ call: 'Http::retry' }] }] } }];
    expect(lint(php, 'n.php', wrapped)).toEqual([]);
    expect(brief(lint(php, 'n.php'))).toEqual(['2:7 http-timeout/curl missingTimeout']);
  });

  test('setup modules (setting or option, relative to the cwd) set defaults every file gets; one that cannot be read is said once', () => {
    mkdirSync(path.join(dir, 'boot'), { recursive: true });
    writeFileSync(path.join(dir, 'boot', 'main.js'), "import axios from 'axios';\naxios.defaults.timeout = 10000;\n");
    const js = "import axios from 'axios';\nexport const users = () => axios.get('/users');\n";
    const opts = [{ languageOptions: { sourceType: 'module' } }];
    expect(brief(lint(js, 'u.mjs', opts))).toEqual(['2:28 http-timeout/axios missingTimeout']);
    expect(lint(js, 'u.mjs', opts, { 'http-timeout/setup': ['boot/main.js'] })).toEqual([]);
    expect(lint(js, 'u.mjs', [...opts, { rules: { 'http-timeout/axios': ['error', { setup: ['boot/main.js'] }] } }])).toEqual([]);
    const said = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      for (const file of ['v.mjs', 'w.mjs']) {
        expect(brief(lint(js, file, opts, { 'http-timeout/setup': ['boot/gone.js'] }))).toEqual(['2:28 http-timeout/axios missingTimeout']);
      }
      expect(said.mock.calls.map((c) => String(c[0]))).toEqual([
        `http-timeout: setup module ${path.join(dir, 'boot', 'gone.js')} cannot be read (ENOENT); linting goes on without it\n`,
      ]);
    } finally {
      said.mockRestore();
    }
    expect(() => lint(js, 'u.mjs', opts, { 'http-timeout/setup': ['App.vue'] })).toThrow('http-timeout: "http-timeout/setup[0]" "App.vue" is not a JS/TS module');
  });

  test('a baseline (setting) hides the findings it holds, also after lines shift; new ones are reported', () => {
    const file = path.join(dir, 'o.php');
    const code = `<?php\n${BARE}`;
    writeFileSync(file, code);
    const baseline = path.join(dir, 'baseline.json');
    writeBaseline(baseline, [{ filePath: file, source: code, messages: lintText(code, file, DEFAULT_CONFIG) }]);
    const settings = { 'http-timeout/baseline': baseline };
    expect(lint(code, 'o.php', [], settings)).toEqual([]);
    const shifted = `<?php\n\n// a comment\n${BARE}${BARE.replace(/\$ch/g, '$new')}`;
    expect(brief(lint(shifted, 'o.php', [], settings))).toEqual(['6:8 http-timeout/curl missingTimeout']);
  });

  test('a setting of the wrong kind is an error that names the setting, as a wrong rule option is', () => {
    const code = "fetch('https://x.test');\n";
    // ESLint checks rule options against the schema, never settings: a baseline of 42 would else be dropped unseen.
    for (const bad of [42, '', ['b.json']]) {
      expect(() => lint(code, 'p.js', [], { 'http-timeout/baseline': bad })).toThrow('http-timeout: setting "http-timeout/baseline" must be');
    }
    expect(() => lint(code, 'p.js', [], { 'http-timeout/wrappers': 'pTimeout' })).toThrow('http-timeout: "http-timeout/wrappers" must be an array');
  });

  test("typescript-eslint's program, when the project is typed, is handed to the JS engine", () => {
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true }, include: ['*.ts'] }));
    const code = "export const r = fetch('https://x.test');\n";
    writeFileSync(path.join(dir, 'typed.ts'), code);
    const spy = vi.spyOn(engineFor('js')!, 'lint');
    const typed = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser, parserOptions: { project: './tsconfig.json', tsconfigRootDir: dir } } }];
    expect(brief(lint(code, 'typed.ts', typed))).toEqual(['1:18 http-timeout/fetch missingTimeout']);
    expect(spy.mock.calls.at(-1)![2].program).toMatchObject({ getTypeChecker: expect.any(Function) });
    spy.mockRestore();
  });
});
