import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { writeAtomic, writeIfUnchanged } from '../../src/cli/write';

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
