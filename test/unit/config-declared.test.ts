import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENTS } from '../../rules/index';
import { ConfigError, resolveConfig } from '../../src/config/config';
import { declarable } from '../../src/config/declared';

const TOP = '$schema, rules, missingConnectTimeout, ignorePatterns, fix, extensions, maxFileSize, wrappers, clients, setup';

function error(raw: unknown): string {
  try {
    resolveConfig(raw, 'cfg.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  return 'no error';
}

test('wrappers: call names, with the language read from their syntax or given', () => {
  const c = resolveConfig({ wrappers: ['pTimeout', 'HttpUtil::get', '->send', 'api.get', { call: 'fetchJson', language: 'js' }] }, 'cfg.json');
  expect(c.wrappers).toEqual([
    { call: 'pTimeout', language: null },
    { call: 'HttpUtil::get', language: 'php' },
    { call: '->send', language: 'php' },
    { call: 'api.get', language: 'js' },
    { call: 'fetchJson', language: 'js' },
  ]);
});

test('clients: `like` names a catalogue client, by id or by short name', () => {
  const c = resolveConfig({ clients: [{ call: 'HttpUtil::get', like: 'guzzle', optionsArg: 2 }, { call: 'api.get', like: 'js/axios' }] }, 'cfg.json');
  expect(c.clients).toEqual([
    { call: 'HttpUtil::get', like: 'php/guzzle', language: 'php', optionsArg: 2 },
    { call: 'api.get', like: 'js/axios', language: 'js' },
  ]);
});

test('setup: JS/TS module paths, made absolute from the config file\'s folder', () => {
  const c = resolveConfig({ setup: ['src/main.ts', './resources/js/bootstrap.js', '/abs/init.mjs'] }, 'cfg.json', '/app');
  expect(c.setup).toEqual(['/app/src/main.ts', '/app/resources/js/bootstrap.js', '/abs/init.mjs']);
  expect(resolveConfig({ extensions: { js: ['.es6'] }, setup: ['boot.es6'] }, 'cfg.json', '/app').setup).toEqual(['/app/boot.es6']);
  expect(error({ setup: 'src/main.js' })).toBe('cfg.json: "setup" must be an array');
  expect(error({ setup: [''] })).toBe('cfg.json: "setup[0]" must be a non-empty string (a path)');
  expect(error({ setup: ['src/main.js', 'src/App.vue'] })).toBe(
    'cfg.json: "setup[1]" "src/App.vue" is not a JS/TS module (.js, .mjs, .cjs, .jsx, .ts, .mts, .cts, .tsx)',
  );
  expect(error({ setup: ['bootstrap.php'] })).toMatch(/^cfg\.json: "setup\[0\]" "bootstrap\.php" is not a JS\/TS module/);
});

test('bad declarations are refused with the key that is wrong', () => {
  expect(error({ wrappers: 'pTimeout' })).toBe('cfg.json: "wrappers" must be an array');
  expect(error({ wrappers: [{ call: 'a b' }] })).toMatch(/^cfg\.json: "wrappers\[0\]\.call" "a b" is not a call name/);
  expect(error({ wrappers: [{ call: 'x', lang: 'js' }] })).toBe('cfg.json: "wrappers[0].lang" is not a known key (known: call, language)');
  expect(error({ wrappers: [{ call: 'x', language: 'py' }] })).toBe('cfg.json: "wrappers[0].language" must be "php" or "js", not "py"');
  expect(error({ clients: [{ call: 'x', like: 'nope' }] })).toMatch(/^cfg\.json: "clients\[0\]\.like" must name a known client \(known: php\/curl, /);
  expect(error({ clients: [{ call: 'Http::get', like: 'js/axios' }] })).toBe(
    'cfg.json: "clients[0].call" "Http::get" is a PHP call, but "like" names a JS client (js/axios); the languages must match',
  );
  expect(error({ clients: [{ call: 'http.get', like: 'php/guzzle' }] })).toMatch(/"http\.get" is a JS call, but "like" names a PHP client/);
  expect(error({ clients: [{ call: 'foo' }] })).toMatch(/^cfg\.json: "clients\[0\]\.like" is missing; name a known client \(known: /);
  expect(error({ wrappers: [1] })).toBe('cfg.json: "wrappers[0]" must be a string or an object');
  expect(error({ rulez: {} })).toBe(`cfg.json: "rulez" is not a known key (known: ${TOP})`);
  expect(error({ clients: [{ call: 'get', like: 'php/guzzle', optionsArg: -1 }] })).toMatch(/"clients\[0\]\.optionsArg" must be a whole number/);
});

test('a client with no options argument cannot be a `like` target: an error naming those that can', () => {
  expect(error({ clients: [{ call: 'Api.get', like: 'superagent' }] })).toBe(
    'cfg.json: "clients[0].like" "js/superagent" is not configured by an options object; a JS client can be declared like ' +
      CLIENTS.filter((c) => c.language === 'js' && declarable(c)).map((c) => c.id).join(', '),
  );
  expect(error({ clients: [{ call: 'fetch_it', like: 'php/curl' }] })).toMatch(/"php\/curl" is not configured by an options array; a PHP client can be declared like php\/soap, /);
});

// The README lists the `like` targets in prose; they must be exactly those the config accepts.
test.for(['php', 'js'] as const)('the README lists every %s client that can be a `like` target, and no other', (language) => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8').replace(/\s+/g, ' ');
  const sentence = readme.slice(readme.indexOf(language === 'php' ? 'like a client configured by an options array' : 'like a client configured by an options object'));
  const listed = sentence.slice(0, sentence.indexOf(')')).match(/`[a-z]+\/[a-z0-9-]+`/g)!.map((id) => id.slice(1, -1));
  expect(listed.sort()).toEqual(CLIENTS.filter((c) => c.language === language && declarable(c)).map((c) => c.id).sort());
});

test("rules: a client's name alone or its ESLint rule name is refused with the id it means", () => {
  expect(error({ rules: { curl: 'off' } })).toBe('cfg.json: "rules.curl" is not a rule id; did you mean "php/curl"?');
  expect(error({ rules: { 'http-timeout/fetch': 'warn' } })).toBe('cfg.json: "rules.http-timeout/fetch" is not a rule id; did you mean "js/fetch"?');
  expect(error({ rules: { 'js/guzzle': 'off' } })).toBe('cfg.json: "rules.js/guzzle" is not a rule id; did you mean "php/guzzle"?');
  expect(error({ rules: null })).toBe('cfg.json: "rules" must be an object');
  expect(error({ rules: { 'php/nope': 'off' } })).toMatch(/^cfg\.json: "rules\.php\/nope" is not a known key \(known: php\/curl, /);
});
