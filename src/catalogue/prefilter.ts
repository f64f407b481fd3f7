import { CLIENTS } from '../../rules/index';
import type { Language } from '../engines/registry';
import { composerVersion } from '../core/composer-version';
import { CURL_TOTAL, type BoundSpec, type ClientSpec, type DefaultSince, type JsClientSpec } from './define-client';
import type { OptionsClientSpec, StreamSpec } from './php-specs';
import { GLOBAL_OBJECTS } from './js-globals';
import { jsViews } from './js-code';
import { phpViews } from './php-code';
import { importsMention } from './import-graph';
import { WordScreen, type WordPattern } from './word-screen';

/**
 * A word list as a pattern, tested on a file's code alone (PHP: strings' literal text dropped) unless it needs
 * the strings: a URL scheme, an option's key, a module's specifier.
 */
interface Probe {
  re: RegExp;
  inStrings: boolean;
  /** `re` as patterns that each begin at a word, for a WordScreen (JS). */
  starts?: WordPattern[];
}

/**
 * A file passes when a probe of `any` matches, or every probe of a group (a URL scheme and a stream function), or
 * `member` with `viaGlobal` or `viaArgument`.
 */
interface MentionTest {
  any: Probe[];
  /** The patterns of `any` as one, for a text that is its own code (one scan instead of one per probe). */
  anyOfText: RegExp;
  /**
   * One scan that every passing text matches: `any`, one probe of each group, and `member`. Most files match
   * none of it, and are done with that one scan instead of one per group.
   */
  needed: RegExp;
  /** `needed` as a WordScreen, which says the same faster (JS). */
  neededScreen?: WordScreen;
  /** Without a screen (PHP): which parts of `needed` a text holds, in one scan (`Scan`). */
  scan?: Scan;
  groups: Probe[][];
  /**
   * `.fetch`, or `fetch:` as a key: a global reached as a property counts only where a global object (`window`,
   * `globalThis`) is used in a way that can reach it.
   */
  member?: RegExp;
  memberStarts?: WordPattern[];
  /** `named`'s specifier as patterns beginning at a word, for the screen. */
  namedStarts?: WordPattern[];
  viaGlobal?: RegExp;
  /**
   * An exported function or object a framework hands a client to (`export const load`, `export const actions`),
   * or a framework's call given the function (`defineEventHandler(`): a member read off its parameter
   * (`event.fetch(u)`, `event.$fetch(u)`) may be that client.
   */
  viaArgument?: RegExp;
  /** JS modules whose clients are all named exports: a file must name one of those too (`namedModulesIn`). */
  named?: NamedModules;
}

/**
 * Modules whose every client is a named export (`@nestjs/axios`'s HttpModule, electron's `net`): `specifier`
 * finds an import of any of them (group 1: which), `words` the names of each that reach a client.
 */
interface NamedModules {
  specifier: RegExp;
  words: Map<string, RegExp>;
}

// The JS engine also reaches a named export by a computed member whose key another module gives
// (`import { KEY } from './keys'; e[KEY]`, `e[keys.KEY]`, `e[require('./keys').KEY]`): a key read off a name the
// file imports (group 1), or off `require(` itself (no group 1). After a name, `)`, `]` or `?.`: a member, not an
// array (`= [a]`). Read in the code view, where `e['net']` has lost its text (the words test reads that one).
const IMPORTED_KEY = /\[(?<=(?:[\w$)\]]|\?\.)\s*\[)\s*(?:require\s*\(|([A-Za-z_$][\w$]*)(?:\s*\??\.\s*[\w$]+)*\s*\])/g;
// What a file binds to what other modules give: an import's clause (`K, { A as B }`, `* as ns`, `K = require(`),
// group 1 of `IMPORT_CLAUSE`; a declaration (`const { KEY } = require(`, `const K = keys.KEY`, `, K: Key = KEY`, a
// parameter's default), group 1 of `DECLARATION`, of a value whose first name (group 2) is `require`, `import` or
// a name bound so. Every name in the clause or pattern counts (`A` of `A as B` too): more than it binds, never less.
const IMPORT_CLAUSE = /\bimport\s+([\w$\s,{}*]*?)\s*(?:\bfrom\b|=\s*require\s*\()/g;
const DECLARATION = /(?:\b(?:const|let|var)\s+|,\s*)([\w$]+|\{[^{}]*\})(?:\s*:[^=;\n]*)?\s*=\s*(?:await\s+)?([\w$]+)/g;
const NAME = /[A-Za-z_$][\w$]*/g;

const NEVER = /$^/;
const cache = new Map<Language, MentionTest>();

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A word as a pattern; one that ends in `(` is a call, so blanks may come before the parenthesis. */
function wordPattern(word: string): string {
  return word.endsWith('(') ? `${escape(word.slice(0, -1))}\\s*\\(` : escape(word);
}

/** A word list's patterns (`pattern` of each word), each beginning at its word. */
function wordStarts(words: readonly string[], pattern: (word: string) => string): WordPattern[] {
  return words.map((w) => ({ words: [w.endsWith('(') ? w.slice(0, -1) : w], pattern: pattern(w) }));
}

function oneOf(patterns: readonly string[], flags = ''): RegExp {
  return patterns.length ? new RegExp(patterns.join('|'), flags) : NEVER;
}

/** A name as a JS identifier of its own, not a property: `fetch(` and `{ fetch }`, not `api.fetch` or `prefetch`. */
function identifier(names: readonly string[]): string {
  return `(?<![.\\w$])(?:${names.map(escape).join('|')})(?![\\w$])`;
}

// `fetch(opts) {` or `fetch(opts): Promise<T> {` on one line: a method of that name (SDKs have many), not a use
// of the global. Arguments with parentheses of their own, or a brace on the next line, still count as a use.
const METHOD_DEFINITION = '(?![ \\t]*\\([^()]*\\)[ \\t]*(?::[^{};=\\n]*)?\\{)';

/**
 * `{ fetch: options.fetch }`, `const { fetch: f } = options`, `fetch?: Fetch;`: a key, type member or label (after
 * `{`, `,` or `;`, before `:`), not a use of the global by its name (a ternary's `cond ? fetch : other` still is).
 * A key reads the global only as a property of a global object, which `member` tests.
 */
function notAKey(names: readonly string[]): string {
  return `(?!(?<=[{,;]\\s*(?:${names.map(escape).join('|')}))\\s*\\??:)`;
}

/**
 * `typeof fetch !== 'undefined'`, `Parameters<typeof fetch>`: a string or a type, no use of the client; but
 * `typeof fetch(u)` and `typeof fetch.call(…)` run it.
 */
function notTypeofAlone(names: readonly string[]): string {
  return `(?!(?<=\\btypeof\\s+(?:${names.map(escape).join('|')}))(?!\\s*(?:[(.[\`]|\\?\\.)))`;
}

/**
 * A use of a global object that can reach a global client: `window.fetch`, or the object itself as a value, which
 * can be aliased (`const g = globalThis`, `(typeof window < 'u' ? window : global).fetch`). Not `typeof window`,
 * nor a property other than a client's or a global object's (`window.location`), nor a key of the same name
 * (`{ global: true }`, as core-js's bundled polyfills export each of theirs): these hand on no client.
 */
function globalObjectUse(clients: readonly string[]): string {
  // `window.self.fetch` is the global fetch too: a global object's own names count as a client's.
  const client = `(?:${[...clients, ...GLOBAL_OBJECTS].map(escape).join('|')})(?![\\w$])`;
  const objects = [...GLOBAL_OBJECTS];
  return `${identifier(objects)}(?!\\s*\\??\\.\\s*(?!${client})[\\w$])${notTypeofAlone(objects)}${notAKey(objects)}`;
}

const SPECIFIER_WORDS = ['from', 'require', 'import', 'define', 'requirejs'];

/**
 * The specifier of one of `modules` in an `import`, `export ... from`, `require()`, `import()` or an AMD dependency
 * list (`define(['jquery'], function (jq) { … })`, `define('id', ['a', 'jquery'], …)`, `require(['jquery'], …)`,
 * which names the module the factory's parameter at its place gets). `capture`: the module is group 1.
 */
function specifierPattern(modules: readonly string[], capture = false): string {
  const list = modules.map(escape).join('|');
  const quoted = capture ? `['"\`](${list})['"\`]` : `['"\`](?:${list})['"\`]`;
  const amd = `\\b(?:define|require|requirejs)\\s*\\(\\s*(?:['"\`][^'"\`]*['"\`]\\s*,\\s*)?\\[[^\\]]*?`;
  return `(?:\\bfrom\\s*|\\brequire\\s*\\(\\s*|\\bimport\\s*\\(\\s*|${amd})${quoted}`;
}

/**
 * The modules every client of which, in every spec, is a named export (of three characters or more), with those
 * names and the type names the specs read from them: a file that imports such a module reaches a client only by
 * one of the names (`import { HttpModule } from '@nestjs/common'`, `require('electron').net`, `ns.getOctokit`), or
 * by a key another module gives (`e[KEY]`, `readsImportedKey`), so the module alone lets no file through (most of
 * a Nest or Electron app imports them for other things). A module that re-exports one whole (`export * from
 * '@octokit/core'`, `module.exports = require('electron')`) still hands it on to its importers:
 * `namesClientAsModule` counts the module alone.
 */
function namedExports(clients: readonly JsClientSpec[]): Map<string, string[]> {
  const names = new Map<string, Set<string> | null>();
  const add = (module: string, name: string | undefined): void => {
    const known = names.get(module);
    if (known === null) return;
    if (name === undefined || !/^[\x00-\x7f]{3,}$/.test(name)) names.set(module, null);
    else if (known) known.add(name);
    else names.set(module, new Set([name]));
  };
  for (const c of clients) {
    for (const e of Object.values(c.roots).flat()) if (e.module) add(e.module, e.export);
  }
  for (const c of clients) {
    for (const t of c.types ?? []) if (names.get(t.module)) for (const n of t.names) add(t.module, n);
  }
  return new Map([...names].flatMap(([m, set]) => (set ? [[m, [...set]] as [string, string[]]] : [])));
}

/**
 * A JS client is reached only through its roots (rules/*): a global by its name, a module through the
 * specifier of an `import`, `export ... from`, `require()` or `import()`. A spec's own `mentions` stand in for
 * its global roots where the bare name is too common to test (`$`).
 */
function jsTest(clients: readonly JsClientSpec[]): Omit<MentionTest, 'anyOfText' | 'needed'> {
  const globals: string[] = [];
  const words: string[] = [];
  const modules: string[] = [];
  const holders: string[] = [];
  const handlers: string[] = [];
  for (const c of clients) {
    const entries = Object.values(c.roots).flat();
    if (c.mentions) words.push(...c.mentions);
    else globals.push(...entries.flatMap((e) => (e.global ? [e.global] : [])));
    modules.push(...entries.flatMap((e) => (e.module ? [e.module] : [])));
    holders.push(...entries.flatMap((e) => [e.argumentOf, e.argumentOfEach].filter((h): h is string => !!h)));
    handlers.push(...entries.flatMap((e) => (e.argumentOfCall ? [e.argumentOfCall] : [])));
  }
  const exportsOf = namedExports(clients);
  const whole = [...new Set(modules)].filter((m) => !exportsOf.has(m));
  const specifier = specifierPattern(whole);
  const namedSpecifier = specifierPattern([...exportsOf.keys()], true);
  const unique = [...new Set(globals)];
  const names = unique.map(escape).join('|');
  const global = unique.length ? [{ words: unique, pattern: identifier(unique) + notAKey(unique) + notTypeofAlone(unique) + METHOD_DEFINITION }] : [];
  const mentioned = wordStarts(words, wordPattern);
  // `member` as patterns beginning at the name, for the screen (a regular expression finds them faster from the
  // `.`, `{` or `,`, where a lookbehind would start each of its tries).
  const memberStarts = unique.length ? [
    { words: unique, pattern: `(?<=\\.\\s*)(?:${names})(?![\\w$])` },
    { words: unique, pattern: `(?<=[{,]\\s*)(?:${names})\\s*\\??:` },
  ] : undefined;
  return {
    any: [
      { re: oneOf([...global, ...mentioned].map((p) => p.pattern)), inStrings: false, starts: [...global, ...mentioned] },
      whole.length ? { re: new RegExp(specifier), inStrings: true, starts: [{ words: SPECIFIER_WORDS, pattern: specifier }] } : { re: NEVER, inStrings: true },
    ],
    named: exportsOf.size ? {
      specifier: new RegExp(namedSpecifier, 'g'),
      // As a name or a property (`electron.net`, `gh.getOctokit`), in code or a string that is a name (`e['net']`).
      words: new Map([...exportsOf].map(([m, names]) => [m, new RegExp(`(?<![\\w$])(?:${names.map(escape).join('|')})(?![\\w$])`)])),
    } : undefined,
    namedStarts: exportsOf.size ? [{ words: SPECIFIER_WORDS, pattern: namedSpecifier }] : undefined,
    groups: [],
    // A key reads the global only from a global object: `const { fetch: f } = globalThis`.
    member: unique.length ? new RegExp(`\\.\\s*(?:${names})(?![\\w$])|[{,]\\s*(?:${names})\\s*\\??:`) : undefined,
    memberStarts,
    viaGlobal: new RegExp(globalObjectUse(unique)),
    viaArgument: holders.length || handlers.length ? new RegExp(oneOf([
      ...(holders.length ? [exportedHolder([...new Set(holders)])] : []),
      ...(handlers.length ? [`${identifier([...new Set(handlers)])}\\s*\\(`] : []),
    ]).source) : undefined,
  };
}

// A PHP word that is a call names a built-in function: not `is_file(`, `$file(`, `$this->file(` or `Foo::copy(`.
function phpWordPattern(word: string): string {
  return word.endsWith('(') ? `(?<![\\w$]|->|::)${wordPattern(word)}` : wordPattern(word);
}

/**
 * `disablingWords` as a probe of the text, strings included, each a word of its own: a key, setter or constant is
 * spelled as a name of its own (`'timeout'`, `->timeout(`, `TIMEOUT`), not inside another (`$copyUploadTimeout`,
 * `RequestTimeout\TimeoutException`); an underscore may join it (Laminas drops them from its keys: `'_timeout'`).
 * A curl option among them counts by its code too, as the engine reads it (`curl_setopt($h, 13, 0)`,
 * `'curloptions' => [13 => 0]`, Magento's `setOption(13, 0)`): the code, written as an option (before `=>`, or as
 * an argument, named or not; not after another number in a list, `[12.75, 13, 13.75]`, WordPress's timezone offsets).
 */
function disablingProbe(words: readonly string[]): Probe {
  const codes = CURL_TOTAL.filter((o) => words.some((w) => w.toLowerCase() === o.name.toLowerCase())).map((o) => o.code);
  const list = codes.join('|');
  const code = codes.length ? [`(?<![\\w$.])(?:${list})\\s*=>`, `(?<![\\w$.]|\\d\\s*,\\s*)(?:${list})\\s*,`] : [];
  return { re: oneOf([...words.map((w) => `(?<![A-Za-z0-9\\x80-\\uffff])${escape(w)}(?![A-Za-z0-9\\x80-\\uffff])`), ...code], 'i'), inStrings: true };
}

/** A bound some value turns off: one of its `never` values, or a negative one read as "never". */
function disablable(bound: BoundSpec | null | undefined): bound is BoundSpec {
  return !!bound && (bound.never.length > 0 || bound.negative === 'never');
}

/**
 * An options client with a finite default of its own (Laravel, Drupal, MediaWiki) is owed a finding only where
 * its timeout is disabled, which spells the option's key, a setter of it or a constant naming it. A bound no value
 * the rule reports turns off (Requests' 'timeout', which curl raises to 1 s) spells nothing: there only a handle
 * hook that writes a never value is owed a finding, and spells the curl option it writes.
 */
function disablingWords(c: ClientSpec): string[] | undefined {
  const spec = c as Partial<OptionsClientSpec>;
  if (c.language !== 'php' || spec.special !== 'options-client' || !c.libraryDefault) return undefined;
  const bounds = [c.total, spec.idle, ...(spec.creates ?? []).map((x) => x.total)].filter(disablable);
  const options = bounds.flatMap((b) => b.options.map((o) => o.name));
  const setters = (spec.setters ?? []).filter((x) => options.includes(x.option)).map((x) => x.method);
  const constants = Object.entries(spec.keyConstants ?? {}).filter(([, o]) => options.includes(o)).map(([k]) => k.slice(k.lastIndexOf(':') + 1));
  // A hook's own options (`curl_setopt($h, CURLOPT_TIMEOUT, 0)` in an `http_api_curl` action).
  const hook = spec.filters?.handleHooks;
  const hooked = hook?.never.length ? hook.options.map((o) => o.name) : [];
  // Curl options under a key of the client's options (Laminas' 'curloptions'), a 0 there curl's "never".
  const curl = spec.curlOptions?.options.map((o) => o.name) ?? [];
  return [...options, ...setters, ...constants, ...hooked, ...curl];
}

/**
 * `array_map('file_get_contents', $urls)`, `call_user_func('file_get_contents', $url)`: a reader named in a
 * string, called by a mapper or an invoker. The reader's name counts only as a string, and only beside the
 * caller's call: `array_map(` alone is in too many files to be a word of its own. (A name the code builds from
 * pieces, `'file_' . 'get_contents'`, is not seen here.)
 */
function mapperProbes(c: ClientSpec): Probe[] | undefined {
  const spec = c as Partial<StreamSpec>;
  const callers = [...(spec.mappers ?? []), ...(spec.invokers ?? [])];
  if (!callers.length || !spec.calls) return undefined;
  const readers = spec.calls.map((call) => escape(call.fn)).join('|');
  return [
    { re: oneOf(callers.map((m) => phpWordPattern(`${m.fn}(`)), 'i'), inStrings: false },
    // A key counts too: `foreach (['file_get_contents' => $u] as $fn => $a) call_user_func($fn, $a)` calls it.
    { re: new RegExp(`['"]\\\\{0,2}(?:${readers})['"]`, 'i'), inStrings: true },
  ];
}

function phpProbe(list: readonly string[], inStrings: boolean): Probe {
  return { re: oneOf(list.map(phpWordPattern), 'i'), inStrings };
}

/**
 * Which of a PHP client's words are strings: URL schemes, file names (`filelib.php`, given to `require_once`), and the
 * names a container gives a service by.
 */
function stringWords(c: ClientSpec): (word: string) => boolean {
  const services = serviceNames(c, new Set());
  return (word) => word.includes('://') || word.endsWith('.php') || services.has(word.toLowerCase());
}

/** A PHP client's probes of its names: its `mentions`, and its `alsoMentions` when it has them (all must pass). */
function namesProbes(c: ClientSpec): Probe[] {
  const isString = stringWords(c);
  const names = [c.mentions ?? [], c.alsoMentions].filter((l): l is readonly string[] => l !== undefined);
  return names.map((l, i) => namedProbe(c, phpProbe(l, l.some(isString)), i === 0));
}

const alsoProbes = new WeakMap<ClientSpec, Probe>();

/**
 * Whether a PHP file's text holds one of the client's `alsoMentions`, as the prefilter reads them (true for a client
 * without them): the engine reports such a client only where the prefilter would have let the file through for it.
 */
export function holdsAlsoMentions(c: ClientSpec, text: string): boolean {
  if (!c.alsoMentions) return true;
  let probe = alsoProbes.get(c);
  if (!probe) alsoProbes.set(c, (probe = namesProbes(c)[1]!));
  const views = phpViews(text);
  return probe.re.test(probe.inStrings ? views.text : views.code);
}

/**
 * PHP names are case-insensitive, so its words are too. The engine finds a client only by names in code (a
 * function called by its name, a class by its name, `use`): a name in a string (`function_exists('curl_init')`,
 * an autoloader's class map) is no use of it. URL schemes and options' keys are strings, and so is a service's
 * name a container gives it by (`firstArg`: MediaWiki's `$services->get('HttpRequestFactory')`).
 */
function phpTest(clients: readonly ClientSpec[]): Omit<MentionTest, 'anyOfText' | 'needed'> {
  const single: { word: string; inStrings: boolean }[] = [];
  const singles: ClientSpec[] = [];
  const groups: Probe[][] = [];
  for (const c of clients) {
    const isString = stringWords(c);
    const names = [c.mentions ?? [], c.alsoMentions].filter((l): l is readonly string[] => l !== undefined);
    const disabling = disablingWords(c);
    if (names.length === 1 && !disabling) {
      single.push(...names[0]!.map((word) => ({ word, inStrings: isString(word) })));
      singles.push(c);
    } else groups.push([...namesProbes(c), ...(disabling ? [disablingProbe(disabling)] : [])]);
    const mapped = mapperProbes(c);
    if (mapped && c.mentions) groups.push([phpProbe(c.mentions, c.mentions.some(isString)), ...mapped]);
  }
  const any = [false, true].map((inStrings) => phpProbe(single.filter((w) => w.inStrings === inStrings).map((w) => w.word), inStrings)).filter((p) => p.re !== NEVER);
  const names = (t: string): boolean => any.some((p) => p.re.test(t)) || groups.some((g) => g.every((p) => p.re.test(t)));
  return { any: [...any, namespaceProbe(singles, names)].filter((p) => p.re !== NEVER), groups };
}

/** The service names a PHP client's spec takes as a call's first argument (`firstArg`), lower case. */
function serviceNames(value: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) serviceNames(v, out);
  else if (value && typeof value === 'object') {
    const first = (value as { firstArg?: unknown }).firstArg;
    if (typeof first === 'string') out.add(first.toLowerCase());
    for (const v of Object.values(value)) serviceNames(v, out);
  }
  return out;
}

const NAMESPACED = /^\\?[A-Za-z_]\w*\\[A-Za-z_]/;

/**
 * The names a PHP client's spec gives in a namespace (`buzz\\client\\curl`), lower case; a static method's with
 * its method (`config\\services::curlrequest`): the call spells the method's name wherever its class is written.
 */
function namespacedNames(value: unknown, out: Set<string>): Set<string> {
  if (typeof value === 'string' && NAMESPACED.test(value)) out.add(value.replace(/^\\/, '').toLowerCase());
  else if (Array.isArray(value)) for (const v of value) namespacedNames(v, out);
  else if (value && typeof value === 'object') {
    const { static: called, ...rest } = value as { static?: unknown };
    if (Array.isArray(called) && typeof called[0] === 'string' && NAMESPACED.test(called[0])) out.add(`${called[0]}::${called[1]}`.replace(/^\\/, '').toLowerCase());
    else namespacedNames(called, out);
    for (const v of Object.values(rest)) namespacedNames(v, out);
  }
  return out;
}

/** A name of `namespacedNames` as the parts of its class's name, and what a use of it spells after them (`::method`). */
function partsOf(name: string): { parts: string[]; member: string } {
  const at = name.indexOf('::');
  return at < 0 ? { parts: name.split('\\'), member: '' } : { parts: name.slice(0, at).split('\\'), member: name.slice(at) };
}

/** The namespaces a PHP client's spec names classes in, and those above them (`buzz\\client`, `buzz`). */
export function clientNamespaces(clients: unknown): Set<string> {
  const out = new Set<string>();
  for (const name of namespacedNames(clients, new Set())) {
    const { parts } = partsOf(name);
    for (let k = 1; k < parts.length; k++) out.add(parts.slice(0, k).join('\\'));
  }
  return out;
}

/** `export function load`, `export async function* GET`, `export const actions`, `export let load`. */
function exportedHolder(names: readonly string[]): string {
  return `\\bexport\\s+(?:(?:async\\s+)?function\\s*\\*?|const|let|var)\\s*${identifier(names)}`;
}

/**
 * `namespace Buzz;`, `use Buzz as B;`, `use Buzz\{Browser, Client\Curl};`: in a namespace a client's classes are in
 * or under, with an alias of it, or in a group of it, a name written relative to it (`Client\BuzzClientInterface`,
 * `B\Browser`) is the client's, and may not spell the words the other probes look for (`names`): those namespaces,
 * written in full. For the clients that pass on their names alone; a client that must pass other probes too gets
 * its namespaces in its own (`namedProbe`).
 */
function namespaceProbe(clients: readonly ClientSpec[], names: (text: string) => boolean): Probe {
  return { re: oneOf(namespacePatterns(clients, names), 'i'), inStrings: false };
}

/** The namespaces of `namespaceProbe` where a name of the clients' is written relative to them and `names` misses it. */
function namespacePatterns(clients: unknown, names: (text: string) => boolean): string[] {
  const found = new Set<string>();
  for (const name of namespacedNames(clients, new Set())) {
    const { parts, member } = partsOf(name);
    for (let k = 1; k < parts.length; k++) {
      const ns = parts.slice(0, k).join('\\');
      if (!names(`<?php\nnamespace ${ns};\n${parts.slice(k).join('\\')}${member}`)) found.add(ns.replace(/\\/g, '\\\\'));
    }
  }
  return found.size ? [`\\b(?:namespace|use)\\s+\\\\?(?:${[...found].join('|')})(?![\\w\\x80-\\uffff]|\\\\(?!\\s*\\{))`] : [];
}

/**
 * A probe of a client that passes only with others (`alsoMentions`, the words that disable its timeout), with the
 * namespaces where one of its names, written relative to them, does not spell the probe's words: a file there passes
 * this probe, and must still pass the others. The client's `mentions` (`first`) are reached by all its names;
 * `alsoMentions` by those that spell them (MediaWiki's HttpRequestFactory, not MediaWikiServices).
 */
function namedProbe(c: ClientSpec, p: Probe, first: boolean): Probe {
  const spelled = first ? [...namespacedNames(c, new Set())] : [...namespacedNames(c, new Set())].filter((n) => p.re.test(n));
  const found = namespacePatterns(spelled, (t) => p.re.test(t));
  return found.length ? { re: oneOf([p.re.source, ...found], 'i'), inStrings: p.inStrings } : p;
}

// A group passes only where each of its probes does: its probe of code is the rarer, and stands for it in `needed`.
function representative(group: readonly Probe[]): RegExp {
  return (group.find((p) => !p.inStrings) ?? group[0]!).re;
}

/**
 * Which of its parts (`any` as one, then each group's representative) a text holds, in one scan of `needed` that
 * stops at each place it matches and asks there each part not yet found: instead of a scan for `needed`, then one
 * for `any` and one for each group, on a file that holds a common word (`add_filter(`, `file(`). Every place a part
 * matches is a place `needed`, their union, matches.
 */
class Scan {
  private readonly all: RegExp;
  private readonly parts: RegExp[];

  constructor(needed: RegExp, parts: readonly RegExp[]) {
    this.all = new RegExp(needed.source, `${needed.flags}g`);
    this.parts = parts.map((p) => new RegExp(p.source, `${p.flags}y`));
  }

  /** The last text asked of and the answer: a file is asked of by the prefilter, then by the PHP engine's slicing. */
  private last: { text: string; found: boolean[] | null } | null = null;

  /** For each part, whether `text` holds it; null when it holds none. */
  found(text: string): boolean[] | null {
    if (this.last?.text === text) return this.last.found;
    const found = this.scan(text);
    this.last = { text, found };
    return found;
  }

  private scan(text: string): boolean[] | null {
    const found: boolean[] = this.parts.map(() => false);
    let left = this.parts.length;
    let any = false;
    const { all } = this;
    all.lastIndex = 0;
    for (let m = all.exec(text); m && left > 0; m = all.exec(text)) {
      any = true;
      this.parts.forEach((p, i) => {
        if (found[i]) return;
        p.lastIndex = m!.index;
        if (p.test(text)) {
          found[i] = true;
          left--;
        }
      });
      all.lastIndex = m.index + 1;
    }
    return any ? found : null;
  }
}

function mentionsOf(language: Language): MentionTest {
  let test = cache.get(language);
  if (!test) {
    const clients = CLIENTS.filter((c) => c.language === language);
    const made = language === 'js' ? jsTest(clients as JsClientSpec[]) : phpTest(clients);
    const flags = language === 'php' ? 'i' : '';
    const ofGroups = made.groups.map((g) => representative(g).source);
    const anyOfText = oneOf(made.any.map((p) => p.re.source), flags);
    const needed = oneOf([anyOfText.source, ...ofGroups, ...(made.member ? [made.member.source] : []), ...(made.named ? [made.named.specifier.source] : [])], flags);
    test = { ...made, anyOfText, needed, ...(language === 'js' ? { neededScreen: screenOf(made) } : { scan: new Scan(needed, [anyOfText, ...made.groups.map(representative)]) }) };
    cache.set(language, test);
  }
  return test;
}

/**
 * `needed` as a WordScreen, of the same patterns: `any`, the probe of code of each group, and `member`. JS's
 * patterns begin with lookarounds, which make the one regular expression slow (about 100 MB/s of CPU; the
 * screen, 5x that); PHP's begin with their words, which a regular expression finds as fast as the screen.
 */
function screenOf(made: Omit<MentionTest, 'anyOfText' | 'needed'>): WordScreen {
  const probes = [...made.any, ...made.groups.map((g) => g.find((p) => !p.inStrings) ?? g[0]!)];
  const missing = probes.find((p) => !p.starts && p.re !== NEVER);
  if (missing || (made.member && !made.memberStarts)) throw new Error(`prefilter: a pattern does not begin at a word (${missing?.re.source ?? 'member'})`);
  return new WordScreen([...probes.flatMap((p) => p.starts ?? []), ...(made.memberStarts ?? []), ...(made.namedStarts ?? [])]);
}

const codePatterns = new Map<string, RegExp>();

/**
 * Any one word of code the language's test looks for in `text`: the words of `any`, and those of each group whose
 * every word `text` holds (not URL schemes or options' keys, which are strings). A part of the file that matches
 * none of it calls no client itself, whatever the rest of the file holds (see src/engines/php/slice.ts).
 */
export function codeMentionPattern(language: Language, text: string): RegExp {
  const test = mentionsOf(language);
  // A group whose representative the text does not hold (Scan) holds none of its words: not tested again.
  const found = test.scan?.found(text);
  const groups = test.groups.map((g, i) => found !== null && (found?.[i + 1] ?? true) && g.every((p) => p.re.test(text)));
  const key = `${language}:${groups.map(Number).join('')}`;
  let pattern = codePatterns.get(key);
  if (!pattern) {
    const probes = [...test.any, ...test.groups.filter((_, i) => groups[i]).flat()].filter((p) => !p.inStrings);
    pattern = oneOf(probes.map((p) => p.re.source), language === 'php' ? 'i' : '');
    codePatterns.set(key, pattern);
  }
  return pattern;
}

/** How far a text passes a test: not at all, only as a module that may hand a client on, or as code that may hold a finding. */
export const Mention = { None: 0, AsModule: 1, Finding: 2 } as const;
export type Mention = (typeof Mention)[keyof typeof Mention];

/**
 * How far `test` passes, `text` being a file's text (or a part of it), and `code` its code alone. A text that
 * imports one of `named`'s modules without naming a client of it passes only as a module (it may hand the module on).
 * `atAll`: only whether it passes, as a module or further (the keys a file imports are not looked for).
 */
function mentions(test: MentionTest, text: string, code = text, found?: readonly boolean[], atAll = false): Mention {
  const matches = (p: Probe): boolean => p.re.test(p.inStrings ? text : code);
  // `found` (Scan): the parts the file's text holds; a part it does not hold, no view of it holds either.
  const anyOf = (): boolean => (code === text ? test.anyOfText.test(text) : test.any.some(matches));
  if ((found ? found[0] && anyOf() : anyOf()) || test.groups.some((g, i) => (!found || found[i + 1]) && g.every(matches))) return Mention.Finding;
  if (test.member?.test(code) && (test.viaGlobal?.test(code) || test.viaArgument?.test(code))) return Mention.Finding;
  return test.named ? namedModulesIn(test.named, text, code, atAll) : Mention.None;
}

/**
 * A text that imports one of `named`'s modules may hold a finding where it names a client of that module, or reads
 * a computed member by a key it imports (`readsImportedKey`); otherwise it passes only as a module.
 */
function namedModulesIn(named: NamedModules, text: string, code: string, atAll: boolean): Mention {
  let found: Mention = Mention.None;
  named.specifier.lastIndex = 0;
  for (let m = named.specifier.exec(text); m; m = named.specifier.exec(text)) {
    if (named.words.get(m[1]!)!.test(code)) return Mention.Finding;
    found = Mention.AsModule;
  }
  return found === Mention.AsModule && !atAll && readsImportedKey(code) ? Mention.Finding : found;
}

/**
 * Whether `code` reads a computed member by a key it imports from another module, relative or bare, or by a
 * member of one (`IMPORTED_KEY`): the key may name the client (`e[KEY]`, KEY being 'net'), which the file does
 * not spell. A key the file binds otherwise (`arr[i]`, `o[key]`, a parameter) does not count: most files of an
 * Electron or Nest app index arrays, and are turned away.
 */
function readsImportedKey(code: string): boolean {
  const keys = new Set<string>();
  for (const m of code.matchAll(IMPORTED_KEY)) {
    if (m[1] === undefined) return true;
    keys.add(m[1]);
  }
  if (!keys.size) return false;
  const bound = new Set<string>();
  for (const m of code.matchAll(IMPORT_CLAUSE)) for (const n of m[1]!.match(NAME) ?? []) bound.add(n);
  const keyed = (): boolean => [...keys].some((k) => bound.has(k));
  if (keyed()) return true;
  // A declaration binds to another module's value where its value's first name is bound so, wherever in the text
  // either is written: declarations are applied until a round binds no more names.
  let left = [...code.matchAll(DECLARATION)].map((m) => ({ names: m[1]!.match(NAME) ?? [], from: m[2]! }));
  for (let size = -1; size !== bound.size;) {
    size = bound.size;
    left = left.filter((d) => {
      if (d.from !== 'require' && d.from !== 'import' && !bound.has(d.from)) return true;
      for (const n of d.names) bound.add(n);
      return false;
    });
  }
  return keyed();
}

/**
 * A cheap, sound test: a file that mentions none of its language's clients cannot hold a finding. A word only
 * in comments does not count (licence headers and doc comments name "http://" and "fetch" in half of all
 * files), nor a name only in strings (`'fetch failed'`; in JS a string that is a name, `window['fetch']`,
 * still counts); these are dropped only for files that pass on their whole text, as that costs a scan.
 */
export function mayHoldFinding(language: Language, text: string): boolean {
  return mentionOf(language, text) === Mention.Finding;
}

/**
 * `mayHoldFinding`, and short of it, whether a JS module another file imports may hand a client on all the same:
 * it imports a module whose clients are named exports without naming one (`export * from '@octokit/core'`,
 * `module.exports = require('electron')`).
 */
export function mentionOf(language: Language, text: string): Mention {
  const test = mentionsOf(language);
  const found = test.scan?.found(text);
  if (found === null || (test.neededScreen && !test.neededScreen.test(text))) return Mention.None;
  if (mentions(test, text, text, found, true) === Mention.None) return Mention.None;
  const views = language === 'php' ? phpViews(text) : jsViews(text);
  return mentions(test, views.text, views.code, found);
}

/** The PHP clients whose library default came in a later major (`libraryDefault.since`), with their names' probes. */
let olderDefaults: { since: DefaultSince; probes: Probe[] }[] | null = null;

/**
 * Whether a PHP file that `mayHoldFinding` turns away may hold a finding all the same: it names a client whose
 * default bound came in a later major (Laravel 9's) with none of the words that disable it, and the nearest
 * composer.json or composer.lock gives only older majors, which set no bound: each of its requests is owed one.
 * The manifests are read only for a file that names such a client.
 */
export function olderDefaultMayHold(text: string, filePath: string): boolean {
  olderDefaults ??= CLIENTS.flatMap((c) => (c.language === 'php' && c.libraryDefault?.since ? [{ since: c.libraryDefault.since, probes: namesProbes(c) }] : []));
  // The names are part of the scan's `needed` (their group's probe of code): a file that holds none of it (the
  // scan just asked, and kept the answer) names no such client.
  if (!olderDefaults.length || mentionsOf('php').scan?.found(text) === null) return false;
  const named = olderDefaults.filter((d) => d.probes.every((p) => p.re.test(text)));
  if (!named.length) return false;
  const views = phpViews(text);
  return named.some(({ since, probes }) => probes.every((p) => p.re.test(p.inStrings ? views.text : views.code))
    && (composerVersion(filePath, since.packages)?.majors[1] ?? Infinity) < since.major);
}

/**
 * True when a module that `file` imports by a relative path or an alias, followed transitively, passes
 * `mentions` (named by `key`): the JS engine follows such imports, so `module.exports = require('axios')` hands the client on.
 */
export function importsMayHold(file: string, text: string, mentions: (text: string) => boolean, key = ''): boolean {
  return importsMention(file, text, `prefilter:${key}`, mentions);
}
