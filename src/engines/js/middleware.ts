// Middleware objects a client's `use(…)` registers, whose request hook may give back a new Request to send instead.
import { ts } from './typescript';
import { type FileCtx, functionNamed, isConstant, isGlobal } from './file';
import { returnsOf, staticName, unwrap } from './parse';
import { evaluate } from './values';

type Hook = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

/**
 * Whether one of the middleware objects given to `use(…)` may hand on a Request with a signal of its own: a
 * Request's `signal` is read-only, so only a new Request its `hook` gives back can carry one. Where every return
 * of the hook is the Request it was handed, nothing, or a Response (sent instead of the request), the request
 * keeps its own signal. A middleware or a hook the analysis cannot read may (contract: counts as set).
 */
export function mayReplaceRequest(middleware: readonly ts.Expression[], hook: string, file: FileCtx): boolean {
  return middleware.some((m) => {
    const e = unwrap(m);
    if (e.kind === ts.SyntaxKind.NullKeyword || isGlobal(e, 'undefined', file)) return false;
    const object = objectOf(e, file);
    if (!object || object.properties.some((p) => keyOf(p) === undefined)) return true;
    const p = object.properties.find((x) => keyOf(x) === hook);
    if (!p) return false;
    const fn = hookFunction(p, file);
    return !fn || givesNewSignal(fn, file);
  });
}

/** A member's static name; undefined for a spread or a computed name. */
function keyOf(p: ts.ObjectLiteralElementLike): string | undefined {
  return ts.isSpreadAssignment(p) ? undefined : staticName(p.name);
}

/** The object literal a middleware is: written there, or held by a const nothing writes a key onto. */
function objectOf(e: ts.Expression, file: FileCtx): ts.ObjectLiteralExpression | undefined {
  if (ts.isObjectLiteralExpression(e)) return e;
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
  const init = b?.kind === 'var' && !b.path.length && b.init && isConstant(b, file) ? unwrap(b.init) : undefined;
  if (!init || !ts.isObjectLiteralExpression(init)) return undefined;
  const written = file.writes.some((w) => {
    const target = unwrap((w.left as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression);
    return ts.isIdentifier(target) && file.resolver.resolve(target) === b;
  });
  return written ? undefined : init;
}

/** `onRequest({ request }) { … }`, `onRequest: (ctx) => …`, `onRequest: addAuth` (a function of the file). */
function hookFunction(p: ts.ObjectLiteralElementLike, file: FileCtx): Hook | undefined {
  if (ts.isMethodDeclaration(p)) return p;
  const value = ts.isPropertyAssignment(p) ? unwrap(p.initializer) : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
  if (!value) return undefined;
  if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
  return ts.isIdentifier(value) ? functionNamed(value, file) : undefined;
}

/** A return of the hook that may be a new Request with a signal of its own. */
function givesNewSignal(fn: Hook, file: FileCtx): boolean {
  const own = handed(fn);
  return returnsOf(fn).exprs.some((r) => !keepsSignal(r, own, file));
}

/**
 * The names that hold what the hook is handed: its first parameter (the Request itself, as openapi-fetch before
 * 0.10 hands it, or the context `{ request, … }`), and a `request` taken out of it.
 */
function handed(fn: Hook): Set<string> {
  const first = fn.parameters[0]?.name;
  const out = new Set<string>();
  if (first && ts.isIdentifier(first)) out.add(first.text);
  if (first && ts.isObjectBindingPattern(first)) {
    for (const el of first.elements) {
      if (!el.dotDotDotToken && staticName(el.propertyName ?? el.name) === 'request' && ts.isIdentifier(el.name)) out.add(el.name.text);
    }
  }
  return out;
}

/**
 * `request`, `ctx.request`, `request.clone()`, nothing, a `new Response(…)`, or a `new Request(input, init)` whose
 * init writes no signal (it keeps the input's): the request goes on with the signal it had, or is not sent.
 */
function keepsSignal(r: ts.Expression, own: ReadonlySet<string>, file: FileCtx): boolean {
  const e = unwrap(r);
  if (e.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(e) || isGlobal(e, 'undefined', file)) return true;
  if (ts.isConditionalExpression(e)) return keepsSignal(e.whenTrue, own, file) && keepsSignal(e.whenFalse, own, file);
  // `a && b` gives back a falsy `a` (nothing) or `b`; `a || b` and `a ?? b` either.
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return keepsSignal(e.right, own, file);
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    return keepsSignal(e.left, own, file) && keepsSignal(e.right, own, file);
  }
  if (handedRequest(e, own)) return true;
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'clone') return handedRequest(unwrap(e.expression.expression), own);
  if (!ts.isNewExpression(e)) return false;
  const made = unwrap(e.expression);
  if (isGlobal(made, 'Response', file)) return true;
  if (!isGlobal(made, 'Request', file)) return false;
  const init = e.arguments?.[1];
  if (!init) return true;
  const v = evaluate(init, file);
  return v.kind === 'object' && !v.open && !v.props.has('signal');
}

function handedRequest(e: ts.Expression, own: ReadonlySet<string>): boolean {
  if (ts.isIdentifier(e)) return own.has(e.text);
  return ts.isPropertyAccessExpression(e) && e.name.text === 'request' && ts.isIdentifier(unwrap(e.expression)) && own.has((unwrap(e.expression) as ts.Identifier).text);
}
