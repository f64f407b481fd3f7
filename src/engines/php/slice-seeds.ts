import { codeOfFragment as codeOf } from '../../catalogue/php-code';
import type { SliceWords } from './slice';
import { VARIABLE, WORDS, type ClassHead, type Outline, type Unit } from './slice-outline';

// The first steps of slicing (slice.ts): what each unit is known by and names, and which units are seeds.

const USE_KEYWORDS = new Set(['use', 'as', 'function', 'const']);
const USE_STATEMENT = /\buse\s[^;{]*(?:\{[^}]*\}[^;]*)?;/gi;
const NAMESPACE = /\bnamespace\s+([\w\\\x80-\uffff]+)/gi;
/** `define('NAME', …)`, and `defined('NAME')`, which leaves NAME unknown to the engine wherever it is. */
const DEFINE = /\bdefined?\s*\(\s*(['"])([\w\x80-\uffff]+)\1/gi;
/** A property's declaration in a class body, to its `;` (a promoted one is read from the constructor). */
const PROPERTY_DECLARATION = /\b(?:var|public|protected|private|readonly|static)\b[^;{}()]*\$[^;{}]*;/gi;
/** Adds `u` to the units listed under `key` (once, as units are added in order). */
export function addTo<K>(map: Map<K, Unit[]>, key: K, u: Unit): void {
  const list = map.get(key);
  if (!list) map.set(key, [u]);
  else if (list[list.length - 1] !== u) list.push(u);
}

/** `words` in lower case, each after `prefix` ('->' for a property's key). */
export function lowered(words: Iterable<string>, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const w of words) out.add(prefix + w.toLowerCase());
  return out;
}

/**
 * A namespace (or a qualified name) that is a client's or holds one: its own names may resolve to a client's
 * (`namespace Buzz;` … `Client\BuzzClientInterface`).
 */
export function inClientNamespace(name: string, words: SliceWords): boolean {
  const lower = name.replace(/^\\/, '').toLowerCase();
  if (words.seeds.test(name) || words.seeds.test(`${name}\\`)) return true;
  const parts = lower.split('\\');
  return parts.some((_, k) => words.clientNamespaces.has(parts.slice(0, k + 1).join('\\')));
}

/** `c` is `base` or a class of the file that extends it, through the file's classes. */
export function extendsClass(text: string, c: ClassHead, base: ClassHead, classes: readonly ClassHead[]): boolean {
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

/** What each unit is known by (its name, the constants it defines, the properties it writes), and its words. */
export interface Names {
  byName: Map<string, Unit[]>;
  /** The properties each unit touches, as `->name`. */
  properties: Map<Unit, Set<string>>;
  lowerWords: Map<Unit, Set<string>>;
}

/** What the code outside the units names of a client. */
export interface TopLevel {
  /** The names a `use` statement that names a client binds, lower case. */
  seedWords: Set<string>;
  /** Properties declared with a client's type, lower case. */
  clientProperties: Set<string>;
  topNamesClient: boolean;
}

/** The seeds, what each unit names of the file, and the functions a call of what a value names may reach. */
export interface Seeds {
  mentions: Map<Unit, string[]>;
  seeds: Unit[];
  functionNames: string[];
}

/** What each unit is known by: its name, the constants it defines, the properties it touches. */
export function namesOf(text: string, units: readonly Unit[]): Names {
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
  return { byName, properties, lowerWords };
}

/** What the code outside the units names; null when a namespace of the file names a client. */
export function topLevelOf(text: string, units: readonly Unit[], words: SliceWords): TopLevel | null {
  // Code outside the units is kept: what it names counts, and so do the names a `use` statement that names a
  // client binds (`use GuzzleHttp\Client as Http;`).
  const seedWords = new Set<string>();
  const parts: string[] = [];
  let from = 0;
  for (let k = 0; k <= units.length; k++) {
    const part = text.slice(from, k < units.length ? units[k]!.start : text.length);
    parts.push(part);
    if (/namespace/i.test(part)) for (const m of part.matchAll(NAMESPACE)) if (inClientNamespace(m[1]!, words)) return null;
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
  for (const [k, part] of parts.entries()) {
    // A name in a comment between declarations (a doc comment's `@see wp_safe_remote_get()`) puts no client anywhere.
    topNamesClient ||= words.seeds.test(part) && words.seeds.test(codeOf(part, k > 0));
    for (const m of part.matchAll(PROPERTY_DECLARATION)) {
      if (namesClient(m[0])) for (const v of m[0].matchAll(VARIABLE)) clientProperties.add(v[1]!.toLowerCase());
    }
  }
  return { seedWords, clientProperties, topNamesClient };
}

/** Which units are seeds, and what each names of the file's units. */
export function seedsOf(text: string, outline: Outline, words: SliceWords, names: Names, topLevel: TopLevel): Seeds {
  const { units, classes } = outline;
  const { byName, properties, lowerWords } = names;
  const { seedWords, clientProperties, topNamesClient } = topLevel;
  const clientClasses = classesOfClients(text, classes, words.seeds);
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
    if (seed || (words.seeds.test(text.slice(u.start, u.end)) && words.seeds.test(codeOf(text.slice(u.start, u.end))))) seeds.push(u);
  }
  return { mentions, seeds, functionNames };
}
