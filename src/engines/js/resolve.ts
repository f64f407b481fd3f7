import { ts } from './typescript';
import { staticName } from './parse';
import { isFunctionScope, walk } from './walk';

/** What a name is bound to in its file. `path` walks into a destructuring pattern: `const { a: { b } } = x`. */
export type Binding =
  | {
    kind: 'var'; name: ts.Identifier; init?: ts.Expression; path: string[]; fallback?: ts.Expression; constant: boolean; scope: ts.Node;
    /** Its scope declares the name again (`var n = …; … var n = …`, a `var` of a parameter's name): a later one reassigns it. */
    redeclared?: true;
  }
  | { kind: 'param'; name: ts.Identifier; param: ts.ParameterDeclaration; path: string[]; fallback?: ts.Expression }
  | { kind: 'import'; name: ts.Identifier; module: string; export: string | null }
  | { kind: 'function'; name: ts.Identifier; decl: ts.FunctionDeclaration }
  | { kind: 'other'; name: ts.Identifier };

type Scope = Map<string, Binding>;

function opensScope(node: ts.Node): boolean {
  return (
    isFunctionScope(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseBlock(node) ||
    ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node) || ts.isCatchClause(node) ||
    ts.isClassLike(node)
  );
}

// Every test of opensScope reads the node's kind alone, so it is asked once per kind: a lookup climbs many nodes.
const SCOPE_KINDS = Array.from({ length: ts.SyntaxKind.Count }, (_, kind) => opensScope({ kind } as ts.Node));

function isScope(node: ts.Node): boolean {
  return SCOPE_KINDS[node.kind]!;
}

/**
 * The path step of an object rest element (`const { headers, ...rest } = options`): the value's other keys, all
 * but the ones the pattern names (`REST` then those keys, each after `REST_KEY`).
 */
export const REST = '\u0001';
export const REST_KEY = '\u0002';

/**
 * Adds every identifier of a binding pattern with its path: an array pattern's by index (`const [url, init] = f()`
 * reads `f()`'s `'1'`), its rest stays opaque; object rests hold the other keys.
 */
function addPattern(
  name: ts.BindingName, path: string[], fallback: ts.Expression | undefined,
  add: (id: ts.Identifier, path: string[], fallback?: ts.Expression) => void,
): void {
  const stack: { name: ts.BindingName; path: string[]; fallback?: ts.Expression }[] = [{ name, path, fallback }];
  while (stack.length) {
    const top = stack.pop()!;
    if (ts.isIdentifier(top.name)) { add(top.name, top.path, top.fallback); continue; }
    for (const [index, el] of top.name.elements.entries()) {
      if (ts.isOmittedExpression(el)) continue;
      const key = ts.isArrayBindingPattern(top.name) ? (el.dotDotDotToken ? undefined : String(index))
        : !el.dotDotDotToken ? staticName(el.propertyName ?? el.name) : restStep(top.name);
      // An unknown key (array slot, computed name) makes the binding opaque, never wrong.
      stack.push({ name: el.name, path: [...top.path, key ?? '\u0000'], fallback: el.initializer });
    }
  }
}

/** The rest step of an object pattern: the keys its other elements take (a computed one is left in: it may be any). */
function restStep(pattern: ts.ObjectBindingPattern): string {
  const keys = pattern.elements.flatMap((el) => {
    const key = el.dotDotDotToken ? undefined : staticName(el.propertyName ?? el.name);
    return key === undefined ? [] : [REST_KEY + key];
  });
  return REST + keys.join('');
}

function addVariables(list: ts.VariableDeclarationList, scope: ts.Node, out: Scope): void {
  const constant = (list.flags & ts.NodeFlags.Const) !== 0;
  for (const d of list.declarations) {
    addPattern(d.name, [], undefined, (id, path, fallback) => {
      // A function's `var` lists are added twice (hoisted, then as statements): only another declaration counts.
      const before = out.get(id.text);
      const redeclared = before !== undefined && before.name !== id;
      out.set(id.text, { kind: 'var', name: id, init: d.initializer, path, fallback, constant, scope, ...(redeclared ? { redeclared: true as const } : {}) });
    });
  }
}

function addImport(decl: ts.ImportDeclaration, out: Scope): void {
  const clause = decl.importClause;
  if (!clause || !ts.isStringLiteral(decl.moduleSpecifier)) return;
  const module = decl.moduleSpecifier.text;
  if (clause.name) out.set(clause.name.text, { kind: 'import', name: clause.name, module, export: null });
  const nb = clause.namedBindings;
  if (nb && ts.isNamespaceImport(nb)) out.set(nb.name.text, { kind: 'import', name: nb.name, module, export: '*' });
  if (nb && ts.isNamedImports(nb)) {
    for (const el of nb.elements) {
      const exported = staticName(el.propertyName ?? el.name) ?? el.name.text;
      out.set(el.name.text, { kind: 'import', name: el.name, module, export: exported === 'default' ? null : exported });
    }
  }
}

function addStatement(st: ts.Node, scope: ts.Node, out: Scope, varsOnly: boolean): void {
  if (ts.isVariableStatement(st)) {
    const isVar = (st.declarationList.flags & ts.NodeFlags.BlockScoped) === 0;
    if (!varsOnly || isVar) addVariables(st.declarationList, scope, out);
  } else if (varsOnly) {
    return;
  } else if (ts.isFunctionDeclaration(st) && st.name) {
    out.set(st.name.text, { kind: 'function', name: st.name, decl: st });
  } else if ((ts.isClassDeclaration(st) || ts.isEnumDeclaration(st) || ts.isModuleDeclaration(st)) && st.name && ts.isIdentifier(st.name)) {
    out.set(st.name.text, { kind: 'other', name: st.name });
  } else if (ts.isImportDeclaration(st)) {
    addImport(st, out);
  } else if (ts.isImportEqualsDeclaration(st)) {
    // `import x = require('m')` is `const x = require('m')`: the module's CommonJS export.
    const ref = st.moduleReference;
    const module = !st.isTypeOnly && ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression) ? ref.expression.text : undefined;
    out.set(st.name.text, module === undefined ? { kind: 'other', name: st.name } : { kind: 'import', name: st.name, module, export: '*' });
  }
}

/**
 * A `var` list (of a statement or a `for` head) that belongs to the function or file around it (hoisting) and
 * not to its block; none inside a class outside its methods.
 */
export function hoistedList(n: ts.Node): ts.VariableDeclarationList | undefined {
  const list = ts.isVariableStatement(n) ? n.declarationList : ts.isForStatement(n) || ts.isForInStatement(n) || ts.isForOfStatement(n) ? n.initializer : undefined;
  return list && ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.BlockScoped) === 0 ? list : undefined;
}

/**
 * The function (or file) the hoisted `var` list of `holder` (a statement or `for`) belongs to; undefined inside a
 * class outside its methods. Needs the parent links of `holder` and above.
 */
export function hoistingScope(holder: ts.Node): ts.Node | undefined {
  for (let n = holder.parent; n; n = n.parent) {
    if (isFunctionScope(n)) return n;
    if (ts.isClassLike(n)) return undefined;
  }
  return undefined;
}

function statementsOf(node: ts.Node): readonly ts.Node[] {
  if (ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node)) return node.statements;
  if (ts.isCaseBlock(node)) return node.clauses.flatMap((c) => [...c.statements]);
  return [];
}

function bodyOf(node: ts.SignatureDeclaration): ts.Node | undefined {
  return (node as ts.FunctionLikeDeclaration).body;
}

function buildScope(node: ts.Node, hoisted: readonly ts.VariableDeclarationList[] | undefined): Scope {
  const out: Scope = new Map();
  if (isFunctionScope(node)) {
    for (const list of hoisted ?? []) addVariables(list, node, out);
    if (!ts.isSourceFile(node)) {
      for (const p of node.parameters) {
        addPattern(p.name, [], p.initializer, (id, path, fallback) => out.set(id.text, { kind: 'param', name: id, param: p, path, fallback }));
      }
      if ((ts.isFunctionExpression(node) || ts.isClassExpression(node)) && node.name) out.set(node.name.text, { kind: 'other', name: node.name });
    }
  } else if (ts.isClassLike(node) && node.name) {
    out.set(node.name.text, { kind: 'other', name: node.name });
  } else if (ts.isCatchClause(node) && node.variableDeclaration) {
    addPattern(node.variableDeclaration.name, [], undefined, (id) => out.set(id.text, { kind: 'other', name: id }));
  } else if ((ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node)) && node.initializer && ts.isVariableDeclarationList(node.initializer)) {
    if (node.initializer.flags & ts.NodeFlags.BlockScoped) addVariables(node.initializer, node, out);
  }
  const body = ts.isFunctionLike(node) ? bodyOf(node) : undefined;
  const stmts = ts.isSourceFile(node) ? node.statements : statementsOf(body ?? node);
  for (const st of stmts) addStatement(st, node, out, false);
  return out;
}

/**
 * Lexical name lookup within one file, with one index per scope built on first use. `hoisted`: the `var` lists
 * of each function and of the file, in source order (the file's first walk gathers them: `hoistedList`).
 */
export class Resolver {
  private readonly scopes = new Map<ts.Node, Scope>();

  constructor(private readonly hoisted: ReadonlyMap<ts.Node, readonly ts.VariableDeclarationList[]>) {}

  private readonly resolved = new Map<ts.Identifier, Binding | null>();

  /** The binding of `id`, or null when the name is free (a global). */
  resolve(id: ts.Identifier): Binding | null {
    let b = this.resolved.get(id);
    if (b === undefined) this.resolved.set(id, (b = this.lookup(id.text, id)));
    return b;
  }

  lookup(name: string, from: ts.Node): Binding | null {
    for (let n: ts.Node | undefined = from.parent; n; n = n.parent) {
      if (!isScope(n)) continue;
      // A function body Block is indexed with its function, so skip it here.
      if (ts.isBlock(n) && n.parent && ts.isFunctionLike(n.parent)) continue;
      let scope = this.scopes.get(n);
      if (!scope) this.scopes.set(n, (scope = buildScope(n, this.hoisted.get(n))));
      const b = scope.get(name);
      if (b) return b;
    }
    return null;
  }
}
