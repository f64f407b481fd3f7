// Throwaway projects for the end-to-end tests: the package as `npm pack` makes it, installed with real ESLint
// versions from the registry. Installs live under one folder in the OS temp dir, reused by later runs.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// The build goes to a staging copy, so the repo's own dist/ is never touched while other tests run its bin.
// The tarball's name holds a hash of its bytes, so each content is installed anew.
/** Builds and packs the package; the path of the tarball. */
export function packTarball(): string {
  const stage = path.join(cacheDir, 'stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const item of ['package.json', 'README.md', 'bin', 'rules']) {
    if (existsSync(path.join(root, item))) cpSync(path.join(root, item), path.join(stage, item), { recursive: true });
  }
  // tsc emits even when a file in progress elsewhere has a type error; the pack needs only the output.
  run(root, process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', path.join(stage, 'dist')]);
  if (!existsSync(path.join(stage, 'dist/src/index.js'))) throw new Error('the build made no dist/src/index.js');
  const packDir = path.join(cacheDir, 'pack');
  rmSync(packDir, { recursive: true, force: true });
  mkdirSync(packDir);
  const out = must(run(stage, 'npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir]), 'npm pack');
  const [{ filename }] = JSON.parse(out.stdout) as { filename: string }[];
  const bytes = readFileSync(path.join(packDir, filename));
  const named = path.join(cacheDir, `eslint-plugin-http-timeout-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.tgz`);
  if (!existsSync(named)) writeFileSync(named, bytes);
  for (const old of readdirSync(cacheDir).filter((f) => f.endsWith('.tgz') && path.join(cacheDir, f) !== named)) {
    rmSync(path.join(cacheDir, old), { force: true });
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
