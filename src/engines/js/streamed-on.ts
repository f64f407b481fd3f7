// A response a server sends on to its client as its body arrives (the catalogue's `streamedOn`): a `new Response(res.body)`
// or a response a request handler returns as it is. The request's signal still runs while the body streams.
import { ts } from './typescript';
import type { JsEntry } from '../../catalogue/define-client';
import { jsClients } from './catalogue';
import { type FileCtx, isConstant, usesIn } from './file';
import { routeHandler, serverHandler } from './incoming';
import { unwrap } from './parse';
import { exportedName, holderExpression, holderOf, invokedInPlace, outermost, outermostAwaited } from './walk';

interface Handlers {
  names: Set<string>;
  files: RegExp[];
}

let data: { classes: JsEntry[]; handlers: Handlers } | undefined;

function streamedOn(): { classes: JsEntry[]; handlers: Handlers } {
  if (!data) {
    const all = jsClients().flatMap((c) => (c.streamedOn ? [c.streamedOn] : []));
    const handlers = { names: new Set(all.flatMap((s) => s.handlers.names)), files: all.flatMap((s) => s.handlers.files.map((f) => new RegExp(f.files))) };
    data = { classes: all.flatMap((s) => s.classes), handlers };
  }
  return data;
}

/** `Response`, `NextResponse` from 'next/server': a class of `streamedOn` the expression names. */
function responseClass(x: ts.Expression, file: FileCtx): boolean {
  const e = unwrap(x);
  if (!ts.isIdentifier(e)) return false;
  const b = file.resolver.resolve(e);
  return streamedOn().classes.some((c) => (c.global ? !b && e.text === c.global : b?.kind === 'import' && b.module === c.module && b.export === (c.export ?? null)));
}

/**
 * The names a module exports a function under: its own (`export function GET`, `export const GET = …`), an export
 * list's (`export { handler as GET }`) or a const's that holds it (`export const GET = handler`).
 */
function exportedAs(fn: ts.SignatureDeclaration, file: FileCtx): string[] {
  const own = exportedName(fn);
  const names = own && !own.each ? [own.name] : [];
  const name = holderOf(fn);
  const b = name && file.resolver.resolve(name);
  if (!name || !b || (b.kind === 'var' && !isConstant(b, file))) return names;
  for (const u of usesIn(file, file.sf, name, b)) {
    const x = outermost(u);
    const p = x.parent;
    if (ts.isExportSpecifier(p) && !p.parent.parent.moduleSpecifier) names.push(p.name.text);
    else if (ts.isVariableDeclaration(p) && p.initializer === x && ts.isIdentifier(p.name)) {
      const statement = p.parent.parent;
      if (ts.isVariableStatement(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) names.push(p.name.text);
    }
  }
  return names;
}

/**
 * A function a server calls with each request and whose returned Response it sends: a runtime's or a route's handler,
 * or one a route module exports under a handler's name, in a file a framework reads route handlers from.
 */
function requestHandler(fn: ts.Node | undefined, file: FileCtx): boolean {
  if (!fn || !ts.isFunctionLike(fn)) return false;
  if (serverHandler(fn) || routeHandler(fn, file) !== undefined) return true;
  const { names, files } = streamedOn().handlers;
  return files.some((f) => f.test(file.path)) && exportedAs(fn, file).some((n) => names.has(n));
}

/**
 * Whether the response made at `made` is handed on rather than read where it is made: not when a member of it is read
 * at once (`new Response(res.body).json()`) or every use of the const holding it reads one; `.body` is its stream again.
 */
function handedOn(made: ts.Node, file: FileCtx, streams: (body: ts.Node) => boolean): boolean {
  const x = outermostAwaited(made);
  const p = x.parent;
  if (ts.isPropertyAccessExpression(p) && p.expression === x) return p.name.text === 'body' && streams(p);
  if (!ts.isVariableDeclaration(p) || p.initializer !== x || !ts.isIdentifier(p.name)) return true;
  const b = file.resolver.resolve(p.name);
  if (!b || b.kind !== 'var' || !isConstant(b, file)) return true;
  return usesIn(file, b.scope, p.name, b).some((u) => {
    const m = outermostAwaited(u).parent;
    return !ts.isPropertyAccessExpression(m) || (m.name.text === 'body' && streams(m));
  });
}

/** `p.then(f)`, `p.catch(f)`: the call whose promise settles with what the callback `fn` returns. */
function settlesWith(fn: ts.Node): ts.CallExpression | undefined {
  const f = outermost(fn);
  const call = f.parent;
  if (!ts.isCallExpression(call)) return undefined;
  const callee = unwrap(call.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  const i = call.arguments.indexOf(f as ts.Expression);
  return (name === 'then' && (i === 0 || i === 1)) || (name === 'catch' && i === 0) ? call : undefined;
}

/**
 * Where the value at `n` goes on to as it is: through a condition's arm (`c ? fetch(a) : fetch(b)`), `||` and `??`
 * (`cached || fetch(u)`), `.catch()` and `.finally()` on it, out of a function invoked in place or of a `.then`
 * callback by its `return` (the call's value); undefined where it goes no further.
 */
function passedOn(n: ts.Node): ts.Node | undefined {
  const p = n.parent;
  if (ts.isConditionalExpression(p)) return p.condition === n ? undefined : p;
  if (ts.isBinaryExpression(p)) return p.operatorToken.kind === ts.SyntaxKind.BarBarToken || p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ? p : undefined;
  if (ts.isPropertyAccessExpression(p) && p.expression === n && (p.name.text === 'catch' || p.name.text === 'finally')) {
    return ts.isCallExpression(p.parent) && p.parent.expression === p ? p.parent : undefined;
  }
  const fn = ts.isReturnStatement(p) && p.expression === n ? returnedFrom(p) : ts.isArrowFunction(p) && p.body === n ? p : undefined;
  if (!fn) return undefined;
  return invokedInPlace(fn) ? holderExpression(fn) : settlesWith(fn);
}

/** The function a `return` returns from. */
function returnedFrom(r: ts.ReturnStatement): ts.Node | undefined {
  let n: ts.Node | undefined = r.parent;
  while (n && !ts.isFunctionLike(n)) n = n.parent;
  return n;
}

/**
 * Whether `n` (`e` past its parentheses and `await`s), a response or its `body`, is sent on to a client: the body
 * given to a response class the code hands on (`return new Response(res.body, init)`), or the response returned as
 * it is from a request handler (`return fetch(…)`, `return res`) or given to `event.respondWith()`, also through
 * what `passedOn` follows (`respondWith(caches.match(u).then((r) => r || fetch(u)))`).
 */
export function sentOn(e: ts.Node, n: ts.Node, file: FileCtx, streams: (body: ts.Node) => boolean): boolean {
  const x = unwrap(e as ts.Expression);
  if (ts.isPropertyAccessExpression(x) && x.name.text === 'body') {
    const p = n.parent;
    return ts.isNewExpression(p) && p.arguments?.[0] === n && responseClass(p.expression, file) && handedOn(p, file, streams);
  }
  for (let at = n, depth = 0; depth < 12; depth++) {
    const p = at.parent;
    if ((ts.isReturnStatement(p) && p.expression === at) || (ts.isArrowFunction(p) && p.body === at)) {
      const fn = ts.isArrowFunction(p) ? p : returnedFrom(p);
      if (requestHandler(fn, file)) return true;
    }
    // FetchEvent.respondWith(r): the service worker's, or an older Cloudflare Worker's, answer to the request.
    const callee = ts.isCallExpression(p) && p.arguments[0] === at ? unwrap(p.expression) : undefined;
    if (callee && ts.isPropertyAccessExpression(callee) && callee.name.text === 'respondWith') return true;
    const next = passedOn(at);
    if (!next) return false;
    at = outermostAwaited(next);
  }
  return false;
}
