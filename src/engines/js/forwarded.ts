// Requests sent through `.call`/`.apply` of a client function, and whether a call sends a request at all.
import { ts } from './typescript';
import type { JsCallShape, JsClientSpec } from '../../catalogue/define-client';
import { callForm, isCallback, isUrlLike, optionsOf } from './calls';
import { isLocalUrl, writtenStart } from './url-arg';
import { handedTo } from './passed';
import { functionOf } from './walk';
import type { Val } from './values';
import { calleeAt } from './callee';
import { clientCall } from './catalogue';
import type { Call, Request } from './detect';
import { type FileCtx, isConstant, usesIn } from './file';
import { unwrap } from './parse';
import { evaluate } from './values';

/**
 * False for a call whose URL argument (`shape.urlArg`) is missing or a function (`$(window).load(fn)` binds a
 * handler), or names bytes at hand (`fetch(URL.createObjectURL(blob))`): no server there to stay silent.
 */
export function sendsRequest(call: Call, shape: JsCallShape, file: FileCtx, args: readonly ts.Expression[] = call.arguments ?? []): boolean {
  const url = args[shape.urlArg ?? 0];
  if (url && !ts.isSpreadElement(url) && isLocalUrl(url, file)) return false;
  if (shape.urlArg === undefined) return true;
  const arg = args[shape.urlArg];
  if (!arg || ts.isSpreadElement(arg)) return false;
  return !isCallback(arg, evaluate(arg, file), file, args.length === shape.urlArg + 1);
}

/**
 * `$fetch('/api/items')` in a function a server framework's call is handed (`defineEventHandler`), or anything that
 * function holds: the client's `inProcess` routes a path URL to the app's own handler, no socket opened. Only the root
 * itself (an instance may carry a `baseURL`), with no options or a literal that names no `baseURL` and spreads nothing.
 */
export function inProcessRequest(call: Call, spec: JsClientSpec, shape: JsCallShape, callee: Val, file: FileCtx): boolean {
  if (spec.inProcessFiles && ownOriginOnServer(call, spec.inProcessFiles, shape, callee, file)) return true;
  const within = spec.inProcess?.within;
  if (!within || callee.kind !== 'ref') return false;
  const base = callee.base;
  const global = spec.inProcess!.global;
  const root = 'global' in base ? base.global === global : 'argumentOf' in base && within.includes(base.argumentOf) && callee.path[0] === global;
  const after = 'global' in base ? callee.path : callee.path.slice(1);
  // `$fetch(…)` or `$fetch.raw(…)`: the global itself, not an instance made from it.
  if (!root || after.length > 1 || (after.length === 1 && after[0] !== 'raw')) return false;
  const args = call.arguments ?? [];
  const head = writtenStart(args[shape.urlArg ?? 0]);
  if (head === undefined || !head.startsWith('/') || head.startsWith('//')) return false;
  const options = args[shape.optionsArg[0] ?? -1];
  if (options && !(ts.isObjectLiteralExpression(options) && options.properties.every((p) => !ts.isSpreadAssignment(p) && !/^base(?:URL|Url)$/.test(p.name ? p.name.getText(file.sf) : '')))) return false;
  const names = new Set(within);
  for (let fn = functionOf(call); fn; fn = functionOf(fn)) if (ts.isFunctionLike(fn) && handedTo(fn, names, file)) return true;
  return false;
}

/** `fetch('/api/posts')` of SvelteKit's `load({ fetch })` in `+page.server.js`: a URL with no scheme, in a server-only module. */
function ownOriginOnServer(call: Call, where: NonNullable<JsClientSpec['inProcessFiles']>, shape: JsCallShape, callee: Val, file: FileCtx): boolean {
  if (callee.kind !== 'ref' || !('argumentOf' in callee.base) || !where.argumentOf.includes(callee.base.argumentOf) || callee.path.length !== 1) return false;
  if (!new RegExp(where.files).test(file.path)) return false;
  const head = writtenStart((call.arguments ?? [])[shape.urlArg ?? 0]);
  return !!head && !head.startsWith('//') && !/^[a-z][a-z0-9+.-]*:/i.test(head);
}

/** A shape whose arguments sit one place further on: `fn.call(thisArg, url, init)`. */
function shifted(s: JsCallShape): JsCallShape {
  return {
    ...s,
    optionsArg: s.optionsArg.map((i) => i + 1),
    insertAt: s.insertAt === null ? null : s.insertAt + 1,
    urlArg: (s.urlArg ?? 0) + 1,
    dataArg: s.dataArg === undefined ? undefined : s.dataArg + 1,
    keyedArg: s.keyedArg && { ...s.keyedArg, index: s.keyedArg.index + 1 },
    anyOf: s.anyOf?.map(shifted),
  };
}

/**
 * The arguments `apply` is given: an array written there, or one a const holds that nothing else uses
 * (`const args = [url, { params }]; axios[m].apply(null, args)`), so no `push` can have added to it.
 */
function argumentList(arg: ts.Expression, file: FileCtx): ts.Expression {
  const e = unwrap(arg);
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
  if (b?.kind !== 'var' || b.path.length || !b.init || !isConstant(b, file) || !ts.isArrayLiteralExpression(unwrap(b.init))) return e;
  const uses = usesIn(file, b.scope, b.name, b);
  return uses.length === 1 && uses[0] === e ? unwrap(b.init) : e;
}

/**
 * `fetch.call(globalThis, url, init)`, `api.get.apply(api, [url, config])`, and what TypeScript compiles a call of
 * a private field to (`__classPrivateFieldGet(this, _C_fetch, "f").call(this, url, init)`): a client function
 * called with a `this` first. With `apply`, only an array written there shows the arguments (`arguments` may be
 * anything, and counts as set), and a missing options object has no place a fix can safely write.
 */
export function forwardedRequest(call: ts.CallExpression, file: FileCtx): Request | undefined {
  const c = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(c) || (c.name.text !== 'call' && c.name.text !== 'apply') || call.arguments.length < 2) return undefined;
  const list = c.name.text === 'apply' ? argumentList(call.arguments[1]!, file) : undefined;
  if (list && (!ts.isArrayLiteralExpression(list) || list.elements.some(ts.isSpreadElement))) return undefined;
  const callee = calleeAt(c.expression, file);
  if (!callee) return undefined;
  const hit = clientCall(callee, false).find((h) => h.request);
  if (!hit?.request) return undefined;
  if (c.name.text === 'call') {
    const shape = shifted(callForm(hit.request, file, call.arguments.slice(1)));
    if (!sendsRequest(call, shape, file)) return undefined;
    return { spec: hit.spec, call, shape, options: optionsOf(call, shape, file), inst: hit.inst, file, via: hit.via };
  }
  if (!list || !ts.isArrayLiteralExpression(list)) return undefined;
  const { dataArg, keyedArg, requestObject } = hit.request;
  const args = list.elements;
  // A Request built elsewhere may carry the signal: only a URL first is read here.
  if (dataArg !== undefined || keyedArg || (requestObject && (!args[0] || !isUrlLike(args[0], evaluate(args[0], file), file)))) return undefined;
  const shape: JsCallShape = { ...hit.request, insertAt: null, requestObject: undefined };
  if (!sendsRequest(call, shape, file, args)) return undefined;
  return { spec: hit.spec, call, shape, options: optionsOf(call, shape, file, 0, undefined, args), inst: hit.inst, file, via: hit.via };
}
