import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRoot } from './root';

/** What one run of the built CLI did. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** Peak resident memory of the whole process, worker threads included. */
  rssMb: number;
  /** Whether the main thread loaded TypeScript or ts-morph. */
  loadedTypeScript: boolean;
}

const ROOT = findRoot(__dirname);

/** Runs `node bin/http-timeout-lint.js ...args` as a user would, timing it and reading its peak RSS. */
export function runCli(args: readonly string[], cwd = ROOT, timeoutMs = 20 * 60_000): CliRun {
  return runNode(join(ROOT, 'bin/http-timeout-lint.js'), args, cwd, timeoutMs);
}

/** Runs a node script in a fresh process: wall time from spawn to exit, Node start-up included. */
export function runNode(script: string, args: readonly string[], cwd = ROOT, timeoutMs = 20 * 60_000): CliRun {
  const dir = mkdtempSync(join(tmpdir(), 'htl-run-'));
  const rssFile = join(dir, 'rss');
  const probeJs = join(ROOT, 'dist/src/dev/rss-probe.js');
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', probeJs, script, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: timeoutMs,
    env: { ...process.env, HTL_RSS_FILE: rssFile, NO_COLOR: '1' },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  let probe = { rssKb: 0, typescript: false, tsMorph: false };
  try {
    probe = JSON.parse(readFileSync(rssFile, 'utf8')) as typeof probe;
  } catch {
    // killed before exit: no figures
  }
  rmSync(dir, { recursive: true, force: true });
  if (r.error) throw r.error;
  const loadedTypeScript = probe.typescript || probe.tsMorph;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, seconds, rssMb: probe.rssKb / 1024, loadedTypeScript };
}

/** Stderr lines that say the tool itself failed on a file. */
export function internalErrors(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /internal error/.test(l));
}
