import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, CLEAN, CONNECT_MISSING, SEED, cli, json, project } from './helpers';

// Runs the bin on a pseudo-terminal (util-linux `script`), as a person at a shell would.
function onTerminal(args: string, cwd: string, env: Record<string, string> = {}): { code: number | null; output: string } {
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args}`;
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, input: '' });
  return { code: r.status, output: r.stdout };
}

describe('exit status', () => {
  test('0 when clean, 1 for an error finding', () => {
    expect(cli([], { cwd: project({ 'a.php': CLEAN }) }).code).toBe(0);
    expect(cli([], { cwd: project({ 'a.php': SEED }) }).code).toBe(1);
  });

  test("ESLint's own disable comments quiet the CLI too, and --fix leaves those calls alone", () => {
    const quieted = [
      '<?php',
      '// eslint-disable-next-line http-timeout/curl -- the supervisor kills the worker after 5 s',
      "$ch = curl_init('https://crl.example.test/');",
      'curl_exec($ch);',
      '/* eslint-disable */',
      "$ch2 = curl_init('https://crl.example.test/');",
      'curl_exec($ch2);',
      '',
    ].join('\n');
    const dir = project({ 'a.php': quieted });
    expect(cli([], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
    expect(cli(['--fix'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'a.php'), 'utf8')).toBe(quieted);
    const named = project({ 'b.php': quieted.replace('http-timeout/curl', 'no-console').replace('/* eslint-disable */', '') });
    expect(json(cli(['-f', 'json'], { cwd: named })).flatMap((f) => f.messages.map((m) => m.line))).toEqual([3, 6]);
  });

  test('a disable comment naming no rule is said on stderr, where the finding it meant to quiet is reported', () => {
    const text = ['<?php', '// http-timeout-lint-disable-next-line curl', "$ch = curl_init('https://x.test/');", 'curl_exec($ch);', ''].join('\n');
    const dir = project({ 'a.php': text, 'ok.php': text.replace('curl\n', 'php/curl\n') });
    const r = cli(['-f', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(json(r).map((f) => f.messages.length)).toEqual([1, 0]);
    expect(r.stderr).toBe('http-timeout-lint: a.php: line 2: "curl" in a disable comment is not a rule id (did you mean "php/curl"?); the comment turns nothing off for it\n');
    // A cached result says it again, whether the file is read again (touched) or not (untouched).
    for (const touch of [false, true, false]) {
      if (touch) writeFileSync(join(dir, 'a.php'), text);
      const again = cli(['--cache', '-f', 'json'], { cwd: dir });
      expect(json(again).map((f) => f.messages.length)).toEqual([1, 0]);
      expect(again.stderr).toBe(r.stderr);
    }
  });

  test('warnings alone give 0, unless there are more than --max-warnings', () => {
    const dir = project({ 'a.php': CONNECT_MISSING, 'b.php': CONNECT_MISSING });
    expect(cli([], { cwd: dir }).code).toBe(0);
    expect(cli(['--max-warnings', '2'], { cwd: dir }).code).toBe(0);
    const over = cli(['--max-warnings=1'], { cwd: dir });
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('http-timeout-lint: too many warnings: 2 (maximum: 1)\n');
  });

  test('--quiet reports errors only and does not count warnings', () => {
    const dir = project({ 'seed.php': SEED, 'warn.php': CONNECT_MISSING });
    const results = json(cli(['--quiet', '-f', 'json'], { cwd: dir }));
    expect(results.flatMap((r) => r.messages.map((m) => m.severity))).toEqual([2]);
    expect(cli(['--quiet', '--max-warnings', '0', 'warn.php'], { cwd: dir }).code).toBe(0);
  });

  test.for([
    [['--bogus'], 'unknown option --bogus'],
    [['--format', 'xml'], '--format must be one of stylish, json, sarif, github, gitlab, not "xml"'],
    [['--format'], '--format needs a value'],
    [['--max-warnings', 'many'], '--max-warnings needs a whole number of 0 or more, not "many"'],
    [['--fix', '--fix-dry-run'], '--fix and --fix-dry-run cannot be used together'],
    [['--stdin', '--fix', '--stdin-filename', 'a.php'], '--fix cannot be used with --stdin'],
    [['--stdin'], '--stdin needs --stdin-filename'],
    [['--stdin-filename', 'a.php'], '--stdin-filename needs --stdin'],
    [['--quiet=yes'], '--quiet takes no value'],
  ] as const)('bad usage %j exits 2 with one line on stderr', ([args, reason]) => {
    const run = cli(args, { cwd: project({ 'a.php': SEED }) });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(reason);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('--help and --version', () => {
    const dir = project();
    const help = cli(['--help'], { cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: http-timeout-lint \[options\] \[paths\.\.\.\]/);
    const version = cli(['-v'], { cwd: dir });
    expect(version.stdout).toBe(`${JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')).version}\n`);
  });
});

describe('--output-file', () => {
  test('writes the report there, creating folders, atomically; stdout stays empty', () => {
    const dir = project({ 'a.php': SEED });
    const run = cli(['-f', 'json', '-o', 'reports/deep/lint.json'], { cwd: dir });
    expect(run).toMatchObject({ code: 1, stdout: '' });
    const report = JSON.parse(readFileSync(join(dir, 'reports/deep/lint.json'), 'utf8'));
    expect(report[0].messages[0].messageId).toBe('missingTimeout');
    expect(readdirSync(join(dir, 'reports/deep'))).toEqual(['lint.json']);
  });

  test('/dev/stdout and /dev/null are written to, not replaced (a temp file renamed over them would be)', () => {
    const dir = project({ 'a.php': SEED });
    const before = lstatSync('/dev/stdout').isSymbolicLink();
    const run = cli(['-f', 'json', '-o', '/dev/stdout'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)[0].messages[0].messageId).toBe('missingTimeout');
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(before);
    expect(cli(['-o', '/dev/null'], { cwd: dir })).toMatchObject({ code: 1, stdout: '', stderr: '' });
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  test('a report that cannot be written exits 2', () => {
    const dir = project({ 'a.php': CLEAN, 'file': 'not a folder' });
    const run = cli(['-o', 'file/report.txt'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^http-timeout-lint: cannot write the report to file\/report\.txt \(\w+\)\n$/);
    expect(existsSync(join(dir, 'file/report.txt'))).toBe(false);
  });
});

describe('on a terminal', () => {
  test('stylish is coloured, but not with NO_COLOR', () => {
    const dir = project({ 'a.php': SEED });
    expect(onTerminal('a.php', dir).output).toContain('\u001b[31m');
    expect(onTerminal('a.php', dir, { NO_COLOR: '1' }).output).not.toContain('\u001b[');
  });

  test('--stdin with a terminal for stdin is bad usage', () => {
    const run = onTerminal('--stdin --stdin-filename a.php', project());
    expect(run.code).toBe(2);
    expect(run.output).toContain('http-timeout-lint: --stdin was given but standard input is a terminal');
  });

  test('--stdin with no input lints an empty file, as ESLint does', () => {
    const run = cli(['--stdin', '--stdin-filename', 'a.php', '-f', 'json'], { cwd: project(), input: '' });
    expect(run.code).toBe(0);
    expect(json(run)[0]!.messages).toEqual([]);
  });
});
