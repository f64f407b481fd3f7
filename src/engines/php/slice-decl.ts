// The declaration reader of the outline scanner (slice-outline.ts): a declaration from its keyword to its body's `{`.

/** A declaration being read, from its keyword to its body's `{`. */
export type Decl =
  | { stage: 'function-name'; start: number }
  | { stage: 'function-open'; start: number; name: string }
  | { stage: 'function-params' | 'function-head'; start: number; name: string; depth: number; params: boolean; defaults: boolean }
  | { stage: 'class-name' | 'enum-name'; start: number }
  | { stage: 'class-head'; start: number; name: string | null; depth: number };

/** The stages of a declaration that end at anything but a blank or a comment: before its parameters or body. */
export function isBrittle(decl: Decl | null): boolean {
  return decl !== null && (decl.stage === 'function-name' || decl.stage === 'function-open' || decl.stage === 'class-name' || decl.stage === 'enum-name');
}

/** A function's words from its name to its body are its own, not the enclosing code's. */
export function isFunctionHead(decl: Decl | null): boolean {
  return decl !== null && (decl.stage === 'function-open' || decl.stage === 'function-params' || decl.stage === 'function-head');
}

/** Keywords that start a declaration, by length, so that most words need no lower-casing to be told apart. */
const KEYWORD_LENGTHS = new Set([4, 5, 8, 9, 15]);

export function readWord(decl: Decl | null, word: string, at: number, member: boolean): Decl | null {
  switch (decl?.stage) {
    case 'function-name':
      return { stage: 'function-open', start: decl.start, name: word.toLowerCase() };
    case 'class-name': {
      // `new class extends Base {`: anonymous.
      const lower = word.toLowerCase();
      return { stage: 'class-head', start: decl.start, name: lower !== 'extends' && lower !== 'implements' ? lower : null, depth: 0 };
    }
    case 'enum-name':
      return { stage: 'class-head', start: decl.start, name: word.toLowerCase(), depth: 0 };
    case 'function-params':
      decl.params = true;
      return decl;
    case 'function-head':
    case 'class-head':
      return decl;
    default:
      break;
  }
  if (member || !KEYWORD_LENGTHS.has(word.length)) return null;
  const lower = word.toLowerCase();
  if (lower === 'function') return { stage: 'function-name', start: at };
  if (lower === 'class' || lower === 'interface' || lower === 'trait') return { stage: 'class-name', start: at };
  if (lower === 'enum') return { stage: 'enum-name', start: at };
  return null;
}
