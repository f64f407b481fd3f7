import { describe, expect, test } from 'vitest';
import type { LintMessage } from '../../src/core/lint';
import { formatGithub } from '../../src/cli/formatters/github';
import { formatGitlab } from '../../src/cli/formatters/gitlab';
import { formatJson } from '../../src/cli/formatters/json';
import { formatSarif } from '../../src/cli/formatters/sarif';
import { formatStylish } from '../../src/cli/formatters/stylish';
import type { Failure } from '../../src/cli/log';
import type { FileResult } from '../../src/cli/results';
import { sarifValidator } from '../cli/sarif-schema';

const CWD = '/work/project';
const plain = { cwd: CWD, color: false, failures: [] };

function finding(over: Partial<LintMessage> = {}): LintMessage {
  return {
    ruleId: 'php/curl',
    severity: 2,
    message: 'curl request has no timeout.',
    messageId: 'missingTimeout',
    line: 2,
    column: 7,
    endLine: 2,
    endColumn: 22,
    range: [12, 27],
    fix: { range: [28, 28], text: '\ncurl_setopt($ch, CURLOPT_TIMEOUT, 30);' },
    related: [{ line: 3, column: 1, endLine: 3, endColumn: 15, note: 'request sent here by curl_exec()' }],
    ...over,
  };
}

const SOURCE = "<?php\n$ch = curl_init('x');\ncurl_exec($ch);\n";

function result(messages: LintMessage[], filePath = `${CWD}/src/a.php`, source = SOURCE): FileResult {
  return { filePath, messages, source };
}

describe('json', () => {
  test('keeps the contract shape: no range, no related; suggestions as {desc, fix}', () => {
    const suggestion = { desc: 'Set CURLOPT_TIMEOUT', fix: { range: [1, 2] as [number, number], text: 'x' } };
    const [file] = JSON.parse(formatJson([result([finding({ suggestions: [suggestion] })])], plain));
    const m = file.messages[0];
    expect(Object.keys(m)).toEqual(['ruleId', 'severity', 'message', 'line', 'column', 'messageId', 'endLine', 'endColumn', 'fix', 'suggestions']);
    expect(m.suggestions).toEqual([suggestion]);
  });

  test('suppressedMessages: each message as it would be reported, then its suppressions; no source when only suppressed', () => {
    const off = { ...finding(), suppressions: [{ kind: 'directive' as const, justification: 'killed after 5 s' }] };
    const [file] = JSON.parse(formatJson([{ ...result([]), suppressedMessages: [off] }], plain));
    expect(file.messages).toEqual([]);
    expect(file.suppressedMessages).toHaveLength(1);
    const m = file.suppressedMessages[0];
    expect(Object.keys(m)).toEqual(['ruleId', 'severity', 'message', 'line', 'column', 'messageId', 'endLine', 'endColumn', 'fix', 'suppressions']);
    expect(m.suppressions).toEqual([{ kind: 'directive', justification: 'killed after 5 s' }]);
    expect(file).toMatchObject({ errorCount: 0, fixableErrorCount: 0 });
    expect('source' in file).toBe(false);
  });

  test('output replaces source', () => {
    const [file] = JSON.parse(formatJson([{ ...result([finding({ fix: undefined })]), output: 'fixed' }], plain));
    expect(file.output).toBe('fixed');
    expect('source' in file).toBe(false);
  });
});

describe('github', () => {
  test('escapes data (% CR LF) and properties (also : and ,)', () => {
    const m = finding({ message: '100% sure\r\nnext: line, more' });
    const out = formatGithub([result([m], `${CWD}/a:b,c.php`)], plain);
    expect(out).toBe(
      '::error file=a%3Ab%2Cc.php,line=2,col=7,endLine=2,endColumn=22,title=http-timeout-lint (php/curl)::100%25 sure%0D%0Anext: line, more',
    );
  });

  test('warnings and parse errors', () => {
    const parse: LintMessage = { ruleId: null, severity: 2, message: 'Parsing error: x', line: 4, column: 1, fatal: true };
    const out = formatGithub([result([finding({ severity: 1 }), parse])], plain).split('\n');
    expect(out[0]).toMatch(/^::warning file=src\/a\.php,/);
    expect(out[1]).toBe('::error file=src/a.php,line=4,col=1,title=http-timeout-lint (parse error)::Parsing error: x');
  });

  test('in a job, paths are from the checkout (GITHUB_WORKSPACE), though the step runs in a subfolder', () => {
    const inJob = { ...plain, cwd: `${CWD}/src`, workspace: CWD, failures: [{ file: `${CWD}/src/b.php`, text: 'cannot read (EACCES)', kind: 'lint' as const }] };
    const out = formatGithub([result([finding()]), result([finding()], '/elsewhere/c.php')], inJob).split('\n');
    expect(out.map((l) => l.match(/file=([^,]*)/)![1])).toEqual(['src/a.php', '/elsewhere/c.php', 'src/b.php']);
    // Outside a job, from the cwd.
    expect(formatGithub([result([finding()])], { ...plain, cwd: `${CWD}/src` })).toMatch(/^::error file=a\.php,/);
  });
});

const FAILURES: Failure[] = [
  { file: `${CWD}/src/secret.php`, text: 'cannot read (EACCES)', kind: 'lint' },
  { file: `${CWD}/ro/a,b.php`, text: 'cannot write the fix: its folder is not writable (EACCES)', kind: 'write' },
];

describe('failures', () => {
  test('github: one ::error on the file per path the run failed on, after the findings', () => {
    const out = formatGithub([result([finding()])], { ...plain, failures: FAILURES }).split('\n');
    expect(out).toHaveLength(3);
    expect(out[1]).toBe('::error file=src/secret.php,title=http-timeout-lint (failure)::cannot read (EACCES)');
    expect(out[2]).toBe('::error file=ro/a%2Cb.php,title=http-timeout-lint (failure)::cannot write the fix: its folder is not writable (EACCES)');
  });

  test('gitlab: one critical issue per failure, its fingerprint stable and apart from the findings', () => {
    const issues = JSON.parse(formatGitlab([result([finding()])], { ...plain, failures: FAILURES }));
    expect(issues.slice(1)).toEqual([
      { description: 'cannot read (EACCES)', check_name: 'http-timeout-lint/failure', fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/), severity: 'critical', location: { path: 'src/secret.php', lines: { begin: 1 } } },
      expect.objectContaining({ check_name: 'http-timeout-lint/failure', severity: 'critical', location: { path: 'ro/a,b.php', lines: { begin: 1 } } }),
    ]);
    expect(new Set(issues.map((i: { fingerprint: string }) => i.fingerprint)).size).toBe(3);
    expect(formatGitlab([], { ...plain, failures: FAILURES })).toBe(formatGitlab([], { ...plain, failures: FAILURES.map((f) => ({ ...f })) }));
    const twice = JSON.parse(formatGitlab([], { ...plain, failures: [FAILURES[0]!, FAILURES[0]!] }));
    expect(twice[0].fingerprint).not.toBe(twice[1].fingerprint);
  });
});

describe('notices', () => {
  const NOTICES = [{ file: `${CWD}/src/dead.php`, text: 'broken symbolic link (ENOENT); skipped' }];

  test('github: one ::notice on the file per notice, after the findings, so a skipped file shows on the pull request', () => {
    const out = formatGithub([result([finding()])], { ...plain, notices: NOTICES }).split('\n');
    expect(out).toHaveLength(2);
    expect(out[1]).toBe('::notice file=src/dead.php,title=http-timeout-lint (notice)::broken symbolic link (ENOENT); skipped');
  });

  test('sarif: a note among the notifications; the run still succeeded', () => {
    const log = JSON.parse(formatSarif([result([finding()])], { ...plain, notices: NOTICES }));
    expect(sarifValidator()(log)).toEqual([]);
    expect(log.runs[0].invocations[0]).toEqual({
      executionSuccessful: true,
      toolExecutionNotifications: [
        { level: 'note', message: { text: NOTICES[0]!.text }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/dead.php', uriBaseId: '%SRCROOT%' } } }] },
      ],
    });
  });
});

describe('github annotation limits', () => {
  test('more than 10 of a kind: a notice first says GitHub shows 10 per step and where the rest are', () => {
    const many = result(Array.from({ length: 11 }, (_, i) => finding({ line: i + 2 })));
    const out = formatGithub([many, result([finding({ severity: 1 })], `${CWD}/src/b.php`)], plain).split('\n');
    expect(out).toHaveLength(13);
    expect(out[0]).toBe(
      "::notice title=http-timeout-lint::11 errors, 1 warning: GitHub shows 10 annotations of each kind per step; every one is in this step's log, and --format sarif lists them for code scanning",
    );
    expect(out.slice(1).every((l) => l.startsWith('::error file=src/a.php') || l.startsWith('::warning file=src/b.php'))).toBe(true);
  });

  test('10 of each kind or fewer: no notice', () => {
    const ten = result(Array.from({ length: 10 }, (_, i) => finding({ line: i + 2 })));
    expect(formatGithub([ten], plain).split('\n').every((l) => l.startsWith('::error '))).toBe(true);
  });
});

describe('stylish', () => {
  test('layout: file, finding, code frame with context, related note, summary', () => {
    expect(formatStylish([result([finding()]), result([], `${CWD}/clean.php`)], plain)).toBe(
      [
        '',
        'src/a.php',
        '  2:7  error    curl request has no timeout.  php/curl',
        '        1 | <?php',
        "      > 2 | $ch = curl_init('x');",
        '          |       ^^^^^^^^^^^^^^^',
        '      note 3:1: request sent here by curl_exec()',
        '',
        '✖ 1 problem (1 error, 0 warnings)',
        '  1 fixable with --fix',
        '',
      ].join('\n'),
    );
  });

  test('long lines are cut around the finding, tabs become one space, the caret stays aligned', () => {
    const line = `\t${'x'.repeat(300)}curl_init('y')${'z'.repeat(300)}`;
    const m = finding({ column: 302, endColumn: 316, related: undefined });
    const out = formatStylish([result([m], `${CWD}/a.php`, `<?php\n${line}\n`)], plain).split('\n');
    const code = out.find((l) => l.includes('> 2 |'))!;
    const caret = out[out.indexOf(code) + 1]!;
    expect(code.length).toBeLessThan(140);
    expect(code).toContain('…');
    expect(code.slice(caret.indexOf('^'), caret.lastIndexOf('^') + 1)).toBe("curl_init('y')");
  });

  test('colour only when asked', () => {
    expect(formatStylish([result([finding()])], { cwd: CWD, color: true, failures: [] })).toContain('\u001b[31merror');
    expect(formatStylish([result([])], { cwd: CWD, color: true, failures: [] })).toBe('');
  });
});

describe('sarif', () => {
  const validate = sarifValidator();

  test('related locations, fixes, files outside the cwd and parse errors stay schema-valid', () => {
    const parse: LintMessage = { ruleId: null, severity: 2, message: 'Parsing error: x', line: 1, column: 3, fatal: true };
    const log = JSON.parse(
      formatSarif([result([finding()]), result([finding({ severity: 1 })], '/elsewhere/ü b.php'), result([parse], `${CWD}/bad.php`)], plain),
    );
    expect(validate(log)).toEqual([]);
    const run = log.runs[0];
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///work/project/');
    expect(run.results[0].relatedLocations[0]).toMatchObject({ id: 0, message: { text: 'request sent here by curl_exec()' } });
    expect(run.results[0].fixes[0].artifactChanges[0].replacements[0].deletedRegion).toEqual({ charOffset: 28, charLength: 0 });
    expect(run.results[1].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'file:///elsewhere/%C3%BC%20b.php' });
    expect(run.results[1].level).toBe('warning');
    expect(run.invocations[0].toolExecutionNotifications[0]).toMatchObject({ level: 'error', message: { text: 'Parsing error: x' } });
  });
});

describe('sarif suppressions', () => {
  test('suppressed findings are results with their suppressions: a comment in source, the baseline external', () => {
    const byComment = { ...finding(), suppressions: [{ kind: 'directive' as const, justification: 'killed after 5 s' }] };
    const byBaseline = { ...finding({ line: 3 }), suppressions: [{ kind: 'file' as const, justification: '' }] };
    const log = JSON.parse(formatSarif([{ ...result([finding({ line: 4 })]), suppressedMessages: [byComment, byBaseline] }], plain));
    expect(sarifValidator()(log)).toEqual([]);
    const results = log.runs[0].results;
    expect(results.map((r: { locations: { physicalLocation: { region: { startLine: number } } }[] }) => r.locations[0]!.physicalLocation.region.startLine)).toEqual([4, 2, 3]);
    expect(results[0].suppressions).toBeUndefined();
    expect(results[1].suppressions).toEqual([{ kind: 'inSource', justification: 'killed after 5 s' }]);
    expect(results[2].suppressions).toEqual([{ kind: 'external' }]);
  });
});

describe('gitlab', () => {
  const parse: LintMessage = { ruleId: null, severity: 2, message: 'Parsing error: x', line: 4, column: 1, fatal: true };

  test('one Code Quality issue per finding: major for errors, minor for warnings, paths relative with /', () => {
    const issues = JSON.parse(formatGitlab([result([finding(), finding({ severity: 1, line: 3 })]), result([parse], `${CWD}/bad.php`)], plain));
    expect(issues).toEqual([
      { description: 'curl request has no timeout.', check_name: 'php/curl', fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/), severity: 'major', location: { path: 'src/a.php', lines: { begin: 2 } } },
      expect.objectContaining({ severity: 'minor', location: { path: 'src/a.php', lines: { begin: 3 } } }),
      expect.objectContaining({ check_name: 'parse-error', severity: 'major', location: { path: 'bad.php', lines: { begin: 4 } } }),
    ]);
    expect(new Set(issues.map((i: { fingerprint: string }) => i.fingerprint)).size).toBe(3);
  });

  test('fingerprints survive lines moving, and differ between equal findings and between files', () => {
    const prints = (rs: FileResult[]) => JSON.parse(formatGitlab(rs, plain)).map((i: { fingerprint: string }) => i.fingerprint);
    const twice = "<?php\n$a = curl_init('x');\n$a = curl_init('x');\n";
    const [first, second] = prints([result([finding(), finding({ line: 3 })], `${CWD}/a.php`, twice)]);
    expect(first).not.toBe(second);
    expect(prints([result([finding({ line: 3 }), finding({ line: 4 })], `${CWD}/a.php`, `<?php\n\n${twice.slice(6)}`)])).toEqual([first, second]);
    expect(prints([result([finding()], `${CWD}/b.php`, twice)])).not.toEqual([first]);
  });

  test('an empty report is an empty array; files outside the cwd keep their absolute path', () => {
    expect(formatGitlab([result([])], plain)).toBe('[]');
    expect(JSON.parse(formatGitlab([result([finding()], '/elsewhere/a.php')], plain))[0].location.path).toBe('/elsewhere/a.php');
  });
});
