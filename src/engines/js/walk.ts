import { ts } from './typescript';

/**
 * Visits every node under `root` in source order with an explicit stack, so deeply nested code cannot
 * overflow the call stack. `visit` returns false to skip a node's children. With `linkParents`, each child is
 * linked to its parent on the way (a file's first walk does it: see parseSource).
 */
export function walk(root: ts.Node, visit: (node: ts.Node) => boolean | void, linkParents = false): void {
  const stack: ts.Node[] = [root];
  let current = root;
  // One callback for the whole walk (not one made per node): children go on the stack as they come, then their
  // stretch of it is reversed, so that the first child is visited first.
  const push = linkParents
    ? (child: ts.Node): void => {
      (child as { parent: ts.Node }).parent = current;
      stack.push(child);
    }
    : (child: ts.Node): void => {
      stack.push(child);
    };
  while (stack.length) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    current = node;
    const from = stack.length;
    ts.forEachChild(node, push);
    for (let i = from, j = stack.length - 1; i < j; i++, j--) {
      const t = stack[i]!;
      stack[i] = stack[j]!;
      stack[j] = t;
    }
  }
}

/**
 * A key, not a name in scope: `x.timeout`, `{ timeout: 1 }`, a member named `timeout`. The resolver looks a name
 * up by its text alone, so a walk over a binding's uses skips these.
 */
export function isPropertyName(n: ts.Identifier): boolean {
  const p = n.parent;
  if (ts.isPropertyAccessExpression(p) || ts.isPropertyAssignment(p) || ts.isPropertySignature(p)) return p.name === n;
  return (ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) && p.name === n;
}

/** True for nodes that start a new function scope (where `var` and parameters live). */
export function isFunctionScope(node: ts.Node): node is ts.SignatureDeclaration | ts.SourceFile {
  return ts.isSourceFile(node) || ts.isFunctionLike(node);
}

/** `(async () => { … })()`, `(function () { … })()`: a function called where it is written, so it runs once, then. */
export function invokedInPlace(fn: ts.Node): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const n = outermost(fn);
  return ts.isCallExpression(n.parent) && n.parent.expression === n;
}

/**
 * The innermost function a node sits in, or undefined at module level; a function invoked in place runs with the
 * code around it, so it is not one.
 */
export function functionOf(node: ts.Node): ts.Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n) && !invokedInPlace(n)) return n;
  return undefined;
}

/** The 1-based line of an offset, for messages. */
export function lineAt(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line + 1;
}

/**
 * The name a function is called by: `function f() {}`, `const f = (…) => …` (through parentheses, `as` and
 * `satisfies`), a method `f() {}`.
 */
export function holderOf(fn: ts.Node): ts.Identifier | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name;
  if (ts.isMethodDeclaration(fn)) return ts.isIdentifier(fn.name) ? fn.name : undefined;
  const n = holderExpression(fn);
  return ts.isVariableDeclaration(n) && n.initializer && ts.isIdentifier(n.name) ? n.name : undefined;
}

type SameValue = ts.ParenthesizedExpression | ts.NonNullExpression | ts.AsExpression | ts.SatisfiesExpression | ts.TypeAssertion;

/** `(x)`, `x!`, `x as T`, `x satisfies T`, `<T>x`: syntax around an expression that leaves its value as it is. */
export function keepsValue(n: ts.Node | undefined): n is SameValue {
  return !!n && (ts.isParenthesizedExpression(n) || ts.isNonNullExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isTypeAssertionExpression(n));
}

/** `n` with the syntax around it that keeps its value (`keepsValue`): what its holder holds. */
export function outermost(n: ts.Node): ts.Node {
  let x = n;
  while (keepsValue(x.parent) && x.parent.expression === x) x = x.parent;
  return x;
}

/** `outermost`, and past the `await`s that settle it: what holds the value once settled. */
export function outermostAwaited(n: ts.Node): ts.Node {
  let x = n;
  while ((keepsValue(x.parent) || (x.parent && ts.isAwaitExpression(x.parent))) && x.parent.expression === x) x = x.parent;
  return x;
}

/** `e` without the syntax around it that keeps its value (`keepsValue`). */
export function innermost(e: ts.Expression): ts.Expression {
  let x = e;
  while (keepsValue(x)) x = x.expression;
  return x;
}

/** The node an expression sits in, past the syntax around it that keeps its value (`keepsValue`). */
export function holderExpression(n: ts.Node): ts.Node {
  return outermost(n).parent;
}

/**
 * The name of an exported function (`export function load`, `export const load = async () => …`), or, with
 * `each`, of the exported object it is a member of (`export const actions = { default: async (event) => … }`).
 */
export function exportedName(fn: ts.SignatureDeclaration): { name: string; each: boolean } | undefined {
  const exported = (n: ts.Node) => ts.canHaveModifiers(n) && ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  if (ts.isFunctionDeclaration(fn)) return fn.name && exported(fn) ? { name: fn.name.text, each: false } : undefined;
  let n: ts.Node = ts.isMethodDeclaration(fn) ? fn : ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) ? holderExpression(fn) : fn;
  const each = (ts.isPropertyAssignment(n) || ts.isMethodDeclaration(n)) && ts.isObjectLiteralExpression(n.parent);
  if (each) n = holderExpression(n.parent);
  if (!ts.isVariableDeclaration(n) || n.initializer === undefined || !ts.isIdentifier(n.name)) return undefined;
  const statement = n.parent.parent;
  return ts.isVariableStatement(statement) && exported(statement) ? { name: n.name.text, each } : undefined;
}

/** Where `name` is written as a whole word in `text` (not inside a longer name; comments and strings included). */
export function wordsAt(text: string, name: string): number[] {
  const word = /[\w$#]/;
  const out: number[] = [];
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length)) {
    if (!word.test(text[i - 1] ?? '') && !word.test(text[i + name.length] ?? '')) out.push(i);
  }
  return out;
}

/** The token at `pos`, a name or a literal; undefined in trivia (a comment). */
export function leafAt(sf: ts.SourceFile, pos: number): ts.Node | undefined {
  let node: ts.Node = sf;
  for (let inner: ts.Node | undefined = sf; inner; ) {
    node = inner;
    inner = node.forEachChild((c) => (c.getStart(sf) <= pos && pos < c.end ? c : undefined));
  }
  return node === sf || node.getChildCount(sf) > 0 ? undefined : node;
}

/** A parameter of the executor of `new Promise((resolve, reject) => …)`: it settles the promise, and ends nothing. */
export function settlesPromise(p: ts.ParameterDeclaration): boolean {
  const fn = p.parent;
  const made = outermost(fn).parent;
  return ts.isNewExpression(made) && made.arguments?.[0] === outermost(fn) && ts.isIdentifier(made.expression) && made.expression.text === 'Promise';
}
