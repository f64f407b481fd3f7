import { detached } from '../core/strings';
import { RELATIVE_SPECIFIER } from './relative-imports';

/**
 * A value a file reads from a module of the project it imports (by a relative path or an alias): an export by
 * name (`null` is the default export, '*' the whole module as `require()` or `import * as` gives it), and, when
 * the file only ever reads properties of it (`ns.get`, `require('./x').get`), those property names.
 */
export interface ImportRead {
  specifier: string;
  name: string | null;
  members?: string[];
  /** A re-export (`export … from`): the name it is exported under, '*' for `export *`. */
  as?: string;
}

// The text just before a specifier, read backwards from it: how the file binds what it names.
const IMPORT_CLAUSE = /\bimport\s+(type\s+)?(?:([\w$]+)\s*,?\s*)?(?:\*\s*as\s+([\w$]+)|\{([^{}]*)\})?\s*from\s*$/d;
const EXPORT_FROM = /\bexport\s+(type\s+)?(?:\*(?:\s*as\s+([\w$]+))?|\{([^{}]*)\})\s*from\s*$/;
const FROM = /\bfrom\s*$/;
const REQUIRE = /\brequire\s*\(\s*$/;
const REQUIRED_AS = /\b(?:const|let|var)\s+([\w$]+)\s*=\s*require\s*\(\s*$/d;
const REQUIRED_INTO = /\b(?:const|let|var)\s*\{([^{}]*)\}\s*=\s*require\s*\(\s*$/;
const DYNAMIC_IMPORT = /\bimport\s*\(\s*$/;
const SIDE_EFFECT_IMPORT = /\bimport\s*$/;
const MEMBER_AFTER = /^\s*(?:\?\.|\.)\s*([\w$]+)/;
const REQUIRE_MEMBER_AFTER = /^\s*\)\s*(?:\?\.|\.)\s*([\w$]+)/;
// After `require('./x')`: the statement ends, by `;`, `,`, `}`, the end of the text, or a line break followed by
// something that cannot continue the expression.
const STATEMENT_END = /^\s*\)[ \t]*(?:[;,}]|$|\r?\n\s*(?:$|[\w$}'"]))/;
const WINDOW = 2000;
const COMMENT_MARK = /\*\/|\/\//;
const COMMENT_REACH = 300;

// [\w$]: a character of a name (the names bound here are ASCII words).
function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x24;
}

/**
 * Whether the `name` found at `at` in `code` is a use of it: a name of its own (no name character on either
 * side), not a property (`x.lib`; a spread `...lib` is a use), and not after `/` or a quote (the name in the
 * specifier itself, `require('./lib')`, or in a string is no use).
 */
function isUse(code: string, at: number, name: string): boolean {
  if (isNameChar(code.charCodeAt(at + name.length))) return false;
  if (at === 0) return true;
  const before = code.charCodeAt(at - 1);
  if (isNameChar(before) || before === 0x2f || before === 0x27 || before === 0x22 || before === 0x60) return false;
  return before !== 0x2e || (at >= 2 && code.charCodeAt(at - 2) === 0x2e);
}

/**
 * Where `name` (bound once, at `declaredAt`) is used only as `name.prop`: the property names; otherwise
 * undefined (the whole value is used: called, passed on, spread, indexed). Text-level, so a superset. Found by
 * `indexOf`, not a pattern: a pattern that opens with a look-behind is tried at every offset of the file.
 */
function membersRead(code: string, name: string, declaredAt: number): string[] | undefined {
  const members = new Set<string>();
  for (let at = code.indexOf(name); at >= 0; at = code.indexOf(name, at + 1)) {
    if (at === declaredAt || !isUse(code, at, name)) continue;
    const after = MEMBER_AFTER.exec(code.slice(at + name.length, at + name.length + 200));
    if (!after) return undefined;
    members.add(after[1]!);
  }
  return [...members];
}

/** `a`, `a as b`, `type a`, `default as b` in an import's braces: the exported names, or undefined if unreadable. */
function namedImports(list: string): (string | null)[] | undefined {
  const out: (string | null)[] = [];
  for (const raw of list.split(',')) {
    const el = raw.trim();
    if (!el) continue;
    const m = /^(type\s+)?([\w$]+|'[^']*'|"[^"]*")(?:\s+as\s+[\w$]+)?$/.exec(el);
    if (!m) return undefined;
    if (m[1]) continue; // `type X`: a type, no value
    const exported = m[2]!.replace(/^['"]|['"]$/g, '');
    out.push(exported === 'default' ? null : exported);
  }
  return out;
}

/** `a`, `a: b`, `a = d`, `a: b = d` in a `const { … } = require()`: the names, or undefined for rests and nesting. */
function destructured(list: string): string[] | undefined {
  const out: string[] = [];
  for (const raw of list.split(',')) {
    const el = raw.trim();
    if (!el) continue;
    const m = /^([\w$]+)(?:\s*:\s*[\w$]+)?(?:\s*=[^=][\s\S]*)?$/.exec(el);
    if (!m) return undefined;
    out.push(m[1]!);
  }
  return out;
}

/**
 * What a module hands on with `export … from`: `export { a as b }` is `a` read and exported as `b`; `export *`
 * hands on every name (`as` '*' stands for all); `export * as ns` is the whole module as `ns`.
 */
function reexportReads(specifier: string, clause: string): ImportRead[] {
  const m = EXPORT_FROM.exec(clause)!;
  if (m[1]) return [];
  if (m[3] === undefined) return [m[2] ? { specifier, name: '*', as: m[2] } : { specifier, name: '*', as: '*' }];
  const out: ImportRead[] = [];
  for (const raw of m[3].split(',')) {
    const el = /^\s*(type\s+)?([\w$]+)(?:\s+as\s+([\w$]+))?\s*$/.exec(raw);
    if (!el) {
      if (raw.trim()) return [{ specifier, name: '*', as: '*' }];
      continue;
    }
    if (el[1]) continue; // `type X`
    out.push({ specifier, name: el[2] === 'default' ? null : el[2]!, as: el[3] ?? el[2]! });
  }
  return out;
}

/** What one specifier's import reads, from the code before and after it. */
function readsAt(code: string, specifier: string, at: number, end: number, reexports: boolean): ImportRead[] {
  const before = code.slice(Math.max(0, at - WINDOW), at);
  const whole = [{ specifier, name: '*' }];
  if (FROM.test(before)) {
    const reexport = EXPORT_FROM.exec(before);
    if (reexport) return reexports ? reexportReads(specifier, reexport[0]) : []; // the file itself reads nothing
    const m = IMPORT_CLAUSE.exec(before);
    if (!m) return whole;
    if (m[1]) return []; // `import type`
    const reads: ImportRead[] = [];
    if (m[2]) reads.push({ specifier, name: null });
    if (m[3]) {
      const declaredAt = at - before.length + m.indices![3]![0];
      reads.push({ specifier, name: '*', members: membersRead(code, m[3], declaredAt) });
    }
    if (m[4] !== undefined) {
      const names = namedImports(m[4]);
      if (!names) return whole;
      for (const name of names) reads.push({ specifier, name });
    }
    return reads;
  }
  if (REQUIRE.test(before)) {
    const member = REQUIRE_MEMBER_AFTER.exec(code.slice(end, end + 200));
    if (member) return [{ specifier, name: '*', members: [member[1]!] }];
    // `const x = require('./x')(config)`: x is what the call returns, not the module.
    if (!STATEMENT_END.test(code.slice(end, end + 200))) return whole;
    const as = REQUIRED_AS.exec(before);
    if (as) {
      const declaredAt = at - before.length + as.indices![1]![0];
      return [{ specifier, name: '*', members: membersRead(code, as[1]!, declaredAt) }];
    }
    const into = REQUIRED_INTO.exec(before);
    const names = into ? destructured(into[1]!) : undefined;
    return names ? [{ specifier, name: '*', members: names }] : whole;
  }
  if (DYNAMIC_IMPORT.test(before)) return whole;
  // `import './polyfill'` binds nothing; any other string that looks like a path is not an import at all,
  // unless a comment just before it may hide the keyword's place (`require(/* x */ './y')`).
  if (SIDE_EFFECT_IMPORT.test(before)) return [];
  return COMMENT_MARK.test(before.slice(-COMMENT_REACH)) ? whole : [];
}

/**
 * Every value `text` reads from modules it imports by relative path (or by the specifiers `scan` finds:
 * relative-imports.ts, specifierScan), as far as the text tells; where it cannot tell, the whole module. With
 * `reexports`, also what it hands on with `export … from`. The JS engine follows exactly these bindings: import
 * declarations, `require('./x')` and `import('./x')` with a literal specifier.
 * The text is read as it is, comments and all (stripping them would cost a scan of every file): an import in
 * a comment is read too, and a comment inside an import makes it unreadable, so the whole module is read.
 */
export function importReads(text: string, reexports = false, scan = RELATIVE_SPECIFIER): ImportRead[] {
  const out: ImportRead[] = [];
  for (const m of text.matchAll(scan)) {
    // The quotes and the specifier: a scan may match ahead of its opening quote alone (specifierScan).
    out.push(...readsAt(text, m[2]!, m.index, m.index + m[2]!.length + 2, reexports));
  }
  // Kept for the run (import-reach.ts): copies, not views of the file's text.
  return out.map((r) => ({
    specifier: detached(r.specifier),
    name: r.name === null ? null : detached(r.name),
    ...(r.members && { members: r.members.map(detached) }),
    ...(r.as !== undefined && { as: detached(r.as) }),
  }));
}
