import { isBrittle, isFunctionHead, readWord, type Decl } from './slice-decl';
import { afterArrow, afterMemberAccess, coldValue, commentEnd, isBlank, isCallOfValue, isWordStart, propertyAfterThis, skipBlanks, stringEnd, useOf, WORD } from './slice-text';

// The outline scanner of slicing (slice.ts): a file's functions and methods, and what each of them and the rest name.

/** What a stretch of code names: words, and the properties of `$this` (or `self::`) it reads and writes. */
export interface Words {
  /** The words of its code and of strings it can call, as written. */
  words: Set<string>;
  /** The properties it reads (`$this->x`, `self::$x`), as written. */
  properties: Set<string>;
  /** The properties it may change: of `$this` or `self::`, or `->x` of any object (`$client->timeout = 30`). */
  written: Set<string>;
  /** The properties it may give a client's value: not only literals or `new` of a class (see `coldValue`). */
  warm: Set<string>;
  /** `$this->x = new Name(…);`, `$this->x = name(…);`: property and name, lower case; warm if the name is the file's or a client's. */
  news: [string, string][];
  /** Functions named as callables (`'helper'`, `[$this, 'send']`, `helper(...)`): a special may run one as it is. */
  callables: Set<string>;
}

/** A function declared outside any other, or a method of a class declared outside any function. */
export interface Unit extends Words {
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
export interface ClassHead {
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

export const WORDS = /[A-Za-z_\x80-\uffff][\w\x80-\uffff]*/g;
/** In a "…" string or heredoc: `{$this->x}`, `$this->x`, `{self::$x}`. */
const PROPERTY_IN_STRING = /(?:\$this\s*\??->\s*|::\s*\$)([A-Za-z_\x80-\uffff][\w\x80-\uffff]*)/g;
export const VARIABLE = /\$([A-Za-z_\x80-\uffff][\w\x80-\uffff]*)/g;
/** A string the engine can call as a global function's name (calls.ts `callableName`). */
const CALLABLE = /^\\?([A-Za-z_\x80-\uffff][\w\x80-\uffff]*)$/;
/** `helper(...)`: PHP 8.1's first-class callable, after the name. */
const FIRST_CLASS_CALLABLE = /\s*\(\s*\.\.\.\s*\)/y;

/** The unit of a function declared outside any other, its body's `{` at `open`, with the words of its head. */
function newUnit(text: string, decl: { start: number; name: string; params: boolean; defaults: boolean }, open: number, head: string[], owner: ClassHead | undefined): Unit {
  const unit: Unit = {
    start: decl.start,
    end: -1,
    name: decl.name,
    takesArguments: decl.params,
    defaults: decl.defaults,
    body: [open + 1, -1],
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
    for (const m of text.slice(decl.start, open).matchAll(VARIABLE)) {
      unit.written.add(m[1]!);
      unit.warm.add(m[1]!);
    }
  }
  return unit;
}

/** What `unitsOf` reads of a file. */
export interface Outline {
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
export function unitsOf(text: string): Outline | null {
  return new OutlineReader(text).read();
}

/** One pass of `unitsOf` over a file's code: the declaration being read, and where its words go. */
class OutlineReader {
  private readonly units: Unit[] = [];
  private readonly classes: ClassHead[] = [];
  private readonly top: Words = { words: new Set(), properties: new Set(), written: new Set(), warm: new Set(), news: [], callables: new Set() };
  private readonly stack: Frame[] = [];
  private sink: Words = this.top;
  private owned = 0; // frames on the stack that belong to a declaration
  private decl: Decl | null = null;
  private head: string[] = []; // words of the function being declared, from its name to its body
  private i = 0;
  private topDynamic = false;
  // In a string, what the engine can call: the string itself as a function's name (`$f = 'helper'; $f($ch)`),
  // and the code of its `{$…}` parts.
  private readonly codeParts: number[] = [];
  private readonly onCode = (from: number, to: number): void => void this.codeParts.push(from, to);

  constructor(private readonly text: string) {}

  read(): Outline | null {
    const text = this.text;
    let inPhp = false;
    while (this.i < text.length) {
      const i = this.i;
      if (!inPhp) {
        const tag = text.indexOf('<?', i);
        if (tag < 0) break;
        this.i = tag + 2;
        inPhp = true;
        continue;
      }
      const c = text.charCodeAt(i);
      const next = text.charCodeAt(i + 1);
      if (isBlank(c)) {
        this.i++;
        continue;
      }
      // Comments are skipped; strings and heredocs too, but for their words. A declaration's name holds none.
      const commentTo = commentEnd(text, i, c, next);
      if (commentTo >= 0) {
        this.i = commentTo;
        continue;
      }
      const skipTo = stringEnd(text, i, c, next, this.onCode);
      if (skipTo >= 0) {
        this.string(skipTo, c !== 0x3c);
        continue;
      }
      if (c === 0x3f && next === 0x3e) {
        inPhp = false;
        this.drop(true);
        this.i += 2;
        continue;
      }
      if (c === 0x24) this.variable();
      else if (isWordStart(c)) {
        if (!this.name()) return null;
      } else if (!this.punctuation(c)) return null;
    }
    const { units, classes, top, topDynamic } = this;
    return this.stack.length === 0 ? { units, classes, top, topDynamic } : null;
  }

  private open(kind: FrameKind, unit?: Unit, head?: ClassHead): void {
    this.stack.push({ kind, open: this.i, ...(unit && { unit }), ...(head && { head }) });
    if (kind !== 'block') this.owned++;
  }

  /** The declaration read so far ends without a body of its own here: its words go to the enclosing code. */
  private drop(keepWords: boolean): void {
    if (keepWords) for (const w of this.head) this.sink.words.add(w);
    this.head = [];
    this.decl = null;
  }

  private callsByValue(): void {
    if (this.sink === this.top) this.topDynamic = true;
    else (this.sink as Unit).dynamic = true;
  }

  private word(w: string): void {
    if (isFunctionHead(this.decl)) this.head.push(w);
    else this.sink.words.add(w);
  }

  /** A property from `from` (its `$this` or `$`) to `to`: read, changed, or both. */
  private touch(name: string, from: number, to: number): void {
    const { text, sink } = this;
    const use = useOf(text, from, to);
    if (use !== 'write') sink.properties.add(name);
    if (use === 'read') return;
    sink.written.add(name);
    const cold = use === 'write' ? coldValue(text, to) : null;
    if (cold === null) sink.warm.add(name);
    else if (cold !== '') sink.news.push([name.toLowerCase(), cold]);
  }

  /** A string or heredoc from here to `to`. */
  private string(to: number, quoted: boolean): void {
    if (isBrittle(this.decl)) this.drop(true);
    if (this.decl?.stage === 'function-params') this.decl.params = true;
    this.stringWords(this.i, to, quoted);
    this.i = to;
  }

  private stringWords(from: number, to: number, quoted: boolean): void {
    const { text, codeParts } = this;
    if (quoted) {
      const name = CALLABLE.exec(text.slice(from + 1, to - 1));
      if (name) this.sink.callables.add(name[1]!);
    }
    for (let k = 0; k < codeParts.length; k += 2) {
      for (const m of text.slice(codeParts[k], codeParts[k + 1]).matchAll(WORDS)) this.word(m[0]);
    }
    if (text.charCodeAt(from) !== 0x27) for (const m of text.slice(from, to).matchAll(PROPERTY_IN_STRING)) this.sink.properties.add(m[1]!);
    codeParts.length = 0;
  }

  /** A variable: `$function` is no keyword. `$this->x` and `self::$x` are properties. */
  private variable(): void {
    const { text, i } = this;
    if (this.decl?.stage === 'function-params') this.decl.params = true;
    else if (isBrittle(this.decl)) this.drop(true);
    WORD.lastIndex = i + 1;
    if (!WORD.test(text)) {
      this.i++;
      return;
    }
    const end = WORD.lastIndex;
    if (text.charCodeAt(skipBlanks(text, end)) === 0x28) this.callsByValue();
    if (afterMemberAccess(text, i)) this.touch(text.slice(i + 1, end), i, end);
    const property = end - i === 5 && text.startsWith('$this', i) ? propertyAfterThis(text, end) : null;
    if (property) {
      this.touch(property[0], i, property[1]);
      this.i = property[1];
    } else this.i = end;
  }

  /** A keyword or a name; false at `__halt_compiler`, after which what follows is data. */
  private name(): boolean {
    const { text, i } = this;
    WORD.lastIndex = i;
    WORD.test(text);
    const end = WORD.lastIndex;
    const raw = text.slice(i, end);
    const member = afterMemberAccess(text, i);
    if (!member && raw.length === 15 && raw.toLowerCase() === '__halt_compiler') return false; // what follows is data
    const was = this.decl;
    this.decl = readWord(this.decl, raw, i, member);
    if (was && !this.decl && isFunctionHead(was)) this.drop(true);
    this.word(raw);
    // `$hook->seconds = 30` changes that property of whatever object it is, `$this`'s too (kept-property.ts).
    if (member && afterArrow(text, i) && useOf(text, i, end) !== 'read') this.sink.written.add(raw);
    FIRST_CLASS_CALLABLE.lastIndex = end;
    if (FIRST_CLASS_CALLABLE.test(text)) this.sink.callables.add(raw);
    this.i = end;
    return true;
  }

  /** Any other character, then past it; false at a `}` that closes nothing. */
  private punctuation(c: number): boolean {
    const decl = this.decl;
    switch (c) {
      case 0x28: // (
        if (decl === null && isCallOfValue(this.text, this.i)) this.callsByValue();
        if (decl?.stage === 'function-open') {
          this.decl = { stage: 'function-params', start: decl.start, name: decl.name, depth: 1, params: false, defaults: false };
        }
        else if (decl?.stage === 'function-params' || decl?.stage === 'function-head' || decl?.stage === 'class-head') decl.depth++;
        else if (decl?.stage === 'class-name') this.decl = { stage: 'class-head', start: decl.start, name: null, depth: 1 };
        else this.drop(true);
        break;
      case 0x29: // )
        if (decl?.stage === 'function-params') {
          if (--decl.depth === 0) this.decl = { ...decl, stage: 'function-head' };
        } else if (decl?.stage === 'function-head' || decl?.stage === 'class-head') decl.depth--;
        else this.drop(true);
        break;
      case 0x7b: // {
        this.openBrace();
        break;
      case 0x7d: // }
        if (!this.closeBrace()) return false;
        break;
      case 0x3b: // ;
        // An abstract method's name is no call: its words go.
        this.drop(!isFunctionHead(decl));
        break;
      default:
        // `&` before a name or in parameters; `:` `?` `|` `\` in types: a declaration goes on.
        if (c === 0x26 && decl?.stage === 'function-name') break;
        if (decl?.stage === 'function-params') {
          decl.params = true;
          if (c === 0x3d) decl.defaults = true;
        } else if (decl && decl.stage !== 'function-head' && decl.stage !== 'class-head') this.drop(true);
    }
    this.i++;
    return true;
  }

  private openBrace(): void {
    const { decl, stack, i } = this;
    if (decl?.stage === 'function-head' && decl.depth === 0) {
      if (this.owned === 0 || (this.owned === 1 && stack[stack.length - 1]!.kind === 'class')) {
        const unit = newUnit(this.text, decl, i, this.head, stack[stack.length - 1]?.head);
        this.units.push(unit);
        this.open('function', unit);
        this.sink = unit;
        this.head = [];
      } else {
        if (this.sink !== this.top) (this.sink as Unit).nested.push(decl.name);
        this.open('nested');
        this.drop(true);
      }
    } else if ((decl?.stage === 'class-head' && decl.depth === 0) || decl?.stage === 'class-name') {
      // An anonymous class, or one declared inside a function: its methods belong to what holds it.
      if (this.owned === 0 && decl.stage === 'class-head' && decl.name !== null) {
        const cls: ClassHead = { name: decl.name, header: [decl.start, i] };
        this.classes.push(cls);
        this.open('class', undefined, cls);
      } else {
        if (this.sink !== this.top && decl.stage === 'class-head' && decl.name !== null) (this.sink as Unit).nested.push(decl.name);
        this.open('nested');
      }
    } else this.open('block');
    this.drop(true);
  }

  /** False when the brace closes nothing. */
  private closeBrace(): boolean {
    const frame = this.stack.pop();
    if (!frame) return false;
    if (frame.kind !== 'block') this.owned--;
    if (frame.unit) {
      frame.unit.end = this.i + 1;
      frame.unit.body[1] = this.i;
      this.sink = this.top;
    }
    this.drop(true);
    return true;
  }
}
