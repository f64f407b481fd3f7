import { expect, test } from 'vitest';
import { ConfigError, resolveConfig } from '../../src/config/config';

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

test('bad declarations are refused with the key that is wrong', () => {
  expect(error({ wrappers: 'pTimeout' })).toBe('cfg.json: "wrappers" must be an array');
  expect(error({ wrappers: [{ call: 'a b' }] })).toMatch(/^cfg\.json: "wrappers\[0\]\.call" "a b" is not a call name/);
  expect(error({ wrappers: [{ call: 'x', lang: 'js' }] })).toBe('cfg.json: "wrappers[0].lang" is not a known key (known: call, language)');
  expect(error({ wrappers: [{ call: 'x', language: 'py' }] })).toBe('cfg.json: "wrappers[0].language" must be "php" or "js", not "py"');
  expect(error({ clients: [{ call: 'x', like: 'nope' }] })).toMatch(/^cfg\.json: "clients\[0\]\.like" must name a known client \(known: php\/curl, /);
  expect(error({ clients: [{ call: 'Http::get', like: 'js/axios' }] })).toMatch(/"clients\[0\]\.call" "Http::get" is not a call name/);
  expect(error({ clients: [{ call: 'get', like: 'php/guzzle', optionsArg: -1 }] })).toMatch(/"clients\[0\]\.optionsArg" must be a whole number/);
});
