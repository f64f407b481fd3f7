import type { Fix } from '../model/finding';

export interface ApplyResult {
  output: string;
  applied: number;
  /** The fixes applied, in text order: what mapOffset() needs to follow an offset into the output. */
  done: Fix[];
}

/**
 * Applies fixes in one pass, ESLint's way: sorted by position, and a fix that starts at or before the end
 * of one already applied is left for a later pass, so two edits never touch the same text.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): ApplyResult {
  const sorted = [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let out = '';
  let lastEnd = -1;
  const done: Fix[] = [];
  for (const fix of sorted) {
    const [start, end] = fix.range;
    if (start <= lastEnd || start > end || end > text.length) continue;
    out += text.slice(Math.max(lastEnd, 0), start) + fix.text;
    lastEnd = end;
    done.push(fix);
  }
  out += text.slice(Math.max(lastEnd, 0));
  return { output: done.length ? out : text, applied: done.length, done };
}

/**
 * Where `offset` of the text before applyFixes() is in its output, given the fixes it applied (`done`); null when
 * text a fix replaced held it. Text inserted at the offset goes before it; text replaced from the offset on starts
 * where it did.
 */
export function mapOffset(offset: number, done: readonly Fix[]): number | null {
  let shift = 0;
  for (const { range: [start, end], text } of done) {
    if (start > offset || (start === offset && end > start)) break;
    if (end > offset) return null;
    shift += text.length - (end - start);
  }
  return offset + shift;
}
