import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CONNECT_MISSING, SEED, cli, json, project } from './helpers';

const CONFIG = 'http-timeout-lint.config.json';
const OFF = JSON.stringify({ rules: { 'php/curl': 'off' } });

function findings(dir: string, args: string[] = []): string[] {
  return json(cli(['-f', 'json', ...args], { cwd: dir })).flatMap((r) => r.messages.map((m) => `${m.messageId}:${m.severity}`));
}

describe('bad config exits 2 with one line naming the file and the key', () => {
  test.for([
    ['not JSON', '{ "rules": ', `${CONFIG}: not valid JSON`],
    ['a comment', '{\n  // legacy code\n  "ignorePatterns": ["legacy/**"]\n}\n', `${CONFIG}: not valid JSON at line 2, column 3; comments are not JSON (`],
    ['a trailing comma', '{ "rules": { "php/curl": "warn" }, }', `${CONFIG}: not valid JSON at line 1, column 36 (`],
    ['unknown key', JSON.stringify({ rulez: {} }), `${CONFIG}: "rulez" is not a known key`],
    ['unknown rule', JSON.stringify({ rules: { 'php/nope': 'error' } }), `${CONFIG}: "rules.php/nope" is not a known key`],
    ['bad severity', JSON.stringify({ rules: { 'php/curl': 'loud' } }), `${CONFIG}: "rules.php/curl" must be "off", "warn" or "error", not "loud"`],
    ['bad fix value', JSON.stringify({ fix: { totalTimeout: -1 } }), `${CONFIG}: "fix.totalTimeout" must be a number of seconds`],
    ['bad size', JSON.stringify({ maxFileSize: '1MB' }), `${CONFIG}: "maxFileSize" must be a positive whole number`],
    ['an extension of the other language', JSON.stringify({ extensions: { php: ['.inc', '.JS'] } }), `${CONFIG}: "extensions.php" has ".js", which is a js extension`],
    ['one extension for both', JSON.stringify({ extensions: { php: ['.tpl'], js: ['.tpl'] } }), `${CONFIG}: "extensions.php" has ".tpl", which is a js extension`],
  ])('%s', ([, text, reason]) => {
    const run = cli([], { cwd: project({ [CONFIG]: text!, 'a.php': SEED }) });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(`http-timeout-lint: ${reason}`)).toBe(true);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('in a package.json key', () => {
    const pkg = JSON.stringify({ name: 'x', 'http-timeout-lint': { rules: { 'php/curl': 'loud' } } });
    const run = cli([], { cwd: project({ 'package.json': pkg, 'a.php': SEED }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('package.json#http-timeout-lint: "rules.php/curl" must be');
  });

  test('a --config file that does not exist', () => {
    const run = cli(['--config', 'nope.json'], { cwd: project({ 'a.php': SEED }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('http-timeout-lint: nope.json: cannot read the config file (ENOENT)\n');
  });
});

describe('finding the config', () => {
  test('the nearest config file, searching upward from the cwd', () => {
    const dir = project({ [CONFIG]: OFF, 'sub/a.php': SEED });
    expect(findings(join(dir, 'sub'))).toEqual([]);
  });

  test('the "http-timeout-lint" key of package.json; a package.json without it is passed over', () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'top', 'http-timeout-lint': { rules: { 'php/curl': 'off' } } }),
      'sub/package.json': JSON.stringify({ name: 'sub' }),
      'sub/a.php': SEED,
    });
    expect(findings(join(dir, 'sub'))).toEqual([]);
    expect(findings(dir)).toEqual([]);
  });

  test('a config file wins over a package.json key beside it, which is named as ignored', () => {
    const pkg = JSON.stringify({ name: 'x', 'http-timeout-lint': { missingConnectTimeout: 'error' } });
    const dir = project({ [CONFIG]: '{}', 'package.json': pkg, 'a.php': CONNECT_MISSING });
    const run = cli(['-f', 'json'], { cwd: dir });
    expect(run.stderr).toBe(`http-timeout-lint: using ${CONFIG}; the "http-timeout-lint" key of package.json beside it is ignored\n`);
    expect(json(run)[0]!.messages.map((m) => m.severity)).toEqual([1]);
  });

  test('--config wins over the file found by searching', () => {
    const dir = project({ [CONFIG]: OFF, 'strict.json': JSON.stringify({ missingConnectTimeout: 'error' }), 'a.php': CONNECT_MISSING });
    expect(findings(dir)).toEqual([]);
    expect(findings(dir, ['--config', 'strict.json'])).toEqual(['missingConnectTimeout:2']);
    expect(findings(dir, ['-c', join(dir, 'strict.json')])).toEqual(['missingConnectTimeout:2']);
  });

  test('fix values come from the config', () => {
    const dir = project({ [CONFIG]: JSON.stringify({ fix: { connectTimeout: 2, totalTimeout: 5 } }), 'a.php': SEED });
    const [result] = json(cli(['-f', 'json', '--fix-dry-run'], { cwd: dir }));
    expect(result!.output).toContain('curl_setopt($ch, CURLOPT_CONNECTTIMEOUT, 2);');
    expect(result!.output).toContain('curl_setopt($ch, CURLOPT_TIMEOUT, 5);');
  });

  test('ignorePatterns are relative to the config file, extensions add file types', () => {
    const dir = project({
      [CONFIG]: JSON.stringify({ ignorePatterns: ['sub/legacy/'], extensions: { php: ['.inc'] } }),
      'sub/legacy/b.php': SEED,
      'sub/other/legacy/d.php': SEED,
      'sub/c.inc': SEED,
      'sub/notes.txt': SEED,
    });
    const files = json(cli(['-f', 'json'], { cwd: join(dir, 'sub') })).map((r) => r.filePath.slice(dir.length + 1));
    expect(files).toEqual(['sub/c.inc', 'sub/other/legacy/d.php']);
  });
});
