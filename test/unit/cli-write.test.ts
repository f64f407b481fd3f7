import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { writeIfUnchanged } from '../../src/cli/write';
import { writeAtomic, writeNamedFile } from '../../src/core/write-file';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(content: string, mode = 0o644): string {
  dir = mkdtempSync(join(tmpdir(), 'htl-write-'));
  const path = join(dir, 'a.php');
  writeFileSync(path, content, { mode });
  return path;
}

describe('writeIfUnchanged', () => {
  test('does not overwrite a file that changed on disk since it was read', () => {
    const path = file('old');
    const original = readFileSync(path);
    writeFileSync(path, 'edited by someone else');
    expect(writeIfUnchanged(path, original, Buffer.from('fixed'), statSync(path))).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('edited by someone else');
  });

  test('writes through a temp file and rename, keeping the mode', () => {
    const path = file('old', 0o600);
    const stats = statSync(path);
    expect(writeIfUnchanged(path, readFileSync(path), Buffer.from('fixed'), stats)).toBe(true);
    const after = statSync(path);
    expect(readFileSync(path, 'utf8')).toBe('fixed');
    expect(after.mode & 0o7777).toBe(0o600);
    expect(after.ino).not.toBe(stats.ino);
    expect(readdirSync(dir)).toEqual(['a.php']);
  });
});

describe('writeAtomic', () => {
  test('leaves no temp file when the rename fails', () => {
    const path = file('x');
    expect(() => writeAtomic(join(path, 'inside-a-file'), 'data')).toThrow();
    expect(readdirSync(dir)).toEqual(['a.php']);
  });
});

describe('writeNamedFile (reports, baselines)', () => {
  test('writes to a device as it is: /dev/null stays the device', () => {
    expect(statSync('/dev/null').isCharacterDevice(), 'this machine\'s /dev/null is no device: mknod -m 666 /dev/null c 1 3').toBe(true);
    writeNamedFile('/dev/null', 'report');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  test('writes into a pipe (a shell process substitution) without replacing it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'htl-write-'));
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let out = '';
    reader.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const closed = new Promise((done) => reader.on('close', done));
    writeNamedFile(fifo, 'through the pipe');
    await closed;
    expect(out).toBe('through the pipe');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  test('through a symbolic link, replaces the file it names and keeps the link', () => {
    dir = mkdtempSync(join(tmpdir(), 'htl-write-'));
    writeFileSync(join(dir, 'real.json'), 'old');
    symlinkSync('real.json', join(dir, 'link.json'));
    writeNamedFile(join(dir, 'link.json'), 'new');
    expect(readlinkSync(join(dir, 'link.json'))).toBe('real.json');
    expect(readFileSync(join(dir, 'real.json'), 'utf8')).toBe('new');
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'real.json']);
  });

  test('makes missing folders; a folder in the way is an error and stays as it is', () => {
    dir = mkdtempSync(join(tmpdir(), 'htl-write-'));
    writeNamedFile(join(dir, 'a/b/report.json'), '{}');
    expect(readFileSync(join(dir, 'a/b/report.json'), 'utf8')).toBe('{}');
    expect(() => writeNamedFile(join(dir, 'a'), '{}')).toThrow(/EISDIR/);
    expect(statSync(join(dir, 'a')).isDirectory()).toBe(true);
  });
});
