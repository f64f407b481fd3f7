import { expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/config';
import { lintText } from '../../src/core/lint';

const lint = (code: string) => lintText(code, '/src/app.php', DEFAULT_CONFIG).map((m) => [m.line, m.messageId, m.message]);

const helper = `<?php
function get_curl($url)
{
    $curl = curl_init($url);
    curl_setopt($curl, CURLOPT_RETURNTRANSFER, true);
    return $curl;
}
`;
const bounded = `
function bounded()
{
    $curl = get_curl('https://a.example.test/');
    curl_setopt_array($curl, [CURLOPT_CONNECTTIMEOUT => 5, CURLOPT_TIMEOUT => 30]);
    return curl_exec($curl);
}
`;
const unbounded = `
function unbounded()
{
    $curl = get_curl('https://b.example.test/');
    curl_setopt($curl, CURLOPT_POST, true);
    return curl_exec($curl);
}
`;

test('a helper handle whose callers differ names a request of the caller that leaves it unbounded', () => {
  // The line of the curl_exec() in function `fn`: the first after its header.
  const execLine = (code: string, fn: string) => {
    const lines = code.split('\n');
    const from = lines.findIndex((l) => l.includes(`function ${fn}(`));
    return lines.findIndex((l, i) => i > from && l.includes('curl_exec')) + 1;
  };
  for (const code of [helper + bounded + unbounded, helper + unbounded + bounded]) {
    expect(lint(code)).toEqual([[4, 'missingTimeout', expect.stringContaining(`(sent by curl_exec() on line ${execLine(code, 'unbounded')})`)]]);
  }
});

test('with every caller unbounded the first request is named', () => {
  const code = helper + unbounded + unbounded.replace('function unbounded', 'function other');
  expect(lint(code)).toEqual([[4, 'missingTimeout', expect.stringContaining('(sent by curl_exec() on line 13)')]]);
});

test('a handle made again in an if at file scope, or in a method into the same property, names its own request only', () => {
  const fileScope = `<?php
$ch = curl_init('https://a.example.test/token');
$ok = curl_exec($ch);
if ($ok) {
    $ch = curl_init('https://a.example.test/api');
    curl_exec($ch);
}
`;
  const method = `<?php
class Api
{
    public function run()
    {
        $this->ch = curl_init('https://a.example.test/token');
        $ok = curl_exec($this->ch);
        if ($ok) {
            $this->ch = curl_init('https://a.example.test/api');
            curl_exec($this->ch);
        }
    }
}
`;
  for (const [code, first, second] of [[fileScope, 2, 5], [method, 6, 9]] as const) {
    const found = lintText(code, '/src/app.php', DEFAULT_CONFIG).map((m) => [m.line, m.message.match(/on line (\d+)/)?.[1], m.related?.map((r) => r.line)]);
    expect(found).toEqual([[first, String(first + 1), [first + 1]], [second, String(second + 1), [second + 1]]]);
  }
});
