import { ts } from './typescript';
import { type NodeVersion, nodeFloor } from '../../core/package-version';
import type { ModuleLoader } from './modules';
import { type Binding, hoistedList, hoistingScope, Resolver } from './resolve';
import type { Env, Instance, Val } from './values';
import { innermost, isPropertyName, walk } from './walk';

/** Calls the value analysis makes back into the client-aware part (kept apart to avoid an import cycle). */
export interface Hooks {
  evaluateCall(e: ts.CallExpression | ts.NewExpression, file: FileCtx, depth: number, env?: Env): Val;
  controllerSignal(ctrl: Extract<Val, { kind: 'controller' }>): Val;
  heldControllerSignal(holder: ts.Expression, file: FileCtx): Val | undefined;
}

/** One parsed file and what a single walk over it found. */
export interface FileCtx {
  path: string;
  sf: ts.SourceFile;
  resolver: Resolver;
  /**
   * Names assigned anywhere after their declaration, in any scope: a quick test only. Whether a binding is
   * reassigned is `reassigned(b, file)`: another function's `options = options || {}` leaves this one's alone.
   */
  assigned: Set<string>;
  /**
   * Every node that reassigns a name (`x = …`, `x += …`, `x++`, `({ x } = …)`, `for (x of …)`), by name, whatever
   * binding it lands on; `writesOf` keeps those of one binding.
   */
  assignments: Map<string, ts.Node[]>;
  callNodes: (ts.CallExpression | ts.NewExpression)[];
  /** `a.b = v` assignments: defaults, handle properties. */
  writes: ts.BinaryExpression[];
  /** Array literals written as the value of an object key (`imports: [A, B]`): where a framework may list a client. */
  lists: ts.ArrayLiteralExpression[];
  instances: Map<ts.Node, Instance>;
  hooks: Hooks;
  modules: ModuleLoader;
  cache: Map<string, unknown>;
  /** typescript-eslint's Program, when ESLint runs with type information: asked only where names cannot tell. */
  program?: unknown;
  /** Every identifier that names a binding (no key), by text, in source order: built on first use by namesIn. */
  names?: Map<string, ts.Identifier[]>;
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** Walks the file once and records calls, property writes and reassigned names. */
export function indexFile(sf: ts.SourceFile, path: string, hooks: Hooks, modules: ModuleLoader): FileCtx {
  const hoisted = new Map<ts.Node, ts.VariableDeclarationList[]>();
  const file: FileCtx = {
    path, sf, resolver: new Resolver(hoisted), assigned: new Set(), assignments: new Map(), callNodes: [], writes: [], lists: [],
    instances: new Map(), hooks, modules, cache: new Map(),
  };
  walk(sf, (n) => {
    const list = hoistedList(n);
    const scope = list && hoistingScope(n);
    if (scope) {
      const lists = hoisted.get(scope);
      if (lists) lists.push(list);
      else hoisted.set(scope, [list]);
    }
    if (ts.isCallExpression(n) || ts.isNewExpression(n)) file.callNodes.push(n);
    else if (ts.isBinaryExpression(n) && isAssignment(n.operatorToken.kind)) {
      const left = n.left;
      if (ts.isIdentifier(left)) assign(file, left.text, n);
      else if (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) file.writes.push(n);
      else if (ts.isObjectLiteralExpression(left) || ts.isArrayLiteralExpression(left)) markPattern(left, n, file);
    } else if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && ts.isIdentifier(n.operand)) {
      if (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken) assign(file, n.operand.text, n);
    } else if ((ts.isForInStatement(n) || ts.isForOfStatement(n)) && !ts.isVariableDeclarationList(n.initializer)) {
      // `for (k in o)`, `for (x of list)` with a name declared before: each turn writes it.
      markPattern(n.initializer, n, file);
    } else if (ts.isArrayLiteralExpression(n) && ts.isPropertyAssignment(n.parent) && n.parent.initializer === n) {
      file.lists.push(n);
    }
  }, true);
  return file;
}

function assign(file: FileCtx, name: string, node: ts.Node): void {
  file.assigned.add(name);
  const list = file.assignments.get(name);
  if (list) list.push(node);
  else file.assignments.set(name, [node]);
}

/** Destructuring assignment `({ a } = x)` reassigns `a`. */
function markPattern(left: ts.Expression, node: ts.Node, file: FileCtx): void {
  for (const id of targetNames(left)) assign(file, id.text, node);
}

/**
 * The names an assignment target writes: `x`, and in a destructuring pattern each name it binds
 * (`({ a, b: c, ...d } = v)` writes a, c and d, not the key b; `[x = 1, ...y] = v`), not a member (`o.p`).
 */
function targetNames(target: ts.Node): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  const stack: ts.Node[] = [target];
  while (stack.length) {
    const n = stack.pop()!;
    if (ts.isIdentifier(n)) out.push(n);
    else if (ts.isParenthesizedExpression(n) || ts.isSpreadElement(n) || ts.isSpreadAssignment(n)) stack.push(n.expression);
    else if (ts.isObjectLiteralExpression(n)) stack.push(...n.properties);
    else if (ts.isArrayLiteralExpression(n)) stack.push(...n.elements);
    else if (ts.isPropertyAssignment(n)) stack.push(n.initializer);
    else if (ts.isShorthandPropertyAssignment(n)) out.push(n.name);
    else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) stack.push(n.left);
  }
  return out;
}

/** What a node of `file.assignments` writes: the left side, the operand of `x++`, the head of `for (x of …)`. */
export function assignmentTarget(w: ts.Node): ts.Node {
  if (ts.isBinaryExpression(w)) return w.left;
  if (ts.isPrefixUnaryExpression(w) || ts.isPostfixUnaryExpression(w)) return w.operand;
  if (ts.isForInStatement(w) || ts.isForOfStatement(w)) return w.initializer;
  return w;
}

/**
 * The nodes of the file that write the binding `b` after its declaration (`file.assignments` of its name that
 * land on it, not on another binding of the same name in another scope), in source order; built once per binding.
 */
export function writesOf(b: Binding, file: FileCtx): readonly ts.Node[] {
  const list = file.assignments.get(b.name.text);
  if (!list) return NONE;
  // Each write of the name is resolved once, and grouped by the binding it lands on: a minified bundle binds
  // one short name in thousands of scopes, and asking each of them about every write would be their product.
  let byName = file.cache.get('writesOf') as Map<string, Map<Binding, ts.Node[]>> | undefined;
  if (!byName) file.cache.set('writesOf', (byName = new Map()));
  let groups = byName.get(b.name.text);
  if (!groups) {
    groups = new Map();
    for (const w of list) {
      for (const id of targetNames(assignmentTarget(w))) {
        if (id.text !== b.name.text) continue;
        const to = file.resolver.resolve(id);
        if (!to) continue;
        const mine = groups.get(to);
        if (!mine) groups.set(to, [w]);
        else if (mine[mine.length - 1] !== w) mine.push(w);
      }
    }
    byName.set(b.name.text, groups);
  }
  return groups.get(b) ?? NONE;
}

const NONE: readonly ts.Node[] = [];

/**
 * The values plain `=` writes give the binding `b` after its declaration, in source order; undefined where a write
 * is anything else (`x++`, `x += …`, `({ x } = o)`, `for (x of …)`): a value the analysis does not follow.
 */
export function assignedValues(b: Binding, file: FileCtx): ts.Expression[] | undefined {
  const values: ts.Expression[] = [];
  for (const w of writesOf(b, file)) {
    if (!ts.isBinaryExpression(w) || !ts.isIdentifier(w.left) || w.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
    values.push(w.right);
  }
  return values;
}

/** `x` is the global `name`: an identifier the file does not bind. */
export function isGlobal(x: ts.Node, name: string, file: FileCtx): x is ts.Identifier {
  return ts.isIdentifier(x) && x.text === name && !file.resolver.resolve(x);
}

/**
 * Whether the binding may hold another value than its declaration gives: something writes it, or (`var`) its
 * scope declares the name again. A `let` or `var` that nothing reassigns holds its initializer, as a `const` does.
 */
export function reassigned(b: Binding, file: FileCtx): boolean {
  if (b.kind === 'var' && b.redeclared) return true;
  return file.assigned.has(b.name.text) && writesOf(b, file).length > 0;
}

/** The oldest Node the nearest `engines.node` allows for the file (package-version.ts), read once per file. */
export function nodeFloorOf(file: FileCtx): NodeVersion | null {
  if (!file.cache.has('node floor')) file.cache.set('node floor', nodeFloor(file.path));
  return file.cache.get('node floor') as NodeVersion | null;
}

/** A `const`, or a `let`/`var` nothing reassigns: it holds what its declaration gives. */
export function isConstant(b: Binding, file: FileCtx): boolean {
  return b.kind === 'var' && (b.constant || !reassigned(b, file));
}

/**
 * The uses of a binding under `scope`, in source order: the names written as `name` there that resolve to it, its
 * declaration `name` left out.
 */
export function usesIn(file: FileCtx, scope: ts.Node, name: ts.Identifier, b: Binding): ts.Identifier[] {
  return namesIn(file, scope, name.text).filter((n) => n !== name && file.resolver.resolve(n) === b);
}

/**
 * The identifiers written `text` under `scope` that are names, not keys (`x.text`, `{ text: 1 }`), in source
 * order. The file is indexed once, on first use, so looking up each of a file's thousands of bindings costs
 * its own uses rather than a walk of its scope.
 */
export function namesIn(file: FileCtx, scope: ts.Node, text: string): ts.Identifier[] {
  if (!file.names) {
    const names = new Map<string, ts.Identifier[]>();
    walk(file.sf, (n) => {
      if (!ts.isIdentifier(n) || isPropertyName(n)) return true;
      const list = names.get(n.text);
      if (list) list.push(n);
      else names.set(n.text, [n]);
      return true;
    });
    file.names = names;
  }
  const list = file.names.get(text);
  if (!list) return [];
  // Identifiers are leaves, so source order sorts them by position: find the first inside the scope.
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.pos < scope.pos) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < list.length && list[end]!.end <= scope.end) end++;
  return list.slice(lo, end);
}

/** The function of this file a name calls: a declaration, or a `const` that holds an arrow or function expression. */
export function functionNamed(id: ts.Identifier, file: FileCtx): ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression | undefined {
  const b = file.resolver.resolve(id);
  if (b?.kind === 'function') return b.decl;
  let init = b?.kind === 'var' && isConstant(b, file) && !b.path.length && b.init ? b.init : undefined;
  if (init) init = innermost(init);
  return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
}
