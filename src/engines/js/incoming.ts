// The incoming Request a server or route handler was handed, and its signal, which no timer aborts; a service
// worker's fetch listener and the page's request it hands on.
import { ts } from './typescript';
import { type FileCtx, isConstant, isGlobal, usesIn, reassigned } from './file';
import { staticName, unwrap } from './parse';
import type { Binding } from './resolve';
import type { Val } from './values';
import { exportedName, holderExpression, holderOf } from './walk';

const REQUEST_TYPES = new Set(['Request', 'NextRequest']);

/** `Bun.serve(…)` or `Deno.serve(…)`: the runtime whose server calls a handler with each incoming Request. */
function serveRuntime(n: ts.Node): 'Bun' | 'Deno' | undefined {
  if (!ts.isCallExpression(n)) return undefined;
  const callee = unwrap(n.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'serve' || !ts.isIdentifier(callee.expression)) return undefined;
  const runtime = callee.expression.text;
  return runtime === 'Bun' || runtime === 'Deno' ? runtime : undefined;
}

/**
 * A server runtime's request handler, whose first parameter is the incoming Request even when untyped: the
 * `fetch` method of the default export (Cloudflare Workers, Bun, `deno serve`), `Bun.serve({ fetch })`, and
 * `Deno.serve(handler)`, `Deno.serve(options, handler)`, `Deno.serve({ handler })`.
 */
export function serverHandler(fn: ts.SignatureDeclaration): boolean {
  const held = ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) ? holderExpression(fn) : fn;
  if (serveRuntime(held) === 'Deno') return true;
  if (!(ts.isMethodDeclaration(held) || ts.isPropertyAssignment(held)) || !ts.isObjectLiteralExpression(held.parent)) return false;
  const name = staticName(held.name);
  const outer = holderExpression(held.parent);
  if (ts.isExportAssignment(outer)) return name === 'fetch' && !outer.isExportEquals;
  const runtime = serveRuntime(outer);
  return (runtime === 'Bun' && name === 'fetch') || (runtime === 'Deno' && name === 'handler');
}

/**
 * The first parameter of an exported function (a handler a framework calls with its event): untyped, or typed as
 * an event (`RequestEvent`, `PageServerLoadEvent`) or in place (`{ request }: { request: Request }`). One declared
 * as another type (`run(job: Job)`) is the caller's value, whose `request` may be no Request.
 */
function handlerEvent(b: Binding | null): b is Extract<Binding, { kind: 'param' }> {
  if (b?.kind !== 'param' || b.param.parent.parameters[0] !== b.param || exportedName(b.param.parent) === undefined) return false;
  const type = b.param.type;
  return !type || ts.isTypeLiteralNode(type) || (ts.isTypeReferenceNode(type) && /Event$/.test(ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text));
}

const APP_CLASSES: Record<string, string> = { hono: 'Hono', elysia: 'Elysia' };

/** The framework whose app an expression is: `new Hono()` from 'hono', `new Elysia()` from 'elysia', held or chained. */
function frameworkOf(expr: ts.Expression, file: FileCtx, depth = 0): string | undefined {
  const e = unwrap(expr);
  if (depth > 20) return undefined;
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) return frameworkOf(e.expression.expression, file, depth + 1);
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression)) {
    const b = file.resolver.resolve(e.expression);
    return b?.kind === 'import' && APP_CLASSES[b.module] === b.export ? b.module : undefined;
  }
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : null;
  return b?.kind === 'var' && isConstant(b, file) && b.init && !b.path.length ? frameworkOf(b.init, file, depth + 1) : undefined;
}

/** The framework of the app a route handler is registered on (`app.get('/x', (c) => …)`), when it is Hono or Elysia. */
export function routeHandler(fn: ts.SignatureDeclaration, file: FileCtx): string | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const call = holderExpression(fn);
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  return frameworkOf(call.expression.expression, file);
}

/** The first parameter of a Hono or Elysia route handler, with the framework's name. */
function routeParam(b: Binding | null, file: FileCtx): string | undefined {
  return b?.kind === 'param' && b.param.parent.parameters[0] === b.param ? routeHandler(b.param.parent, file) : undefined;
}

/**
 * The request a handler was handed: a parameter declared `Request` or `NextRequest` (a Next.js route handler),
 * or the `request` of an exported handler's event (SvelteKit: `event.request`, `({ request })`). Only an input
 * sure to be a Request: a string there has no `.signal`, and another `x.request` (a client's own request
 * options: `options.request.signal`) is no incoming request.
 */
export function incomingRequest(expr: ts.Expression, file: FileCtx): boolean {
  const e = unwrap(expr);
  if (ts.isPropertyAccessExpression(e)) {
    const base = unwrap(e.expression);
    // Hono hands its Context, whose `c.req.raw` is the Request.
    if (e.name.text === 'raw' && ts.isPropertyAccessExpression(base) && base.name.text === 'req') {
      const c = unwrap(base.expression);
      const b = ts.isIdentifier(c) ? file.resolver.resolve(c) : null;
      return routeParam(b, file) === 'hono' && b?.kind === 'param' && !b.path.length;
    }
    const b = e.name.text === 'request' && ts.isIdentifier(base) ? file.resolver.resolve(base) : null;
    return ((handlerEvent(b) || routeParam(b, file) === 'elysia' || listenerEvent(b, file, true)) && b?.kind === 'param' && !b.path.length);
  }
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : null;
  if (b?.kind !== 'param') return false;
  if (b.path.length === 1 && b.path[0] === 'request') return handlerEvent(b) || routeParam(b, file) === 'elysia' || listenerEvent(b, file, true);
  const declared = b.path.length ? undefined : b.param.type;
  // A handler's parameter declared as something else (`fetch(url: string)`) is not trusted to be the Request.
  if (!b.path.length && !declared && b.param.parent.parameters[0] === b.param && serverHandler(b.param.parent)) return true;
  return !!declared && ts.isTypeReferenceNode(declared) && ts.isIdentifier(declared.typeName) && REQUEST_TYPES.has(declared.typeName.text);
}

/**
 * `request.signal` of an incoming request: a server aborts it when the client goes away, a browser router (a
 * react-router data router's loader, a `clientLoader`) when the navigation is cancelled, and no timer does (fetch
 * docs, http-clients.md: only a timer's abort bounds a request), so passed on alone it bounds nothing.
 */
export function incomingSignal(e: ts.Expression, file: FileCtx): Val {
  const line = file.sf.getLineAndCharacterOfPosition(e.getStart(file.sf)).line + 1;
  const note = ` The signal of the incoming request on line ${line} ends only when that request is abandoned (its client disconnects, a navigation is cancelled), never by a timer.`;
  return { kind: 'signal', state: 'untimed', node: e, file, note };
}

/**
 * A service worker's global scope: `self`, also as TypeScript service workers type it (`declare const self:
 * ServiceWorkerGlobalScope;`, an ambient name with no value of its own) or hold it (`const sw = self as unknown as
 * ServiceWorkerGlobalScope;`), or `this.self` where `this` is the global scope.
 */
function workerScope(x: ts.Expression, file: FileCtx, depth = 0): boolean {
  if (ts.isPropertyAccessExpression(x) && x.name.text === 'self') return globalThisAt(unwrap(x.expression), file);
  if (!ts.isIdentifier(x)) return false;
  const b = file.resolver.resolve(x);
  if (!b) return x.text === 'self';
  if (b.kind !== 'var' || b.path.length || depth > 2) return false;
  if (!b.init) return x.text === 'self' && isAmbient(b.name);
  return isConstant(b, file) && workerScope(unwrap(b.init), file, depth + 1);
}

/**
 * `this` at the top level of a classic script, where it is the global scope (ECMA-262 ScriptEvaluation: `this` is
 * the global object); an arrow function keeps it. Not in a module (an import, an export, `.mjs`/`.mts`: there it is
 * undefined) nor in a CommonJS one (`.cjs`/`.cts`: `module.exports`).
 */
function globalThisAt(x: ts.Expression, file: FileCtx): boolean {
  if (x.kind !== ts.SyntaxKind.ThisKeyword || ts.isExternalModule(file.sf) || /\.[cm][jt]s$/i.test(file.path)) return false;
  for (let n = x.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if ((ts.isFunctionLike(n) && !ts.isArrowFunction(n)) || ts.isClassLike(n) || ts.isClassStaticBlockDeclaration(n)) return false;
  }
  return true;
}

/** The global object written out: `globalThis`, or `this` where it is the global scope (globalThisAt). */
function globalObject(x: ts.Expression, file: FileCtx): boolean {
  return isGlobal(x, 'globalThis', file) || globalThisAt(x, file);
}

/** `name` unbound, or read off the global object (`globalThis.name`, a classic script's `this.name`). */
function globalCallee(e: ts.Expression, name: string, file: FileCtx): boolean {
  const x = unwrap(e);
  return isGlobal(x, name, file) || (ts.isPropertyAccessExpression(x) && x.name.text === name && globalObject(unwrap(x.expression), file));
}

/** A name declared with `declare` (or in a `declare` block): a type for a value the runtime provides. */
function isAmbient(name: ts.Identifier): boolean {
  for (let n: ts.Node | undefined = name.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.canHaveModifiers(n) && ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) return true;
  }
  return false;
}

/**
 * A fetch event listener: `self.addEventListener('fetch', fn)` or `self.onfetch = fn` (`'self'`: a service worker's,
 * `self` its global scope), or a bare `addEventListener('fetch', fn)` (`globalThis.` or a classic script's `this.`
 * before it too; `'global'`: also a Cloudflare Worker's older form, whose event's request is the incoming one).
 */
function fetchListener(fn: ts.SignatureDeclaration, file: FileCtx): 'self' | 'global' | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const isSelf = (e: ts.Expression) => workerScope(unwrap(e), file);
  const held = holderExpression(fn);
  if (ts.isBinaryExpression(held) && held.operatorToken.kind === ts.SyntaxKind.EqualsToken && unwrap(held.right) === fn) {
    const target = unwrap(held.left);
    return ts.isPropertyAccessExpression(target) && target.name.text === 'onfetch' && isSelf(target.expression) ? 'self' : undefined;
  }
  if (!ts.isCallExpression(held) || held.arguments.length < 2 || unwrap(held.arguments[1]!) !== fn) return undefined;
  const callee = unwrap(held.expression);
  const type = unwrap(held.arguments[0]!);
  if (!ts.isStringLiteralLike(type) || type.text !== 'fetch') return undefined;
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'addEventListener' && isSelf(callee.expression)) return 'self';
  if (!globalCallee(callee, 'addEventListener', file)) return undefined;
  return serviceWorkerFile(file) ? 'self' : 'global';
}

// Events only a service worker's global scope fires (ServiceWorkerGlobalScope).
const WORKER_EVENTS = new Set(['install', 'activate', 'push', 'notificationclick', 'sync', 'periodicsync']);

/**
 * A file of a service worker, told by what only a service worker uses: `skipWaiting()`, `clients.claim()`,
 * `importScripts()`, its `registration`, an `install` or `activate` listener, workbox. A Cloudflare Worker has none.
 */
function serviceWorkerFile(file: FileCtx): boolean {
  let hit = file.cache.get('incoming:serviceWorker') as boolean | undefined;
  if (hit === undefined) file.cache.set('incoming:serviceWorker', (hit = readsWorkerScope(file)));
  return hit;
}

function readsWorkerScope(file: FileCtx): boolean {
  // `name` unbound, off the global object, or `self.name`.
  const scoped = (e: ts.Expression, name: string): boolean => {
    const x = unwrap(e);
    return globalCallee(x, name, file) || (ts.isPropertyAccessExpression(x) && x.name.text === name && workerScope(unwrap(x.expression), file));
  };
  const workbox = (m: ts.Node | undefined) => !!m && ts.isStringLiteralLike(m) && m.text.startsWith('workbox-');
  if (file.sf.statements.some((st) => ts.isImportDeclaration(st) && workbox(st.moduleSpecifier))) return true;
  return file.callNodes.some((call) => {
    if (!ts.isCallExpression(call)) return false;
    const callee = unwrap(call.expression);
    const first = call.arguments[0] && unwrap(call.arguments[0]);
    if (scoped(callee, 'skipWaiting') || scoped(callee, 'importScripts') || (isGlobal(callee, 'require', file) && workbox(first))) return true;
    if (scoped(callee, 'addEventListener') && first && ts.isStringLiteralLike(first) && WORKER_EVENTS.has(first.text)) return true;
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const object = callee.expression;
    if ((callee.name.text === 'claim' && scoped(object, 'clients')) || scoped(object, 'registration')) return true;
    let root: ts.Expression = object;
    while (ts.isPropertyAccessExpression(root)) root = unwrap(root.expression);
    return isGlobal(root, 'workbox', file);
  });
}

/**
 * The event parameter of a service worker's fetch listener (untyped, or `FetchEvent`), read whole or for its
 * `request`; with `bare`, of a bare `addEventListener('fetch', …)` too.
 */
function listenerEvent(b: Binding | null | undefined, file: FileCtx, bare = false): boolean {
  if (b?.kind !== 'param' || b.param.parent.parameters[0] !== b.param) return false;
  const type = b.param.type;
  if (type && !(ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'FetchEvent')) return false;
  const kind = fetchListener(b.param.parent, file);
  return kind === 'self' || (bare && kind === 'global');
}

/**
 * A parameter of a function of this file used nowhere but in calls, each passing the page's request there: a
 * strategy the fetch listener hands it to (`event.respondWith(networkFirst(event.request))`), or one such a
 * strategy hands it on to (`networkFirst(request) { return cacheFirst(request, SHELL); }`).
 */
function filledWithPageRequest(b: Extract<Binding, { kind: 'param' }>, file: FileCtx, depth: number): boolean {
  const fn = b.param.parent;
  const index = fn.parameters.indexOf(b.param);
  if (b.param.dotDotDotToken || exportedName(fn)) return false;
  const name = holderOf(fn);
  const owner = name && file.resolver.resolve(name);
  if (!name || !owner) return false;
  const uses = usesIn(file, file.sf, name, owner);
  return uses.length > 0 && uses.every((u) => {
    const call = holderExpression(u);
    const arg = ts.isCallExpression(call) && unwrap(call.expression) === u ? call.arguments[index] : undefined;
    return !!arg && !ts.isSpreadElement(arg) && pageRequest(arg, file, depth + 1);
  });
}

/**
 * The page's request a service worker's fetch listener passes on: `event.request`, `({ request }) => …`,
 * `const { request } = event`, `const request = event.request` (a const), a parameter each call fills with one. Its
 * signal is the page's own (its `AbortSignal.timeout`, or its cancel), and the page's call is where a bound belongs:
 * passed on, it counts as the caller's, as the options of a fetch-shaped wrapper do. A `new Request(event.request.url)`
 * is the worker's own.
 */
export function pageRequest(expr: ts.Expression, file: FileCtx, depth = 0): boolean {
  const e = unwrap(expr);
  if (ts.isPropertyAccessExpression(e)) {
    const base = unwrap(e.expression);
    const b = e.name.text === 'request' && ts.isIdentifier(base) ? file.resolver.resolve(base) : null;
    return b?.kind === 'param' && !b.path.length && listenerEvent(b, file);
  }
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : null;
  // A parameter written again (`request = new Request(request.url, init)`) may hold a request of the worker's own.
  if (b?.kind === 'param' && reassigned(b, file)) return false;
  if (b?.kind === 'param' && !b.path.length) return depth <= 3 && filledWithPageRequest(b, file, depth);
  if (b?.kind === 'param') return b.path.length === 1 && b.path[0] === 'request' && listenerEvent(b, file);
  if (b?.kind !== 'var' || !b.init || !isConstant(b, file) || depth > 3) return false;
  if (b.path.length === 1 && b.path[0] === 'request') {
    const owner = unwrap(b.init);
    const ob = ts.isIdentifier(owner) ? file.resolver.resolve(owner) : null;
    return ob?.kind === 'param' && !ob.path.length && listenerEvent(ob, file);
  }
  return !b.path.length && pageRequest(b.init, file, depth + 1);
}
