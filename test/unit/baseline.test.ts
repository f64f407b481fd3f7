import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/config';
import { applyBaseline, BaselineError, fingerprintsOf, readBaseline, writeBaseline } from '../../src/core/baseline';
import { lintText } from '../../src/core/lint';

const dir = mkdtempSync(path.join(tmpdir(), 'htl-baseline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BARE = (v: string) => `$${v} = curl_init('https://x.test/');\ncurl_exec($${v});\n`;

function result(file: string, source: string) {
  const filePath = path.join(dir, file);
  return { filePath, source, messages: lintText(source, filePath, DEFAULT_CONFIG) };
}

test('a fingerprint is rule, messageId, a hash of the normalised line and an index among equal ones', () => {
  const r = result('a.php', `<?php\n${BARE('ch')}${BARE('ch')}`);
  const prints = fingerprintsOf(r.source, r.messages);
  expect(prints).toHaveLength(2);
  expect(prints[0]).toMatch(/^php\/curl:missingTimeout:[0-9a-f]{16}:0$/);
  expect(prints[1]).toBe(prints[0]!.replace(/:0$/, ':1'));
  const reindented = result('a.php', `<?php\n\n\n    $ch   =  curl_init('https://x.test/');\ncurl_exec($ch);\n`);
  expect(fingerprintsOf(reindented.source, reindented.messages)[0]).toBe(prints[0]);
});

test('the file holds relative paths, sorted; only new findings survive, whatever lines shift', () => {
  const file = path.join(dir, 'baseline.json');
  writeBaseline(file, [result('src/b.php', `<?php\n${BARE('old')}`), result('a.php', `<?php\n${BARE('x')}`)]);
  const written = JSON.parse(readFileSync(file, 'utf8')) as { version: number; files: Record<string, string[]> };
  expect(written.version).toBe(1);
  expect(Object.keys(written.files)).toEqual(['a.php', 'src/b.php']);
  const later = result('src/b.php', `<?php\n// moved down\n\n${BARE('new')}${BARE('old')}`);
  const [kept] = applyBaseline([later], file);
  expect(kept!.messages.map((m) => m.line)).toEqual([4]);
  // As ESLint's bulk suppressions list theirs: suppressed, of kind 'file'.
  expect(kept!.suppressedMessages!.map((m) => [m.line, m.suppressions])).toEqual([[6, [{ kind: 'file', justification: '' }]]]);
  expect(applyBaseline([result('c.php', `<?php\n${BARE('x')}`)], file)[0]!.messages).toHaveLength(1);
});

test('after a fix, the findings left are matched on the fixed text, whose lines they point into', () => {
  const file = path.join(dir, 'fixed-baseline.json');
  const before = result('e.php', `<?php\n${BARE('old')}`);
  writeBaseline(file, [before]);
  // A fix above it added two lines: the finding left is on line 4 of the output, a blank line of the source.
  const output = `<?php\n// one\n// two\n${BARE('old')}`;
  const fixed = { ...before, source: `<?php\n\n\n\nfoo();\n`, output, messages: lintText(output, before.filePath, DEFAULT_CONFIG) };
  expect(fixed.messages.map((m) => m.line)).toEqual([4]);
  expect(applyBaseline([fixed], file)[0]!.messages).toEqual([]);
});

test('parse errors are never baselined', () => {
  const broken = result('d.php', "<?php\n$ch = curl_init(;\n");
  expect(fingerprintsOf(broken.source, broken.messages)).toEqual([null]);
});

test('a file that is not a baseline is refused with its name', () => {
  const bad = path.join(dir, 'bad.json');
  writeFileSync(bad, '{"files": []}');
  expect(() => readBaseline(bad)).toThrow(BaselineError);
  expect(() => readBaseline(bad)).toThrow(/bad\.json: not a baseline file/);
  expect(() => readBaseline(path.join(dir, 'missing.json'))).toThrow(/cannot read the baseline \(ENOENT\)/);
});
