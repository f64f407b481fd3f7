// The README's snippets, found by the H2 section they sit in, so a test runs exactly what a reader copies.
// The YAML readers know only the few shapes the README's CI snippets use; a YAML library is not needed for them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readMarkdown } from '../../src/dev/markdown';
import { root } from './e2e-project';

/** The text of one README section, from its H2 heading to the next. */
export function readmeSection(section: string): string {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${section}\n`);
  if (start < 0) throw new Error(`README.md has no section "## ${section}"`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The code of the fenced blocks of one README section in one language; fails when there is none. */
export function readmeBlocks(section: string, lang: string): string[] {
  const { blocks } = readMarkdown(readFileSync(path.join(root, 'README.md'), 'utf8'));
  const found = blocks.filter((b) => b.section === section && b.lang === lang).map((b) => b.code);
  if (!found.length) throw new Error(`README.md has no \`\`\`${lang} block in the section "## ${section}"`);
  return found;
}

/** The one block of that section and language that contains `marker`. */
export function readmeBlock(section: string, lang: string, marker = ''): string {
  const found = readmeBlocks(section, lang).filter((code) => code.includes(marker));
  if (found.length !== 1) throw new Error(`README.md "## ${section}": ${found.length} \`\`\`${lang} blocks contain "${marker}", not 1`);
  return found[0]!;
}

function unquote(value: string): string {
  return /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/** The values of every `key: value` line (also `- key: value`), unquoted; a block scalar (`|`, `>`) fails. */
export function yamlValues(yaml: string, key: string): string[] {
  const values = [...yaml.matchAll(new RegExp(`^\\s*(?:- )?${key}:[ \\t]*(.*?)\\s*$`, 'gm'))].map((m) => unquote(m[1]!));
  if (values.some((v) => /^[|>]/.test(v))) throw new Error(`a multi-line "${key}:" is not read by this test`);
  return values;
}

/** The items of the block list under `key:` (`- item` lines indented deeper than the key). */
export function yamlList(yaml: string, key: string): string[] {
  const lines = yaml.split('\n');
  const at = lines.findIndex((l) => new RegExp(`^\\s*${key}:\\s*$`).test(l));
  if (at < 0) throw new Error(`no "${key}:" list in:\n${yaml}`);
  const indent = /^\s*/.exec(lines[at]!)![0].length;
  const items: string[] = [];
  for (const line of lines.slice(at + 1)) {
    const m = /^(\s*)- (.*)$/.exec(line);
    if (!m || m[1]!.length <= indent) break;
    items.push(unquote(m[2]!.trim()));
  }
  return items;
}
