// Files that hold JS/TS in blocks of markup: single-file components (.vue, .svelte), Astro pages, HTML pages.
// The JS engine and the prefilter read such a file as its code alone: every character outside a script block
// becomes a space (line breaks stay), so offsets, lines and columns are the file's own, and a fix applies to it.

/** The syntax a file's script blocks are parsed as. */
export type ScriptSyntax = 'js' | 'jsx' | 'ts' | 'tsx';

/** A host file's code: `code` is as long as the file and holds only its script blocks. */
export interface ScriptView {
  code: string;
  syntax: ScriptSyntax;
}

const HOSTS = new Set(['.vue', '.svelte', '.astro', '.html', '.htm']);

// A `type` that holds JavaScript; any other (`text/template`, `application/ld+json`, ...) is data.
const JS_TYPES = new Set(['', 'module', 'text/javascript', 'application/javascript', 'text/ecmascript', 'application/ecmascript', 'text/typescript', 'application/typescript', 'text/babel', 'text/jsx']);
const LANGS: Record<string, ScriptSyntax> = { '': 'js', js: 'js', javascript: 'js', jsx: 'jsx', ts: 'ts', typescript: 'ts', tsx: 'tsx' };
// Elements whose content is raw text: a `<script` written there is not a tag.
const RAW_TEXT = ['style', 'textarea', 'title', 'xmp'];

function extensionOf(filePath: string): string {
  const dot = filePath.lastIndexOf('.');
  return dot < 0 || dot < Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) ? '' : filePath.slice(dot).toLowerCase();
}

/** Whether files at this path hold their code in script blocks (`scriptView`). */
export function isScriptHost(filePath: string): boolean {
  return HOSTS.has(extensionOf(filePath));
}

interface Block {
  start: number;
  end: number;
  syntax: ScriptSyntax;
}

interface Tag {
  name: string;
  attrs: Map<string, string>;
  /** Just past the `>`. */
  end: number;
  selfClosing: boolean;
}

const NAME_CHAR = /[^\s/>=]/;

/** The start tag at `at` (a `<` followed by a letter), with its attributes; null when it never closes. */
function readTag(text: string, at: number): Tag | null {
  let i = at + 1;
  while (i < text.length && NAME_CHAR.test(text[i]!)) i++;
  const name = text.slice(at + 1, i).toLowerCase();
  const attrs = new Map<string, string>();
  while (i < text.length) {
    const c = text[i]!;
    if (c === '>') return { name, attrs, end: i + 1, selfClosing: text[i - 1] === '/' };
    if (!NAME_CHAR.test(c) || c === '/') {
      i++;
      continue;
    }
    const from = i;
    while (i < text.length && NAME_CHAR.test(text[i]!)) i++;
    const key = text.slice(from, i).toLowerCase();
    let j = i;
    while (j < text.length && /\s/.test(text[j]!)) j++;
    if (text[j] !== '=') {
      attrs.set(key, '');
      continue;
    }
    j++;
    while (j < text.length && /\s/.test(text[j]!)) j++;
    const q = text[j];
    if (q === '"' || q === "'") {
      const close = text.indexOf(q, j + 1);
      if (close < 0) return null;
      attrs.set(key, text.slice(j + 1, close));
      i = close + 1;
    } else {
      const from2 = j;
      while (j < text.length && !/[\s>]/.test(text[j]!)) j++;
      attrs.set(key, text.slice(from2, j));
      i = j;
    }
  }
  return null;
}

/** Where the element that opened with `tag` ends its raw text: the offset of its `</name`, or the text's end. */
function rawTextEnd(text: string, lower: string, tag: Tag): number {
  const close = new RegExp(`</${tag.name}[\\s/>]`, 'g');
  close.lastIndex = tag.end;
  const m = close.exec(lower);
  return m ? m.index : text.length;
}

/** The syntax a script element's code has, or null when it holds none (data, an external `src`, another language). */
function syntaxOf(tag: Tag, host: string): ScriptSyntax | null {
  if (tag.attrs.has('src')) return null;
  const type = (tag.attrs.get('type') ?? '').trim().toLowerCase();
  if (!JS_TYPES.has(type)) return null;
  const lang = LANGS[(tag.attrs.get('lang') ?? '').trim().toLowerCase()];
  if (!lang) return null;
  // Astro compiles its scripts as TypeScript; `type="text/typescript"` says so elsewhere.
  if (lang === 'js' && (host === '.astro' || type.endsWith('typescript'))) return 'ts';
  return lang;
}

/** Where a Vue component's `<template>` block that opened before `from` ends: past its `</template>`. */
function templateEnd(lower: string, from: number): number {
  const tags = /<!--|<template[\s/>]|<\/template\s*>/g;
  tags.lastIndex = from;
  let depth = 1;
  for (let m = tags.exec(lower); m; m = tags.exec(lower)) {
    if (m[0] === '<!--') {
      const close = lower.indexOf('-->', m.index + 4);
      if (close < 0) break;
      tags.lastIndex = close + 3;
    } else if (m[0][1] !== '/') depth++;
    else if (--depth === 0) return tags.lastIndex;
  }
  return lower.length;
}

/**
 * The script blocks of markup: outside comments and raw-text elements. A Vue component is a row of top-level
 * blocks: its `<template>` holds no script, and every other block (`<style>`, `<docs>`, `<i18n>`) is raw text.
 */
function scriptBlocks(text: string, host: string, from: number): Block[] {
  const lower = text.toLowerCase();
  const blocks: Block[] = [];
  const vue = host === '.vue';
  const open = /<!--|<([a-z][^\s/>]*)/g;
  open.lastIndex = from;
  for (let m = open.exec(lower); m; m = open.exec(lower)) {
    if (!m[1]) {
      const close = lower.indexOf('-->', m.index + 4);
      if (close < 0) break;
      open.lastIndex = close + 3;
      continue;
    }
    const name = m[1];
    if (vue && name === 'template') {
      const tag = readTag(text, m.index);
      if (!tag) break;
      open.lastIndex = tag.selfClosing ? tag.end : templateEnd(lower, tag.end);
      continue;
    }
    if (!vue && name !== 'script' && !RAW_TEXT.includes(name)) continue;
    const tag = readTag(text, m.index);
    if (!tag) break;
    if (tag.selfClosing && name === 'script') {
      open.lastIndex = tag.end;
      continue;
    }
    const end = rawTextEnd(text, lower, tag);
    const syntax = name === 'script' ? syntaxOf(tag, host) : null;
    if (syntax) blocks.push({ start: tag.end, end, syntax });
    open.lastIndex = end;
  }
  return blocks;
}

// An Astro page's component script: between a `---` line that starts the file and the next `---` line.
const FRONTMATTER = /^(\s*---[^\S\r\n]*\r?\n)([\s\S]*?)^---[^\S\r\n]*$/m;

function frontmatter(text: string): Block | null {
  const m = FRONTMATTER.exec(text);
  if (!m || m.index !== 0) return null;
  const start = m[1]!.length;
  return { start, end: start + m[2]!.length, syntax: 'ts' };
}

const RANK: Record<ScriptSyntax, number> = { js: 0, jsx: 1, ts: 2, tsx: 3 };

/** `text` with every character outside `blocks` a space, but line breaks. */
function keepOnly(text: string, blocks: readonly Block[]): string {
  const blank = (s: string): string => s.replace(/[^\r\n\u2028\u2029]/g, ' ');
  let out = '';
  let at = 0;
  for (const b of blocks) {
    out += blank(text.slice(at, b.start)) + text.slice(b.start, b.end);
    at = b.end;
  }
  return out + blank(text.slice(at));
}

/**
 * The code of a host file (`isScriptHost`), null for any other. Its syntax is the widest of its blocks' (all of
 * a component's scripts share one language; TypeScript reads JavaScript too).
 */
export function scriptView(text: string, filePath: string): ScriptView | null {
  const host = extensionOf(filePath);
  if (!HOSTS.has(host)) return null;
  const fm = host === '.astro' ? frontmatter(text) : null;
  const blocks = [...(fm ? [fm] : []), ...scriptBlocks(text, host, fm ? fm.end : 0)];
  const syntax = blocks.reduce<ScriptSyntax>((s, b) => (RANK[b.syntax] > RANK[s] ? b.syntax : s), 'js');
  return { code: keepOnly(text, blocks), syntax };
}

/** The text the JS engine and the prefilter read for a file: its code alone when it is a host file. */
export function jsCodeOf(text: string, filePath: string): string {
  return scriptView(text, filePath)?.code ?? text;
}
