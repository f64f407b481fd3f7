import { expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/config';
import { lintText } from '../../src/core/lint';

const suggested = (code: string) => {
  const msgs = lintText(code, '/src/app.php', DEFAULT_CONFIG);
  return msgs.map((m) => [m.line, m.messageId, (m.suggestions ?? []).map((s) => {
    const [from, to] = s.fix.range;
    return code.slice(0, from) + s.fix.text + code.slice(to);
  })]);
};
const lineOf = (text: string, n: number) => text.split('\n')[n - 1]?.trim();

test("Joomla 3's JHttpFactory and JHttp take a Registry: each unbounded request is offered a timeout of its own", () => {
  const code = `<?php
function send($u, $data) {
    $http = JHttpFactory::getHttp();
    $http->get($u);
    $http->post($u, $data);
    $http->delete($u, ['X-A' => 1]);
    $http->put($u, $data, [], 10);
}
function ping($u) {
    $j = new JHttp();
    return $j->head($u, [], null);
}
`;
  const [a, b, ...rest] = suggested(code);
  expect(rest).toEqual([]);
  expect(a?.[0]).toBe(3);
  const fixedA = a![2] as string[];
  expect(fixedA.map((t, i) => lineOf(t, 4 + i))).toEqual(["$http->get($u, [], 30);", "$http->post($u, $data, [], 30);", "$http->delete($u, ['X-A' => 1], 30);"]);
  expect(fixedA.every((t) => !t.includes("getHttp(["))).toBe(true);
  expect(b?.[0]).toBe(10);
  expect((b![2] as string[]).map((t) => lineOf(t, 11))).toEqual(['return $j->head($u, [], 30);']);
});

test("the CMS's HttpFactory takes an array from Joomla 4 on, a Registry before: the request's own timeout first, then the array", () => {
  const code = `<?php
use Joomla\\CMS\\Http\\HttpFactory;
$http = HttpFactory::getHttp();
$http->get('https://api.example.test/items');
`;
  const [finding] = suggested(code);
  const fixed = finding![2] as string[];
  expect([lineOf(fixed[0]!, 4), lineOf(fixed[1]!, 3)]).toEqual(["$http->get('https://api.example.test/items', [], 30);", "$http = HttpFactory::getHttp(['timeout' => 30]);"]);
  expect(fixed).toHaveLength(2);
});

test("the framework's Joomla\\Http\\Http takes an array: the options stay the place the timeout is offered", () => {
  const code = `<?php
$http = new Joomla\\Http\\Http();
$http->get('https://api.example.test/items');
`;
  expect(suggested(code).map((f) => (f[2] as string[]).map((t) => lineOf(t, 2)))).toEqual([["$http = new Joomla\\Http\\Http(['timeout' => 30]);"]]);
});
