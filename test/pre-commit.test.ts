// A real git repository with the README's plain pre-commit hook, run against the built bin: a staged file
// with a missing timeout refuses the commit and prints the finding, also when it was moved; a clean one commits.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../src/config/config';

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'bin/http-timeout-lint.js');
const repo = mkdtempSync(path.join(tmpdir(), 'htl-pre-commit-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

const BAD = "<?php\n$ch = curl_init('https://x.test/');\ncurl_exec($ch);\n";
const CLEAN = "<?php\n$ch = curl_init('https://x.test/');\ncurl_setopt($ch, CURLOPT_CONNECTTIMEOUT, 10);\ncurl_setopt($ch, CURLOPT_TIMEOUT, 30);\ncurl_exec($ch);\n";

const env = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.test',
  GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.test',
  NO_COLOR: '1',
};

function git(...args: string[]) {
  const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8', env, timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

type Hook = Record<string, string | string[]>;

// The file is a flat list of mappings with scalar or [a, b] values: enough to read without a YAML library.
function readHooks(text: string): Hook[] {
  const hooks: Hook[] = [];
  for (const line of text.split('\n')) {
    const m = /^(- |  )(\w+):\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === '- ') hooks.push({});
    const value = m[3]!.trim();
    hooks[hooks.length - 1]![m[2]!] = value.startsWith('[') ? value.slice(1, -1).split(',').map((v) => v.trim()) : value;
  }
  return hooks;
}

/** The README's plain hook, with `npx` pointed at this checkout's built bin. */
function hookFromReadme(): string {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```sh\n(#!\/bin\/sh\n[\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('git diff --cached'));
  if (!block) throw new Error('README.md has no ```sh block with the #!/bin/sh pre-commit hook');
  return block.replace('npx --no-install http-timeout-lint', `node '${bin}'`);
}

beforeAll(() => {
  // `npm test` builds first; build here only when run alone on a fresh checkout.
  if (!existsSync(path.join(root, 'dist/src/cli/main.js'))) {
    spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root });
  }
  git('init', '-q', '-b', 'main');
  git('config', 'core.hooksPath', '.git/hooks');
  writeFileSync(path.join(repo, '.git/hooks/pre-commit'), hookFromReadme());
  chmodSync(path.join(repo, '.git/hooks/pre-commit'), 0o755);
}, 120_000);

test('committing a PHP file with a missing curl timeout is refused, with the finding printed', () => {
  writeFileSync(path.join(repo, 'bad.php'), BAD);
  git('add', 'bad.php');
  const commit = git('commit', '-q', '-m', 'add bad');
  expect(commit.status).not.toBe(0);
  expect(commit.out).toContain('bad.php');
  expect(commit.out).toMatch(/2:7 .*curl request has no timeout.*php\/curl/);
  expect(git('rev-parse', '--verify', '-q', 'HEAD').status).not.toBe(0);
  git('reset', '-q');
});

test('committing a clean file succeeds, and unstaged bad files are not linted', () => {
  writeFileSync(path.join(repo, 'clean.php'), CLEAN);
  git('add', 'clean.php');
  const commit = git('commit', '-q', '-m', 'add clean');
  expect(commit.out).toBe('');
  expect(commit.status).toBe(0);
  expect(git('log', '--format=%s').out.trim()).toBe('add clean');
});

test('a file moved and given a finding in one commit is linted: git stages it as a rename', () => {
  git('mv', 'clean.php', 'moved.php');
  writeFileSync(path.join(repo, 'moved.php'), `${CLEAN}curl_exec(curl_init('https://y.test/'));\n`);
  git('add', 'moved.php');
  expect(git('diff', '--cached', '--name-status').out).toMatch(/^R\d+\tclean\.php\tmoved\.php$/m);
  const commit = git('commit', '-q', '-m', 'move');
  expect(commit.status).not.toBe(0);
  expect(commit.out).toMatch(/moved\.php[\s\S]*6:11 .*curl request has no timeout/);
  expect(git('log', '--format=%s').out.trim()).toBe('add clean');
});

test('.pre-commit-hooks.yaml runs the bin on the files of every extension the CLI lints, and no others', () => {
  const hooks = readHooks(readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8'));
  expect(hooks).toEqual([expect.objectContaining({ id: 'http-timeout-lint', entry: 'http-timeout-lint', language: 'node' })]);
  const files = new RegExp((hooks[0]!.files as string).replace(/^'(.*)'$/, '$1'));
  const { php, js } = DEFAULT_CONFIG.extensions;
  expect([...php, ...js].filter((ext) => !files.test(`dir/name${ext}`))).toEqual([]);
  expect(['a.json', 'a.md', 'a.php.orig', 'a.tsbuildinfo'].filter((f) => files.test(f))).toEqual([]);
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  expect(Object.keys(pkg.bin)).toContain(hooks[0]!.entry as string);
});
