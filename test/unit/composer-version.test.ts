import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { mayHoldFinding } from '../../src/catalogue/prefilter';
import { DEFAULT_CONFIG } from '../../src/config/config';
import { composerMajorsOf, composerVersion, lockedMajors } from '../../src/core/composer-version';
import { lintText, triage } from '../../src/core/lint';
import { takeRunNotices } from '../../src/core/run-notices';

const LARAVEL = ['laravel/framework', 'illuminate/http'];
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A folder with these files; the PHP file to ask about is `app/x.php` in it. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'htl-composer-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'app'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return join(dir, 'app', 'x.php');
}

const requires = (constraint: string, name = 'laravel/framework') => JSON.stringify({ require: { php: '^8.0', [name]: constraint } });
const locks = (version: string) => JSON.stringify({ packages: [{ name: 'laravel/framework', version }], 'packages-dev': [] });

test('the majors a composer.json constraint allows', () => {
  expect(composerMajorsOf('^8.47')).toEqual([8, 8]);
  expect(composerMajorsOf('^v8.47.0')).toEqual([8, 8]);
  expect(composerMajorsOf('~8.0')).toEqual([8, 8]);
  expect(composerMajorsOf('~8')).toEqual([8, 8]);
  expect(composerMajorsOf('8.*')).toEqual([8, 8]);
  expect(composerMajorsOf('8.83.27')).toEqual([8, 8]);
  expect(composerMajorsOf('8.x-dev')).toEqual([8, 8]);
  expect(composerMajorsOf('>=7.0 <9.0')).toEqual([7, 8]);
  expect(composerMajorsOf('>=7.0,<9.0')).toEqual([7, 8]);
  expect(composerMajorsOf('>= 7.0, < 9')).toEqual([7, 8]);
  expect(composerMajorsOf('<9.1')).toEqual([0, 9]);
  expect(composerMajorsOf('7.0 - 8.5')).toEqual([7, 8]);
  expect(composerMajorsOf('^7.0|^8.0')).toEqual([7, 8]);
  expect(composerMajorsOf('^8.0|^9.0')).toEqual([8, 9]);
  expect(composerMajorsOf('^8.0 || ^9.0')).toEqual([8, 9]);
  expect(composerMajorsOf('^8.0@dev')).toEqual([8, 8]);
  expect(composerMajorsOf('>=8.0')).toEqual([8, Infinity]);
  expect(composerMajorsOf('*')).toEqual([0, Infinity]);
  for (const unread of ['dev-master', 'dev-main as 8.0.x-dev', 'latest', '']) expect([unread, composerMajorsOf(unread)]).toEqual([unread, null]);
});

test('the major a composer.lock version pins', () => {
  expect(lockedMajors('v8.83.27')).toEqual([8, 8]);
  expect(lockedMajors('9.52.16')).toEqual([9, 9]);
  expect(lockedMajors('8.x-dev')).toEqual([8, 8]);
  expect(lockedMajors('dev-master')).toBeNull();
});

test('the nearest manifests that list the package decide; the lock beside composer.json pins the version', () => {
  expect(composerVersion(project({ 'composer.json': requires('^8.47') }), LARAVEL)).toEqual({ name: 'laravel/framework', majors: [8, 8] });
  expect(composerVersion(project({ 'composer.json': requires('^8.0|^9.0'), 'composer.lock': locks('v8.83.27') }), LARAVEL)!.majors).toEqual([8, 8]);
  expect(composerVersion(project({ 'composer.json': requires('^8.0'), 'composer.lock': locks('v9.52.0') }), LARAVEL)!.majors).toEqual([9, 9]);
  expect(composerVersion(project({ 'composer.json': requires('~8.0', 'illuminate/http') }), LARAVEL)).toEqual({ name: 'illuminate/http', majors: [8, 8] });
  // A composer.json in the file's own folder that lists no Laravel: the one above it that does decides.
  const nested = project({ 'composer.json': requires('^8.12') });
  writeFileSync(join(nested, '..', 'composer.json'), JSON.stringify({ require: { 'guzzlehttp/guzzle': '^7.0' } }));
  expect(composerVersion(nested, LARAVEL)!.majors).toEqual([8, 8]);
  expect(composerVersion(project({ 'composer.json': JSON.stringify({ name: 'acme/lib' }) }), ['acme/none'])).toBeNull();
  // A byte order mark before the JSON is no part of it.
  expect(composerVersion(project({ 'composer.json': `\uFEFF${requires('^8.0')}` }), LARAVEL)!.majors).toEqual([8, 8]);
  // A package's own test install (require-dev, the lock's packages-dev) is not what its code runs with.
  const library = { require: { 'illuminate/http': '^8.0|^9.0|^10.0' }, 'require-dev': { 'laravel/framework': '^8.0' } };
  expect(composerVersion(project({ 'composer.json': JSON.stringify(library) }), LARAVEL)).toEqual({ name: 'illuminate/http', majors: [8, 10] });
  const devLock = JSON.stringify({ packages: [], 'packages-dev': [{ name: 'laravel/framework', version: 'v8.83.27' }] });
  expect(composerVersion(project({ 'composer.json': requires('^9.0|^10.0'), 'composer.lock': devLock }), LARAVEL)!.majors).toEqual([9, 10]);
});

test('a composer.json or lock that is no JSON is said once and read as saying nothing', () => {
  takeRunNotices();
  const file = project({ 'composer.json': '{ "require": { "laravel/framework": "^8.0", } ' });
  expect(composerVersion(file, LARAVEL)).toBeNull();
  expect(composerVersion(file, LARAVEL)).toBeNull();
  const said = takeRunNotices();
  expect(said).toHaveLength(1);
  expect(said[0]!.file).toBe(join(file, '..', '..', 'composer.json'));
  expect(said[0]!.text).toMatch(/^is not valid JSON \(.*\); the package versions it gives are not read$/);
  // Nothing above a composer.json that cannot be read is the project's: the search stops there.
  const below = project({ 'composer.json': requires('^8.0') });
  mkdirSync(join(below, '..', 'sub'));
  writeFileSync(join(below, '..', 'sub', 'composer.json'), '[1, 2');
  expect(composerVersion(join(below, '..', 'sub', 'y.php'), LARAVEL)).toBeNull();
  // A broken lock leaves the composer.json beside it to answer.
  const locked = project({ 'composer.json': requires('^8.0'), 'composer.lock': '' });
  expect(composerVersion(locked, LARAVEL)!.majors).toEqual([8, 8]);
  expect(takeRunNotices().map((n) => n.text.replace(/ \(.*\)/, ''))).toEqual([
    'is not valid JSON; the package versions it gives are not read',
    'is not valid JSON; the package versions it gives are not read',
  ]);
  expect(composerVersion(project({ 'composer.json': '"^8.0"' }), LARAVEL)).toBeNull();
  expect(takeRunNotices().map((n) => n.text)).toEqual(['holds no JSON object; the package versions it gives are not read']);
});

test('a Laravel 8 file passes the prefilter on the facade alone, and its plain request is owed a bound', () => {
  const text = `<?php\nuse Illuminate\\Support\\Facades\\Http;\n$r = Http::withOptions(['debug' => true])->get($url);\n`;
  expect(mayHoldFinding('php', text)).toBe(false);
  const old = project({ 'composer.json': requires('^8.47') });
  expect(triage(text, old, DEFAULT_CONFIG)).toBe('lint');
  const [m] = lintText(text, old, DEFAULT_CONFIG);
  expect([m?.messageId, m?.message]).toEqual([
    'missingTimeout',
    "Laravel Http request has no timeout; a silent server can hold it open forever. Laravel 7 and 8 set no timeout of their own (the project's Composer manifests give laravel/framework 8). Set 'connect_timeout' and 'timeout'.",
  ]);
  for (const judgedAsToday of [requires('^8.0|^9.0'), requires('^10.0'), '{ broken']) {
    const file = project({ 'composer.json': judgedAsToday });
    expect([judgedAsToday, triage(text, file, DEFAULT_CONFIG)]).toEqual([judgedAsToday, 'clean']);
    expect(lintText(text, file, DEFAULT_CONFIG, { noPrefilter: true })).toEqual([]);
  }
  takeRunNotices();
});
