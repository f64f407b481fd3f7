import type { Interpreter, Scope } from './interpreter';
import type { PhpNode } from './parse';
import { normaliseKey, type Arr, type ArrayEntry } from './values';

const SPREAD_LOST = 'Spreading an array with ... renumbers integer keys such as CURLOPT_* constants, so the options it spreads are lost; use + or array_replace()';

function isIntegerKeyed(e: ArrayEntry): boolean {
  return e.key !== null && typeof normaliseKey(e.key.value) === 'number';
}

/** An array literal: its entries in order; a spread or a computed key it cannot see makes it open. */
export function evalArray(interp: Interpreter, node: PhpNode, scope: Scope): Arr {
  const out: Arr = { kind: 'array', entries: [], open: false, literal: node };
  for (const item of (node.items as (PhpNode | null)[]) ?? []) {
    if (!item) continue;
    if (item.kind !== 'entry') {
      out.entries.push({ key: null, value: interp.eval(item, scope), valueNode: item });
      continue;
    }
    const value = interp.eval(item.value as PhpNode, scope);
    if (item.unpack) {
      // `[...$a]` renumbers integer keys from 0, as array_merge() does (string keys are kept, PHP >= 8.1).
      if (value.kind !== 'array' || value.open) {
        // PHP >= 8.1: a string key the unseen part holds replaces the one written before it (`['timeout' => 0, ...$o]`);
        // the keys the spread array shows are those its unseen part left (`array_merge($o, ['timeout' => 0])`).
        out.entries = out.entries.filter((e) => !e.key || e.lost || typeof normaliseKey(e.key.value) === 'number');
        out.open = true;
      }
      if (value.kind === 'array') out.entries.push(...value.entries.map((e) => (isIntegerKeyed(e) ? { ...e, lost: e.lost ?? SPREAD_LOST } : e)));
      if (value.kind === 'array' && value.reordered) out.reordered = true;
      continue;
    }
    const keyNode = item.key as PhpNode | null;
    const key = keyNode ? interp.eval(keyNode, scope) : null;
    out.entries.push({ key: key?.kind === 'lit' ? key : null, value, valueNode: item.value as PhpNode });
    if (keyNode && key?.kind !== 'lit') out.open = true;
  }
  return out;
}
