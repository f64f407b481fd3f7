import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/config';
import { freezeImportGraph } from '../../src/catalogue/import-graph';
import { lintTarget, processTarget, settleTarget, type RunSettings } from '../../src/cli/lint-files';
import { Log } from '../../src/cli/log';
import * as read from '../../src/cli/read';
import * as write from '../../src/cli/write';
import { SEED } from '../cli/helpers';

vi.mock('../../src/core/lint', async (original) => {
  const real = await original<typeof import('../../src/core/lint')>();
  const boom = (path: string) => {
    if (path.endsWith('boom.php')) throw new RangeError('Maximum call stack size exceeded');
  };
  return {
    ...real,
    lintText: (...a: Parameters<typeof real.lintText>) => (boom(a[1]), real.lintText(...a)),
    lintTextSuppressed: (...a: Parameters<typeof real.lintTextSuppressed>) => (boom(a[1]), real.lintTextSuppressed(...a)),
    fixText: (...a: Parameters<typeof real.fixText>) => (boom(a[1]), real.fixText(...a)),
  };
});

const settings = (mode: RunSettings['mode']): RunSettings => ({ config: DEFAULT_CONFIG, mode, lint: {} });
let dir = '';
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

function setup(name: string): { path: string; log: Log; lines: string[] } {
  dir = mkdtempSync(join(tmpdir(), 'htl-lint-files-'));
  const path = join(dir, name);
  writeFileSync(path, SEED);
  const lines: string[] = [];
  return { path, log: new Log(dir, (l) => lines.push(l)), lines };
}

describe('lintTarget', () => {
  test('an engine crash on one file is a failure line, not the end of the run', () => {
    const { path, log, lines } = setup('boom.php');
    expect(lintTarget({ path, realPath: path }, settings('lint'), log)).toBeNull();
    expect(lines).toEqual(['http-timeout-lint: boom.php: internal error: RangeError: Maximum call stack size exceeded\n']);
    expect(log.failures).toBe(1);
  });

  test('a fix that cannot be written reports the file as it is on disk', () => {
    const { path, log, lines } = setup('a.php');
    vi.spyOn(write, 'writeIfUnchanged').mockReturnValue(false);
    const result = lintTarget({ path, realPath: path }, settings('fix'), log)!;
    expect(result.output).toBeUndefined();
    expect(result.messages.map((m) => m.messageId)).toEqual(['missingTimeout']);
    expect(lines).toEqual(['http-timeout-lint: a.php: changed on disk while being linted; not overwritten\n']);
    expect(readFileSync(path, 'utf8')).toBe(SEED);
  });
});

describe('within a run: a file read as a module is not read again as a target', () => {
  const park = { beforeLint: () => {} };
  const target = (name: string) => ({ path: join(dir, name), realPath: join(dir, name) });

  // a.js imports b.js, which sorts after it: judging a.js reads b.js as a module first.
  function importing(b: string | Buffer): void {
    dir = mkdtempSync(join(tmpdir(), 'htl-lint-files-'));
    writeFileSync(join(dir, 'a.js'), `import { x } from './b';\nx();\n`);
    writeFileSync(join(dir, 'b.js'), b);
    freezeImportGraph();
    const s = settings('lint');
    const log = new Log(dir, () => {});
    const waiting = processTarget(target('a.js'), s, log, false, undefined, false, park).waiting!;
    expect(settleTarget(target('a.js'), s, log, waiting).result).toEqual({ filePath: join(dir, 'a.js'), messages: [], source: '' });
  }

  const lintB = () => processTarget(target('b.js'), settings('lint'), new Log(dir, () => {}), false, undefined, false, park);

  test('unchanged and naming no client: its outcome comes from that reading', () => {
    importing(`export const x = () => 1;\n`);
    const reads = vi.spyOn(read, 'readSource');
    expect(lintB().result).toEqual({ filePath: join(dir, 'b.js'), messages: [], source: '' });
    expect(reads).not.toHaveBeenCalled();
  });

  test('changed since: read again', () => {
    importing(`export const x = () => 1;\n`);
    writeFileSync(join(dir, 'b.js'), `export const x = () => fetch('https://a.test/');\n`);
    utimesSync(join(dir, 'b.js'), new Date(), new Date(Date.now() + 5_000));
    const reads = vi.spyOn(read, 'readSource');
    expect(lintB().result!.messages.map((m) => m.messageId)).toEqual(['missingTimeout']);
    expect(reads).toHaveBeenCalledOnce();
  });

  test('not UTF-8 (the target read decodes it otherwise), or holding a NUL (a binary file to skip): read again', () => {
    for (const b of [Buffer.from('export const x = () => "\xe9";\n', 'latin1'), 'export const x = () => "\0";\n']) {
      importing(b);
      const reads = vi.spyOn(read, 'readSource');
      lintB();
      expect(reads).toHaveBeenCalledOnce();
      vi.restoreAllMocks();
    }
  });
});
