import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, linkSync, readdirSync, readFileSync, statSync, symlinkSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, CLEAN, CONNECT_MISSING, SEED, cli, json, project } from './helpers';

const FIXED_SEED = `<?php
$ch = curl_init('https://crl.example.test/list.crl');
curl_setopt($ch, CURLOPT_CONNECTTIMEOUT, 10);
curl_setopt($ch, CURLOPT_TIMEOUT, 30);
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
$body = curl_exec($ch);
`;

// Root ignores file permissions, so the permission cases run the CLI as "nobody".
const NOBODY = 65534;
const AS_USER = process.getuid?.() === 0 ? { uid: NOBODY } : {};

function dryRunOutput(dir: string, file: string): string | undefined {
  return json(cli(['-f', 'json', '--fix-dry-run', file], { cwd: dir }))[0]!.output;
}

describe('--fix', () => {
  test('fixes the seed, keeps the mode, leaves no temp file; a second --fix changes nothing', () => {
    const dir = project({ 'a.php': SEED });
    chmodSync(join(dir, 'a.php'), 0o751);
    const dry = dryRunOutput(dir, 'a.php');
    expect(readFileSync(join(dir, 'a.php'), 'utf8')).toBe(SEED);
    const inode = statSync(join(dir, 'a.php')).ino;
    const run = cli(['--fix'], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(statSync(join(dir, 'a.php')).ino).not.toBe(inode); // replaced by rename, not rewritten in place
    const written = readFileSync(join(dir, 'a.php'), 'utf8');
    expect(written).toBe(FIXED_SEED);
    expect(written).toBe(dry);
    expect(statSync(join(dir, 'a.php')).mode & 0o7777).toBe(0o751);
    expect(readdirSync(dir)).toEqual(['a.php']);
    const before = statSync(join(dir, 'a.php'));
    expect(cli(['--fix'], { cwd: dir }).code).toBe(0);
    const after = statSync(join(dir, 'a.php'));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  test('files it does not change are not written', () => {
    const dir = project({ 'clean.php': CLEAN, 'text.txt': SEED, 'a.php': SEED });
    const before = ['clean.php', 'text.txt'].map((f) => statSync(join(dir, f)));
    cli(['--fix'], { cwd: dir });
    const after = ['clean.php', 'text.txt'].map((f) => statSync(join(dir, f)));
    expect(after.map((s) => [s.ino, s.mtimeMs])).toEqual(before.map((s) => [s.ino, s.mtimeMs]));
  });

  test('the json report after --fix has the remaining messages and the output', () => {
    const dir = project({ 'a.php': SEED, 'w.php': CONNECT_MISSING });
    const results = json(cli(['--fix', '-f', 'json'], { cwd: dir }));
    expect(results.map((r) => [r.messages.length, r.output === readFileSync(r.filePath, 'utf8')])).toEqual([[0, true], [0, true]]);
  });

  test('keeps a UTF-8 BOM and CRLF line endings', () => {
    const crlf = SEED.replace(/\n/g, '\r\n');
    const dir = project({ 'a.php': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf)]) });
    const [dry] = json(cli(['-f', 'json', '--fix-dry-run'], { cwd: dir }));
    expect(dry!.messages).toEqual([]);
    cli(['--fix'], { cwd: dir });
    const bytes = readFileSync(join(dir, 'a.php'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(FIXED_SEED.replace(/\n/g, '\r\n'));
    expect(bytes.toString('utf8')).toBe(dry!.output); // as ESLint's, json's output keeps the BOM
  });

  test('mixed line endings: the lines it does not touch keep theirs', () => {
    const mixed = "<?php\r\n$ch = curl_init('https://x.test/');\ncurl_setopt($ch, CURLOPT_RETURNTRANSFER, true);\r\ncurl_exec($ch);\r\n";
    const dir = project({ 'a.php': mixed });
    cli(['--fix'], { cwd: dir });
    const fixed = readFileSync(join(dir, 'a.php'), 'utf8');
    expect(fixed.startsWith("<?php\r\n$ch = curl_init('https://x.test/');")).toBe(true);
    expect(fixed.endsWith('curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);\r\ncurl_exec($ch);\r\n')).toBe(true);
    expect(fixed).toContain('CURLOPT_TIMEOUT, 30);');
  });

  test('keeps latin1 bytes exactly (invalid UTF-8 is read as latin1)', () => {
    const text = SEED.replace('<?php\n', '<?php\n// caf\u00e9 \u00ff\n');
    const dir = project({ 'a.php': Buffer.from(text, 'latin1') });
    cli(['--fix'], { cwd: dir });
    const expected = FIXED_SEED.replace('<?php\n', '<?php\n// caf\u00e9 \u00ff\n');
    expect(readFileSync(join(dir, 'a.php')).equals(Buffer.from(expected, 'latin1'))).toBe(true);
  });

  test.for(['utf16le', 'utf16be'] as const)('reads and writes %s with its BOM', (encoding) => {
    const encodeAs = (text: string) => {
      const body = Buffer.from(`\ufeff${text}`, 'utf16le');
      return encoding === 'utf16be' ? body.swap16() : body;
    };
    const dir = project({ 'a.php': encodeAs(SEED) });
    const [lint] = json(cli(['-f', 'json'], { cwd: dir }));
    expect(lint!.messages.map((m) => [m.messageId, m.line])).toEqual([['missingTimeout', 2]]);
    cli(['--fix'], { cwd: dir });
    expect(readFileSync(join(dir, 'a.php')).equals(encodeAs(FIXED_SEED))).toBe(true);
  });

  test('a linked file is fixed through the link, which stays a link', () => {
    const dir = project({ 'real/a.php': SEED, '.gitignore': 'real/\n' });
    symlinkSync('real/a.php', join(dir, 'link.php'));
    cli(['--fix'], { cwd: dir });
    expect(lstatSync(join(dir, 'link.php')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real/a.php'), 'utf8')).toBe(FIXED_SEED);
  });

  test('a file with no write bit is not rewritten, even by root: a notice, and the run goes on', () => {
    const dir = project({ 'ro.php': SEED, 'w.php': SEED });
    chmodSync(join(dir, 'ro.php'), 0o444);
    const run = cli(['--fix'], { cwd: dir });
    expect(run.stderr).toBe('http-timeout-lint: ro.php: read-only; the fix is not written\n');
    expect(run.code).toBe(1); // the finding in ro.php stands
    expect(readFileSync(join(dir, 'ro.php'), 'utf8')).toBe(SEED);
    expect(readFileSync(join(dir, 'w.php'), 'utf8')).toBe(FIXED_SEED);
  });

  test('a file the user may not write is not rewritten, though its folder is writable', () => {
    const dir = project({ 'a.php': SEED });
    chmodSync(dir, 0o777);
    const run = cli(['--fix'], { cwd: dir, ...AS_USER });
    expect(run.stderr).toBe('http-timeout-lint: a.php: read-only; the fix is not written\n');
    expect(readFileSync(join(dir, 'a.php'), 'utf8')).toBe(SEED);
  });

  test('a file with two hard links keeps its inode: the fix is not written', () => {
    const dir = project({ 'a.php': SEED });
    linkSync(join(dir, 'a.php'), join(dir, 'other.inc'));
    const run = cli(['--fix', 'a.php'], { cwd: dir });
    expect(run.stderr).toBe('http-timeout-lint: a.php: has 2 hard links, which a rewrite would split; the fix is not written\n');
    expect(statSync(join(dir, 'a.php')).ino).toBe(statSync(join(dir, 'other.inc')).ino);
    expect(readFileSync(join(dir, 'a.php'), 'utf8')).toBe(SEED);
  });

  test('a writable file in a folder that is not: the folder is named, and the file counts as linted', () => {
    const dir = project({ 'ro/a.php': SEED });
    chownSync(join(dir, 'ro/a.php'), NOBODY, NOBODY);
    chmodSync(join(dir, 'ro'), 0o555);
    const run = cli(['--fix'], { cwd: dir, ...AS_USER });
    expect(run.stderr).toBe(
      'http-timeout-lint: ro/a.php: cannot write the fix: its folder is not writable (EACCES)\n' +
        'http-timeout-lint: 1 fix could not be written (see above)\n',
    );
    expect(run.stdout).toContain('ro/a.php');
    expect(run.code).toBe(2);
    expect(readdirSync(join(dir, 'ro'))).toEqual(['a.php']);
  });
});

describe('--stdin', () => {
  test('lints stdin as the --stdin-filename, which need not exist', () => {
    const dir = project();
    const run = cli(['--stdin', '--stdin-filename', 'src/new.php', '-f', 'json'], { cwd: dir, input: SEED });
    expect(run.code).toBe(1);
    const [result] = json(run);
    expect(result!.filePath).toBe(join(dir, 'src/new.php'));
    expect(result!.messages.map((m) => [m.messageId, m.line])).toEqual([['missingTimeout', 2]]);
    expect(result!.source).toBe(SEED);
  });

  test('--fix-dry-run puts the fixed text in output and writes nothing', () => {
    const dir = project();
    const run = cli(['--stdin', '--stdin-filename=a.php', '--fix-dry-run', '-f', 'json'], { cwd: dir, input: SEED });
    expect(run.code).toBe(0);
    expect(json(run)[0]!.output).toBe(FIXED_SEED);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('--fix-dry-run outside json says how many files would change, since the problems it lists are those left', () => {
    const dir = project({ 'a.php': SEED, 'b.php': SEED, 'clean.php': CLEAN });
    const run = cli(['--fix-dry-run', '.'], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toBe(
      'http-timeout-lint: --fix-dry-run: 2 files would change (not written); the problems shown are those the fixes leave; --format json shows the fixed text\n',
    );
    expect(readFileSync(join(dir, 'a.php'), 'utf8')).toBe(SEED);
    expect(cli(['--fix-dry-run', 'clean.php'], { cwd: dir }).stderr).toBe('http-timeout-lint: --fix-dry-run: no file would change\n');
    expect(cli(['--fix-dry-run', '-f', 'json', 'a.php'], { cwd: dir }).stderr).toBe('');
  });

  test('a --stdin-filename of no known language gets the notice a named file gets', () => {
    const run = cli(['--stdin', '--stdin-filename', 'notes.txt', '-f', 'json'], { cwd: project(), input: "fetch('x');\n" });
    expect(run).toMatchObject({ code: 0, stdout: '[]\n' });
    expect(run.stderr).toBe('http-timeout-lint: notes.txt: not a file type http-timeout-lint knows (see "extensions" in the config); skipped\n');
  });

  test('--fix-dry-run keeps a UTF-8 BOM in output', () => {
    const input = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SEED)]);
    const run = cli(['--stdin', '--stdin-filename=a.php', '--fix-dry-run', '-f', 'json'], { cwd: project(), input });
    expect(json(run)[0]!.output).toBe(`\uFEFF${FIXED_SEED}`);
  });

  test('empty input, or no standard input at all (as on CI), is an empty file: no findings', () => {
    const args = ['--stdin', '--stdin-filename', 'a.php', '-f', 'json'];
    const run = cli(args, { cwd: project(), input: '' });
    expect(run.code).toBe(0);
    expect(json(run)[0]!.messages).toEqual([]);
    const none = spawnSync(process.execPath, [BIN, ...args], { cwd: project(), stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    expect(none.status).toBe(0);
    expect(JSON.parse(none.stdout)[0].messages).toEqual([]);
  });
});
