// Options held by a name whose literal a request alone takes, made anew on each run of the request's function.
import { ts } from './typescript';
import { type FileCtx, isConstant, usesIn } from './file';
import { unwrap } from './parse';
import { functionOf, walk } from './walk';
import { isClientModule } from './catalogue';

/**
 * `const init = { method: 'GET' }; … fetch(url, init)` in one function: the literal is made on each run of it and
 * only the request takes it (its keys may be read or written there), so an option written into it is the
 * request's own, as one written in the call is. Not where the object may be shared or outlive the run: made at
 * module scope, written again, returned, stored, captured by a closure, passed to anything but this request.
 * With `clocked` (a value whose clock starts where it is made: `AbortSignal.timeout(ms)`), not where a loop around
 * the request alone sends it again on the same literal, nor after an `await` or `yield` that may come between.
 */
export function madePerRun(literal: ts.ObjectLiteralExpression, options: ts.Expression, request: ts.Node, file: FileCtx, clocked: boolean): boolean {
  const name = unwrap(options);
  const b = ts.isIdentifier(name) ? file.resolver.resolve(name) : undefined;
  if (b?.kind !== 'var' || b.path.length || !b.init || unwrap(b.init) !== literal || !isConstant(b, file)) return false;
  // A type written for it (`const init: Opts = {…}`, `{…} satisfies Opts`) may have no key for the option: only a
  // type checker could tell, so a key written into it is offered, as before; the platform's `RequestInit` and a
  // client package's own types (`Options` from redaxios) have them (`as const` types nothing away).
  const decl = b.name.parent;
  if ((ts.isVariableDeclaration(decl) && decl.type && !optionsType(decl.type, file)) || typedAway(b.init, file)) return false;
  // `for (const init = {…}; …)` is made once for the whole loop.
  const statement = b.name.parent.parent?.parent;
  const fn = functionOf(literal);
  if (!statement || !ts.isVariableStatement(statement) || !fn || functionOf(request) !== fn) return false;
  const uses = usesIn(file, b.scope, b.name, b);
  if (!uses.every((id) => id === name || keyOf(id, fn))) return false;
  return !clocked || (!sentAgain(request, statement, fn) && !pausedBetween(statement, request, fn));
}

/**
 * A type that has every key a fix writes: the fetch standard's `RequestInit` (lib.dom, @types/node), or a type a
 * client package exports (`import { type Options } from 'redaxios'`, `axios.AxiosRequestConfig`).
 */
function optionsType(type: ts.TypeNode, file: FileCtx): boolean {
  if (!ts.isTypeReferenceNode(type)) return false;
  const n = type.typeName;
  if (ts.isIdentifier(n) && n.text === 'RequestInit') return true;
  const root = ts.isIdentifier(n) ? n : ts.isIdentifier(n.left) ? n.left : undefined;
  const b = root && file.resolver.resolve(root);
  return b?.kind === 'import' && isClientModule(b.module);
}

/** `{…} as Opts`, `{…} satisfies Opts`, `<Opts>{…}`, around the literal at any depth; not `as const` nor `optionsType`. */
function typedAway(init: ts.Expression, file: FileCtx): boolean {
  for (let e: ts.Expression = init; ; e = (e as ts.ParenthesizedExpression).expression) {
    if (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) {
      const constant = ts.isTypeReferenceNode(e.type) && ts.isIdentifier(e.type.typeName) && e.type.typeName.text === 'const';
      if (!constant && !optionsType(e.type, file)) return true;
    } else if (!ts.isParenthesizedExpression(e) && !ts.isNonNullExpression(e)) {
      return false;
    }
  }
}

/** `init.headers`, `init['method'] = …` in the function itself: a key read or written, the object kept where it is. */
function keyOf(id: ts.Identifier, fn: ts.Node): boolean {
  const p = id.parent;
  return (ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === id && functionOf(id) === fn;
}

/** A loop around the request that the declaration is outside of: each turn sends the same literal. */
function sentAgain(request: ts.Node, statement: ts.Node, fn: ts.Node): boolean {
  for (let n = request.parent; n && n !== fn; n = n.parent) {
    if (ts.isIterationStatement(n, false) && !(n.pos <= statement.pos && statement.end <= n.end)) return true;
  }
  return false;
}

/** An `await` or `yield` of the function itself after the declaration, up to the request's own arguments. */
function pausedBetween(statement: ts.Node, request: ts.Node, fn: ts.Node): boolean {
  let paused = false;
  walk(fn, (n) => {
    if (paused || n.end <= statement.end || n.pos >= request.end) return false;
    if (n !== fn && ts.isFunctionLike(n)) return false;
    const pause = ts.isAwaitExpression(n) || ts.isYieldExpression(n) || (ts.isForOfStatement(n) && !!n.awaitModifier);
    // `await fetch(url, init)` waits for the request itself.
    if (pause && n.getStart() >= statement.end && !(n.pos <= request.pos && request.end <= n.end)) paused = true;
    return !paused;
  });
  return paused;
}
