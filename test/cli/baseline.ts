import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { SEED, cli, json, project } from './helpers';

describe('baseline', () => {
  test('--baseline-write records today; --baseline then fails only on new findings, across line shifts', () => {
    const dir = project({ 'old.php': SEED });
    const write = cli(['--baseline-write', 'baseline.json', '.'], { cwd: dir });
    expect(write.code).toBe(0);
    expect(write.stderr).toMatch(/recorded 1 finding in .*baseline\.json/);
    expect(JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')).files).toHaveProperty(['old.php']);

    expect(cli(['--baseline', 'baseline.json', '.'], { cwd: dir }).code).toBe(0);
    // Unrelated edits move the finding down two lines: still known.
    writeFileSync(join(dir, 'old.php'), SEED.replace('<?php\n', '<?php\n// a comment\n\n'));
    expect(cli(['--baseline', 'baseline.json', '.'], { cwd: dir }).code).toBe(0);
    // A new file with the same bug is new.
    writeFileSync(join(dir, 'new.php'), SEED);
    const run = cli(['--baseline', 'baseline.json', '--format', 'json', '.'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(json(run).map((r) => [r.filePath.split('/').pop(), r.messages.length])).toEqual([['new.php', 1], ['old.php', 0]]);
    const kept = json(run).map((r) => r.suppressedMessages.map((m) => [m.line, m.ruleId, m.suppressions]));
    expect(kept).toEqual([[], [[4, 'php/curl', [{ kind: 'file', justification: '' }]]]]);
  });

  test('--baseline-write says which parse errors it cannot record, since --baseline runs still fail on them', () => {
    const broken = "<?php\nfunction f( {\n  $ch = curl_init('https://x.test/');\n}\n";
    const dir = project({ 'old.php': SEED, 'lib/broken.php': broken });
    const write = cli(['--baseline-write', 'baseline.json', '.'], { cwd: dir });
    expect(write.code).toBe(0);
    expect(write.stderr).toBe(
      'http-timeout-lint: recorded 1 finding in baseline.json\n' +
        'http-timeout-lint: not recorded: 1 parse error (lib/broken.php:2); --baseline runs report it until it is fixed\n',
    );
    expect(cli(['--baseline', 'baseline.json', '.'], { cwd: dir }).code).toBe(1);
  });

  test('a baseline that is not one, or that is missing, exits 2 with the reason', () => {
    const dir = project({ 'a.php': SEED, 'bad.json': '{"version": 2}' });
    const bad = cli(['--baseline', 'bad.json', '.'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^http-timeout-lint: \S*bad\.json: not a baseline file/);
    expect(cli(['--baseline', 'missing.json', '.'], { cwd: dir }).stderr).toMatch(/missing\.json: cannot read the baseline \(ENOENT\)/);
    expect(cli(['--baseline-write', 'b.json', '--fix', '.'], { cwd: dir }).code).toBe(2);
  });

  test('--baseline-write creates missing folders; a target it cannot write is one line, exit 2, no temp file left', () => {
    const dir = project({ 'a.php': SEED });
    expect(cli(['--baseline-write', 'new/dir/b.json', 'a.php'], { cwd: dir }).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'new/dir/b.json'), 'utf8')).files).toHaveProperty(['../../a.php']);
    mkdirSync(join(dir, 'taken'));
    const run = cli(['--baseline-write', 'taken', 'a.php'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`http-timeout-lint: ${join(dir, 'taken')}: cannot write the baseline (it is a folder)\n`);
    expect(readdirSync(dir).sort()).toEqual(['a.php', 'new', 'taken']);
  });
});
