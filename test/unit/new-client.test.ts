import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { DOC_HEADINGS, readMarkdown } from '../../src/dev/markdown';
import { addToIndex, docText, fixtureText, identifierOf, scaffold, specText } from '../../src/dev/new-client';

const INDEX = `import type { ClientSpec } from '../src/catalogue/define-client';
import phpCurl from './php/curl';

export const CLIENTS: readonly ClientSpec[] = [phpCurl];
`;

describe.for(['php/guzzle', 'js/node-fetch'])('%s', (id) => {
  test('the spec names its id, language and client', () => {
    const text = specText(id);
    expect(text).toContain(`id: '${id}',`);
    expect(text).toContain(`language: '${id.split('/')[0]}',`);
    expect(text).toContain('defineClient({');
  });

  test('the doc has the headings in order, one expect and one ok example', () => {
    const { headings, blocks } = readMarkdown(docText(id));
    expect(headings).toEqual([...DOC_HEADINGS]);
    expect(blocks.map((b) => b.annotation?.kind)).toEqual(['expect', 'ok']);
    expect(blocks.every((b) => b.section === 'Examples')).toBe(true);
  });

  test('the fixture has one expect and one ok case, each above a code line', () => {
    const lines = fixtureText(id).split('\n');
    const at = (kind: string) => lines.findIndex((l) => l.startsWith(`// ${kind}:`));
    expect(lines[at('expect') + 1]).toMatch(/\w+\(/);
    expect(lines[at('ok') + 1]).toMatch(/\w+\(/);
  });
});

test('the index gets the import and the list entry', () => {
  const out = addToIndex(INDEX, 'js/node-fetch');
  expect(out).toContain("import jsNodeFetch from './js/node-fetch';\nimport phpCurl from './php/curl';\n");
  expect(out).toContain('= [phpCurl, jsNodeFetch];');
  expect(identifierOf('js/node-fetch')).toBe('jsNodeFetch');
});

test('imports stay sorted by path', () => {
  const out = addToIndex(INDEX, 'js/got');
  expect(out).toContain("import jsGot from './js/got';\nimport phpCurl from './php/curl';\n");
});

test('a multi-line list stays multi-line', () => {
  const out = addToIndex(INDEX.replace('[phpCurl]', '[\n  phpCurl,\n]'), 'php/guzzle');
  expect(out).toContain('= [\n  phpCurl,\n  phpGuzzle,\n];');
});

test('refuses an id the index has, and an id that is not lang/name', () => {
  expect(() => addToIndex(INDEX, 'php/curl')).toThrow(/already/);
  expect(() => specText('ruby/faraday')).toThrow(/not a rule id/);
  expect(() => specText('php/Guzzle')).toThrow(/not a rule id/);
});

describe('scaffold in a temp copy', () => {
  let root = '';
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('writes the three files and the index entry, then refuses the same id', () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'new-client-'));
    fs.mkdirSync(path.join(root, 'rules'));
    fs.writeFileSync(path.join(root, 'rules', 'index.ts'), INDEX);
    const written = scaffold(root, 'php/guzzle');
    expect(written).toEqual(['rules/php/guzzle.ts', 'rules/php/guzzle.md', 'fixtures/php/guzzle/basic.php', 'rules/index.ts']);
    for (const f of written) expect(fs.existsSync(path.join(root, f))).toBe(true);
    expect(fs.readFileSync(path.join(root, 'rules', 'index.ts'), 'utf8')).toContain("import phpGuzzle from './php/guzzle';");
    expect(() => scaffold(root, 'php/guzzle')).toThrow(/exists already/);
  });
});
