// A linear scan, no parser and no regular expression that can backtrack: it only has to tell comments from the
// rest. Strings, template literals (with their `${}` code) and regular expression literals are stepped over
// whole, so a `//` or `/*` inside them is not a comment. Whether a `/` starts a regular expression or divides
// is told by the token before it, as JS tokenizers without a parser do.
//
// Safety: the text view only ever removes comments, so a misreading can drop code only by taking a `//` or `/*`
// in a literal for a comment. It reads `/` after `)` or `}` as division: a regular expression there
// (`if (x) /re/`) is stepped over as code, which keeps it. A line break ends any string or regular expression it
// is in, so a misread literal cannot run on past its line. `http://` outside quotes (JSX text) is not taken for
// a comment. The code view also drops the text of quoted strings, but only where a quote surely starts one: not
// on a line after such a `/` (the rest of the line may be a regular expression holding a quote), not in a file
// that may hold JSX (whose text can hold an apostrophe), and not a string left open at its line's end.

const NL = 0x0a;
const CR = 0x0d;
const SLASH = 0x2f;
const STAR = 0x2a;
const BACKSLASH = 0x5c;
const BACKTICK = 0x60;
const COLON = 0x3a;

// After these words an expression starts, so `/` begins a regular expression: `return /x/.test(s)`.
const BEFORE_EXPRESSION = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await',
]);

function isWordChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x24 || c === BACKSLASH || c > 0x7f;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === NL || c === CR || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029;
}

/**
 * Just after the closing quote (`closed`), or at the line break that ends an unterminated string (the parser
 * would reject it).
 */
function skipString(text: string, i: number, quote: number): { end: number; closed: boolean } {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === quote) return { end: j + 1, closed: true };
    else if (c === NL || c === CR) return { end: j, closed: false };
  }
  return { end: text.length, closed: false };
}

/** Just after the closing `/` and flags; stops at a line break, which no regular expression holds. */
function skipRegExp(text: string, i: number): number {
  let inClass = false;
  let j = i + 1;
  for (; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === NL || c === CR) return j;
    else if (c === 0x5b) inClass = true;
    else if (c === 0x5d) inClass = false;
    else if (c === SLASH && !inClass) break;
  }
  j++;
  while (j < text.length && isWordChar(text.charCodeAt(j))) j++;
  return j;
}

/** From inside a template literal: just after its closing backtick, or just after a `${` (then `open` is true). */
function skipTemplate(text: string, i: number): { end: number; open: boolean } {
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === BACKTICK) return { end: j + 1, open: false };
    else if (c === 0x24 && text.charCodeAt(j + 1) === 0x7b) return { end: j + 2, open: true };
  }
  return { end: text.length, open: false };
}

function lineEnd(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === NL || c === CR) return j;
  }
  return text.length;
}

/** What the prefilter reads of a JS/TS file: its text without comments, and its code alone. */
export interface JsViews {
  /** Each comment replaced by a space; code, strings, templates and regular expressions kept. */
  text: string;
  /**
   * `text` with the text of quoted strings replaced by a space too, where that is sure to drop no code: a
   * string that reads as a name (`'fetch'` in `globalThis['fetch']` is one) is kept, and so is every string
   * of a file that may hold JSX (whose text can hold quotes that start no string), and every string on a line
   * after a `/` that may have started a regular expression (`if (x) /'/.test(s)`). The text of templates is
   * replaced too (their `${}` code kept), under the same conditions, and only before the first such `/`.
   */
  code: string;
}

/** Whether `text` from `start` to `end` reads as a name (`/^[\w$]*$/`), tested without cutting it out. */
function isName(text: string, start: number, end: number): boolean {
  for (let j = start; j < end; j++) {
    const c = text.charCodeAt(j);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x24)) return false;
  }
  return true;
}

/** Whether the word from `start` to `end` starts an expression (`return`, `typeof`), so a `/` after it starts a regular expression. */
function startsExpression(text: string, start: number, end: number): boolean {
  // A keyword read as a property (`x.in / 2`) starts no expression.
  return text.charCodeAt(start - 1) !== 0x2e && BEFORE_EXPRESSION.has(text.slice(start, end));
}

function previousNonBlank(text: string, i: number): number {
  for (let j = i - 1; j >= 0; j--) {
    const c = text.charCodeAt(j);
    if (!isBlank(c)) return c;
  }
  return -1;
}

export function jsViews(text: string): JsViews {
  const kept: string[] = [];
  const code: string[] = [];
  let keptFrom = 0;
  let codeFrom = 0;
  let i = 0;
  // Whether a `/` here starts a regular expression; after a word, that is asked only where a `/` follows, so that
  // words are not cut out of the text for nothing.
  let regexAllowed: boolean | 'word' = true;
  let wordStart = 0;
  let wordEnd = 0;
  // Quotes in JSX text start no string; so is any `<a>` or `</a>` or `<a />` in the file.
  const mayHoldJsx = text.includes('</') || text.includes('/>');
  // Strings before this offset are kept: a `/` read as division after `)` or `}` may have begun a regular expression.
  let unsureUntil = 0;
  // One entry per open `{`: true when it is the `${` of a template literal, whose `}` resumes the template.
  const braces: boolean[] = [];
  const cut = (start: number, end: number): void => {
    kept.push(text.slice(keptFrom, start), ' ');
    code.push(text.slice(codeFrom, start), ' ');
    keptFrom = codeFrom = end;
  };
  // A template's text runs across lines, so a backtick misread inside a regular expression could pair the
  // backticks after it the wrong way round: templates' text is dropped only until the first unsure `/`.
  let templatesSure = !mayHoldJsx;
  const template = (at: number, first: boolean): void => {
    const t = skipTemplate(text, at);
    if (t.open) braces.push(true);
    const textEnd = t.open ? t.end - 2 : t.end - 1;
    const closed = t.open || text.charCodeAt(textEnd) === BACKTICK;
    // `globalThis[\`fetch\`]`: a whole template that reads as a name is kept, as a string would be.
    const name = first && !t.open && isName(text, at, textEnd);
    if (templatesSure && closed && !name && textEnd > at && at >= codeFrom) {
      code.push(text.slice(codeFrom, at), ' ');
      codeFrom = textEnd;
    }
    i = t.end;
    regexAllowed = t.open;
  };
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isBlank(c)) {
      i++;
    } else if (c === SLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === SLASH) {
        const end = lineEnd(text, i + 2);
        // `http://` in JSX text or a URL outside quotes: not a comment to drop.
        if (text.charCodeAt(i - 1) !== COLON) cut(i, end);
        i = end;
      } else if (next === STAR) {
        const close = text.indexOf('*/', i + 2);
        const end = close < 0 ? text.length : close + 2;
        cut(i, end);
        i = end;
      } else if (regexAllowed === 'word' ? startsExpression(text, wordStart, wordEnd) : regexAllowed) {
        i = skipRegExp(text, i);
        regexAllowed = false;
      } else {
        const before = previousNonBlank(text, i);
        if (before === 0x29 || before === 0x7d) {
          unsureUntil = lineEnd(text, i);
          templatesSure = false;
        }
        i++;
        regexAllowed = true;
      }
    } else if (c === 0x27 || c === 0x22) {
      const { end, closed } = skipString(text, i, c);
      if (!mayHoldJsx && i >= unsureUntil && closed && !isName(text, i + 1, end - 1)) {
        code.push(text.slice(codeFrom, i), ' ');
        codeFrom = end;
      }
      i = end;
      regexAllowed = false;
    } else if (c === BACKTICK) {
      template(i + 1, true);
    } else if (isWordChar(c)) {
      wordStart = i;
      while (i < text.length && isWordChar(text.charCodeAt(i))) i++;
      wordEnd = i;
      regexAllowed = 'word';
    } else if (c === 0x7b) {
      braces.push(false);
      i++;
      regexAllowed = true;
    } else if (c === 0x7d) {
      i++;
      if (braces.pop()) template(i, false);
      else regexAllowed = false;
    } else if ((c === 0x2b || c === 0x2d) && text.charCodeAt(i + 1) === c) {
      // `i++ / 2`: a regular expression cannot follow `++` or `--`, which apply to a name.
      i += 2;
      regexAllowed = false;
    } else {
      i++;
      regexAllowed = c !== 0x29 && c !== 0x5d;
    }
  }
  kept.push(text.slice(keptFrom));
  code.push(text.slice(codeFrom));
  return { text: kept.join(''), code: code.join('') };
}

/** The JS/TS text with each comment replaced by a space; code, strings, templates and regular expressions are kept. */
export function jsWithoutComments(text: string): string {
  return jsViews(text).text;
}
