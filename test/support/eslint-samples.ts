// Code samples for the ESLint plugin tests: every doc example and every fixture, each with the messages the
// shared pipeline gives for it. The plugin must report exactly these, with the same locations and edits.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'glob';
import { CLIENTS } from '../../rules/index';
import type { ClientSpec } from '../../src/catalogue/define-client';
import { DEFAULT_CONFIG } from '../../src/config/config';
import { lintText, type LintMessage } from '../../src/core/lint';
import { readMarkdown } from '../../src/dev/markdown';
import { languageOf } from '../../src/engines/registry';
import { isScriptHost } from '../../src/core/script-blocks';
import { applyFixes } from '../../src/fix/apply';
import type { Fix } from '../../src/model/finding';

export const root = path.resolve(__dirname, '../..');

export interface Sample {
  name: string;
  code: string;
  filename: string;
  messages: LintMessage[];
}

const FENCE_EXT: Record<string, string> = {
  php: '.php', js: '.js', javascript: '.js', jsx: '.jsx', mjs: '.mjs', cjs: '.cjs',
  ts: '.ts', typescript: '.ts', tsx: '.tsx', mts: '.mts', cts: '.cts',
};

function sample(spec: ClientSpec, name: string, code: string, filename: string): Sample {
  const messages = lintText(code, filename, DEFAULT_CONFIG).filter((m) => m.ruleId === spec.id || m.fatal);
  return { name, code, filename, messages };
}

function docSamples(spec: ClientSpec): Sample[] {
  let text;
  try {
    text = readFileSync(path.join(root, 'rules', `${spec.id}.md`), 'utf8');
  } catch {
    return [];
  }
  return readMarkdown(text).blocks
    .filter((b) => b.section === 'Examples' && b.annotation && FENCE_EXT[b.lang])
    .map((b) => sample(spec, `rules/${spec.id}.md:${b.line}`, b.code, path.join(root, 'rules', `${spec.id}-example-${b.line}${FENCE_EXT[b.lang]}`)));
}

// Components need their own ESLint parsers (vue-eslint-parser, svelte-eslint-parser): eslint-components.test.ts
// runs them, installed from the registry, through ESLint itself.
function fixtureSamples(spec: ClientSpec): Sample[] {
  return globSync(`fixtures/${spec.id}/**/*.*`, { cwd: root, posix: true })
    .filter((f) => !/\.fixed\.[^.]+$/.test(f) && languageOf(f, DEFAULT_CONFIG) === spec.language && !isScriptHost(f))
    .sort()
    .map((f) => sample(spec, f, readFileSync(path.join(root, f), 'utf8').replace(/^\uFEFF/, ''), path.join(root, f)));
}

/** Samples of one client: its doc's examples and its fixtures, without those that do not parse. */
export function samplesOf(spec: ClientSpec): Sample[] {
  return [...docSamples(spec), ...fixtureSamples(spec)].filter((s) => !s.messages.some((m) => m.fatal));
}

/** The text after one edit, as ESLint applies a suggestion. */
export function applied(code: string, fix: Fix): string {
  return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
}

/** The text after one pass of every fix, as RuleTester's `output`; null when nothing is fixed. */
export function onePass(code: string, messages: readonly LintMessage[]): string | null {
  const fixes = messages.flatMap((m) => (m.fix ? [m.fix] : []));
  return fixes.length ? applyFixes(code, fixes).output : null;
}

/** The `.fixed` sibling of a fixture, if it exists. */
export function fixedOf(filename: string): string | null {
  const ext = path.extname(filename);
  const fixed = `${path.basename(filename, ext)}.fixed${ext}`;
  return readdirSync(path.dirname(filename)).includes(fixed) ? path.join(path.dirname(filename), fixed) : null;
}

export { CLIENTS };
