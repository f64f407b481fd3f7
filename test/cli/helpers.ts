import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const BIN = join(ROOT, 'bin/http-timeout-lint.js');

/** The seed: one missingTimeout error (php/curl) at line 2, fixable. */
export const SEED = `<?php
$ch = curl_init('https://crl.example.test/list.crl');
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
$body = curl_exec($ch);
`;

/** Both bounds set: clean. */
export const CLEAN = `<?php
$ch = curl_init('https://api.example.test/');
curl_setopt($ch, CURLOPT_CONNECTTIMEOUT, 5);
curl_setopt($ch, CURLOPT_TIMEOUT, 30);
curl_exec($ch);
`;

/** Total bound only: one missingConnectTimeout warning at line 2. */
export const CONNECT_MISSING = `<?php
$ch = curl_init('https://api.example.test/');
curl_setopt($ch, CURLOPT_TIMEOUT, 30);
curl_exec($ch);
`;

/** Compiles src/ to dist/; tsc emits even when it reports type errors, so success is main.js being there. */
export function build(): void {
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  if (!existsSync(join(ROOT, 'dist/src/cli/main.js'))) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  input?: string | Buffer;
  env?: Record<string, string>;
  /** Run as this user (the tests run as root, which no permission stops). */
  uid?: number;
}

/** Spawns the built bin, as a user or CI would; a run that hangs fails after 2 minutes (loaded machines are slow). */
export function cli(args: readonly string[], o: RunOptions): Run {
  const env = { ...process.env, ...o.env };
  const ids = o.uid === undefined ? {} : { uid: o.uid, gid: o.uid };
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: o.cwd, input: o.input ?? '', env, encoding: 'utf8', timeout: 120_000, ...ids });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const made: string[] = [];

/** A fresh temp folder holding `tree` (path -> content), removed after the run. */
export function project(tree: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'htl-cli-'));
  chmodSync(dir, 0o755); // readable by the unprivileged user some tests run as
  made.push(dir);
  write(dir, tree);
  return dir;
}

export function write(dir: string, tree: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(tree)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

export function cleanup(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Parses a json report; fails with the report when it is not JSON. */
export function json(run: Run): JsonResult[] {
  try {
    return JSON.parse(run.stdout) as JsonResult[];
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

export interface JsonMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  messageId?: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fix?: { range: [number, number]; text: string };
  suggestions?: { desc: string; fix: { range: [number, number]; text: string } }[];
  fatal?: boolean;
}

export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  suppressedMessages: (JsonMessage & { suppressions: { kind: string; justification: string }[] })[];
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  output?: string;
  source?: string;
}

/** File paths of a json report, relative to `dir`. */
export function linted(run: Run, dir: string): string[] {
  return json(run).map((r) => r.filePath.slice(dir.length + 1));
}
