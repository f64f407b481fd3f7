import { readFileSync, statSync } from 'node:fs';
import { ts } from './typescript';
import { GLOBAL_OBJECTS } from '../../catalogue/js-globals';
import { type ImportRead, importReads } from '../../catalogue/import-reads';
import { isFileIndexFrozen } from '../../core/file-index';
import { mayHoldFinding } from '../../catalogue/prefilter';
import { singleReturn } from './calls';
import { jsClients } from './catalogue';
import type { FileCtx } from './file';
import { exportsTarget, isModuleExports, type ModuleLoader, resolveRelative } from './modules';
import { type Val, budgetSpent, evaluate, judgingWhatMayBe, member, resetBudget } from './values';

// Past this many nested objects and functions, or values judged for one read, a value counts as one that may
// hold a client.
const MAX_NESTING = 12;
const MAX_STEPS = 10_000;

/** The functions already judged for one read (each judged alone, so a repeat adds nothing), and how many values. */
interface Judged {
  nodes: Set<ts.Node>;
  steps: number;
}

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
function mayLeadToClient(v: Val, nesting: number, seen: Judged): boolean {
  if (nesting > MAX_NESTING || ++seen.steps > MAX_STEPS) return true;
  switch (v.kind) {
    case 'ref': {
      const { modules, globals } = clientRoots();
      return 'module' in v.base ? modules.has(v.base.module.replace(/^node:/, '')) : globals.has(v.base.global);
    }
    case 'instance':
      return true;
    case 'namespace':
      return exportsMayLead(v.file, nesting, seen);
    case 'object':
      for (const p of v.props.values()) {
        if (mayLeadToClient(evaluate(p.expr, p.file, 0, p.env), nesting + 1, seen)) return true;
      }
      return false;
    case 'local': {
      if (seen.nodes.has(v.decl)) return false;
      seen.nodes.add(v.decl);
      const ret = singleReturn(v.decl);
      return ret !== undefined && mayLeadToClient(evaluate(ret, v.file, 0), nesting + 1, seen);
    }
    default:
      return false;
  }
}

/** A whole module (`import * as ns`, `export * from`): whether any value it exports may lead to a client. */
function exportsMayLead(file: FileCtx, nesting: number, seen: Judged): boolean {
  if (seen.nodes.has(file.sf)) return false;
  seen.nodes.add(file.sf);
  const judge = (v: Val): boolean => mayLeadToClient(v, nesting + 1, seen);
  const exported = (name: string): boolean => judge(file.modules.exportOf(file, name, 0));
  for (const st of file.sf.statements) {
    if (ts.isExportAssignment(st)) {
      if (judge(evaluate(st.expression, file, 0))) return true;
    } else if (ts.isExportDeclaration(st)) {
      if (st.isTypeOnly) continue;
      const from = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
      const clause = st.exportClause;
      if (!clause) {
        if (from && judge(file.modules.importOf(file, from, '*', 0))) return true;
      } else if (ts.isNamedExports(clause)) {
        if (clause.elements.some((el) => !el.isTypeOnly && exported(el.name.text))) return true;
      } else if (exported(clause.name.text)) {
        return true;
      }
    } else if (ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      const names = ts.isVariableStatement(st)
        ? st.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []))
        : (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name ? [st.name.text] : [];
      const isDefault = ts.getModifiers(st)!.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if (ts.isVariableStatement(st) && st.declarationList.declarations.some((d) => !ts.isIdentifier(d.name))) return true;
      if ((isDefault ? ['default'] : names).some(exported)) return true;
    }
  }
  // CommonJS: `module.exports = …` and `exports.x = …`.
  return file.writes.some((w) => (isModuleExports(w.left) || exportsTarget(w.left) !== undefined) && judge(evaluate(w.right, file, 0)));
}

// A module over this size is not read by the engine (modules.ts): what it exports is unknown.
const MAX_MODULE_BYTES = 1024 * 1024;
// Modules read as text for one importer, or a chain of imports this long, before the answer is taken to be yes.
const MAX_VISITS = 20_000;
const MAX_DEPTH = 2_000;

interface ModuleFacts {
  stamp: string;
  /** The module names a client itself: what it exports is judged from its parsed values. */
  mentions: boolean;
  /** What it imports and re-exports by relative path. */
  reads: ImportRead[];
}

const factsCache = new Map<string, ModuleFacts | null>();
// Within one run (the tree frozen): reads from modules that name a client, and modules that name none.
const readAnswers = new Map<string, boolean>();
const moduleAnswers = new Map<string, boolean>();

function factsOf(path: string): ModuleFacts | null {
  const frozen = isFileIndexFrozen();
  const known = factsCache.get(path);
  if (frozen && known !== undefined) return known;
  let facts: ModuleFacts | null = null;
  try {
    const st = statSync(path);
    const stamp = `${st.size}:${st.mtimeMs}:${st.ino}`;
    if (known?.stamp === stamp) return known;
    if (st.size <= MAX_MODULE_BYTES) {
      const text = readFileSync(path, 'utf8');
      facts = { stamp, mentions: mayHoldFinding('js', text), reads: importReads(text, true) };
    }
  } catch {
    facts = null; // the engine cannot read it either
  }
  factsCache.set(path, facts);
  return facts;
}

/** From the parsed module: the value read, judged by `mayLeadToClient`. */
function evaluatedLeads(modules: ModuleLoader, path: string, read: ImportRead): boolean {
  const key = `${path}\0${read.name}\0${read.members?.join(',') ?? '\0'}`;
  const known = readAnswers.get(key);
  if (known !== undefined) return known;
  resetBudget();
  const answer = judgingWhatMayBe(() => {
    const value = modules.valueAt(path, read.name);
    const seen: Judged = { nodes: new Set(), steps: 0 };
    const values = read.members ? read.members.map((m) => member(value, m, 0)) : [value];
    return values.some((v) => mayLeadToClient(v, 0, seen)) || budgetSpent();
  });
  if (isFileIndexFrozen()) readAnswers.set(key, answer);
  return answer;
}

/** One importer's question: the modules that name no client, folded by strongly connected component (Tarjan). */
class TextWalk {
  private readonly index = new Map<string, number>();
  private readonly low = new Map<string, number>();
  private readonly stack: string[] = [];
  private readonly onStack = new Set<string>();
  /** What a module's own reads say, before its component is complete. */
  private readonly partial = new Map<string, boolean>();
  private readonly done = new Map<string, boolean>();
  private visits = 0;

  constructor(private readonly modules: ModuleLoader) {}

  /** Whether `read` from the module at `path` may lead to a client. */
  read(path: string, read: ImportRead): boolean {
    const facts = factsOf(path);
    if (!facts) return false;
    if (facts.mentions) return evaluatedLeads(this.modules, path, read);
    const names = read.name !== '*' ? [read.name ?? 'default'] : read.members;
    return names ? this.named(path, facts, names, new Set()) : this.module(path, facts);
  }

  /**
   * Named exports of a module that names no client (a barrel, most often): what it imports itself may reach any
   * of its exports, but a re-export counts only for the names it exports.
   */
  private named(path: string, facts: ModuleFacts, names: readonly string[], seen: Set<string>): boolean {
    for (const r of facts.reads) {
      const target = resolveRelative(path, r.specifier);
      const next = target ? factsOf(target) : null;
      if (!target || !next) continue;
      if (r.as === undefined) {
        if (next.mentions ? evaluatedLeads(this.modules, target, r) : this.module(target, next)) return true;
        continue;
      }
      // `export * from`: the names asked, but not the default; `export { a as b }`, `export * as b`: b.
      const asked = r.as === '*' ? names.filter((n) => n !== 'default') : names.includes(r.as) ? [r.name ?? 'default'] : [];
      for (const name of asked) {
        const key = `${target}\0${r.as === '*' || r.name !== '*' ? name : '*'}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const whole = r.as !== '*' && r.name === '*';
        const reexported: ImportRead = whole ? { specifier: r.specifier, name: '*' } : { specifier: r.specifier, name: name === 'default' ? null : name };
        if (next.mentions) {
          if (evaluatedLeads(this.modules, target, reexported)) return true;
        } else if (whole ? this.module(target, next) : this.named(target, next, [name], seen)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A module that names no client can hand one on only from what it imports or re-exports: whether any of that
   * may lead to a client, whichever of its exports is read. Modules that import each other share one answer.
   */
  private module(path: string, facts: ModuleFacts): boolean {
    const known = moduleAnswers.get(path) ?? this.done.get(path);
    if (known !== undefined) return known;
    if (++this.visits > MAX_VISITS || this.stack.length > MAX_DEPTH) return true;
    const at = this.index.size;
    this.index.set(path, at);
    this.low.set(path, at);
    this.stack.push(path);
    this.onStack.add(path);
    let leads = false;
    for (const r of facts.reads) {
      const target = resolveRelative(path, r.specifier);
      const next = target ? factsOf(target) : null;
      if (!target || !next) continue;
      if (next.mentions) {
        leads ||= evaluatedLeads(this.modules, target, r);
      } else if (!this.index.has(target)) {
        leads = this.module(target, next) || leads;
        if (this.onStack.has(target)) this.low.set(path, Math.min(this.low.get(path)!, this.low.get(target)!));
      } else if (this.onStack.has(target)) {
        this.low.set(path, Math.min(this.low.get(path)!, this.index.get(target)!));
      } else {
        leads ||= this.done.get(target) ?? true;
      }
    }
    this.partial.set(path, leads);
    if (this.low.get(path) !== at) return leads;
    // The root of a component: every member gets the answer of all of them.
    const members: string[] = [];
    for (let m = ''; m !== path; ) {
      m = this.stack.pop()!;
      this.onStack.delete(m);
      members.push(m);
    }
    const answer = members.some((m) => this.partial.get(m));
    for (const m of members) {
      this.done.set(m, answer);
      if (isFileIndexFrozen()) moduleAnswers.set(m, answer);
    }
    return answer;
  }
}

/**
 * True when a value `text` (of `filePath`) imports by a relative path may lead it to a client. A file that
 * names no client itself can hold a finding only through such a value: without one, nothing in it evaluates
 * to a client. Modules that name a client are parsed and the values read from them judged; the others are
 * read as text, following what they import and re-export; the importer is not parsed.
 */
export function importsMayLeadToClient(modules: ModuleLoader, filePath: string, text: string): boolean {
  modules.trim();
  const walk = new TextWalk(modules);
  for (const read of importReads(text)) {
    const path = resolveRelative(filePath, read.specifier);
    if (path && walk.read(path, read)) return true;
  }
  return false;
}
