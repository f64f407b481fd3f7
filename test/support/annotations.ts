/** One annotation of a fixture: a comment naming what the next code line must (or must not yet) report. */
export interface Annotation {
  kind: 'expect' | 'ok' | 'todo-expect' | 'todo-ok';
  /** 1-based line of the comment, and of the code line it speaks about. */
  at: number;
  line: number;
  messageIds: string[];
  ruleId: string;
}

const ANNOTATION = /^\s*(?:\/\/|#|\/\*+|\*|<!--)\s*(todo-expect|todo-ok|expect|ok)\s*:\s*(.*)$/;
const COMMENT_ONLY = /^\s*(\/\/|#(?!\[)|\/\*|\*|<!--.*-->\s*$)/;

function isCode(line: string): boolean {
  return line.trim() !== '' && !COMMENT_ONLY.test(line);
}

/**
 * Reads `expect: missingTimeout, missingConnectTimeout (php/curl)`, `ok: reason`, `todo-expect: …`, `todo-ok: …`
 * comments (`//`, `#`, `/*`, `<!--`). Each speaks about the next code line. Throws on an annotation with no code after it.
 */
export function readAnnotations(text: string, defaultRule: string): Annotation[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Annotation[] = [];
  lines.forEach((raw, i) => {
    const m = ANNOTATION.exec(raw);
    if (!m) return;
    const kind = m[1] as Annotation['kind'];
    let target = i + 1;
    while (target < lines.length && !isCode(lines[target]!)) target++;
    if (target >= lines.length) throw new Error(`line ${i + 1}: "${kind}:" is followed by no code line`);
    const body = m[2]!.replace(/\s*(\*\/|-->)\s*$/, '').split(' -- ')[0]!;
    const rule = /\(([\w/-]+)\)\s*$/.exec(body);
    const ids = kind === 'expect' || kind === 'todo-expect' ? body.replace(/\([^)]*\)\s*$/, '').split(/[\s,]+/).filter(Boolean) : [];
    out.push({ kind, at: i + 1, line: target + 1, messageIds: ids, ruleId: rule ? rule[1]! : defaultRule });
  });
  return out;
}
