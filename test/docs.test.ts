import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLIENTS } from '../rules/index';
import { DEFAULT_CONFIG } from '../src/config/config';
import { lintText } from '../src/core/lint';
import { HELP } from '../src/cli/help';
import { planDocs } from '../src/dev/gen-docs';
import { DOC_HEADINGS, readMarkdown, type CodeBlock } from '../src/dev/markdown';
import { MESSAGE_IDS } from '../src/model/message-ids';

const root = path.resolve(__dirname, '..');
const MAX_LINES = 120;
// Fence languages an example may use, and the extension it is linted as.
const EXTENSIONS: Record<string, string> = {
  php: '.php', js: '.js', javascript: '.js', jsx: '.jsx', mjs: '.mjs', cjs: '.cjs',
  ts: '.ts', typescript: '.ts', tsx: '.tsx', mts: '.mts', cts: '.cts',
};

function docIds(): string[] {
  const dir = path.join(root, 'rules');
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(dir, d.name)).filter((f) => f.endsWith('.md')).map((f) => `${d.name}/${f.slice(0, -3)}`))
    .sort();
}

const docs = docIds().map((id) => {
  const text = fs.readFileSync(path.join(root, 'rules', `${id}.md`), 'utf8');
  return { id, text, ...readMarkdown(text) };
});
function describeAnnotation(block: CodeBlock): string {
  const a = block.annotation;
  return !a ? '(no annotation)' : a.kind === 'ok' ? 'ok' : `expect ${a.messageIds.join(', ')}`;
}

const examples = docs.flatMap((d) =>
  d.blocks
    .filter((b) => b.section === 'Examples')
    .map((block) => ({ id: d.id, block, name: `rules/${d.id}.md:${block.line} ${describeAnnotation(block)}` })),
);

function findingsOf(id: string, block: CodeBlock): string[] {
  const file = path.join(root, 'rules', `${id}-example-${block.line}${EXTENSIONS[block.lang]}`);
  return lintText(block.code, file, DEFAULT_CONFIG).map((m) =>
    m.fatal ? `parse error: ${m.message}` : `${m.messageId} (${m.ruleId})`,
  ).sort();
}

test('every spec has a doc and every doc has a spec', () => {
  expect(docIds()).toEqual(CLIENTS.map((c) => c.id).sort());
});

test('generated blocks (rule doc headers, README clients table) are up to date', () => {
  const drift = planDocs(root, CLIENTS)
    .filter((p) => p.error || p.actual !== p.expected)
    .map((p) => p.error ?? `${p.file} is out of date; run npm run docs`);
  expect(drift).toEqual([]);
});

describe.for(docs)('rules/$id.md', (doc) => {
  test('starts with its id as the title and keeps to the page size', () => {
    expect(doc.text.split(/\r?\n/)[0]).toBe(`# ${doc.id}`);
    expect(doc.text.trimEnd().split(/\r?\n/).length).toBeLessThanOrEqual(MAX_LINES);
  });

  test('names only .md files a reader has: linked ones exist, and none is named bare', () => {
    // A doc is read on GitHub or from the package: a reference to a page neither holds cannot be followed.
    const linked = [...doc.text.matchAll(/\]\(([\w./-]+\.md)(?:#[\w-]+)?\)/g)].map((m) => m[1]!);
    expect(linked.filter((f) => !fs.existsSync(path.join(root, 'rules', path.dirname(doc.id), f))), 'linked, not found').toEqual([]);
    // A bare name is fine where the doc links it too (an upstream `API.md`), or as part of a path (`doc/client.md`).
    const urls = doc.text.match(/https?:\/\/[^\s)]+/g) ?? [];
    const prose = doc.text.replace(/\]\([^)\s]*\)/g, ']').replace(/https?:\/\/\S+/g, '');
    const bare = (prose.match(/(?<![\w/.-])[\w-]+\.md\b/g) ?? []).filter((f) => !urls.some((u) => u.endsWith(`/${f}`)));
    expect(bare, 'named with no link to follow').toEqual([]);
  });

  test('has the H2 headings, all of them, in order', () => {
    expect(doc.headings).toEqual([...DOC_HEADINGS]);
  });

  test('annotates every example, with at least one expect and one ok block', () => {
    const blocks = doc.blocks.filter((b) => b.section === 'Examples');
    const bad = blocks.filter((b) => !b.annotation || !(b.lang in EXTENSIONS)).map((b) => `line ${b.line} (${b.lang || 'no language'})`);
    expect(bad, 'each block needs a known language and an <!-- expect: … --> or <!-- ok: … --> line above it').toEqual([]);
    expect(blocks.filter((b) => b.annotation?.kind === 'expect').length).toBeGreaterThan(0);
    expect(blocks.filter((b) => b.annotation?.kind === 'ok').length).toBeGreaterThan(0);
    for (const b of blocks.filter((x) => x.lang === 'php')) expect(b.code.startsWith('<?php'), `line ${b.line}`).toBe(true);
    const ids = blocks.flatMap((b) => (b.annotation?.kind === 'expect' ? b.annotation.messageIds : []));
    expect(ids.filter((m) => !(MESSAGE_IDS as readonly string[]).includes(m)), 'not a contract messageId').toEqual([]);
  });
});

test.for(examples.filter((e) => e.block.annotation && e.block.lang in EXTENSIONS))('$name', ({ id, block }) => {
  const a = block.annotation!;
  const expected = a.kind === 'ok' ? [] : a.messageIds.map((m) => `${m} (${a.ruleId ?? id})`).sort();
  expect(findingsOf(id, block)).toEqual(expected);
});

test("README says to install the package where it runs the command by its name, which is not the package's", () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string> };
  const command = Object.keys(pkg.bin)[0]!;
  expect(command).not.toBe(pkg.name);
  const install = `npm install --save-dev ${pkg.name}`;
  const section = (name: string) => readme.slice(readme.indexOf(`\n## ${name}\n`), readme.indexOf('\n## ', readme.indexOf(`\n## ${name}\n`) + 1));
  expect(section('Usage')).toContain(`${install}\nnpx ${command} `);
  expect(section('Usage')).toContain(`npx --yes --package ${pkg.name} ${command}`);
  expect(section('A plain git hook')).toContain(install);
});

test('README lists every option that --help shows', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const options = [...new Set(HELP.match(/(?<![\w-])--[a-z][\w-]*/g))];
  expect(options.length).toBeGreaterThan(0);
  expect(options.filter((o) => !new RegExp(`(?<![\\w-])${o}(?![\\w-])`).test(readme))).toEqual([]);
});
