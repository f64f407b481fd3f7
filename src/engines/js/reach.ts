import { readFileSync, statSync } from 'node:fs';
import { ts } from './typescript';
import { GLOBAL_OBJECTS } from '../../catalogue/js-globals';
import { type ImportRead, importReads } from '../../catalogue/import-reads';
import { isFileIndexFrozen } from '../../core/file-index';
import { mayHoldFinding } from '../../catalogue/prefilter';
import { singleReturn } from './calls';
import { jsClients } from './catalogue';
import { type ModuleLoader, resolveRelative } from './modules';
import { type Val, budgetSpent, evaluate, member, resetBudget } from './values';

// Past this many nested objects and functions a value counts as one that may hold a client.
const MAX_NESTING = 12;

let roots: { modules: Set<string>; globals: Set<string> } | undefined;

/** The modules and globals a client is reached from, and the global objects that reach globals (`window.fetch`). */
function clientRoots(): { modules: Set<string>; globals: Set<string> } {
  if (roots) return roots;
  const modules = new Set<string>();
  const globals = new Set<string>([...GLOBAL_OBJECTS, 'require']);
  for (const spec of jsClients()) {
    for (const entries of Object.values(spec.roots)) {
      for (const e of entries) {
        if (e.module) modules.add(e.module.replace(/^node:/, ''));
        if (e.global) globals.add(e.global);
      }
    }
  }
  roots = { modules, globals };
  return roots;
}

/**
 * Whether a value an importer reads may lead it to a client: a reference to a client's module or global, an
 * instance, an object or namespace holding one, or a function whose one returned value may be one. Calls in
 * the importer bind a function's parameters to the importer's own values, which hold no client unless the
 * importer reaches one some other way; so the function's return is judged with its parameters unbound
 * (their defaults and declared types still count). Where the walk gives up, the answer is yes.
 */
function mayLeadToClient(v: Val, nesting: number, seen: Set<ts.Node>): boolean {
  if (nesting > MAX_NESTING) return true;
  switch (v.kind) {
    case 'ref': {
      const { modules, globals } = clientRoots();
      return 'module' in v.base ? modules.has(v.base.module.replace(/^node:/, '')) : globals.has(v.base.global);
    }
    case 'instance':
    case 'namespace':
      return true;
    case 'object':
      for (const p of v.props.values()) {
        if (mayLeadToClient(evaluate(p.expr, p.file, 0, p.env), nesting + 1, seen)) return true;
      }
      return false;
    case 'local': {
      if (seen.has(v.decl)) return false;
      seen.add(v.decl);
      const ret = singleReturn(v.decl);
      return ret !== undefined && mayLeadToClient(evaluate(ret, v.file, 0), nesting + 1, seen);
    }
    default:
      return false;
  }
}

// A module over this size is not read by the engine (modules.ts): what it exports is unknown.
const MAX_MODULE_BYTES = 1024 * 1024;
// Modules visited for one importer before the answer is taken to be yes.
const MAX_VISITS = 5000;

interface ModuleFacts {
  /** The module names a client itself: what it exports is judged from its parsed values. */
  mentions: boolean;
  /** What it imports and re-exports by relative path. */
  reads: ImportRead[];
}

const factsCache = new Map<string, ModuleFacts | null>();
const answers = new Map<string, boolean>();

function factsOf(path: string): ModuleFacts | null {
  const known = factsCache.get(path);
  if (known !== undefined) return known;
  let facts: ModuleFacts | null = null;
  try {
    if (statSync(path).size <= MAX_MODULE_BYTES) {
      const text = readFileSync(path, 'utf8');
      facts = { mentions: mayHoldFinding('js', text), reads: importReads(text, true) };
    }
  } catch {
    facts = null; // the engine cannot read it either
  }
  if (isFileIndexFrozen()) factsCache.set(path, facts);
  return facts;
}

/** One importer's question: modules in progress (by depth, for cycles) and how many were visited. */
interface Walk {
  modules: ModuleLoader;
  open: Map<string, number>;
  low: number;
  visits: number;
}

/** The export names a read asks for; undefined is all of them. */
function namesAsked(name: string | null, members: string[] | undefined): string[] | undefined {
  if (name !== '*') return [name ?? 'default'];
  return members;
}

/** From the parsed module: the value read, judged by `mayLeadToClient`. */
function evaluatedLeads(modules: ModuleLoader, path: string, name: string | null, members: string[] | undefined): boolean {
  resetBudget();
  const value = modules.valueAt(path, name);
  const seen = new Set<ts.Node>();
  const reads = members ? members.map((m) => member(value, m, 0)) : [value];
  return reads.some((v) => mayLeadToClient(v, 0, seen)) || budgetSpent();
}

/**
 * From the text of a module that names no client: it can hand one on only from what it imports. A re-export
 * counts where it exports a name asked for; anything else it imports may reach any of its exports.
 */
function textualLeads(w: Walk, path: string, facts: ModuleFacts, asked: string[] | undefined): boolean {
  for (const r of facts.reads) {
    const target = resolveRelative(path, r.specifier);
    if (!target) continue;
    if (r.as === undefined) {
      if (leads(w, target, r.name, r.members)) return true;
    } else if (r.as === '*') {
      const names = asked?.filter((n) => n !== 'default');
      if (names === undefined ? leads(w, target, '*', undefined) : names.some((n) => leads(w, target, n, undefined))) return true;
    } else if (asked === undefined || asked.includes(r.as)) {
      if (leads(w, target, r.name, undefined)) return true;
    }
  }
  return false;
}

/** Whether reading `name` (and then `members`) from the module at `path` may lead to a client. */
function leads(w: Walk, path: string, name: string | null, members: string[] | undefined): boolean {
  const key = `${path}\0${name}\0${members?.join(',') ?? '\0'}`;
  const known = answers.get(key);
  if (known !== undefined) return known;
  const depth = w.open.get(key);
  if (depth !== undefined) {
    // A cycle: assumed no for now, which is the answer unless something outside the cycle says yes.
    w.low = Math.min(w.low, depth);
    return false;
  }
  if (++w.visits > MAX_VISITS) return true;
  const facts = factsOf(path);
  if (!facts) return false;
  const own = w.open.size;
  w.open.set(key, own);
  const outerLow = w.low;
  w.low = Infinity;
  const answer = facts.mentions ? evaluatedLeads(w.modules, path, name, members) : textualLeads(w, path, facts, namesAsked(name, members));
  w.open.delete(key);
  // A no that leaned on a module still in progress further out may change: it is not kept.
  if (isFileIndexFrozen() && (answer || w.low >= own)) answers.set(key, answer);
  w.low = Math.min(outerLow, w.low);
  return answer;
}

/**
 * True when a value `text` (of `filePath`) imports by a relative path may lead it to a client. A file that
 * names no client itself can hold a finding only through such a value: without one, nothing in it evaluates
 * to a client. Modules that name a client are parsed and their values read; the others are read as text,
 * following their own imports; the importer is not parsed.
 */
export function importsMayLeadToClient(modules: ModuleLoader, filePath: string, text: string): boolean {
  modules.trim();
  const w: Walk = { modules, open: new Map(), low: Infinity, visits: 0 };
  for (const read of importReads(text)) {
    const path = resolveRelative(filePath, read.specifier);
    if (path && leads(w, path, read.name, read.members)) return true;
  }
  return false;
}
