import { PHP_TRIVIA, phpTokens, type PhpToken } from '../php-tokens';

const NAME = new Set(['T_STRING', 'T_NAME_QUALIFIED', 'T_NAME_FULLY_QUALIFIED', 'T_NAME_RELATIVE']);
const ARROW = new Set(['T_OBJECT_OPERATOR', 'T_NULLSAFE_OBJECT_OPERATOR']);
const NOT_A_CALL = new Set(['T_FUNCTION', 'T_NEW', 'T_CONST', 'T_USE', 'T_FN']);

interface Pattern {
  kind: 'function' | 'static' | 'method';
  cls?: string;
  name: string;
}

// PHP names are case-insensitive, and the namespace is not compared: `HttpUtil::get` matches `\App\HttpUtil::get`.
function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('\\') + 1).toLowerCase();
}

function patternOf(call: string): Pattern {
  if (call.startsWith('->')) return { kind: 'method', name: call.slice(2).toLowerCase() };
  const [cls, method] = call.split('::');
  if (method !== undefined) return { kind: 'static', cls: lastSegment(cls!), name: method.toLowerCase() };
  return { kind: 'function', name: lastSegment(call) };
}

function closingParen(code: PhpToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const t = code[i]!.type;
    if (t === '(') depth++;
    else if (t === ')' && --depth === 0) return i;
  }
  return -1;
}

function matchAt(code: PhpToken[], i: number, p: Pattern): number {
  const t = code[i]!;
  const prev = code[i - 1];
  if (!NAME.has(t.type) || lastSegment(t.value) !== (p.kind === 'static' ? p.cls : p.name)) return -1;
  if (p.kind === 'function') {
    if (prev && (ARROW.has(prev.type) || prev.type === 'T_DOUBLE_COLON' || NOT_A_CALL.has(prev.type))) return -1;
    return code[i + 1]?.type === '(' ? i + 1 : -1;
  }
  if (p.kind === 'method') return prev && ARROW.has(prev.type) && code[i + 1]?.type === '(' ? i + 1 : -1;
  const ok = code[i + 1]?.type === 'T_DOUBLE_COLON' && code[i + 2]?.value.toLowerCase() === p.name && code[i + 3]?.type === '(';
  return ok ? i + 3 : -1;
}

/** Ranges of the calls to the named wrappers in PHP text, from the name to the closing parenthesis. */
export function phpWrapperSpans(text: string, calls: readonly string[]): [number, number][] {
  const tokens = phpTokens(text);
  if (!tokens) return [];
  const code = tokens.filter((t) => !PHP_TRIVIA.has(t.type));
  const patterns = calls.map(patternOf);
  const spans: [number, number][] = [];
  for (let i = 0; i < code.length; i++) {
    for (const p of patterns) {
      const open = matchAt(code, i, p);
      const close = open < 0 ? -1 : closingParen(code, open);
      if (close < 0) continue;
      const from = p.kind === 'method' ? code[i - 1]!.start : code[i]!.start;
      spans.push([from, code[close]!.start + 1]);
    }
  }
  return spans;
}
