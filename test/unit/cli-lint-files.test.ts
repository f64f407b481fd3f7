import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/config';
import { lintTarget, type RunSettings } from '../../src/cli/lint-files';
import { Log } from '../../src/cli/log';
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
