// A timer that ends a request object, cleared in its response callback: it bounded the wait for the headers alone,
// and a body read after the clear has no bound (as js/fetch reports for fetch's promise: cleared-timer.ts).
import { ts } from './typescript';
import { type FileCtx, namesIn } from './file';
import { calleeName, onlyTested } from './controller';
import { timerOf } from './abort-timer';
import { liftedTo, runsAfter, waitsBetween } from './order';
import { staticName, unwrap } from './parse';
import type { Binding } from './resolve';
import type { Fn, HandleCtx } from './response-phase';
import { functionOf, outermost } from './walk';

/** The name a timer is kept by: `const t = setTimeout(…)`, `t = setTimeout(…)`. */
function keptBy(timer: ts.CallExpression, file: FileCtx): Binding | undefined {
  const n = outermost(timer);
  const p = n.parent;
  const name = ts.isVariableDeclaration(p) && p.initializer === n ? p.name
    : ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken ? unwrap(p.left) : undefined;
  return (name && ts.isIdentifier(name) && file.resolver.resolve(name)) || undefined;
}

/** The `clearTimeout(t)` calls of a timer's name; undefined where the name is handed on (it may be cleared there). */
function clearsOf(b: Binding, file: FileCtx): ts.CallExpression[] | undefined {
  const scope = b.kind === 'var' ? b.scope : b.kind === 'param' ? b.param.parent : undefined;
  if (!scope) return undefined;
  const clears: ts.CallExpression[] = [];
  for (const n of namesIn(file, scope, b.name.text)) {
    if (n === b.name || file.resolver.resolve(n) !== b) continue;
    const x = outermost(n);
    const p = x.parent;
    if (ts.isCallExpression(p) && p.arguments[0] === x && calleeName(p) === 'clearTimeout') clears.push(p);
    else if (ts.isBinaryExpression(p) && p.left === x && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) continue;
    else if (!(ts.isPropertyAccessExpression(p) && p.expression === x) && !onlyTested(x as ts.Expression)) return undefined;
  }
  return clears;
}

/**
 * The uses of a response parameter that may read the body: any but a member of the headers (`statusCode`,
 * `resume()`), a test, or a write; `true` for a destructured parameter that takes another member.
 */
function bodyReads(param: ts.ParameterDeclaration, headers: ReadonlySet<string>, file: FileCtx): ts.Node[] | true {
  const onlyHeaders = (pattern: ts.ObjectBindingPattern) => pattern.elements.every((el) => !el.dotDotDotToken && headers.has(staticName(el.propertyName ?? el.name) ?? ''));
  if (ts.isObjectBindingPattern(param.name)) return onlyHeaders(param.name) ? [] : true;
  if (!ts.isIdentifier(param.name)) return true;
  const b = file.resolver.resolve(param.name);
  return namesIn(file, param.parent, param.name.text).filter((n) => {
    if (n === param.name || file.resolver.resolve(n) !== b) return false;
    const x = outermost(n);
    const p = x.parent;
    if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === x) {
      const member = ts.isPropertyAccessExpression(p) ? p.name.text : staticName(p.argumentExpression);
      return !(member !== undefined && headers.has(member));
    }
    if (ts.isVariableDeclaration(p) && p.initializer === x && ts.isObjectBindingPattern(p.name)) return !onlyHeaders(p.name);
    if (ts.isBinaryExpression(p) && p.left === x && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return false;
    return !onlyTested(x as ts.Expression);
  });
}

function statementOf(n: ts.Node): ts.Node {
  let s = n;
  while (s.parent && !ts.isStatement(s) && !ts.isFunctionLike(s.parent)) s = s.parent;
  return s;
}

/**
 * Whether the body may be read once `clear` ran in the response function `fn`: a read in another response function
 * (run at the headers too, its listeners later), or in `fn` on the path through the clear, after it or before it
 * with nothing awaited between (a listener it adds fires later).
 */
function readAfter(clear: ts.CallExpression, fn: Fn, fns: ReadonlySet<Fn>, headers: ReadonlySet<string>, file: FileCtx): boolean {
  for (const f of fns) {
    const param = f.parameters[0];
    const reads = param ? bodyReads(param, headers, file) : [];
    if (reads === true) return true;
    for (const read of reads) {
      if (f !== fn) return true;
      const at = liftedTo(read, fn);
      if (runsAfter(clear, at)) return true;
      if (at.end <= clear.pos && runsAfter(at, clear) && !waitsBetween(statementOf(at), clear, fn)) return true;
    }
  }
  return false;
}

/** A timer that ends the request and is cleared in a response function before the body is read after it. */
export interface ClearedTimer {
  timer: ts.CallExpression;
  clear: ts.CallExpression;
}

/** The timer running the abort `access` when it is cleared once the headers are in, with the body read after. */
export function clearedAtHeaders(access: ts.PropertyAccessExpression, fns: ReadonlySet<Fn>, ctx: HandleCtx): ClearedTimer | undefined {
  const headers = new Set(ctx.r.spec.handle?.response?.headerMembers ?? []);
  const file = ctx.r.file;
  const timer = timerOf(access);
  const handle = timer && keptBy(timer, file);
  const clears = handle && clearsOf(handle, file);
  const clear = clears?.find((k) => {
    const fn = [...fns].find((f) => f === functionOf(k));
    return !!fn && readAfter(k, fn, fns, headers, file);
  });
  return timer && clear ? { timer, clear } : undefined;
}
