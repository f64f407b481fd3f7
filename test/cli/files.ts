import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLEAN, SEED, cli, json, linted, project, write } from './helpers';

// Root ignores file permissions, so the permission cases run the CLI as "nobody".
const AS_USER = process.getuid?.() === 0 ? { uid: 65534 } : {};

describe('walking folders', () => {
  test('skips dependency, VCS and build folders; lints only known extensions; sorted', () => {
    const dir = project({
      'z.php': SEED, 'a.phtml': SEED, 'm/b.php': SEED, 'notes.txt': SEED, '.hidden.php': SEED,
      'node_modules/x/i.php': SEED, 'vendor/guzzle/g.php': SEED, '.git/hooks/h.php': SEED,
      'dist/d.php': SEED, 'build/b.php': SEED, 'coverage/c.php': SEED, 'src/vendor/v.php': SEED,
    });
    expect(linted(cli(['-f', 'json'], { cwd: dir }), dir)).toEqual(['.hidden.php', 'a.phtml', 'm/b.php', 'z.php']);
  });

  test('honours .gitignore files, nested ones relative to their own folder, with negation', () => {
    const dir = project({
      '.gitignore': 'generated/\n*.tmp.php\n',
      'generated/g.php': SEED,
      'a.tmp.php': SEED,
      'gen.php': SEED,
      'sub/.gitignore': '/gen.php\n!keep.tmp.php\n',
      'sub/gen.php': SEED,
      'sub/keep.tmp.php': SEED,
      'sub/deeper/gen.php': SEED,
      'sub/x.tmp.php': SEED,
    });
    expect(linted(cli(['-f', 'json'], { cwd: dir }), dir)).toEqual(['gen.php', 'sub/deeper/gen.php', 'sub/keep.tmp.php']);
    // From a subfolder, the .gitignore files above it (up to the work tree root) still count.
    mkdirSync(join(dir, '.git'));
    expect(linted(cli(['-f', 'json', 'sub'], { cwd: dir }), dir)).toEqual(['sub/deeper/gen.php', 'sub/keep.tmp.php']);
    // A folder named on the command line is walked even when git ignores it.
    expect(linted(cli(['-f', 'json', 'generated'], { cwd: dir }), dir)).toEqual(['generated/g.php']);
  });

  test('files named explicitly are linted where git or a default folder would skip them, not where an ignore pattern does', () => {
    const dir = project({ '.gitignore': 'skip.php\n', 'skip.php': SEED, 'vendor/v.php': SEED, 'a.php': CLEAN });
    const run = cli(['-f', 'json', 'skip.php', 'vendor/v.php', 'a.php'], { cwd: dir });
    expect(linted(run, dir)).toEqual(['a.php', 'skip.php', 'vendor/v.php']);
    // A hook names every staged file: the project's own ignore patterns still hold, as in ESLint, with a notice.
    write(dir, { 'http-timeout-lint.config.json': JSON.stringify({ ignorePatterns: ['legacy/'] }), 'legacy/old.php': SEED });
    const hook = cli(['-f', 'json', '--ignore-pattern', 'skip.php', 'skip.php', 'legacy/old.php', 'a.php'], { cwd: dir });
    expect(hook.code).toBe(0);
    expect(linted(hook, dir)).toEqual(['a.php']);
    expect(hook.stderr).toBe(
      'http-timeout-lint: skip.php: matched by ignorePatterns or --ignore-pattern; skipped (--no-ignore lints it)\n' +
        'http-timeout-lint: legacy/old.php: matched by ignorePatterns or --ignore-pattern; skipped (--no-ignore lints it)\n',
    );
    expect(linted(cli(['-f', 'json', '--no-ignore', 'legacy/old.php'], { cwd: dir }), dir)).toEqual(['legacy/old.php']);
  });

  test('--ignore-pattern (repeatable) and --no-ignore', () => {
    const dir = project({ 'a.php': SEED, 'legacy/b.php': SEED, 'c.generated.php': SEED, 'vendor/v.php': SEED, '.gitignore': 'x/\n', 'x/y.php': SEED });
    const run = cli(['-f', 'json', '--ignore-pattern', 'legacy/', '--ignore-pattern=*.generated.php'], { cwd: dir });
    expect(linted(run, dir)).toEqual(['a.php']);
    const all = cli(['-f', 'json', '--no-ignore', '--ignore-pattern', 'legacy/'], { cwd: dir });
    expect(linted(all, dir)).toEqual(['a.php', 'c.generated.php', 'legacy/b.php', 'vendor/v.php', 'x/y.php']);
  });

  test('a folder with nothing left to lint is noted by its relative name, the cwd as "."', () => {
    const dir = project({ 'a.php': SEED, 'sub/b.php': SEED });
    const run = cli(['--ignore-pattern', '*.php'], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: 'http-timeout-lint: .: no files to lint in this folder\n' });
    const sub = cli(['--ignore-pattern', '*.php', 'sub'], { cwd: dir });
    expect(sub.stderr).toBe('http-timeout-lint: sub: no files to lint in this folder\n');
  });

  test('paths with spaces and non-ASCII names', () => {
    const dir = project({ 'my project/ünï cödé.php': SEED, 'データ/接続.php': SEED });
    const run = cli(['-f', 'json', 'my project', 'データ/接続.php'], { cwd: dir });
    expect(linted(run, dir)).toEqual(['my project/ünï cödé.php', 'データ/接続.php']);
    expect(json(run).map((r) => r.messages[0]?.line)).toEqual([2, 2]);
  });
});

describe('bad paths: a message, the other paths still linted', () => {
  test('a path that does not exist exits 2', () => {
    const dir = project({ 'a.php': SEED });
    const run = cli(['-f', 'json', 'missing.php', 'a.php'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(linted(run, dir)).toEqual(['a.php']);
    expect(run.stderr).toBe('http-timeout-lint: missing.php: no such file or folder\nhttp-timeout-lint: 1 path could not be linted (see above)\n');
  });

  test('symlinks: loops and linked folders are not followed, outside files not read, broken links noted', () => {
    const dir = project({ 'tree/a.php': SEED, 'tree/sub/b.php': CLEAN, 'outside/o.php': SEED });
    const tree = join(dir, 'tree');
    symlinkSync('..', join(tree, 'sub/loop'));
    symlinkSync('self.php', join(tree, 'self.php'));
    symlinkSync('../outside', join(tree, 'linked-dir'));
    symlinkSync('../outside/o.php', join(tree, 'escape.php'));
    symlinkSync('nowhere.php', join(tree, 'broken.php'));
    symlinkSync('sub/b.php', join(tree, 'twin.php'));
    const run = cli(['-f', 'json'], { cwd: tree });
    expect(run.code).toBe(1);
    expect(linted(run, tree)).toEqual(['a.php', 'sub/b.php']);
    expect(run.stderr).toContain('broken.php: broken symbolic link (ENOENT); skipped');
    expect(run.stderr).toContain('self.php: broken symbolic link (ELOOP); skipped');
    expect(run.stderr).toContain('escape.php: symbolic link to a file outside the linted folder; skipped');
  });

  test('a named link whose target does not exist is skipped with a notice, as a walk skips it', () => {
    const dir = project({ 'a.php': CLEAN });
    symlinkSync('../shared/config.local.js', join(dir, 'config.js'));
    const run = cli(['a.php', 'config.js'], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stderr: 'http-timeout-lint: config.js: broken symbolic link (ENOENT); skipped\n' });
  });

  test('a linked file whose target is not walked is linted once, under the link name', () => {
    const dir = project({ 'ignored/real.php': SEED, '.gitignore': 'ignored/\n' });
    symlinkSync('ignored/real.php', join(dir, 'link.php'));
    expect(linted(cli(['-f', 'json'], { cwd: dir }), dir)).toEqual(['link.php']);
  });

  test('unreadable files and folders are reported, the run goes on, exit 2', () => {
    const dir = project({ 'a.php': SEED, 'locked.php': SEED, 'closed/c.php': SEED });
    chmodSync(join(dir, 'locked.php'), 0);
    chmodSync(join(dir, 'closed'), 0);
    const run = cli(['-f', 'json'], { cwd: dir, ...AS_USER });
    expect(linted(run, dir)).toEqual(['a.php']);
    expect(run.stderr).toContain('http-timeout-lint: closed: cannot read folder (EACCES)');
    expect(run.stderr).toContain('http-timeout-lint: locked.php: cannot read (EACCES)');
    expect(run.code).toBe(2);
  });

  test('a named file in a folder that cannot be searched is unreadable, not missing', () => {
    const dir = project({ 'a.php': SEED, 'closed/c.php': SEED });
    chmodSync(join(dir, 'closed'), 0);
    const run = cli(['-f', 'json', 'closed/c.php', 'a.php'], { cwd: dir, ...AS_USER });
    expect(linted(run, dir)).toEqual(['a.php']);
    expect(run.stderr).toBe('http-timeout-lint: closed/c.php: cannot read (EACCES)\nhttp-timeout-lint: 1 path could not be linted (see above)\n');
    expect(run.code).toBe(2);
  });

  test('a FIFO with a source extension is skipped without blocking', () => {
    const dir = project({ 'a.php': SEED });
    execFileSync('mkfifo', [join(dir, 'pipe.php')]);
    const run = cli(['-f', 'json', '.', 'pipe.php'], { cwd: dir });
    expect(linted(run, dir)).toEqual(['a.php']);
    expect(run.stderr).toContain('pipe.php: not a regular file; skipped');
  });
});

describe('bad input files', () => {
  test('binary, oversized and empty files', () => {
    const dir = project({ 'a.php': SEED, 'bin.php': Buffer.from([0x3c, 0x3f, 0x70, 0, 1, 2, 0xff]), 'empty.php': '' });
    writeFileSync(join(dir, 'huge.php'), `<?php\n${'$x = curl_init();\n'.repeat(320_000)}`); // ~5.8 MB > 5 MB default
    const run = cli(['-f', 'json'], { cwd: dir });
    expect(linted(run, dir)).toEqual(['a.php', 'empty.php']);
    expect(json(run)[1]!.messages).toEqual([]);
    expect(run.stderr).toContain('bin.php: binary file (NUL bytes, or UTF-32); skipped');
    expect(run.stderr).toMatch(/huge\.php: \d+ bytes, over maxFileSize \(5242880\); skipped/);
    expect(run.code).toBe(1);
  });

  test('maxFileSize from config', () => {
    const dir = project({ 'a.php': SEED, 'http-timeout-lint.config.json': '{ "maxFileSize": 20 }' });
    const run = cli(['-f', 'json'], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stdout: '[]\n' });
    expect(run.stderr).toContain(`a.php: ${Buffer.byteLength(SEED)} bytes, over maxFileSize (20); skipped`);
  });
});
