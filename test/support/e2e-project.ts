// Throwaway projects for the end-to-end tests: the package as `npm pack` makes it, installed with real ESLint
// versions from the registry. Installs live under one folder in the OS temp dir, reused by later runs.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const root = path.resolve(__dirname, '../..');
export const cacheDir = path.join(tmpdir(), 'http-timeout-lint-e2e');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command; never throws, so a test can look at the status and both streams. */
export function run(cwd: string, cmd: string, args: readonly string[], timeout = 240_000): Run {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1', npm_config_loglevel: 'error' } });
  return { status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

function must(r: Run, what: string): Run {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}):\n${r.stderr}\n${r.stdout}`.slice(0, 4000));
  return r;
}

const PACKED = ['package.json', 'README.md', 'bin', 'rules'];

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir).sort().flatMap((name) => filesUnder(path.join(dir, name)));
}

// Everything the build and the pack read: the same hash means the same tarball, so it is made only once.
function sourceHash(): string {
  const hash = createHash('sha256').update(readFileSync(path.join(root, 'node_modules/typescript/package.json')));
  for (const item of [...PACKED, 'src', 'tsconfig.json', 'tsconfig.build.json']) {
    for (const file of filesUnder(path.join(root, item))) hash.update(`${path.relative(root, file)}\0`).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 12);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// Test files run in parallel processes: one packs while the others wait for its tarball.
function withLock<T>(lock: string, body: () => T): T {
  for (const start = Date.now(); ; sleep(200)) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (Date.now() - start > 300_000) rmSync(lock, { recursive: true, force: true }); // left by a killed run
    }
  }
  try {
    return body();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

// The build goes to a staging copy, so the repo's own dist/ is never touched while other tests run its bin.
function pack(named: string): void {
  const work = mkdtempSync(path.join(cacheDir, 'pack-'));
  try {
    const stage = path.join(work, 'stage');
    for (const item of PACKED) {
      if (existsSync(path.join(root, item))) cpSync(path.join(root, item), path.join(stage, item), { recursive: true });
    }
    // tsc emits even when a file in progress elsewhere has a type error; the pack needs only the output.
    run(root, process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', path.join(stage, 'dist')]);
    if (!existsSync(path.join(stage, 'dist/src/index.js'))) throw new Error('the build made no dist/src/index.js');
    const out = must(run(stage, 'npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work]), 'npm pack');
    const [{ filename }] = JSON.parse(out.stdout) as { filename: string }[];
    renameSync(path.join(work, filename), named);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Builds and packs the package, unless a tarball of the same sources is there already; the tarball's path. */
export function packTarball(): string {
  mkdirSync(cacheDir, { recursive: true });
  // The name holds a hash of the sources, so each content is installed anew by `project`.
  const named = path.join(cacheDir, `eslint-plugin-http-timeout-${sourceHash()}.tgz`);
  withLock(path.join(cacheDir, 'pack.lock'), () => {
    if (existsSync(named)) utimesSync(named, new Date(), new Date());
    else pack(named);
  });
  // Old tarballs go once nothing can still be installing them.
  const old = readdirSync(cacheDir).filter((f) => f.endsWith('.tgz') && path.join(cacheDir, f) !== named);
  for (const f of old) {
    const stats = statSync(path.join(cacheDir, f), { throwIfNoEntry: false });
    if (stats && Date.now() - stats.mtimeMs > 3_600_000) rmSync(path.join(cacheDir, f), { force: true });
  }
  return named;
}

// The folder is kept between runs, so only a changed tarball is downloaded or unpacked again.
/** A project folder with these dependencies and the tarball installed. */
export function project(name: string, deps: Record<string, string>, tarball: string): string {
  const dir = path.join(cacheDir, name);
  mkdirSync(dir, { recursive: true });
  const pkg = { name: `e2e-${name}`, private: true, dependencies: { ...deps, 'eslint-plugin-http-timeout': `file:${tarball}` } };
  const pkgFile = path.join(dir, 'package.json');
  const text = `${JSON.stringify(pkg, null, 2)}\n`;
  const installed = existsSync(pkgFile) && readFileSync(pkgFile, 'utf8') === text && existsSync(path.join(dir, 'node_modules/eslint-plugin-http-timeout'));
  if (!installed) {
    writeFileSync(pkgFile, text);
    must(run(dir, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']), `npm install in ${name}`);
  }
  return dir;
}

/** Writes files (path -> text) under a folder, after emptying the folder. */
export function writeTree(dir: string, files: Record<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}

/** Runs a CommonJS script inside the project (so `require` finds its packages) and parses what it prints. */
export function nodeScript<T>(dir: string, script: string): T {
  const r = must(run(dir, process.execPath, ['-e', script]), 'node script');
  return JSON.parse(r.stdout) as T;
}
