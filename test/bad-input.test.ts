import { expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../src/config/config';
import { fixText, lintText } from '../src/core/lint';

const lint = (text: string, file: string) => lintText(text, file, DEFAULT_CONFIG);

test('a PHP syntax error is a fatal message at its position', () => {
  const [m] = lint("<?php\n$ch = curl_init();\n$x = ;\n", '/a.php');
  expect(m).toMatchObject({ fatal: true, ruleId: null, line: 3, column: 6 });
  // One prefix, not the parser's own beside it.
  expect(m!.message).toBe("Parsing error: syntax error, unexpected ';'");
});

test('a JS syntax error is a fatal message at its position', () => {
  expect(lint('const r = fetch(url);\nconst = 1;\n', '/a.js')).toMatchObject([{ fatal: true, ruleId: null, line: 2 }]);
});

test('deeply nested code ends in a clear message or a normal result, never a stack overflow', () => {
  const n = 20_000;
  const php = `<?php $ch = curl_init(); $x = ${'['.repeat(n)}1${']'.repeat(n)}; curl_exec($ch);`;
  const js = `fetch(u); const x = ${'['.repeat(n)}1${']'.repeat(n)};`;
  for (const [text, file] of [[php, '/deep.php'], [js, '/deep.js']] as const) {
    const messages = lint(text, file);
    expect(messages.every((m) => m.fatal || m.messageId)).toBe(true);
  }
  // Moderately deep code is analysed as usual.
  const moderate = `<?php ${'if ($a) { '.repeat(400)}$ch = curl_init(); curl_exec($ch);${' }'.repeat(400)}`;
  expect(lint(moderate, '/moderate.php').map((m) => m.messageId)).toEqual(['missingTimeout']);
});

test('a minified bundle on one long line is analysed, and its fix keeps the line', () => {
  const filler = Array.from({ length: 20_000 }, (_, i) => `var a${i}=${i};`).join('');
  const text = `${filler}fetch("https://api.example.test/");${filler}`;
  const { output, messages } = fixText(text, '/bundle.min.js', DEFAULT_CONFIG);
  expect(messages.filter((m) => m.fix)).toEqual([]);
  expect(output.split('\n')).toHaveLength(1);
  expect(output).toContain('fetch("https://api.example.test/", { signal: AbortSignal.timeout(30000) })');
});

test('non-ASCII text before a finding keeps columns in UTF-16 units, as ESLint counts them', () => {
  const text = "<?php\n$s = 'ünï 😀'; $ch = curl_init(); curl_exec($ch);\n";
  const [m] = lint(text, '/u.php');
  expect(m).toMatchObject({ line: 2, column: text.split('\n')[1]!.indexOf('curl_init') + 1 });
});

test('a long line of near-directives is read like any comment (the test times out if a pattern backtracks)', () => {
  const line = `// ${'http-timeout-lint-disable-line-x '.repeat(5000)}\n`;
  expect(lint(`<?php\n${line}$ch = curl_init(); curl_exec($ch);\n`, '/s.php').map((m) => m.messageId)).toEqual(['missingTimeout']);
});
