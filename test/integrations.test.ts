// Every integration the README documents, tried as a new user would: the package as `npm pack` makes it,
// installed in throwaway projects under the OS temp dir, driven by the README's own snippets (read from
// README.md by section, so the docs and this test cannot drift apart). One npm install, the husky project's,
// serves every case that needs node_modules; the others link to it.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../src/config/config';
import { CLEAN, CONNECT_MISSING, SEED } from './cli/helpers';
import { sarifValidator } from './cli/sarif-schema';
import { nodeScript, packTarball, root, writeTree } from './support/e2e-project';
import { readmeBlock, readmeSection, yamlList, yamlValues } from './support/readme';

const PINNED: Record<string, string> = { husky: 'husky@9', 'lint-staged': 'lint-staged@16' };
const EXTENSIONS = [...DEFAULT_CONFIG.extensions.php, ...DEFAULT_CONFIG.extensions.js];

const BAD_TS = 'export const load = (url: string): Promise<Response> => fetch(url);\n';
const SOURCES = {
  'src/a.js': 'export async function load(url) {\n  return fetch(url);\n}\n',
  'src/c.php': SEED,
  'src/clean.php': CLEAN,
  'src/warn.php': CONNECT_MISSING,
};
/** What the CLI reports on SOURCES, in file order: rule, path, line, column, error or warning. */
const EXPECTED = [
  ['js/fetch', 'src/a.js', 2, 10, 'error'],
  ['php/curl', 'src/c.php', 2, 7, 'error'],
  ['php/curl', 'src/warn.php', 2, 7, 'warning'],
] as const;

// As in a fresh account: no git config, no colour, nothing inherited from a git hook, husky or npm script
// that runs this test. Installs may use npm's cache.
const ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GIT_|HUSKY|PRE_COMMIT|npm_package_|npm_lifecycle_)/.test(k))),
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.test',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.test',
  NO_COLOR: '1',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_prefer_offline: 'true',
  npm_config_update_notifier: 'false',
};

interface Out {
  status: number | null;
  stdout: string;
  /** stdout and stderr together, as a person at the terminal sees them. */
  out: string;
}

function sh(cwd: string, script: string, input = ''): Out {
  const r = spawnSync('sh', ['-ec', script], { cwd, env: ENV, input, encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stdout: r.stdout ?? '', out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

function shAsync(cwd: string, script: string): Promise<Out> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-ec', script], { cwd, env: ENV, timeout: 300_000 });
    let stdout = '';
    let out = '';
    child.stdout.on('data', (d: Buffer) => ((stdout += d), (out += d)));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('close', (status) => resolve({ status, stdout, out }));
  });
}

function git(cwd: string, ...args: string[]): Out {
  const r = spawnSync('git', args, { cwd, env: ENV, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout ?? '', out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function must(r: Out, what: string): Out {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}):\n${r.out}`.slice(0, 6000));
  return r;
}

function requireTool(cmd: string, install: string): void {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`these tests need \`${cmd}\` on the PATH; install it with: ${install}`);
}

let work = '';
let tarball = '';
let app = '';

/** A folder of `work` holding `files`, whose node_modules is the husky project's. */
function linkedProject(name: string, files: Record<string, string>): string {
  const dir = path.join(work, name);
  writeTree(dir, files);
  mkdirSync(dir, { recursive: true });
  symlinkSync(path.join(app, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The README's install line, with the package taken from the tarball and the tools pinned to a major version. */
function fromTarball(steps: string): string {
  const pins: Record<string, string> = { ...PINNED, 'eslint-plugin-http-timeout': `'${tarball}'` };
  const out = steps.replace(/^(npm install --save-dev) (.+)$/m, (_, cmd: string, names: string) => {
    const specs = names.trim().split(/\s+/).map((name) => {
      if (!pins[name]) throw new Error(`the README's install line names a package this test does not pin: ${name}`);
      return pins[name];
    });
    return `${cmd} ${specs.join(' ')}`;
  });
  if (out === steps) throw new Error(`the README's husky steps have no "npm install --save-dev" line:\n${steps}`);
  return out;
}

// The README's husky steps, in a git repository of a project that already lints with ESLint 9 (whose install
// the editor case uses), then lint-staged's part of package.json, then a first commit.
function setUpHuskyProject(): string {
  const dir = path.join(work, 'app');
  mkdirSync(dir);
  must(git(dir, 'init', '-q', '-b', 'main'), 'git init');
  const devDependencies = { eslint: '^9', '@typescript-eslint/parser': '^8', typescript: '~5.9.0' };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'app', version: '1.0.0', private: true, devDependencies }, null, 2)}\n`);
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
  must(sh(dir, fromTarball(readmeBlock('husky and lint-staged', 'sh', 'npx husky init'))), "the README's husky steps");
  const pkgFile = path.join(dir, 'package.json');
  const pkg = { ...JSON.parse(readFileSync(pkgFile, 'utf8')), ...JSON.parse(readmeBlock('husky and lint-staged', 'json', 'lint-staged')) };
  writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  must(sh(dir, 'git add .gitignore package.json package-lock.json .husky/pre-commit && git commit -q -m init'), 'the first commit');
  return dir;
}

// pre-commit clones a hook repository at a rev: here a snapshot of this checkout's working tree (tracked and
// new files, nothing ignored), committed in a repository of its own.
function snapshotRepo(dir: string): string {
  const list = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root, encoding: 'utf8', env: { ...ENV, GIT_OPTIONAL_LOCKS: '0' },
  });
  if (list.status !== 0) throw new Error(`cannot list the files of ${root}, which must be a git checkout: ${list.stderr}`);
  for (const file of new Set(list.stdout.split('\0').filter(Boolean))) {
    if (!existsSync(path.join(root, file))) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    copyFileSync(path.join(root, file), path.join(dir, file));
  }
  must(sh(dir, 'git init -q -b main && git add -A && git commit -q -m snapshot'), 'the snapshot commit');
  return git(dir, 'rev-parse', 'HEAD').stdout.trim();
}

/** A git repository with the README's .pre-commit-config.yaml, pointed at the snapshot. */
function setUpPreCommitProject(): string {
  const hookRepo = path.join(work, 'hook-repo');
  const rev = snapshotRepo(hookRepo);
  const readme = readmeBlock('pre-commit framework', 'yaml', 'repos:');
  const config = readme.replace(/^(\s*- repo:) .*$/m, `$1 ${hookRepo}`).replace(/^(\s*rev:) .*$/m, `$1 ${rev}`);
  expect([yamlValues(config, 'repo'), yamlValues(config, 'rev')]).toEqual([[hookRepo], [rev]]);
  const dir = path.join(work, 'pre-commit');
  writeTree(dir, { '.pre-commit-config.yaml': config });
  must(git(dir, 'init', '-q', '-b', 'main'), 'git init');
  return dir;
}

let preCommit = '';

beforeAll(async () => {
  requireTool('git', 'apt-get install -y git');
  requireTool('pre-commit', 'apt-get install -y pre-commit (Debian, Ubuntu), or pip install pre-commit');
  work = mkdtempSync(path.join(tmpdir(), 'htl-integrations-'));
  // pre-commit's store of hook environments, thrown away with the rest.
  ENV.PRE_COMMIT_HOME = path.join(work, 'pre-commit-home');
  preCommit = setUpPreCommitProject();
  // `pre-commit install` is the README's step; --install-hooks also builds the hook's environment now, rather
  // than at the first commit, so that it builds while the package is packed and the husky project installed.
  const hookEnv = shAsync(preCommit, 'pre-commit install --install-hooks');
  tarball = packTarball();
  app = setUpHuskyProject();
  must(await hookEnv, 'pre-commit install --install-hooks');
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function commitRefused(dir: string, files: Record<string, string>): Out {
  const head = git(dir, 'rev-parse', 'HEAD').stdout;
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  must(git(dir, 'add', ...Object.keys(files)), 'git add');
  const commit = git(dir, 'commit', '-m', 'bad');
  expect(commit.status, commit.out).not.toBe(0);
  expect(git(dir, 'rev-parse', 'HEAD').stdout).toBe(head);
  must(git(dir, 'reset', '-q'), 'git reset');
  for (const file of Object.keys(files)) rmSync(path.join(dir, file));
  return commit;
}

function commitAccepted(dir: string, file: string, text: string): Out {
  writeFileSync(path.join(dir, file), text);
  must(git(dir, 'add', file), 'git add');
  const commit = git(dir, 'commit', '-m', `add ${file}`);
  expect(commit.status, commit.out).toBe(0);
  expect(git(dir, 'log', '-1', '--format=%s').stdout.trim()).toBe(`add ${file}`);
  return commit;
}

const CURL_FINDING = /2:7 +error +curl request has no timeout.*php\/curl/;
const FETCH_FINDING = /1:57 +error +fetch request has no timeout.*js\/fetch/;

describe('husky and lint-staged', () => {
  test("lint-staged's pattern in the README matches every extension the CLI lints", () => {
    const patterns = Object.keys(JSON.parse(readmeBlock('husky and lint-staged', 'json', 'lint-staged'))['lint-staged']);
    expect(patterns).toHaveLength(1);
    const match = picomatch(patterns[0]!);
    expect(EXTENSIONS.filter((ext) => !match(`name${ext}`))).toEqual([]);
  });

  test('a commit of files with a missing timeout is refused, with the findings printed', () => {
    const commit = commitRefused(app, { 'bad.php': SEED, 'bad.ts': BAD_TS });
    expect(commit.out).toContain('bad.php');
    expect(commit.out).toMatch(CURL_FINDING);
    expect(commit.out).toMatch(FETCH_FINDING);
  });

  test('a clean commit succeeds, checked without the unstaged edits, which are kept', () => {
    const unstaged = "$late = curl_init('https://x.test/');\ncurl_exec($late);\n";
    writeFileSync(path.join(app, 'clean.php'), CLEAN);
    must(git(app, 'add', 'clean.php'), 'git add');
    appendFileSync(path.join(app, 'clean.php'), unstaged);
    const commit = git(app, 'commit', '-m', 'add clean.php');
    expect(commit.status, commit.out).toBe(0);
    expect(git(app, 'show', 'HEAD:clean.php').stdout).toBe(CLEAN);
    expect(readFileSync(path.join(app, 'clean.php'), 'utf8')).toBe(CLEAN + unstaged);
  });
});

describe('pre-commit framework', () => {
  test('a commit of files with a missing timeout is refused, with the findings printed (.mts too)', () => {
    const commit = commitRefused(preCommit, { 'bad.php': SEED, 'bad.mts': BAD_TS });
    expect(commit.out).toMatch(/^http-timeout-lint\.+Failed$/m);
    expect(commit.out).toMatch(CURL_FINDING);
    expect(commit.out).toMatch(FETCH_FINDING);
    expect(commit.out).toContain('bad.mts');
  });

  test('a clean commit succeeds', () => {
    const commit = commitAccepted(preCommit, 'clean.php', CLEAN);
    expect(commit.out).toMatch(/^http-timeout-lint\.+Passed$/m);
  });
});

describe('A plain git hook', () => {
  test('the hook runs the installed package: a bad commit is refused, a clean one goes through', () => {
    const dir = linkedProject('plain-hook', { '.gitignore': 'node_modules\n' });
    must(git(dir, 'init', '-q', '-b', 'main'), 'git init');
    must(sh(dir, 'git add .gitignore && git commit -q -m init'), 'the first commit');
    const hook = path.join(dir, '.git/hooks/pre-commit');
    writeFileSync(hook, readmeBlock('A plain git hook', 'sh', '#!/bin/sh'));
    chmodSync(hook, 0o755);
    expect(commitRefused(dir, { 'bad file.php': SEED }).out).toMatch(CURL_FINDING);
    expect(commitAccepted(dir, 'clean.php', CLEAN).out).not.toContain('error');
  });
});

describe('GitHub Actions', () => {
  const workflow = readmeBlock('CI', 'yaml', 'runs-on:');
  const steps = yamlValues(workflow, 'run');
  let dir = '';
  let runs: Out[] = [];
  beforeAll(() => {
    dir = linkedProject('github', SOURCES);
    runs = steps.map((cmd) => sh(dir, cmd));
  });

  test('the run step fails on the findings and writes valid SARIF where the upload step reads it', () => {
    expect(runs.map((r) => r.status)).toEqual([1]);
    expect(yamlValues(workflow, 'if')).toEqual(['always()']);
    const [file] = yamlValues(workflow, 'sarif_file');
    const log = JSON.parse(readFileSync(path.join(dir, file!), 'utf8'));
    expect(sarifValidator()(log)).toEqual([]);
    type Result = { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] };
    const results = (log.runs[0].results as Result[]).map((r) => {
      const { artifactLocation, region } = r.locations[0]!.physicalLocation;
      return [r.ruleId, artifactLocation.uri, region.startLine, region.startColumn, r.level];
    });
    expect(results).toEqual(EXPECTED);
  });

  test('with --format github instead, each finding is an annotation', () => {
    const cmd = steps[0]!.replace(/--format sarif --output-file \S+/, '--format github');
    expect(cmd).not.toBe(steps[0]);
    const r = sh(dir, cmd);
    expect(r.status).toBe(1);
    const annotations = r.stdout.trimEnd().split('\n').map((l) => /^::(\w+) file=([^,]+),line=(\d+),col=(\d+),.*title=http-timeout-lint \(([^)]+)\)::/.exec(l)?.slice(1));
    expect(annotations).toEqual(EXPECTED.map(([rule, file, line, col, level]) => [level, file, String(line), String(col), rule]));
  });
});

interface Issue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

describe('GitLab CI', () => {
  const job = readmeBlock('GitLab CI', 'yaml', 'codequality:');
  const script = yamlList(job, 'script');
  const [reportFile] = yamlValues(job, 'codequality');
  const report = (dir: string) => JSON.parse(readFileSync(path.join(dir, reportFile!), 'utf8')) as Issue[];
  let dir = '';
  beforeAll(() => {
    dir = linkedProject('gitlab', SOURCES);
  });

  test("the job's script fails on the findings and writes the Code Quality report the job uploads", () => {
    expect(yamlValues(job, 'when')).toEqual(['always']);
    expect(script.map((cmd) => sh(dir, cmd).status)).toEqual([1]);
    const issues = report(dir);
    for (const issue of issues) {
      expect(Object.keys(issue).sort()).toEqual(['check_name', 'description', 'fingerprint', 'location', 'severity']);
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
      expect(issue.description).toMatch(/request has no timeout|no connect timeout/);
      expect(existsSync(path.join(dir, issue.location.path))).toBe(true);
      expect(Number.isInteger(issue.location.lines.begin)).toBe(true);
    }
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    const severity = { error: 'major', warning: 'minor' };
    expect(issues.map((i) => [i.check_name, i.location.path, i.location.lines.begin, i.severity])).toEqual(
      EXPECTED.map(([rule, file, line, , level]) => [rule, file, line, severity[level]]),
    );
  });

  test('a finding keeps its fingerprint when lines above it move; a clean project reports []', () => {
    const before = report(dir);
    writeFileSync(path.join(dir, 'src/c.php'), SEED.replace('<?php\n', '<?php\n// a line above\n'));
    expect(script.map((cmd) => sh(dir, cmd).status)).toEqual([1]);
    const after = report(dir);
    expect(after.map((i) => i.fingerprint)).toEqual(before.map((i) => i.fingerprint));
    expect(after.find((i) => i.location.path === 'src/c.php')!.location.lines.begin).toBe(3);
    const clean = linkedProject('gitlab-clean', { 'src/clean.php': CLEAN });
    expect(script.map((cmd) => sh(clean, cmd).status)).toEqual([0]);
    expect(report(clean)).toEqual([]);
  });
});

describe('Editors', () => {
  test("the README's settings are JSON that asks the ESLint extension to check PHP as well as JS/TS", () => {
    const settings = JSON.parse(readmeBlock('Editors', 'json', 'eslint.validate'));
    expect(settings['eslint.validate']).toEqual(['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'php']);
  });

  // The extension lints the editor's unsaved text with ESLint's Node API: lintText(text, { filePath }).
  test("with the README's eslint.config.js, lintText of unsaved PHP buffers gives the PHP findings", () => {
    const config = readmeBlock('ESLint plugin', 'js', 'module.exports = [');
    const inc = readmeBlock('ESLint plugin', 'js', "'**/*.inc'");
    const withInc = config.replace(/\n\];\n$/, `\n  ${inc.trim()},\n];\n`);
    expect(withInc).not.toBe(config);
    linkedProject('vscode', { 'eslint.config.js': config });
    linkedProject('vscode-inc', { 'eslint.config.js': withInc });
    const buffers = [
      ['vscode', 'src/unsaved.php', SEED],
      ['vscode', 'views/page.phtml', SEED],
      ['vscode', 'src/clean.php', CLEAN],
      ['vscode', 'src/b.ts', BAD_TS],
      ['vscode-inc', 'lib/legacy.inc', SEED],
    ];
    const script = `
      const { ESLint } = require('eslint');
      const path = require('path');
      (async () => {
        const out = [];
        for (const [folder, file, text] of ${JSON.stringify(buffers)}) {
          process.chdir(path.join(${JSON.stringify(work)}, folder));
          const [result] = await new ESLint().lintText(text, { filePath: path.resolve(file) });
          out.push([folder, file, result.messages.map((m) => [m.ruleId, m.messageId, m.line, m.column, m.severity].join(' '))]);
        }
        console.log(JSON.stringify(out));
      })().catch((e) => { console.error(e); process.exit(1); });
    `;
    expect(nodeScript(path.join(work, 'vscode'), script)).toEqual([
      ['vscode', 'src/unsaved.php', ['http-timeout/curl missingTimeout 2 7 2']],
      ['vscode', 'views/page.phtml', ['http-timeout/curl missingTimeout 2 7 2']],
      ['vscode', 'src/clean.php', []],
      ['vscode', 'src/b.ts', ['http-timeout/fetch missingTimeout 1 57 2']],
      ['vscode-inc', 'lib/legacy.inc', ['http-timeout/curl missingTimeout 2 7 2']],
    ]);
  });

  test("without ESLint, the README's --stdin command lints an unsaved buffer", () => {
    const cmd = /`(http-timeout-lint --stdin [^`]+)`/.exec(readmeSection('Editors'))?.[1];
    expect(cmd, 'a `http-timeout-lint --stdin …` command in "## Editors"').toBeDefined();
    const dir = linkedProject('stdin', {});
    const r = sh(dir, `npx --no-install ${cmd}`, SEED);
    expect(r.status, r.out).toBe(1);
    const [file] = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[];
    expect(path.relative(dir, file!.filePath)).toBe(/--stdin-filename (\S+)/.exec(cmd!)![1]);
    expect(file!.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['php/curl', 2, 7]]);
  });
});
