// A linear scan, no parser and no regular expression that can backtrack: it only has to tell comments from the
// rest. Strings, template literals (with their `${}` code) and regular expression literals are stepped over
// whole, so a `//` or `/*` inside them is not a comment. Whether a `/` starts a regular expression or divides
// is told by the token before it, as JS tokenizers without a parser do.
//
// Safety: the scan only ever removes comments, so a misreading can drop code only by taking a `//` or `/*` in
// a literal for a comment. It reads `/` after `)` or `}` as division: a regular expression there (`if (x) /re/`)
// is stepped over as code, which keeps it. A line break ends any string or regular expression it is in, so a
// misread literal cannot run on past its line. `http://` outside quotes (JSX text) is not taken for a comment.

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

/** Just after the closing quote; a line break ends an unterminated string (the parser would reject it). */
function skipString(text: string, i: number, quote: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === quote) return j + 1;
    else if (c === NL || c === CR) return j;
  }
  return text.length;
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

/** The JS/TS text with each comment replaced by a space; code, strings, templates and regular expressions are kept. */
export function jsWithoutComments(text: string): string {
  const out: string[] = [];
  let from = 0;
  let i = 0;
  let regexAllowed = true;
  // One entry per open `{`: true when it is the `${` of a template literal, whose `}` resumes the template.
  const braces: boolean[] = [];
  const cut = (start: number, end: number): void => {
    out.push(text.slice(from, start), ' ');
    from = end;
  };
  const template = (at: number): void => {
    const t = skipTemplate(text, at);
    if (t.open) braces.push(true);
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
      } else if (regexAllowed) {
        i = skipRegExp(text, i);
        regexAllowed = false;
      } else {
        i++;
        regexAllowed = true;
      }
    } else if (c === 0x27 || c === 0x22) {
      i = skipString(text, i, c);
      regexAllowed = false;
    } else if (c === BACKTICK) {
      template(i + 1);
    } else if (isWordChar(c)) {
      const start = i;
      while (i < text.length && isWordChar(text.charCodeAt(i))) i++;
      regexAllowed = BEFORE_EXPRESSION.has(text.slice(start, i));
    } else if (c === 0x7b) {
      braces.push(false);
      i++;
      regexAllowed = true;
    } else if (c === 0x7d) {
      i++;
      if (braces.pop()) template(i);
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
  out.push(text.slice(from));
  return out.join('');
}
