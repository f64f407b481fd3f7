import { lineCommentEnd, skipHeredoc, skipInterpolated, skipQuoted } from '../../catalogue/php-code';
import { isComputedBuiltin } from './builtins';
import { FORWARD_DEPTH } from './program';

// What the PHP engine parses of a file: the file with the bodies of the functions and methods that cannot take
// part in a finding emptied. Parsing is most of the engine's time, and a file that names a client most often does
// so in a few of its many functions (WordPress's formatting.php: 120 functions, 300 KB; five name a client).
//
// Why a body can go: the engine (interpreter.ts) follows a call into a same-file function only when that function
// names something a special follows (`relevant`) or is handed a value a client made (a cURL handle, a Guzzle
// client); and such values are made only where a client is named (`seeds`). So a finding involves a seed; its
// callers (which pass it its arguments and take what it returns), and the callers of any such function the engine
// follows into whatever it is given; the functions these hand values to, transitively; the readers of the
// properties they may store such a value in; and what all of these read: constants a function `define()`s,
// properties another method writes, functions named as callables (a special runs a filter's callback as it is).
// The callers of a kept function with parameter defaults are kept too, for the defaults their calls leave it.
// Everything else runs in the engine only
// as an entry point of its own, where it meets no client. Top-level code and class bodies outside methods are
// always kept; a function or class declared inside another is kept with it, as it would be alone. Names are matched as words of the
// code, not its comments, and of strings the engine can call (`$f = 'helper'; $f($ch)`), case-insensitively: a
// superset of the calls; a call of a name built at run time (`$f(…)`) may reach any function (not a method). A constant guarded
// by `defined()` is one the engine leaves unknown, so the guard is kept with the constant's readers. Seeds are
// found in the whole text of a declaration, comments too (more is kept, never less). A file whose namespace holds
// a client's classes, or with a comment inside a property access, is parsed whole. The emptied text has the same
// length and line breaks, so every offset and line number holds.

/** What a stretch of code names: words, and the properties of `$this` (or `self::`) it reads and writes. */
interface Words {
  /** The words of its code and of strings it can call, as written. */
  words: Set<string>;
  /** The properties it reads (`$this->x`, `self::$x`), as written. */
  properties: Set<string>;
  /** The properties it may change. */
  written: Set<string>;
  /** The properties it may give a client's value: not only literals or `new` of a class (see `coldValue`). */
  warm: Set<string>;
  /** `$this->x = new Name(…);`, `$this->x = name(…);`: property and name, lower case; warm if the name is the file's or a client's. */
  news: [string, string][];
  /** Functions named as callables (`'helper'`, `[$this, 'send']`, `helper(...)`): a special may run one as it is. */
  callables: Set<string>;
}

/** A function declared outside any other, or a method of a class declared outside any function. */
interface Unit extends Words {
  start: number;
  /** Just after its closing brace. */
  end: number;
  /** Lower case. */
  name: string;
  /** It declares parameters: a caller can hand it a value. */
  takesArguments: boolean;
  /** A parameter has a default, which the engine uses when some call of the file leaves it out. */
  defaults: boolean;
  /** Inside the braces of its body: what emptying blanks. */
  body: [number, number];
  /** A method's class. */
  owner?: ClassHead;
  /** Functions, classes and methods declared inside it: the engine knows them wherever they are declared. */
  nested: string[];
  /** It calls what a value names (`$f(…)`, `$this->$m(…)`): maybe any function of the file. */
  dynamic: boolean;
}

/** A class declared outside any function: its name, and what it extends. */
interface ClassHead {
  name: string;
  /** From `class` to its body's `{`. */
  header: [number, number];
}

type FrameKind = 'block' | 'function' | 'class' | 'nested';

interface Frame {
  kind: FrameKind;
  open: number;
  unit?: Unit;
  head?: ClassHead;
}

/** A declaration being read, from its keyword to its body's `{`. */
type Decl =
  | { stage: 'function-name'; start: number }
  | { stage: 'function-open'; start: number; name: string }
  | { stage: 'function-params' | 'function-head'; start: number; name: string; depth: number; params: boolean; defaults: boolean }
  | { stage: 'class-name' | 'enum-name'; start: number }
  | { stage: 'class-head'; start: number; name: string | null; depth: number };

const WORD = /[A-Za-z_\x80-\uffff][\w\x80-\uffff]*/y;
const WORDS = /[A-Za-z_\x80-\uffff][\w\x80-\uffff]*/g;
/** In a "…" string or heredoc: `{$this->x}`, `$this->x`, `{self::$x}`. */
const PROPERTY_IN_STRING = /(?:\$this\s*\??->\s*|::\s*\$)([A-Za-z_\x80-\uffff][\w\x80-\uffff]*)/g;
const USE_KEYWORDS = new Set(['use', 'as', 'function', 'const']);
const USE_STATEMENT = /\buse\s[^;{]*(?:\{[^}]*\}[^;]*)?;/gi;
const NAMESPACE = /\bnamespace\s+([\w\\\x80-\uffff]+)/gi;
/** `define('NAME', …)`, and `defined('NAME')`, which leaves NAME unknown to the engine wherever it is. */
const DEFINE = /\bdefined?\s*\(\s*(['"])([\w\x80-\uffff]+)\1/gi;
/** A property's declaration in a class body, to its `;` (a promoted one is read from the constructor). */
const PROPERTY_DECLARATION = /\b(?:var|public|protected|private|readonly|static)\b[^;{}()]*\$[^;{}]*;/gi;
const VARIABLE = /\$([A-Za-z_\x80-\uffff][\w\x80-\uffff]*)/g;
/** A string the engine can call as a global function's name (calls.ts `callableName`). */
const CALLABLE = /^\\?([A-Za-z_\x80-\uffff][\w\x80-\uffff]*)$/;
/** `helper(...)`: PHP 8.1's first-class callable, after the name. */
const FIRST_CLASS_CALLABLE = /\s*\(\s*\.\.\.\s*\)/y;
const ARGUMENTS_READ = /\bfunc_get_args?\b/i;

function isWordStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
}

/** The first character at or after `at` that is not blank. */
function skipBlanks(text: string, at: number): number {
  while (at < text.length && isBlank(text.charCodeAt(at))) at++;
  return at;
}

/** `->`, `?->` or `::` just before `at` (blanks between): the word there is a member's name, not a keyword. */
function afterMemberAccess(text: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
  const c = text.charCodeAt(j);
  const b = text.charCodeAt(j - 1);
  return (c === 0x3e && b === 0x2d) || (c === 0x3a && b === 0x3a);
}

/** The name that follows `$this->` or `$this?->` at `at`, and its end; null when none does, or it is a method call. */
function propertyAfterThis(text: string, at: number): [string, number] | null {
  let j = skipBlanks(text, at);
  if (text.charCodeAt(j) === 0x3f) j++;
  if (text.charCodeAt(j) !== 0x2d || text.charCodeAt(j + 1) !== 0x3e) return null;
  j = skipBlanks(text, j + 2);
  WORD.lastIndex = j;
  if (!WORD.test(text)) return null;
  const end = WORD.lastIndex;
  return text.charCodeAt(skipBlanks(text, end)) === 0x28 ? null : [text.slice(j, end), end];
}

const LITERAL_VALUE = /\s*=\s*(?:-?\d[\w.]*|'(?:[^'\\]|\\.)*'|"[^"$\\{]*"|null|true|false|\[\s*\]|array\s*\(\s*\))\s*;/iy;
const CALL_VALUE = /\s*=\s*(new\s+)?\\?((?:[\w\x80-\uffff]+\\)*([\w\x80-\uffff]+))\s*\(/iy;

/**
 * The value a plain assignment at `at` (just after the property) writes, when it may not be a client's: '' for a
 * literal; for `new Name(…);` or `name(…);`, the lower-case name as written (`a\b\name`), for the caller to decide
 * (a function or class of the file, or a client's, may give one; code the engine cannot see gives none). Null for
 * anything else.
 */
function coldValue(text: string, at: number): string | null {
  LITERAL_VALUE.lastIndex = at;
  if (LITERAL_VALUE.test(text)) return '';
  CALL_VALUE.lastIndex = at;
  const m = CALL_VALUE.exec(text);
  const name = m?.[2]!.toLowerCase();
  if (!m || (!m[1] && (m[3]!.toLowerCase() === 'array' || isComputedBuiltin(m[3]!.toLowerCase())))) return null;
  // The arguments, to their `)`, then the statement's end.
  let depth = 1;
  let j = CALL_VALUE.lastIndex;
  while (j < text.length && depth > 0) {
    const c = text.charCodeAt(j);
    if (c === 0x27) j = skipQuoted(text, j, c);
    else if (c === 0x22) j = skipInterpolated(text, j, c);
    else {
      if (c === 0x28) depth++;
      else if (c === 0x29) depth--;
      else if (c === 0x3b || c === 0x7b || c === 0x7d) return null;
      j++;
    }
  }
  return text.charCodeAt(skipBlanks(text, j)) === 0x3b ? name! : null;
}

/**
 * How the property from `from` to `to` is used: 'write' as the target of a plain assignment, 'both' where it may
 * be read and changed (`.=`, `++`, `[…] =`, `->x =`, a method call, a by-reference argument), else 'read'.
 */
function useOf(text: string, from: number, to: number): 'read' | 'write' | 'both' {
  let b = from - 1;
  while (b >= 0 && isBlank(text.charCodeAt(b))) b--;
  const before = text.charCodeAt(b);
  if (before === 0x26 || ((before === 0x2b || before === 0x2d) && text.charCodeAt(b - 1) === before)) return 'both'; // & ++ --
  const j = skipBlanks(text, to);
  const c = text.charCodeAt(j);
  const d = text.charCodeAt(j + 1);
  if (c === 0x3d) return d === 0x3d || d === 0x3e ? 'read' : 'write'; // `=`, not `==` or `=>`
  if (c === 0x2c || c === 0x29 || c === 0x5b) return 'both'; // an argument (by reference?), an element
  if (c === 0x2d) return d === 0x3e || d === 0x2d || d === 0x3d ? 'both' : 'read'; // -> -- -=
  if (c === 0x2b) return d === 0x2b || d === 0x3d ? 'both' : 'read'; // ++ +=
  if (c === 0x3f) return d === 0x2d || (d === 0x3f && text.charCodeAt(j + 2) === 0x3d) ? 'both' : 'read'; // ?-> ??=
  if (c === 0x2a) return d === 0x3d || (d === 0x2a && text.charCodeAt(j + 2) === 0x3d) ? 'both' : 'read';
  if (c === 0x3c || c === 0x3e) return d === c && text.charCodeAt(j + 2) === 0x3d ? 'both' : 'read';
  return (c === 0x2e || c === 0x2f || c === 0x25 || c === 0x7c || c === 0x26 || c === 0x5e) && d === 0x3d ? 'both' : 'read';
}

/** `(…)(`, `$a['f'](`, `$o->{$m}(`: a call of what a value names (the `(` at `at`). */
function isCallOfValue(text: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
  const c = text.charCodeAt(j);
  return c === 0x29 || c === 0x5d || c === 0x7d;
}

/** The stages of a declaration that end at anything but a blank or a comment: before its parameters or body. */
function isBrittle(decl: Decl | null): boolean {
  return decl !== null && (decl.stage === 'function-name' || decl.stage === 'function-open' || decl.stage === 'class-name' || decl.stage === 'enum-name');
}

/** A function's words from its name to its body are its own, not the enclosing code's. */
function isFunctionHead(decl: Decl | null): boolean {
  return decl !== null && (decl.stage === 'function-open' || decl.stage === 'function-params' || decl.stage === 'function-head');
}

/** Keywords that start a declaration, by length, so that most words need no lower-casing to be told apart. */
const KEYWORD_LENGTHS = new Set([4, 5, 8, 9, 15]);

function readWord(decl: Decl | null, word: string, at: number, member: boolean): Decl | null {
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

/** What `unitsOf` reads of a file. */
interface Outline {
  units: Unit[];
  classes: ClassHead[];
  /** Top-level code calls what a value names. */
  topDynamic: boolean;
  /** The code outside the units. */
  top: Words;
}

/**
 * The functions and methods of a file that are declared outside any other declaration, with the words of each and
 * of the rest; null where braces do not pair up or the file stops at `__halt_compiler()`.
 */
function unitsOf(text: string): Outline | null {
  const units: Unit[] = [];
  const classes: ClassHead[] = [];
  const top: Words = { words: new Set(), properties: new Set(), written: new Set(), warm: new Set(), news: [], callables: new Set() };
  const stack: Frame[] = [];
  let sink: Words = top;
  let owned = 0; // frames on the stack that belong to a declaration
  let decl: Decl | null = null;
  let head: string[] = []; // words of the function being declared, from its name to its body
  let inPhp = false;
  let i = 0;
  const open = (kind: FrameKind, unit?: Unit, head?: ClassHead): void => {
    stack.push({ kind, open: i, ...(unit && { unit }), ...(head && { head }) });
    if (kind !== 'block') owned++;
  };
  /** The declaration read so far ends without a body of its own here: its words go to the enclosing code. */
  const drop = (keepWords: boolean): void => {
    if (keepWords) for (const w of head) sink.words.add(w);
    head = [];
    decl = null;
  };
  let topDynamic = false;
  const callsByValue = (): void => {
    if (sink === top) topDynamic = true;
    else (sink as Unit).dynamic = true;
  };
  const word = (w: string): void => {
    if (isFunctionHead(decl)) head.push(w);
    else sink.words.add(w);
  };
  /** A property from `from` (its `$this` or `$`) to `to`: read, changed, or both. */
  const touch = (name: string, from: number, to: number): void => {
    const use = useOf(text, from, to);
    if (use !== 'write') sink.properties.add(name);
    if (use === 'read') return;
    sink.written.add(name);
    const cold = use === 'write' ? coldValue(text, to) : null;
    if (cold === null) sink.warm.add(name);
    else if (cold !== '') sink.news.push([name.toLowerCase(), cold]);
  };
  // In a string, what the engine can call: the string itself as a function's name (`$f = 'helper'; $f($ch)`),
  // and the code of its `{$…}` parts.
  const codeParts: number[] = [];
  const onCode = (from: number, to: number): void => void codeParts.push(from, to);
  const stringWords = (from: number, to: number, quoted: boolean): void => {
    if (quoted) {
      const name = CALLABLE.exec(text.slice(from + 1, to - 1));
      if (name) sink.callables.add(name[1]!);
    }
    for (let k = 0; k < codeParts.length; k += 2) {
      for (const m of text.slice(codeParts[k], codeParts[k + 1]).matchAll(WORDS)) word(m[0]);
    }
    if (text.charCodeAt(from) !== 0x27) for (const m of text.slice(from, to).matchAll(PROPERTY_IN_STRING)) sink.properties.add(m[1]!);
    codeParts.length = 0;
  };
  while (i < text.length) {
    if (!inPhp) {
      const tag = text.indexOf('<?', i);
      if (tag < 0) break;
      i = tag + 2;
      inPhp = true;
      continue;
    }
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (isBlank(c)) {
      i++;
      continue;
    }
    // Comments are skipped; strings and heredocs too, but for their words. A declaration's name holds none.
    if ((c === 0x23 && next !== 0x5b) || (c === 0x2f && next === 0x2f)) {
      i = lineCommentEnd(text, i + 1);
      continue;
    }
    if (c === 0x2f && next === 0x2a) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
      continue;
    }
    let skipTo = -1;
    if (c === 0x27) skipTo = skipQuoted(text, i, c);
    else if (c === 0x22 || c === 0x60) skipTo = skipInterpolated(text, i, c, onCode);
    else if (c === 0x3c && next === 0x3c && text.charCodeAt(i + 2) === 0x3c) {
      const end = skipHeredoc(text, i, onCode);
      if (end > i) skipTo = end;
    }
    if (skipTo >= 0) {
      if (isBrittle(decl)) drop(true);
      if (decl?.stage === 'function-params') decl.params = true;
      stringWords(i, skipTo, c !== 0x3c);
      i = skipTo;
      continue;
    }
    if (c === 0x3f && next === 0x3e) {
      inPhp = false;
      drop(true);
      i += 2;
      continue;
    }
    if (c === 0x24) {
      // A variable: `$function` is no keyword. `$this->x` and `self::$x` are properties.
      if (decl?.stage === 'function-params') decl.params = true;
      else if (isBrittle(decl)) drop(true);
      WORD.lastIndex = i + 1;
      if (!WORD.test(text)) {
        i++;
        continue;
      }
      const end = WORD.lastIndex;
      if (text.charCodeAt(skipBlanks(text, end)) === 0x28) callsByValue();
      if (afterMemberAccess(text, i)) touch(text.slice(i + 1, end), i, end);
      const property = end - i === 5 && text.startsWith('$this', i) ? propertyAfterThis(text, end) : null;
      if (property) {
        touch(property[0], i, property[1]);
        i = property[1];
      } else i = end;
      continue;
    }
    if (isWordStart(c)) {
      WORD.lastIndex = i;
      WORD.test(text);
      const end = WORD.lastIndex;
      const raw = text.slice(i, end);
      const member = afterMemberAccess(text, i);
      if (!member && raw.length === 15 && raw.toLowerCase() === '__halt_compiler') return null; // what follows is data
      const was = decl;
      decl = readWord(decl, raw, i, member);
      if (was && !decl && isFunctionHead(was)) drop(true);
      word(raw);
      FIRST_CLASS_CALLABLE.lastIndex = end;
      if (FIRST_CLASS_CALLABLE.test(text)) sink.callables.add(raw);
      i = end;
      continue;
    }
    switch (c) {
      case 0x28: // (
        if (decl === null && isCallOfValue(text, i)) callsByValue();
        if (decl?.stage === 'function-open') {
          decl = { stage: 'function-params', start: decl.start, name: decl.name, depth: 1, params: false, defaults: false };
        }
        else if (decl?.stage === 'function-params' || decl?.stage === 'function-head' || decl?.stage === 'class-head') decl.depth++;
        else if (decl?.stage === 'class-name') decl = { stage: 'class-head', start: decl.start, name: null, depth: 1 };
        else drop(true);
        break;
      case 0x29: // )
        if (decl?.stage === 'function-params') {
          if (--decl.depth === 0) decl = { ...decl, stage: 'function-head' };
        } else if (decl?.stage === 'function-head' || decl?.stage === 'class-head') decl.depth--;
        else drop(true);
        break;
      case 0x7b: // {
        if (decl?.stage === 'function-head' && decl.depth === 0) {
          if (owned === 0 || (owned === 1 && stack[stack.length - 1]!.kind === 'class')) {
            const owner = stack[stack.length - 1]?.head;
            const unit: Unit = {
              start: decl.start,
              end: -1,
              name: decl.name,
              takesArguments: decl.params,
              defaults: decl.defaults,
              body: [i + 1, -1],
              words: new Set(head),
              callables: new Set(),
              properties: new Set(),
              written: new Set(),
              warm: new Set(),
              news: [],
              nested: [],
              dynamic: false,
              ...(owner && { owner }),
            };
            // A constructor's promoted parameters (`private Client $http`) are properties it sets.
            if (decl.name === '__construct') {
              for (const m of text.slice(decl.start, i).matchAll(VARIABLE)) {
                unit.written.add(m[1]!);
                unit.warm.add(m[1]!);
              }
            }
            units.push(unit);
            open('function', unit);
            sink = unit;
            head = [];
          } else {
            if (sink !== top) (sink as Unit).nested.push(decl.name);
            open('nested');
            drop(true);
          }
        } else if ((decl?.stage === 'class-head' && decl.depth === 0) || decl?.stage === 'class-name') {
          // An anonymous class, or one declared inside a function: its methods belong to what holds it.
          if (owned === 0 && decl.stage === 'class-head' && decl.name !== null) {
            const cls: ClassHead = { name: decl.name, header: [decl.start, i] };
            classes.push(cls);
            open('class', undefined, cls);
          } else {
            if (sink !== top && decl.stage === 'class-head' && decl.name !== null) (sink as Unit).nested.push(decl.name);
            open('nested');
          }
        } else open('block');
        drop(true);
        break;
      case 0x7d: {
        // }
        const frame = stack.pop();
        if (!frame) return null;
        if (frame.kind !== 'block') owned--;
        if (frame.unit) {
          frame.unit.end = i + 1;
          frame.unit.body[1] = i;
          sink = top;
        }
        drop(true);
        break;
      }
      case 0x3b: // ;
        // An abstract method's name is no call: its words go.
        drop(!isFunctionHead(decl));
        break;
      default:
        // `&` before a name or in parameters; `:` `?` `|` `\` in types: a declaration goes on.
        if (c === 0x26 && decl?.stage === 'function-name') break;
        if (decl?.stage === 'function-params') {
          decl.params = true;
          if (c === 0x3d) decl.defaults = true;
        } else if (decl && decl.stage !== 'function-head' && decl.stage !== 'class-head') drop(true);
    }
    i++;
  }
  return stack.length === 0 ? { units, classes, top, topDynamic } : null;
}

const SPACES = ' '.repeat(1024);

/** Spaces for every character of `part` but line breaks. */
function blank(part: string): string {
  const out: string[] = [];
  let run = 0;
  const flush = (): void => {
    for (; run > SPACES.length; run -= SPACES.length) out.push(SPACES);
    out.push(SPACES.slice(0, run));
    run = 0;
  };
  for (let k = 0; k < part.length; k++) {
    const c = part.charCodeAt(k);
    if (c === 0x0a || c === 0x0d) {
      flush();
      out.push(part[k]!);
    } else run++;
  }
  flush();
  return out.join('');
}

/** `text` with the ranges in `cuts` ([start, end) pairs in order) blanked. */
function blanked(text: string, cuts: readonly number[]): string {
  const pieces: string[] = [];
  let at = 0;
  for (let k = 0; k < cuts.length; k += 2) {
    pieces.push(text.slice(at, cuts[k]), blank(text.slice(cuts[k], cuts[k + 1])));
    at = cuts[k + 1]!;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}

/** What makes a declaration worth parsing: see the comment at the top. */
export interface SliceWords {
  /** Names a client, or state a special reads (ini settings, stream defaults): the declaration is a seed. */
  seeds: RegExp;
  /** What the engine follows calls into without a value a client made (index.ts `relevantWords`). */
  relevant: RegExp;
  /** What a method that may pass its options on to a client it holds names (index.ts `wrappers`). */
  forwards?: RegExp;
  /** Lower-case namespaces of the clients' classes and their parents (`buzz`, `buzz\client`, `guzzlehttp`). */
  clientNamespaces: ReadonlySet<string>;
}

/** Adds `u` to `seen` and, the first time, to `queue` (a worklist). */
function enqueue(seen: Set<Unit>, queue: Unit[], u: Unit): void {
  if (seen.has(u)) return;
  seen.add(u);
  queue.push(u);
}

/** Adds `u` to the units listed under `key` (once, as units are added in order). */
function addTo(map: Map<string, Unit[]>, key: string, u: Unit): void {
  const list = map.get(key);
  if (!list) map.set(key, [u]);
  else if (list[list.length - 1] !== u) list.push(u);
}

/** `words` in lower case, each after `prefix` ('->' for a property's key). */
function lowered(words: Iterable<string>, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const w of words) out.add(prefix + w.toLowerCase());
  return out;
}

const COMMENTED_ACCESS = /(?:\$this\s*\??|->|::)\s*(?:\/[*/]|#(?!\[))/i;

/**
 * A namespace (or a qualified name) that is a client's or holds one: its own names may resolve to a client's
 * (`namespace Buzz;` … `Client\BuzzClientInterface`).
 */
function inClientNamespace(name: string, words: SliceWords): boolean {
  const lower = name.replace(/^\\/, '').toLowerCase();
  if (words.seeds.test(name) || words.seeds.test(`${name}\\`)) return true;
  const parts = lower.split('\\');
  return parts.some((_, k) => words.clientNamespaces.has(parts.slice(0, k + 1).join('\\')));
}

/** `c` is `base` or a class of the file that extends it, through the file's classes. */
function extendsClass(text: string, c: ClassHead, base: ClassHead, classes: readonly ClassHead[]): boolean {
  const byName = new Map(classes.map((k) => [k.name, k]));
  let at: ClassHead | undefined = c;
  for (let hops = 0; at && hops < 20; hops++) {
    if (at === base) return true;
    at = byName.get(EXTENDS.exec(text.slice(at.header[0], at.header[1]))?.[1]?.toLowerCase() ?? '');
  }
  return false;
}

const EXTENDS = /\bextends\s+\\?(?:[\w\x80-\uffff]+\\)*([\w\x80-\uffff]+)/i;

/**
 * The classes whose methods are seeds: a class whose header names a client (`extends \SoapClient`,
 * `implements ClientInterface`), and one that extends such a class of the same file. Their methods call the
 * client by `parent::` and `$this->`.
 */
function classesOfClients(text: string, classes: readonly ClassHead[], seeds: RegExp): Set<ClassHead> {
  const byName = new Map(classes.map((c) => [c.name, c]));
  const verdicts = new Map<ClassHead, boolean>();
  const isClient = (c: ClassHead, depth: number): boolean => {
    const known = verdicts.get(c);
    if (known !== undefined) return known;
    const header = text.slice(c.header[0], c.header[1]);
    const parent = byName.get(EXTENDS.exec(header)?.[1]?.toLowerCase() ?? '');
    verdicts.set(c, false); // a cycle of `extends` names no client
    const verdict = seeds.test(header) || (parent !== undefined && depth < 20 && isClient(parent, depth + 1));
    verdicts.set(c, verdict);
    return verdict;
  };
  return new Set(classes.filter((c) => isClient(c, 0)));
}

/**
 * `text` with the bodies of the declarations that cannot take part in a finding blanked; `text` itself when all
 * may, or where the file cannot be read this way (braces that do not pair up, `__halt_compiler()`, a namespace
 * that names a client: its own classes may be one).
 */
export function sliceForAnalysis(text: string, words: SliceWords): string {
  const outline = unitsOf(text);
  if (!outline?.units.length) return text;
  // A comment between `$this`, `->` or `::` and a name hides which property the engine sees.
  if (COMMENTED_ACCESS.test(text)) return text;
  const { units, classes, top, topDynamic } = outline;
  const clientClasses = classesOfClients(text, classes, words.seeds);

  // What each unit is known by: its name, the constants it defines, the properties it touches.
  const byName = new Map<string, Unit[]>();
  const name = (n: string, u: Unit): void => addTo(byName, n, u);
  const properties = new Map<Unit, Set<string>>();
  const lowerWords = new Map<Unit, Set<string>>();
  for (const u of units) {
    name(u.name, u);
    for (const n of u.nested) name(n, u);
    // `new Name(…)` runs the constructor.
    if (u.owner && u.name === '__construct') name(u.owner.name, u);
    const lower = lowered(u.words);
    lowerWords.set(u, lower);
    if (lower.has('define') || lower.has('defined')) {
      for (const m of text.slice(u.start, u.end).matchAll(DEFINE)) name(m[2]!.toLowerCase(), u);
    }
    // A property links a unit that reads it to those that may change it.
    properties.set(u, lowered(u.properties, '->'));
    for (const p of lowered(u.written, '->')) name(p, u);
  }

  // Code outside the units is kept: what it names counts, and so do the names a `use` statement that names a
  // client binds (`use GuzzleHttp\Client as Http;`).
  const seedWords = new Set<string>();
  const parts: string[] = [];
  let from = 0;
  for (let k = 0; k <= units.length; k++) {
    const part = text.slice(from, k < units.length ? units[k]!.start : text.length);
    parts.push(part);
    if (/namespace/i.test(part)) for (const m of part.matchAll(NAMESPACE)) if (inClientNamespace(m[1]!, words)) return text;
    if (/use/i.test(part)) {
      for (const m of part.matchAll(USE_STATEMENT)) {
        if (!words.seeds.test(m[0])) continue;
        for (const w of m[0].matchAll(WORDS)) if (!USE_KEYWORDS.has(w[0].toLowerCase())) seedWords.add(w[0].toLowerCase());
      }
    }
    if (k < units.length) from = units[k]!.end;
  }
  const namesClient = (code: string): boolean => words.seeds.test(code) || [...code.matchAll(WORDS)].some((w) => seedWords.has(w[0].toLowerCase()));
  // A property declared with a client's type (`private Client $http;`) holds one; so may a global variable when
  // top-level code names a client.
  const clientProperties = new Set<string>();
  let topNamesClient = false;
  for (const part of parts) {
    topNamesClient ||= words.seeds.test(part);
    for (const m of part.matchAll(PROPERTY_DECLARATION)) {
      if (namesClient(m[0])) for (const v of m[0].matchAll(VARIABLE)) clientProperties.add(v[1]!.toLowerCase());
    }
  }

  const mentions = new Map<Unit, string[]>();
  const seeds: Unit[] = [];
  // A call of what a value names reaches a function the engine finds by its name, declared anywhere (calls.ts
  // `callableName`); a method is reached by name only as written (`$this->m()`), never by a value (`$this->$m()`).
  const functionNames = units.flatMap((u) => (u.owner ? u.nested : [u.name, ...u.nested]));
  for (const u of units) {
    // `$f = 'hel' . 'per'; $f($ch)`: any of those functions.
    const own: string[] = [...properties.get(u)!, ...(u.dynamic ? functionNames : [])];
    const lower = lowerWords.get(u)!;
    let seed = (topNamesClient && (lower.has('global') || text.slice(u.start, u.end).includes('$GLOBALS'))) || (u.owner !== undefined && clientClasses.has(u.owner));
    for (const w of lower) {
      if (byName.has(w)) own.push(w);
      if (seedWords.has(w)) seed = true;
    }
    for (const p of u.properties) if (clientProperties.has(p.toLowerCase())) seed = true;
    mentions.set(u, own);
    if (seed || words.seeds.test(text.slice(u.start, u.end))) seeds.push(u);
  }
  // The engine tests a function's whole text, comments included, for what it follows.
  const isRelevant = (u: Unit): boolean => words.relevant.test(text.slice(u.start, u.end));
  // A hot method that may hand a client its caller's options: the engine follows it from its callers.
  const forwardsOptions = (u: Unit): boolean => u.takesArguments && u.owner !== undefined && !!words.forwards?.test(text.slice(u.start, u.end));
  const runsWhenCalled = (u: Unit): boolean => u.takesArguments || ARGUMENTS_READ.test(text.slice(u.start, u.end)) || isRelevant(u);

  const kept = new Set<Unit>();
  const queue: Unit[] = [];
  const keep = (u: Unit): void => enqueue(kept, queue, u);
  // Where a client's values can be: the seeds, their callers (a seed's return), the functions these are handed
  // to, and the readers of the properties these write.
  const readers = new Map<string, Unit[]>();
  for (const u of units) {
    for (const p of properties.get(u)!) addTo(readers, p, u);
  }
  const hot = new Set<Unit>();
  const hotQueue: Unit[] = [];
  const heat = (u: Unit): void => {
    enqueue(hot, hotQueue, u);
    keep(u);
  };
  const heatCallees = (words: Iterable<string>): void => {
    for (const w of words) for (const v of byName.get(w) ?? []) if (w === v.name && runsWhenCalled(v)) heat(v);
  };
  const classNames = new Set(classes.map((c) => c.name));
  const warmOf = (w: Words): Set<string> => {
    const out = lowered(w.warm, '->');
    for (const [p, made] of w.news) {
      const parts = made.split('\\');
      if (parts.some((n) => classNames.has(n) || byName.has(n) || seedWords.has(n)) || words.seeds.test(`${made}(`) || inClientNamespace(made, words)) out.add(`->${p}`);
    }
    return out;
  };
  const heatReaders = (written: Iterable<string>): void => {
    for (const p of written) for (const r of readers.get(p) ?? []) heat(r);
  };
  const seedNames = new Set(seeds.map((u) => u.name));
  for (const u of seeds) heat(u);
  for (const u of units) if (mentions.get(u)!.some((w) => seedNames.has(w))) heat(u);
  const topWords = lowered(top.words);
  if (topDynamic) for (const n of functionNames) topWords.add(n);
  if (topNamesClient) heatCallees(topWords);
  heatReaders(warmOf(top));
  // A caller of a hot function the engine follows into whatever it is given (`relevant`) gets what it returns,
  // and passes it its arguments: hot too.
  const callers = new Map<string, Unit[]>();
  for (const u of units) {
    for (const w of mentions.get(u)!) addTo(callers, w, u);
  }
  // So does a caller of a function the engine follows because it passes its parameters on to a relevant one
  // (program.ts): here, any caller that takes arguments, up to FORWARD_DEPTH calls from a relevant function.
  const hops = new Map<Unit, number>();
  while (hotQueue.length) {
    const u = hotQueue.pop()!;
    heatCallees(mentions.get(u)!);
    heatReaders(warmOf(u));
    const away = isRelevant(u) || forwardsOptions(u) ? 0 : hops.get(u);
    if (away === undefined) continue;
    for (const c of callers.get(u.name) ?? []) {
      heat(c);
      if (away >= FORWARD_DEPTH || !c.takesArguments || (hops.get(c) ?? Infinity) <= away + 1) continue;
      hops.set(c, away + 1);
      hotQueue.push(c); // again, if it was done: its callers are hot now
    }
  }
  // And what kept code names: a function it calls, if the call can make it run, or one it names as a callable (a
  // special may run it whatever it is: `add_filter('http_request_timeout', 'no_wait')`); a constant; the writers
  // of a property it reads.
  const follow = (w: string, callable = false): void => {
    for (const v of byName.get(w) ?? []) if (callable || w !== v.name || runsWhenCalled(v)) keep(v);
  };
  for (const w of topWords) follow(w);
  for (const w of lowered(top.callables)) follow(w, true);
  for (const p of lowered(top.properties, '->')) follow(p);
  while (queue.length) {
    const u = queue.pop()!;
    for (const w of mentions.get(u)!) follow(w);
    for (const w of lowered(u.callables)) follow(w, true);
  }
  // The engine runs a function on its own with the defaults some call of the file leaves to it: the callers of a
  // kept function with defaults are kept for their calls (what else they do reaches no kept code).
  const withDefaults = new Set<string>();
  for (const u of kept) {
    if (!u.defaults) continue;
    withDefaults.add(u.name);
    // `new Sub()` leaves the defaults of the constructor it inherits.
    if (u.owner && u.name === '__construct') for (const c of classes) if (extendsClass(text, c, u.owner, classes)) withDefaults.add(c.name);
  }
  if (withDefaults.size) {
    const callsByValue = functionNames.some((n) => withDefaults.has(n));
    for (const u of units) if (!kept.has(u) && ((u.dynamic && callsByValue) || [...lowerWords.get(u)!].some((w) => withDefaults.has(w)))) kept.add(u);
  }
  if (kept.size === units.length) return text;
  return blanked(text, units.filter((u) => !kept.has(u)).flatMap((u) => u.body));
}

export { unitsOf as unitsForTesting };
