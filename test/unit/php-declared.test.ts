import { expect, test } from 'vitest';
import { resolveConfig } from '../../src/config/config';
import { fixText, lintText } from '../../src/core/lint';

const config = resolveConfig({ clients: [{ call: 'App\\Http\\HttpUtil::get', like: 'php/guzzle', optionsArg: 1 }] }, 'test config');

const code = `<?php
namespace App\\Jobs;

use App\\Http\\HttpUtil;

$a = HttpUtil::get('https://api.example.test/a', ['headers' => []]);
$b = HttpUtil::get('https://api.example.test/b', ['timeout' => 5, 'connect_timeout' => 2]);
$c = Other::get('https://api.example.test/c', []);
`;

test('a declared in-house client is checked like the client it names', () => {
  const messages = lintText(code, '/src/job.php', config);
  expect(messages.map((m) => [m.line, m.ruleId, m.messageId])).toEqual([[6, 'php/guzzle', 'missingTimeout']]);
  expect(fixText(code, '/src/job.php', config).output).toContain(
    "HttpUtil::get('https://api.example.test/a', ['headers' => [], 'connect_timeout' => 10, 'timeout' => 30]);",
  );
});

test('without the declaration the same code owes nothing', () => {
  expect(lintText(code, '/src/job.php', resolveConfig({}, 'test config'))).toEqual([]);
});

test('a PHP client can only be declared like a client configured by an options array', () => {
  expect(() => resolveConfig({ clients: [{ call: 'Net::open', like: 'php/curl' }] }, 'cfg.json')).toThrow(/clients\[0\]\.like.*php\/guzzle/);
});
