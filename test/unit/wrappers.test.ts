import { expect, test } from 'vitest';
import { DEFAULT_CONFIG, resolveConfig } from '../../src/config/config';
import { lintText } from '../../src/core/lint';
import { jsWrapperSpans } from '../../src/core/wrappers/js';
import { phpWrapperSpans } from '../../src/core/wrappers/php';

function spans(text: string, found: [number, number][]): string[] {
  return found.map(([a, b]) => text.slice(a, b));
}

test('PHP: functions, static and instance methods; names case-insensitive, namespaces ignored', () => {
  const text = "<?php\n\\App\\HttpUtil::GET(curl_exec($a)); $o?->send(f(1)); with_timeout(2);\nfunction with_timeout() {}\n// with_timeout(3)\n$x = 'HttpUtil::get(4)';\n";
  expect(spans(text, phpWrapperSpans(text, ['HttpUtil::get', '->send', 'with_timeout']))).toEqual([
    '\\App\\HttpUtil::GET(curl_exec($a))', '?->send(f(1))', 'with_timeout(2)',
  ]);
});

test('JS: `fn`, `a.b` (also as this.a.b) and `.method`; not inside strings or comments', () => {
  const text = "pTimeout(fetch(u)); this.http.get(u, { a: (1) }); x.retry(go()); // pTimeout(z)\nconst s = 'http.get(q)';\nnew Client.Wrapped(u);\n";
  expect(spans(text, jsWrapperSpans(text, 'a.ts', ['pTimeout', 'http.get', '.retry', 'Client.Wrapped']))).toEqual([
    'pTimeout(fetch(u))', 'this.http.get(u, { a: (1) })', 'x.retry(go())', 'new Client.Wrapped(u)',
  ]);
});

test('a request inside a declared wrapper is not reported; one outside it still is', () => {
  const config = resolveConfig({ wrappers: ['pTimeout', { call: 'Http::retry', language: 'php' }] }, 'test');
  const js = "await pTimeout(fetch('https://x.test'), { milliseconds: 1 });\nawait fetch('https://y.test');\n";
  expect(lintText(js, '/p/a.mjs', config).map((m) => m.line)).toEqual([2]);
  expect(lintText(js, '/p/a.mjs', DEFAULT_CONFIG).map((m) => m.line)).toEqual([1, 2]);
  const php = "<?php\n$ch = curl_init('https://x.test/');\nHttp::retry(fn () => curl_exec($ch));\n$b = curl_init('https://x.test/');\ncurl_exec($b);\n";
  expect(lintText(php, '/p/a.php', config).map((m) => m.line)).toEqual([4]);
});

test('a declared name lets a file through the prefilter (and findings are the same without it)', () => {
  const config = resolveConfig({ clients: [{ call: 'HttpUtil::get', like: 'guzzle' }] }, 'test');
  const text = "<?php\necho HttpUtil::get('https://x.test/');\n";
  expect(lintText(text, '/p/b.php', config)).toEqual(lintText(text, '/p/b.php', config, { noPrefilter: true }));
});
