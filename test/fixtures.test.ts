import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { globSync } from 'glob';
import { afterAll, describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../src/config/config';
import { fixText, lintText, type LintMessage } from '../src/core/lint';
import { languageOf } from '../src/engines/registry';
import { readAnnotations } from './support/annotations';
import { requirePhp, syntaxErrorOf } from './support/parsers';

const root = path.resolve(__dirname, '..');
const fixtures = globSync('fixtures/**/*.*', { cwd: root, posix: true })
  .filter((f) => !/\.fixed\.[^.]+$/.test(f) && !f.endsWith('.md') && languageOf(f, DEFAULT_CONFIG) !== null)
  .sort();
const scratch = mkdtempSync(path.join(tmpdir(), 'htl-fixtures-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The rule id a fixture speaks about by default: its folder, `fixtures/php/curl/x.php` -> `php/curl`. */
function ruleOf(file: string): string {
  return file.split('/').slice(1, 3).join('/');
}

function key(line: number, messageId: string, ruleId: string): string {
  return `line ${line}: ${messageId} (${ruleId})`;
}

function fixedPathOf(file: string): string {
  const ext = path.extname(file);
  return file.slice(0, -ext.length) + '.fixed' + ext;
}

function read(file: string): string {
  return readFileSync(path.join(root, file), 'utf8').replace(/^\uFEFF/, '');
}

describe('fixtures', () => {
  test('there are fixtures', () => expect(fixtures.length).toBeGreaterThan(0));

  test.for(fixtures)('%s: findings are exactly the annotated ones', (file) => {
    const text = read(file);
    const annotations = readAnnotations(text, ruleOf(file));
    const messages = lintText(text, path.join(root, file), DEFAULT_CONFIG);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    // A todo-ok line is a known false positive: its findings are checked below, not here.
    const todoOk = new Set(annotations.filter((a) => a.kind === 'todo-ok').map((a) => a.line));
    const actual = new Set(messages.filter((m) => !todoOk.has(m.line)).map((m) => key(m.line, m.messageId!, m.ruleId!)));
    const expected = new Set(
      annotations.filter((a) => a.kind === 'expect').flatMap((a) => a.messageIds.map((id) => key(a.line, id, a.ruleId))),
    );
    expect([...actual].sort()).toEqual([...expected].sort());
    for (const a of annotations.filter((x) => x.kind === 'todo-expect')) {
      const now = a.messageIds.filter((id) => actual.has(key(a.line, id, a.ruleId)));
      expect(now, `line ${a.at}: the todo-expect passes now; make it an expect`).toEqual([]);
    }
    for (const a of annotations.filter((x) => x.kind === 'todo-ok')) {
      expect(messages.some((m) => m.line === a.line), `line ${a.at}: the todo-ok passes now; make it an ok`).toBe(true);
    }
  });

  test.for(fixtures)('%s: fixes give the .fixed file, which parses and needs no more fixing', (file) => {
    const text = read(file);
    const full = path.join(root, file);
    const messages: LintMessage[] = lintText(text, full, DEFAULT_CONFIG);
    const fixedFile = fixedPathOf(file);
    if (!messages.some((m) => m.fix)) {
      expect(existsSync(path.join(root, fixedFile)), `${fixedFile} exists but ${file} has no fix`).toBe(false);
      return;
    }
    const { output, messages: after } = fixText(text, full, DEFAULT_CONFIG);
    expect(existsSync(path.join(root, fixedFile)), `add ${fixedFile} with the expected output`).toBe(true);
    expect(output).toBe(read(fixedFile));
    expect(after.filter((m) => m.fix || m.fatal)).toEqual([]);
    expect(fixText(output, full, DEFAULT_CONFIG).output).toBe(output);
    const copy = path.join(scratch, file.replace(/\//g, '_'));
    writeFileSync(copy, output);
    expect(syntaxErrorOf(copy)).toBeNull();
  });
});

test('php is installed for the fixtures', () => {
  expect(() => requirePhp()).not.toThrow();
});

test('the runner notices a fixed file that does not parse', () => {
  const copy = path.join(scratch, 'broken.php');
  writeFileSync(copy, '<?php $ch = curl_init(;');
  expect(syntaxErrorOf(copy)).toMatch(/syntax error/i);
});
