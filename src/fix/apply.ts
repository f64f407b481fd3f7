import type { Fix } from '../model/finding';

export interface ApplyResult {
  output: string;
  applied: number;
}

/**
 * Applies fixes in one pass, ESLint's way: sorted by position, and a fix that starts at or before the end
 * of one already applied is left for a later pass, so two edits never touch the same text.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): ApplyResult {
  const sorted = [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let out = '';
  let lastEnd = -1;
  let applied = 0;
  for (const fix of sorted) {
    const [start, end] = fix.range;
    if (start <= lastEnd || start > end || end > text.length) continue;
    out += text.slice(Math.max(lastEnd, 0), start) + fix.text;
    lastEnd = end;
    applied++;
  }
  out += text.slice(Math.max(lastEnd, 0));
  return { output: applied ? out : text, applied };
}
