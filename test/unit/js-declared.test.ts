import { expect, test } from 'vitest';
import { DEFAULT_CONFIG, resolveConfig } from '../../src/config/config';
import { fixText, lintText } from '../../src/core/lint';

const config = resolveConfig({
  clients: [
    { call: 'HttpUtil.get', like: 'axios', optionsArg: 1 },
    { call: '.fetchJson', like: 'js/fetch' },
    { call: 'send', like: 'ky', optionsArg: 1 },
  ],
}, 'test');

function found(text: string, file = '/p/a.ts', cfg = config): string[] {
  return lintText(text, file, cfg).map((m) => `${m.line} ${m.messageId} ${m.ruleId}`);
}

test('a declared client is judged like the client it names, under that rule id', () => {
  const text = [
    "import { HttpUtil } from './http-util';",
    "HttpUtil.get('https://x.test/');",
    "HttpUtil.get('https://x.test/', { timeout: 0 });",
    "HttpUtil.get('https://x.test/', { timeout: 5000 });",
    "this.api.fetchJson('https://x.test/');",
    "api.fetchJson('https://x.test/', { signal: AbortSignal.timeout(5000) });",
    "send('https://x.test/', { timeout: false });",
    "send('https://x.test/');",
    '',
  ].join('\n');
  expect(found(text)).toEqual(['2 missingTimeout js/axios', '3 disabledTimeout js/axios', '5 missingTimeout js/fetch', '7 disabledTimeout js/ky']);
  expect(found(text, '/p/a.ts', DEFAULT_CONFIG)).toEqual([]);
});

test('the message names the declared call; options built elsewhere are followed', () => {
  const text = "const opts = { timeout: 0 };\nHttpUtil.get(url, opts);\nconst ok = { timeout: 1 };\nHttpUtil.get(url, ok);\n";
  const [m, ...rest] = lintText(text, '/p/b.js', config);
  expect(rest).toEqual([]);
  expect(m).toMatchObject({ line: 2, ruleId: 'js/axios', messageId: 'disabledTimeout' });
  expect(m!.message).toMatch(/^HttpUtil\.get /);
});

test('the fix is the like client\'s, at the declared options index, in its unit', () => {
  const text = "HttpUtil.get('https://x.test/');\nx.fetchJson(u);\nHttpUtil.get(u, { headers: {} });\n";
  expect(fixText(text, '/p/c.ts', config).output).toBe(
    "HttpUtil.get('https://x.test/', { timeout: 30000 });\nx.fetchJson(u, { signal: AbortSignal.timeout(30000) });\nHttpUtil.get(u, { headers: {}, timeout: 30000 });\n",
  );
});

test('a catalogue client matched by the same name keeps its own judgement; other names are not matched', () => {
  const text = "import axios from 'axios';\nconst HttpUtil = axios.create({ timeout: 1000 });\nHttpUtil.get(u);\nMyHttpUtil.get(u);\nget(u);\nfetchJson(u);\n";
  expect(found(text)).toEqual([]);
});

