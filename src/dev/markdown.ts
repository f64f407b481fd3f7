/** The H2 headings of a rule doc, all of them, in this order. */
export const DOC_HEADINGS = ['Why it hangs', 'Examples', 'Known limits', 'References'] as const;

/** Where the generated part of a rule doc and of the README sits. */
export const DOC_MARKERS = { begin: '<!-- begin generated (npm run docs) -->', end: '<!-- end generated -->' };
export const README_MARKERS = { begin: '<!-- begin generated clients -->', end: '<!-- end generated clients -->' };

export interface CodeBlock {
  lang: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The H2 section the block sits in, or '' before the first one. */
  section: string;
  /** The `<!-- expect: … -->` / `<!-- ok … -->` comment on the line before the fence, if any. */
  annotation: ExampleAnnotation | null;
}

export type ExampleAnnotation =
  | { kind: 'expect'; messageIds: string[]; ruleId?: string }
  | { kind: 'ok'; reason: string };

const ANNOTATION = /^<!--\s*(expect|ok)\b\s*:?\s*(.*?)\s*-->$/;
const FENCE = /^(`{3,}|~{3,})\s*([\w-]*)/;

/** Reads `<!-- expect: missingTimeout, missingConnectTimeout [(php/curl)] -->` or `<!-- ok: reason -->`. */
export function parseAnnotation(line: string): ExampleAnnotation | null {
  const m = ANNOTATION.exec(line.trim());
  if (!m) return null;
  if (m[1] === 'ok') return { kind: 'ok', reason: m[2]! };
  const rule = /\(([^)]+)\)\s*$/.exec(m[2]!);
  const ids = (rule ? m[2]!.slice(0, rule.index) : m[2]!).split(',').map((s) => s.trim()).filter(Boolean);
  return rule ? { kind: 'expect', messageIds: ids, ruleId: rule[1]!.trim() } : { kind: 'expect', messageIds: ids };
}

/** Walks a Markdown text once: H2 headings outside code, and every fenced code block. */
export function readMarkdown(text: string): { headings: string[]; blocks: CodeBlock[] } {
  const lines = text.split(/\r?\n/);
  const headings: string[] = [];
  const blocks: CodeBlock[] = [];
  let open: { fence: string; block: CodeBlock; body: string[] } | null = null;
  lines.forEach((line, i) => {
    if (open) {
      if (line.trim().startsWith(open.fence) && line.trim().replace(/[`~]/g, '') === '') {
        open.block.code = open.body.join('\n') + '\n';
        blocks.push(open.block);
        open = null;
      } else open.body.push(line);
      return;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const before = i > 0 ? parseAnnotation(lines[i - 1]!) : null;
      const section = headings[headings.length - 1] ?? '';
      open = { fence: fence[1]!, body: [], block: { lang: fence[2]!, code: '', line: i + 1, section, annotation: before } };
      return;
    }
    const h2 = /^##\s+(.*?)\s*#*\s*$/.exec(line);
    if (h2 && !line.startsWith('###')) headings.push(h2[1]!);
  });
  return { headings, blocks };
}

/** Replaces what sits between two marker lines; null when either marker is missing. */
export function replaceBlock(text: string, markers: { begin: string; end: string }, body: string): string | null {
  const begin = text.indexOf(markers.begin);
  const end = text.indexOf(markers.end, begin + 1);
  if (begin < 0 || end < 0) return null;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const inner = body ? eol + body.split('\n').join(eol) + eol : eol;
  return text.slice(0, begin + markers.begin.length) + inner + text.slice(end);
}
