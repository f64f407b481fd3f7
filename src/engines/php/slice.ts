import { FORWARD_DEPTH } from './program';
import { unitsOf, type Outline, type Unit, type Words } from './slice-outline';
import { codeOfFragment as codeOf } from '../../catalogue/php-code';
import { addTo, extendsClass, inClientNamespace, lowered, namesOf, seedsOf, topLevelOf, type Names, type Seeds, type TopLevel } from './slice-seeds';
import { blanked } from './slice-text';


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
// properties another method writes (on any object: `$hook->seconds = 30` changes what `$this->seconds` may
// hold, kept-property.ts), functions named as callables (a special runs a filter's callback as it is).
// The callers of a kept function with parameter defaults are kept too, for the defaults their calls leave it.
// Everything else runs in the engine only
// as an entry point of its own, where it meets no client. Top-level code and class bodies outside methods are
// always kept; a function or class declared inside another is kept with it, as it would be alone. Names are matched as words of the
// code, not its comments, and of strings the engine can call (`$f = 'helper'; $f($ch)`), case-insensitively: a
// superset of the calls; a call of a name built at run time (`$f(…)`) may reach any function (not a method). A constant guarded
// by `defined()` is one the engine leaves unknown, so the guard is kept with the constant's readers. Seeds, and
// what the engine follows, are found in a declaration's code and strings, not its comments (the engine reads
// none), and so is a client that top-level code names. A file whose namespace holds
// a client's classes, or with a comment inside a property access, is parsed whole. The emptied text has the same
// length and line breaks, so every offset and line number holds.

const ARGUMENTS_READ = /\bfunc_get_args?\b/i;

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

const COMMENTED_ACCESS = /(?:\$this\s*\??|->|::)\s*(?:\/[*/]|#(?!\[))/i;

/** What the steps that keep units share. */
interface Analysis extends Names, TopLevel, Seeds {
  text: string;
  words: SliceWords;
  outline: Outline;
  isRelevant: (u: Unit) => boolean;
  forwardsOptions: (u: Unit) => boolean;
  runsWhenCalled: (u: Unit) => boolean;
  kept: Set<Unit>;
  /** Kept units whose names are still to follow. */
  queue: Unit[];
}

/** The properties `w` may give a client's value, as `->name`: one given `new X(…)` where X names a client, or `new X(` is a word of one (`new curl(`). */
function warmOf(a: Analysis, classNames: ReadonlySet<string>, w: Words): Set<string> {
  const { byName, seedWords, words } = a;
  const out = lowered(w.warm, '->');
  for (const [p, made] of w.news) {
    const parts = made.split('\\');
    if (parts.some((n) => classNames.has(n) || byName.has(n) || seedWords.has(n)) || words.seeds.test(`${made}(`) || words.seeds.test(`new ${made}(`) || inClientNamespace(made, words)) out.add(`->${p}`);
  }
  return out;
}

/** Keeps where a client's values can be, and the callers that lead there: see the comment at the top. */
function heatUnits(a: Analysis, topWords: ReadonlySet<string>): void {
  const { byName, properties, mentions, seeds, isRelevant, forwardsOptions, runsWhenCalled } = a;
  const { units, classes, top } = a.outline;
  const keep = (u: Unit): void => enqueue(a.kept, a.queue, u);
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
  const heatReaders = (written: Iterable<string>): void => {
    for (const p of written) for (const r of readers.get(p) ?? []) heat(r);
  };
  const seedNames = new Set(seeds.map((u) => u.name));
  for (const u of seeds) heat(u);
  for (const u of units) if (mentions.get(u)!.some((w) => seedNames.has(w))) heat(u);
  if (a.topNamesClient) heatCallees(topWords);
  heatReaders(warmOf(a, classNames, top));
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
    heatReaders(warmOf(a, classNames, u));
    const away = isRelevant(u) || forwardsOptions(u) ? 0 : hops.get(u);
    if (away === undefined) continue;
    for (const c of callers.get(u.name) ?? []) {
      heat(c);
      if (away >= FORWARD_DEPTH || !c.takesArguments || (hops.get(c) ?? Infinity) <= away + 1) continue;
      hops.set(c, away + 1);
      hotQueue.push(c); // again, if it was done: its callers are hot now
    }
  }
}

/**
 * Keeps what kept code names: a function it calls, if the call can make it run, or one it names as a callable (a
 * special may run it whatever it is: `add_filter('http_request_timeout', 'no_wait')`); a constant; the writers
 * of a property it reads.
 */
function followKept(a: Analysis, topWords: ReadonlySet<string>): void {
  const { byName, mentions, runsWhenCalled, queue } = a;
  const { top } = a.outline;
  const keep = (u: Unit): void => enqueue(a.kept, queue, u);
  const follow = (w: string, callable = false): void => {
    for (const v of byName.get(w) ?? []) if (callable || w !== v.name || runsWhenCalled(v)) keep(v);
  };
  // Code that may write any property (kept-property.ts) is kept with the first reader of one.
  let writersKept = false;
  const anyWriters = (): void => {
    if (writersKept) return;
    writersKept = true;
    for (const v of a.outline.units) if (BUILT_PROPERTY.test(a.text.slice(v.start, v.end))) keep(v);
  };
  for (const w of topWords) follow(w);
  for (const w of lowered(top.callables)) follow(w, true);
  for (const p of lowered(top.properties, '->')) follow(p);
  if (top.properties.size) anyWriters();
  while (queue.length) {
    const u = queue.pop()!;
    for (const w of mentions.get(u)!) follow(w);
    for (const w of lowered(u.callables)) follow(w, true);
    if (u.properties.size) anyWriters();
  }
}

/**
 * What may write a property the engine cannot name (kept-property.ts): `$this->$key = …`, `->{…}`, `self::$$k`,
 * `foreach ($this as &$v)`, reflection, `include` and `eval`.
 */
const BUILT_PROPERTY = /->\s*[$\{]|::\s*\$\$|\bforeach\s*\(\s*\$this\s+as\b[^)]*&|\b(?:include|require)(?:_once)?\b|\beval\s*\(|\bReflection/i;

/**
 * The engine runs a function on its own with the defaults some call of the file leaves to it: the callers of a
 * kept function with defaults are kept for their calls (what else they do reaches no kept code).
 */
function keepCallersOfDefaults(a: Analysis): void {
  const { text, kept, functionNames, lowerWords } = a;
  const { units, classes } = a.outline;
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
}

/** `$this->name(`, `self::name(`, `static::name(`, `parent::name(`: a method called on the object, with its name. */
const SELF_CALL = /(?:\$this\s*\??->\s*|\b(self|static|parent)\s*::\s*)([A-Za-z_\x80-\uffff][\w\x80-\uffff]*)\s*\(/gi;

/**
 * Whether a method calls, itself or through its class's other methods, one on the object the file may not show (an
 * inherited one): the engine takes that call as one that may reach what the object's properties hold (calls.ts
 * `reachesUnseen`), so such a method is kept where it is called. A superset of the engine's answer: a name no method
 * of the same class declares, any `parent::` call, and any such call of a method the outline knows no class of,
 * counts as unseen. Found back to front, from the methods
 * that make such a call to their callers, each body read once.
 */
const MODIFIER_BEFORE = /\b(?:public|protected|private|static|final|abstract)\s+$/i;

function unseenReacher(text: string, units: readonly Unit[]): (u: Unit) => boolean {
  const methods = new Map<string, Unit[]>();
  for (const u of units) if (u.owner) addTo(methods, u.name, u);
  const found = new Set<Unit>();
  const callers = new Map<Unit, Unit[]>();
  const queue: Unit[] = [];
  for (const u of units) {
    // A method the outline could not place in a class (a comment it misread before `class`) calls what it may not show.
    if (!u.owner && !MODIFIER_BEFORE.test(text.slice(Math.max(0, u.start - 12), u.start))) continue;
    for (const m of codeOf(text.slice(u.body[0], u.body[1])).matchAll(SELF_CALL)) {
      const own = m[1]?.toLowerCase() === 'parent' || !u.owner ? [] : (methods.get(m[2]!.toLowerCase()) ?? []).filter((v) => v.owner === u.owner);
      if (!own.length) {
        if (!found.has(u)) found.add(u), queue.push(u);
      } else for (const v of own) addTo(callers, v, u);
    }
  }
  while (queue.length) {
    for (const c of callers.get(queue.pop()!) ?? []) if (!found.has(c)) found.add(c), queue.push(c);
  }
  return (u) => found.has(u);
}

const RETURNED_CALL = /\breturn\s+(?:\$this\s*->\s*|(?:self|static|[\w\\]+)\s*::\s*|\\?)([\w\x80-\uffff]+)\s*\(/gi;

/** `f`, asked once for each unit (a unit's text is tested whole, and the steps ask of a unit many times). */
function memo<T>(f: (u: Unit) => T): (u: Unit) => T {
  const known = new Map<Unit, T>();
  return (u) => {
    let v = known.get(u);
    if (v === undefined && !known.has(u)) known.set(u, (v = f(u)));
    return v as T;
  };
}

/** The units that give back what a relevant one gives, as program.ts `followGivers` finds them. */
function giversOf(text: string, units: readonly Unit[], isRelevant: (u: Unit) => boolean): Set<Unit> {
  const givers = new Set<Unit>();
  let names = new Set(units.filter(isRelevant).map((u) => u.name));
  const returned = memo((u) => [...text.slice(u.body[0], u.body[1]).matchAll(RETURNED_CALL)].map((m) => m[1]!.toLowerCase()));
  for (let round = 0; round < FORWARD_DEPTH && names.size; round++) {
    const more = units.filter((u) => !givers.has(u) && !isRelevant(u) && returned(u).some((n) => names.has(n)));
    for (const u of more) givers.add(u);
    names = new Set(more.map((u) => u.name));
  }
  return givers;
}

// `const A = 'x', B = A . '/y';` (at the top or in a class), `define('A', 'x')`: the statement, or the name and value.
// A statement runs to the first `;` outside its strings.
const TO_SEMICOLON = `(?:[^;'"]|'(?:[^'\\\\]|\\\\.)*'|"(?:[^"\\\\]|\\\\.)*")*`;
const CONST_STATEMENT = new RegExp(`\\bconst\\s(${TO_SEMICOLON})`, 'gi');
const CONST_NAME = /([A-Za-z_\x80-\uffff][\w\x80-\uffff]*)\s*=(?![=>])/g;
const DEFINE = new RegExp(`\\bdefine\\s*\\(\\s*(['"])([^'"]+)\\1\\s*,(${TO_SEMICOLON})`, 'gi');

/**
 * The names of the constants whose value spells what `relevant` finds (a URL) or names such a constant, as one
 * pattern, or null: a superset of those the engine follows a function for naming (index.ts `urlConstants`), read
 * off the text (every name a `const` statement declares counts with any one of its values).
 */
function urlConstantsOf(text: string, relevant: RegExp): RegExp | null {
  const decls: { names: string[]; value: string }[] = [];
  for (const m of text.matchAll(CONST_STATEMENT)) decls.push({ names: [...m[1]!.matchAll(CONST_NAME)].map((n) => n[1]!), value: m[1]! });
  for (const m of text.matchAll(DEFINE)) decls.push({ names: [m[2]!], value: m[3]! });
  const names = new Set<string>();
  let found = decls.filter((d) => d.names.length && relevant.test(d.value));
  for (let round = 0; round < 4 && found.length; round++) {
    for (const d of found) for (const n of d.names) names.add(n);
    const named = wordsPattern(names);
    found = decls.filter((d) => d.names.some((n) => !names.has(n)) && named.test(d.value));
  }
  return names.size ? wordsPattern(names) : null;
}

function wordsPattern(names: ReadonlySet<string>): RegExp {
  return new RegExp(`\\b(?:${[...names].map((n) => n.replace(/[^\w]/g, '\\$&')).join('|')})\\b`);
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
  const { units, top, topDynamic } = outline;
  const names = namesOf(text, units);
  const topLevel = topLevelOf(text, units, words);
  if (!topLevel) return text;
  const seeds = seedsOf(text, outline, words, names, topLevel);
  // The engine tests a function's whole text, comments left out, for what it follows, and for a constant that
  // spells a URL (index.ts `urlConstants`).
  const urls = urlConstantsOf(text, words.relevant);
  const isRelevant = memo((u: Unit): boolean => {
    const code = codeOf(text.slice(u.start, u.end));
    return words.relevant.test(code) || !!urls?.test(code);
  });
  // A hot method that may hand a client its caller's options: the engine follows it from its callers.
  const forwardsOptions = (u: Unit): boolean => u.takesArguments && u.owner !== undefined && !!words.forwards?.test(text.slice(u.start, u.end));
  const givers = giversOf(text, units, isRelevant);
  const reachesUnseen = unseenReacher(text, units);
  const runsWhenCalled = memo((u: Unit): boolean => u.takesArguments || ARGUMENTS_READ.test(text.slice(u.start, u.end)) || isRelevant(u) || givers.has(u) || reachesUnseen(u));
  const a: Analysis = { text, words, outline, ...names, ...topLevel, ...seeds, isRelevant, forwardsOptions, runsWhenCalled, kept: new Set(), queue: [] };
  const topWords = lowered(top.words);
  if (topDynamic) for (const n of seeds.functionNames) topWords.add(n);
  heatUnits(a, topWords);
  followKept(a, topWords);
  keepCallersOfDefaults(a);
  if (a.kept.size === units.length) return text;
  return blanked(text, units.filter((u) => !a.kept.has(u)).flatMap((u) => u.body));
}

export { unitsOf as unitsForTesting };
