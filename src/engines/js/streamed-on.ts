// A response a server sends on to its client as its body arrives (the catalogue's `streamedOn`): a `new Response(res.body)`
// or a response a request handler returns as it is. The request's signal still runs while the body streams.
import { ts } from './typescript';
import type { JsEntry } from '../../catalogue/define-client';
import { jsClients } from './catalogue';
import { type FileCtx, isConstant, namesIn } from './file';
import { routeHandler, serverHandler } from './incoming';
import { unwrap } from './parse';
import { exportedName, functionOf, outermostAwaited } from './walk';

let data: { classes: JsEntry[]; handlers: Set<string> } | undefined;

function streamedOn(): { classes: JsEntry[]; handlers: Set<string> } {
  if (!data) {
    const all = jsClients().flatMap((c) => (c.streamedOn ? [c.streamedOn] : []));
    data = { classes: all.flatMap((s) => s.classes), handlers: new Set(all.flatMap((s) => s.handlers)) };
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

/** A function a server calls with each request and whose returned Response it sends: a runtime's or a route's handler. */
function requestHandler(fn: ts.Node | undefined, file: FileCtx): boolean {
  if (!fn || !ts.isFunctionLike(fn)) return false;
  if (serverHandler(fn) || routeHandler(fn, file) !== undefined) return true;
  const name = exportedName(fn);
  return !!name && !name.each && streamedOn().handlers.has(name.name);
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
  return namesIn(file, b.scope, p.name.text).some((u) => {
    if (u === p.name || file.resolver.resolve(u) !== b) return false;
    const m = outermostAwaited(u).parent;
    return !ts.isPropertyAccessExpression(m) || (m.name.text === 'body' && streams(m));
  });
}

/**
 * Whether `n` (`e` past its parentheses and `await`s), a response or its `body`, is sent on to a client: the body
 * given to a response class the code hands on (`return new Response(res.body, init)`), or the response returned as
 * it is from a request handler (`return fetch(…)`, `return res`) or given to `event.respondWith()`.
 */
export function sentOn(e: ts.Node, n: ts.Node, file: FileCtx, streams: (body: ts.Node) => boolean): boolean {
  const p = n.parent;
  const x = unwrap(e as ts.Expression);
  const body = ts.isPropertyAccessExpression(x) && x.name.text === 'body';
  if (body) return ts.isNewExpression(p) && p.arguments?.[0] === n && responseClass(p.expression, file) && handedOn(p, file, streams);
  if ((ts.isReturnStatement(p) && p.expression === n) || (ts.isArrowFunction(p) && p.body === n)) return requestHandler(ts.isArrowFunction(p) ? p : functionOf(n), file);
  // FetchEvent.respondWith(r): the service worker's, or an older Cloudflare Worker's, answer to the request.
  const callee = ts.isCallExpression(p) && p.arguments[0] === n ? unwrap(p.expression) : undefined;
  return !!callee && ts.isPropertyAccessExpression(callee) && callee.name.text === 'respondWith';
}
