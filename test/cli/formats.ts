import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLIENTS } from '../../rules/index';
import { CLEAN, CONNECT_MISSING, SEED, cli, json, project, type JsonResult } from './helpers';
import { sarifValidator } from './sarif-schema';

const RESULT_KEYS = [
  'filePath', 'messages', 'suppressedMessages', 'errorCount', 'fatalErrorCount', 'warningCount',
  'fixableErrorCount', 'fixableWarningCount', 'usedDeprecatedRules',
];
const MESSAGE_KEYS = ['ruleId', 'severity', 'message', 'line', 'column', 'messageId', 'endLine', 'endColumn'];
const BROKEN = '<?php\n$ch = curl_init(;\n';

function sample(): string {
  return project({ 'seed.php': SEED, 'clean.php': CLEAN, 'warn.php': CONNECT_MISSING, 'broken.php': BROKEN });
}

describe('json', () => {
  test('is ESLint JSON formatter shape, key for key, with every linted file', () => {
    const dir = sample();
    const run = cli(['--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const [broken, clean, seed, warn] = json(run);
    expect([broken, clean, seed, warn].map((r) => r!.filePath)).toEqual(['broken', 'clean', 'seed', 'warn'].map((n) => join(dir, `${n}.php`)));
    expect(Object.keys(clean!)).toEqual(RESULT_KEYS);
    expect(Object.keys(seed!)).toEqual([...RESULT_KEYS.slice(0, -1), 'source', 'usedDeprecatedRules']);
    expect(seed!.source).toBe(SEED);
    expect(seed!.messages).toHaveLength(1);
    const m = seed!.messages[0]!;
    expect(Object.keys(m)).toEqual([...MESSAGE_KEYS, 'fix']);
    expect(Object.keys(m.fix!)).toEqual(['range', 'text']);
    expect(m).toMatchObject({ ruleId: 'php/curl', severity: 2, messageId: 'missingTimeout', line: 2, column: 7, endLine: 2 });
    expect(seed).toMatchObject({ errorCount: 1, warningCount: 0, fixableErrorCount: 1, fixableWarningCount: 0 });
    expect(warn!.messages.map((x) => [x.messageId, x.severity, x.line])).toEqual([['missingConnectTimeout', 1, 2]]);
    expect(warn).toMatchObject({ errorCount: 0, warningCount: 1 });
  });

  test('a parse error is a fatal message with no rule, and the other files are still linted', () => {
    const dir = sample();
    const [broken, ...rest] = json(cli(['-f', 'json'], { cwd: dir }));
    expect(broken!.messages).toHaveLength(1);
    expect(Object.keys(broken!.messages[0]!)).toEqual(['ruleId', 'fatal', 'severity', 'message', 'line', 'column']);
    expect(broken!.messages[0]).toMatchObject({ ruleId: null, fatal: true, severity: 2, line: 2 });
    expect(broken).toMatchObject({ errorCount: 1, fatalErrorCount: 1 });
    expect(rest.flatMap((r) => r.messages)).toHaveLength(2);
  });

  test('suppressedMessages lists what comments turned off, the same from the cache and after --fix', () => {
    const only = "<?php\n$a = curl_init('https://a.example.test/'); // eslint-disable-line http-timeout/curl\ncurl_exec($a);\n";
    const mixed = [
      '<?php',
      '// http-timeout-lint-disable-next-line php/curl -- the supervisor kills the job after 5 s',
      "$b = curl_init('https://b.example.test/');",
      'curl_exec($b);',
      "$c = curl_init('https://c.example.test/');",
      'curl_exec($c);',
      '',
    ].join('\n');
    const dir = project({ 'only.php': only, 'mixed.php': mixed });
    const offs = (rs: JsonResult[]) => rs.map((r) => r.suppressedMessages.map((m) => [m.line, m.ruleId, m.suppressions]));
    const expected = [
      [[3, 'php/curl', [{ kind: 'directive', justification: 'the supervisor kills the job after 5 s' }]]],
      [[2, 'php/curl', [{ kind: 'directive', justification: '' }]]],
    ];
    const cold = cli(['-f', 'json', '--cache'], { cwd: dir });
    expect(offs(json(cold))).toEqual(expected);
    expect(json(cold).map((r) => r.messages.map((m) => m.line))).toEqual([[5], []]);
    expect(cli(['-f', 'json', '--cache'], { cwd: dir }).stdout).toBe(cold.stdout);
    expect(offs(json(cli(['-f', 'json', '--fix-dry-run'], { cwd: dir })))).toEqual(expected);
    const fixed = cli(['-f', 'json', '--fix', '--cache'], { cwd: dir });
    expect(fixed.code).toBe(0);
    expect(offs(json(fixed))).toEqual(expected);
    expect(offs(json(cli(['-f', 'json', '--cache'], { cwd: dir })))).toEqual(expected);
    // A suppressed finding's fix is not applied: only $c gets its timeouts.
    expect(readFileSync(join(dir, 'mixed.php'), 'utf8').match(/CURLOPT_TIMEOUT/g)).toHaveLength(1);
    expect(readFileSync(join(dir, 'only.php'), 'utf8')).toBe(only);
  });
});

test('--no-prefilter gives the same findings', () => {
  const dir = project({ ...Object.fromEntries(['seed', 'clean', 'warn'].map((n, i) => [`${n}.php`, [SEED, CLEAN, CONNECT_MISSING][i]!])), 'none.php': '<?php echo 1;\n' });
  const run = cli(['-f', 'json'], { cwd: dir });
  expect(cli(['-f', 'json', '--no-prefilter'], { cwd: dir }).stdout).toBe(run.stdout);
  expect(json(run).flatMap((r) => r.messages)).toHaveLength(2);
});

describe('sarif', () => {
  const validate = sarifValidator();

  test('is valid SARIF 2.1.0 with every catalogue rule, results, related locations and fixes', () => {
    const dir = project({ 'dir with space/ünï cödé.php': SEED, 'warn.php': CONNECT_MISSING, 'broken.php': BROKEN });
    const run = cli(['--format', 'sarif'], { cwd: dir });
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout);
    expect(validate(log)).toEqual([]);
    const sarifRun = log.runs[0];
    const rules = sarifRun.tool.driver.rules;
    expect(rules.map((r: { id: string }) => r.id)).toEqual(CLIENTS.map((c) => c.id));
    for (const rule of rules) {
      expect(rule.shortDescription.text && rule.fullDescription.text && rule.help.text).toBeTruthy();
      expect(rule.helpUri).toBe(`https://github.com/http-timeout-lint/eslint-plugin-http-timeout/blob/main/rules/${rule.id}.md`);
    }
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
    expect(sarifRun.tool.driver).toMatchObject({ name: 'http-timeout-lint', version: pkg.version, informationUri: pkg.homepage });
    const [seed, warn] = sarifRun.results;
    expect(seed).toMatchObject({ ruleId: 'php/curl', ruleIndex: 0, level: 'error' });
    const location = seed.locations[0].physicalLocation;
    expect(location.artifactLocation).toEqual({ uri: 'dir%20with%20space/%C3%BCn%C3%AF%20c%C3%B6d%C3%A9.php', uriBaseId: '%SRCROOT%' });
    expect(location.region).toMatchObject({ startLine: 2, startColumn: 7, endLine: 2 });
    expect(seed.relatedLocations.length).toBeGreaterThan(0);
    expect(seed.fixes[0].artifactChanges[0].replacements[0].insertedContent.text).toContain('CURLOPT_TIMEOUT');
    expect(warn).toMatchObject({ level: 'warning', ruleId: 'php/curl' });
    const notes = sarifRun.invocations[0].toolExecutionNotifications;
    expect(notes).toHaveLength(1);
    expect(notes[0].locations[0].physicalLocation.artifactLocation.uri).toBe('broken.php');
  });

  test('a clean run is valid SARIF with no results', () => {
    const run = cli(['-f', 'sarif'], { cwd: project({ 'clean.php': CLEAN }) });
    expect(run.code).toBe(0);
    const log = JSON.parse(run.stdout);
    expect(validate(log)).toEqual([]);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(true);
  });

  test('a run with failures (exit 2) is not successful, and each failure is a notification on its file', () => {
    const dir = project({ 'ok.php': SEED, 'secret.php': SEED });
    chmodSync(join(dir, 'secret.php'), 0);
    const run = cli(['-f', 'sarif'], { cwd: dir, ...(process.getuid?.() === 0 && { uid: 65534 }) });
    expect(run.code).toBe(2);
    const log = JSON.parse(run.stdout);
    expect(validate(log)).toEqual([]);
    const [invocation] = log.runs[0].invocations;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: 'cannot read (EACCES)' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'secret.php', uriBaseId: '%SRCROOT%' } } }],
      },
    ]);
    expect(log.runs[0].results).toHaveLength(1);
  });
});

describe('github', () => {
  test('prints one workflow command per finding, warnings as ::warning', () => {
    const run = cli(['--format', 'github'], { cwd: sample() });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^::error file=broken\.php,line=2,col=\d+,title=http-timeout-lint \(parse error\)::/);
    expect(lines[1]).toMatch(/^::error file=seed\.php,line=2,col=7,endLine=2,endColumn=\d+,title=http-timeout-lint \(php\/curl\)::curl request has no timeout/);
    expect(lines[2]).toMatch(/^::warning file=warn\.php,line=2,col=7,endLine=2,endColumn=\d+,title=http-timeout-lint \(php\/curl\)::/);
  });

  test('a path the run failed on (exit 2) is an ::error on that file', () => {
    const dir = project({ 'ok.php': SEED, 'secret.php': SEED });
    chmodSync(join(dir, 'secret.php'), 0);
    const run = cli(['-f', 'github'], { cwd: dir, ...(process.getuid?.() === 0 && { uid: 65534 }) });
    expect(run.code).toBe(2);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^::error file=ok\.php,line=2,/);
    expect(lines[1]).toBe('::error file=secret.php,title=http-timeout-lint (failure)::cannot read (EACCES)');
  });

  test('escapes commas and colons in the file property', () => {
    const run = cli(['-f', 'github'], { cwd: project({ 'a,b:c.php': SEED }) });
    expect(run.stdout).toMatch(/^::error file=a%2Cb%3Ac\.php,line=2,/);
  });
});

describe('gitlab', () => {
  test('is a Code Quality report: one issue per finding, paths relative to the cwd, fingerprints unique', () => {
    const dir = project({ 'sub dir/seed.php': SEED, 'warn.php': CONNECT_MISSING, 'broken.php': BROKEN, 'clean.php': CLEAN });
    const run = cli(['--format', 'gitlab'], { cwd: dir });
    expect(run.code).toBe(1);
    const issues = JSON.parse(run.stdout) as { check_name: string; severity: string; fingerprint: string; location: unknown }[];
    expect(issues.map((i) => [i.check_name, i.severity, i.location])).toEqual([
      ['parse-error', 'major', { path: 'broken.php', lines: { begin: 2 } }],
      ['php/curl', 'major', { path: 'sub dir/seed.php', lines: { begin: 2 } }],
      ['php/curl', 'minor', { path: 'warn.php', lines: { begin: 2 } }],
    ]);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(3);
    expect(cli(['-f', 'gitlab'], { cwd: dir }).stdout).toBe(run.stdout);
  });

  test('a path the run failed on (exit 2) is a critical issue on that file, the same run after run', () => {
    const dir = project({ 'ok.php': SEED, 'secret.php': SEED });
    chmodSync(join(dir, 'secret.php'), 0);
    const as = process.getuid?.() === 0 ? { uid: 65534 } : {};
    const run = cli(['-f', 'gitlab'], { cwd: dir, ...as });
    expect(run.code).toBe(2);
    const issues = JSON.parse(run.stdout) as { check_name: string; severity: string; description: string; fingerprint: string; location: unknown }[];
    expect(issues.map((i) => [i.check_name, i.severity, i.location])).toEqual([
      ['php/curl', 'major', { path: 'ok.php', lines: { begin: 2 } }],
      ['http-timeout-lint/failure', 'critical', { path: 'secret.php', lines: { begin: 1 } }],
    ]);
    expect(issues[1]!.description).toBe('cannot read (EACCES)');
    expect(cli(['-f', 'gitlab'], { cwd: dir, ...as }).stdout).toBe(run.stdout);
  });

  test('a clean run is an empty array', () => {
    expect(cli(['-f', 'gitlab'], { cwd: project({ 'clean.php': CLEAN }) })).toMatchObject({ code: 0, stdout: '[]\n' });
  });
});

describe('stylish', () => {
  test('groups by file, frames the code, sums up, and has no colour when piped', () => {
    const run = cli([], { cwd: sample() });
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stdout).toContain('seed.php\n  2:7  error    curl request has no timeout');
    expect(run.stdout).toContain("    > 2 | $ch = curl_init('https://crl.example.test/list.crl');");
    expect(run.stdout).toMatch(/\| {7}\^{10,}\n/);
    expect(run.stdout).toContain('warn.php\n  2:7  warning  ');
    expect(run.stdout).toContain('✖ 3 problems (2 errors, 1 warning)\n  2 fixable with --fix\n');
  });

  test('after --fix, frames the fixed text the lines it reports are of', () => {
    const text = [
      'export async function a(url) {',
      '  return fetch(url, {',
      "    method: 'GET',",
      '  });',
      '}',
      // options made once at module scope: their signal would fire once, so the fix is only offered and the finding stays
      "const init = { method: 'POST' };",
      'export async function b(url) {',
      '  return fetch(url, init);',
      '}',
      '',
    ].join('\n');
    for (const mode of ['--fix', '--fix-dry-run']) {
      const run = cli([mode, 'a.js'], { cwd: project({ 'a.js': text }) });
      expect(run.stdout).toContain('  9:10  error');
      expect(run.stdout).toContain('    > 9 |   return fetch(url, init);');
    }
  });

  test('prints nothing when all is clean', () => {
    const run = cli(['.'], { cwd: project({ 'clean.php': CLEAN }) });
    expect(run).toMatchObject({ code: 0, stdout: '' });
  });
});
