import { ts } from './typescript';
import { GLOBAL_OBJECTS } from '../../catalogue/js-globals';
import type { ImportRead } from '../../catalogue/import-reads';
import { singleReturn } from './parse';
import { jsClients } from './catalogue';
import type { FileCtx } from './file';
import { exportsTarget, isModuleExports, type ModuleLoader } from './modules';
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
      if ('module' in v.base) return modules.has(v.base.module.replace(/^node:/, ''));
      return 'global' in v.base ? globals.has(v.base.global) : true;
    }
    case 'instance':
      return true;
    case 'namespace':
      return exportsMayLead(v.file, nesting, seen);
    case 'object':
      for (const p of v.props.values()) {
        if (mayLeadToClient(p.value ?? evaluate(p.expr, p.file, 0, p.env), nesting + 1, seen)) return true;
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

/**
 * Whether the value `read` names in the module at `path` (one that names a client) may lead an importer to a
 * client: the module is parsed and the value judged by what it may be (reach of the prefilter,
 * src/catalogue/import-reach.ts).
 */
export function importedValueMayLead(modules: ModuleLoader, path: string, read: ImportRead): boolean {
  modules.trim();
  resetBudget();
  return judgingWhatMayBe(() => {
    const value = modules.valueAt(path, read.name);
    const seen: Judged = { nodes: new Set(), steps: 0 };
    const values = read.members ? read.members.map((m) => member(value, m, 0)) : [value];
    return values.some((v) => mayLeadToClient(v, 0, seen)) || budgetSpent();
  });
}
