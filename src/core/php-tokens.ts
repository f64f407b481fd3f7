/** One PHP token with its UTF-16 offset; `type` is the token name, or the character itself for punctuation. */
export interface PhpToken {
  type: string;
  value: string;
  start: number;
}

type Lexer = { tokenGetAll(code: string): (string | [string, string, number])[] };
let lexer: Lexer | undefined;

function getLexer(): Lexer {
  if (!lexer) {
    const Engine = require('php-parser') as new (options: object) => Lexer;
    lexer = new Engine({ parser: { php8: true, suppressErrors: true }, lexer: { short_tags: true, asp_tags: false } });
  }
  return lexer;
}

/** The tokens of a PHP file, inline HTML included; null when the lexer fails or loses characters. */
export function phpTokens(text: string): PhpToken[] | null {
  let raw;
  try {
    raw = getLexer().tokenGetAll(text);
  } catch {
    return null;
  }
  const out: PhpToken[] = [];
  let at = 0;
  for (const t of raw) {
    const [type, value] = typeof t === 'string' ? [t, t] : [t[0], t[1]];
    if (text.startsWith(value, at) === false) return null;
    out.push({ type, value, start: at });
    at += value.length;
  }
  return at === text.length ? out : null;
}

export const PHP_TRIVIA = new Set(['T_WHITESPACE', 'T_COMMENT', 'T_DOC_COMMENT']);
