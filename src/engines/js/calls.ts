import { ts } from './typescript';
import type { JsCallForm, JsCallShape } from '../../catalogue/define-client';
import { functionNamed, isConstant, namesIn, type FileCtx, type Hooks } from './file';
import { localFunction } from './local-function';
import { booleanLiteral, lastOfSequence, returnsOf, singleReturn, unwrap } from './parse';
import { returnsReceiver } from './special/index';
import { type ControllerApi, type Env, type Instance, type SignalState, type Val, UNKNOWN, evaluate, judgingMayBe, member } from './values';
import { clientCall, clientsOf, jsClients } from './catalogue';
import { samePath } from './defaults';
import { factoryOptions, mergedArguments, mergedSite, optionsFunction } from './instance-args';
import { clientOfType, typedInstance } from './types';
import { controllerSignal, heldControllerSignal, isControllerClass, signalOf } from './controller';
import { holderOf, settlesPromise, walk } from './walk';
import { callerOptions } from './callers';
import { meet, merge } from './objects';
import { oneClient } from './one-client';
import { heldList } from './relay';
import { writtenOnto } from './writes';
import { isUrlLike } from './url-arg';
import { isDocument, namesDocument } from './documents';

type Call = ts.CallExpression | ts.NewExpression;

export { isUrlLike };

/** The options object of a call and where it sits; `index` null means the call has none. */
export interface OptionsArg {
  value: Val;
  index: number | null;
  node?: ts.Expression;
}

const NONE: Val = { kind: 'object', props: new Map(), open: false };

// A name that says callback: `request(url, callback)`, `needle.get(url, done)` in a function that was handed its
// callback pass no options, though the parameter cannot be evaluated.
const CALLBACK_NAME = /^(?:cb|callback|done|next|handler|on[A-Z]\w*)$|(?:Callback|Handler|Cb)$/;

export function isCallback(arg: ts.Expression, v: Val, file: FileCtx, last = false): boolean {
  const e = unwrap(arg);
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e) || v.kind === 'local') return true;
  // `const onDone = (err, res) => …`: a constant that holds a function literal.
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
  // `new Promise((resolve) => https.get(url, resolve))`: what the Promise hands its executor is a function.
  if (b?.kind === 'param' && !b.path.length && settlesPromise(b.param)) return true;
  const init = b?.kind === 'var' && isConstant(b, file) && !b.path.length && b.init ? unwrap(b.init) : undefined;
  if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) return true;
  // Node-style APIs take the callback last; an options object is never named so.
  // A parameter reads as unknown, a name declared in no module (a script's global) as a global reference.
  const opaque = v.kind === 'unknown' || (v.kind === 'ref' && 'global' in v.base && !v.path.length);
  return last && opaque && ts.isIdentifier(e) && CALLBACK_NAME.test(e.text);
}

/**
 * The shape one call of a client with shifting arguments has (`shape.forms`, needle's `needle(a, b, c, d)`): the
 * first form its first argument (where the form tests it) and argument count match, else the shape's own. A first argument the analysis
 * cannot read may be any form the count allows: its options are what any of them reads, and no fix is written.
 */
export function callForm(shape: JsCallShape, file: FileCtx, args: readonly ts.Expression[]): JsCallShape {
  if (!shape.forms || !args.length || args.some(ts.isSpreadElement)) return shape;
  const base: JsCallShape = { ...shape, forms: undefined };
  const counted = shape.forms.filter((f) => !f.count || f.count.includes(args.length));
  const as = (f: JsCallForm): JsCallShape => ({ ...base, optionsArg: f.optionsArg, insertAt: f.insertAt, dataArg: f.dataArg });
  const text = firstText(args[0]!, file);
  for (const f of counted) {
    if (f.first === undefined) return as(f);
    const re = new RegExp(f.first, 'i');
    if (text?.parts.some((p) => re.test(p))) return as(f);
    // A part the analysis cannot read may match this form.
    if (!text?.whole) return { ...base, insertAt: null, dataArg: undefined, anyOf: [...counted.map(as), base] };
  }
  return base;
}

/** The text of a string argument: all of it (`whole`), or the parts written around what a template substitutes. */
function firstText(arg: ts.Expression, file: FileCtx): { parts: string[]; whole: boolean } | undefined {
  const v = evaluate(arg, file);
  if (v.kind === 'lit' && typeof v.value === 'string') return { parts: [v.value], whole: true };
  const e = unwrap(arg);
  if (ts.isTemplateExpression(e)) return { parts: [e.head.text, ...e.templateSpans.map((s) => s.literal.text)], whole: false };
  return undefined;
}

/** Picks the options argument: the first candidate that is neither a URL nor a callback. */
export function optionsOf(call: Call, shape: JsCallShape, file: FileCtx, depth = 0, env?: Env, args: readonly ts.Expression[] = call.arguments ?? []): OptionsArg {
  if (shape.anyOf) return anyOfOptions(call, shape.anyOf, file, depth, env, args);
  if (shape.requestReturned) return returnedRequest(shape, file, depth, env, args);
  // `fetch(...args)`: a spread before or at the options position passes the caller's options.
  const spread = args.findIndex((a) => ts.isSpreadElement(a));
  if (spread >= 0 && spread <= Math.max(...shape.optionsArg)) return { value: UNKNOWN, index: spread };
  // `$.get(x, data, success)`: a form whose options come alone passes none beside other arguments.
  if (shape.optionsAlone && args.length > 1) return { value: NONE, index: null };
  const present = shape.optionsArg.filter((i) => i < args.length);
  for (let k = 0; k < present.length; k++) {
    const i = present[k]!;
    const arg = args[i]!;
    if (ts.isSpreadElement(arg)) return { value: UNKNOWN, index: i };
    const v = evaluate(arg, file, depth + 1, env);
    if (isUrlLike(arg, v, file) || isCallback(arg, v, file, i === args.length - 1) || notOptions(arg, v, shape, file)) continue;
    // An array literal is an object to the analysis, but never an options object (a list of routes or paths).
    if (shape.optionsIfObject && i !== shape.optionsArg[shape.optionsArg.length - 1] && (v.kind !== 'object' || ts.isArrayLiteralExpression(unwrap(arg)))) continue;
    // `axios(x, config)`: an unknown first argument beside a second one is the URL.
    const later = present.slice(k + 1).some((j) => !isCallback(args[j]!, evaluate(args[j]!, file, depth + 1, env), file, j === args.length - 1));
    if (v.kind === 'unknown' && later) continue;
    const shown = v.kind === 'unknown' ? callerOptions(arg, file, env) : undefined;
    if (shown) return { value: shown, index: i, node: arg };
    return { value: v, index: i, node: arg };
  }
  return { value: NONE, index: null };
}

/**
 * A document where the options may stand (`client.request(gql\`…\`)`, `batchRequests([…])`): `shape.optionsWith`
 * names the options' keys.
 */
function notOptions(arg: ts.Expression, v: Val, shape: JsCallShape, file: FileCtx): boolean {
  if (!shape.optionsWith) return false;
  if (isDocument(unwrap(arg)) || v.kind === 'lit') return true;
  // `client.request(QUERY)`, QUERY a `gql\`…\`` held in a constant of this module or imported from another.
  if (namesDocument(arg, file)) return true;
  return v.kind === 'object' && !v.open && !shape.optionsWith.some((k) => v.props.has(k));
}

/**
 * `httpResource(() => ({ url, timeout }))`, `httpResource(() => '/api/users')`, `httpResource({ url })`: the request
 * the argument is or returns (the keys any of its returns gives); a URL or nothing sends no options.
 */
function returnedRequest(shape: JsCallShape, file: FileCtx, depth: number, env: Env | undefined, args: readonly ts.Expression[]): OptionsArg {
  const index = shape.optionsArg[0]!;
  const arg = args[index];
  if (!arg || ts.isSpreadElement(arg)) return arg ? { value: UNKNOWN, index } : { value: NONE, index: null };
  const fn = unwrap(arg);
  const returned = (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) ? functionReturns(fn) : [arg]).flatMap(branches);
  if (!returned.length) return { value: UNKNOWN, index, node: arg };
  const values = returned.map((r) => {
    const v = evaluate(r, file, depth + 1, env);
    const nothing = v.kind === 'lit' && (v.value === undefined || v.value === null);
    return nothing || isUrlLike(r, v, file) ? NONE : v;
  });
  const value = values.reduce((a, b) => meet(a, b));
  return { value, index: value === NONE || values.every((v) => v === NONE) ? null : index, node: arg };
}

/** `id() ? \`/api/${id()}\` : undefined`: each value a choice may give. */
function branches(e: ts.Expression): ts.Expression[] {
  const x = unwrap(e);
  return ts.isConditionalExpression(x) ? [...branches(x.whenTrue), ...branches(x.whenFalse)] : [e];
}

/** What a function returns: its body's expression, or each `return` of its block (none with a bare one). */
function functionReturns(fn: ts.ArrowFunction | ts.FunctionExpression): readonly ts.Expression[] {
  const { exprs, bare } = returnsOf(fn);
  return bare ? [] : exprs;
}

/**
 * The options of a call that may be any of `shapes` (a computed method, `axios[method](url, cfg)`): where they all
 * read the same argument, that one; else the keys any reading gives (`meet`), so that a timeout in any argument
 * one of the methods reads counts as set, and nowhere a fix may write (it depends on the method).
 */
function anyOfOptions(call: Call, shapes: readonly JsCallShape[], file: FileCtx, depth: number, env: Env | undefined, args: readonly ts.Expression[]): OptionsArg {
  const each = shapes.map((s) => optionsOf(call, s, file, depth, env, args));
  if (each.every((o) => o.index === each[0]!.index)) return each[0]!;
  return { value: each.map((o) => o.value).reduce((a, b) => meet(a, b)), index: null };
}

const ABORT_CONTROLLER: ControllerApi = { name: 'AbortController', signal: 'signal', abort: 'abort', closure: false, verb: 'aborted' };

/** A client's canceller (`spec.cancellers`: axios `CancelToken.source()`): a controller whose signal is its token. */
function clientCanceller(e: Call, callee: Val, file: FileCtx): Val | undefined {
  if (callee.kind !== 'ref' || !ts.isCallExpression(e)) return undefined;
  for (const c of clientsOf(callee.base, callee.path)) {
    const made = c.spec.cancellers?.find((k) => k.path.length === c.path.length && k.path.every((p, i) => p === c.path[i]));
    if (made) return { kind: 'controller', node: e, file, api: { ...made, name: `${made.path.join('.')}()` } };
  }
  return undefined;
}


const URL_MODULES = new Set(['url', 'node:url']);
const URL_PARSERS = new Set(['parse', 'urlToHttpOptions']);

/** AbortSignal.timeout / AbortSignal.any / AbortController, Object.assign and require(). */
function builtinCall(e: Call, callee: Val, file: FileCtx, depth: number, env?: Env): Val | undefined {
  // Node's `url.parse(u)` (a legacy Url object) and `url.urlToHttpOptions(u)`: protocol, host, path, …, no request option.
  if (callee.kind === 'ref' && 'module' in callee.base && URL_MODULES.has(callee.base.module) && URL_PARSERS.has(callee.path.join('.'))) {
    return { kind: 'object', props: new Map(), open: false };
  }
  const args = e.arguments ?? [];
  if (isJQueryExtend(callee)) {
    // `$.extend(target, …sources)` copies each source into the target, as Object.assign does; a leading
    // `true` makes the copy deep. With one object it extends jQuery itself.
    const objects = args[0] && !ts.isSpreadElement(args[0]) && booleanLiteral(args[0]) !== undefined ? args.slice(1) : args;
    return objects.length < 2 ? undefined : merge(objects.map((a) => (ts.isSpreadElement(a) ? UNKNOWN : evaluate(a, file, depth + 1, env))));
  }
  if (ts.isNewExpression(e) && isControllerClass(e.expression, file, depth, env)) return { kind: 'controller', node: e, file, api: ABORT_CONTROLLER };
  if (callee.kind !== 'ref' || !('global' in callee.base)) return undefined;
  const key = [callee.base.global, ...callee.path].join('.');
  if (key === 'AbortSignal.timeout') return signalOf(e, file, 'timed');
  if (key === 'AbortSignal.any') {
    const list = args[0] && heldList(args[0], file);
    if (!list) return signalOf(e, file, 'unknown');
    const states = list.elements.map((x) => signalState(evaluate(x, file, depth + 1, env)));
    const state = states.includes('timed') ? 'timed' : states.includes('unknown') ? 'unknown' : 'untimed';
    return signalOf(e, file, state);
  }
  if (key === 'AbortController' && ts.isNewExpression(e)) return { kind: 'controller', node: e, file, api: ABORT_CONTROLLER };
  if (key === 'Object.assign') return merge(args.map((a) => (ts.isSpreadElement(a) ? UNKNOWN : evaluate(a, file, depth + 1, env))));
  if (key === 'require' && args[0] && ts.isStringLiteralLike(args[0])) return file.modules.importOf(file, args[0].text, '*', depth);
  return undefined;
}

/** jQuery's `extend` (`$.extend`, `jQuery.extend`, a plugin factory's `$`). */
function isJQueryExtend(callee: Val): boolean {
  return callee.kind === 'ref' && callee.path.length === 1 && callee.path[0] === 'extend' &&
    clientsOf(callee.base, []).some((c) => c.spec.id === 'js/jquery' && c.root === 'jQuery');
}

/**
 * `Object.assign({}, defaults, { url })`, `$.extend(true, {}, defaults, { url })`: the objects a merge call copies
 * into its target, in order (the target first), each written in place or not; undefined for any other call.
 */
export function mergedObjects(e: ts.Expression, file: FileCtx): readonly ts.Expression[] | undefined {
  const call = unwrap(e);
  if (!ts.isCallExpression(call)) return undefined;
  const callee = evaluate(call.expression, file);
  const args = call.arguments;
  if (isJQueryExtend(callee)) return args[0] && !ts.isSpreadElement(args[0]) && booleanLiteral(args[0]) !== undefined ? args.slice(1) : args;
  return callee.kind === 'ref' && 'global' in callee.base && callee.base.global === 'Object' && samePath(callee.path, ['assign']) ? args : undefined;
}

/** How a signal value bounds a request: a signal the analysis cannot see into counts as set (contract). */
export function signalState(v: Val): SignalState | 'absent' {
  if (v.kind === 'signal') return v.state;
  if (v.kind === 'lit') return v.value === undefined || v.value === null ? 'absent' : 'unknown';
  return 'unknown';
}

/** The options under `key` of the argument (`shape.optionsKey`): none when the argument or the key is absent. */
function keyedOptions(v: Val, key: string, depth: number): Val {
  const inner = member(v, key, depth);
  return inner.kind === 'lit' && (inner.value === undefined || inner.value === null) ? NONE : inner;
}

/** An instance's options as its creating call passes them: one object, several merged ones, or a function of the parent's. */
function instanceOptions(e: Call, shape: JsCallShape, file: FileCtx, depth: number, env?: Env): Pick<Instance, 'arg' | 'options' | 'merged' | 'below' | 'shape'> {
  const fn = shape.optionsFunction && e.arguments?.[0] ? optionsFunction(e.arguments[0], file, depth, env) : undefined;
  if (fn) return { arg: { value: fn.above, index: 0 }, options: fn.above, below: fn.below, shape };
  const arg = optionsOf(e, shape, file, depth, env);
  if (shape.optionsFactory) {
    const made = factoryOptions(arg, shape, file, depth, env);
    return { arg: made, options: made.value, shape };
  }
  if (shape.optionsKey) return { arg, options: keyedOptions(arg.value, shape.optionsKey, depth), shape };
  const keyed = shape.keyedArg && e.arguments?.[shape.keyedArg.index];
  if (keyed && shape.keyedArg) {
    // Under the options argument: its keys win, and a fix adds to it.
    const value = ts.isSpreadElement(keyed) ? UNKNOWN : keyedOptions(evaluate(keyed, file, depth + 1, env), shape.keyedArg.key, depth);
    return { arg, options: arg.value, merged: [{ value, index: shape.keyedArg.index }, arg], shape };
  }
  const merged = shape.mergesArguments ? mergedArguments(e, arg, file, depth, env) : undefined;
  if (!merged) return { arg, options: arg.value, shape };
  return { ...mergedSite(e, merged, shape), options: arg.value, merged };
}

function instanceOf(e: Call, callee: Val, file: FileCtx, depth: number, env?: Env): Val | undefined {
  const hit = clientCall(callee, ts.isNewExpression(e)).find((c) => c.factory);
  if (!hit?.factory) return undefined;
  // An instance is kept for the file only when made as the code is: not under arguments, not judged by what may be.
  const keep = !env && !judgingMayBe();
  const cached = keep ? file.instances.get(e) : undefined;
  if (cached) return { kind: 'instance', inst: cached, path: [] };
  const inst: Instance = { spec: hit.spec, root: hit.factory.makes ?? hit.root, create: e, ...instanceOptions(e, hit.factory, file, depth, env), file, parent: hit.inst, via: hit.via };
  if (keep) file.instances.set(e, inst);
  return { kind: 'instance', inst, path: [] };
}

/** `inject(Client)`: an injector (`spec.injectors`) hands out an instance of a client type, made elsewhere. */
function injected(e: Call, callee: Val, file: FileCtx, depth: number, env?: Env): Val | undefined {
  if (callee.kind !== 'ref' || !('module' in callee.base) || !ts.isCallExpression(e) || !e.arguments[0]) return undefined;
  const { module } = callee.base;
  const injector = jsClients().some((s) => s.injectors?.some((i) => i.module === module && samePath(callee.path, i.export ? [i.export] : [])));
  if (!injector) return undefined;
  const cls = evaluate(e.arguments[0], file, depth + 1, env);
  if (cls.kind !== 'ref' || !('module' in cls.base) || cls.path.length !== 1) return undefined;
  const client = clientOfType(cls.base.module, cls.path[0]!);
  return client ? typedInstance(client, e, file) : undefined;
}

/**
 * `new HttpRequest('POST', url, body, { reportProgress: true })`, written there or held by a const: a request
 * object a client's request call takes in place of its options (`spec.requestClasses`), and the argument its
 * init is, or goes, at.
 */
export function madeRequestObject(e: ts.Expression, file: FileCtx, depth = 0, env?: Env): { made: ts.NewExpression; init: number; constant: boolean } | undefined {
  let x = unwrap(e);
  const b = ts.isIdentifier(x) ? file.resolver.resolve(x) : undefined;
  if (b?.kind === 'var' && !b.path.length && b.init) x = unwrap(b.init);
  const constant = b?.kind !== 'var' || isConstant(b, file);
  if (!ts.isNewExpression(x)) return undefined;
  const callee = evaluate(x.expression, file, depth + 1, env);
  if (callee.kind !== 'ref' || !('module' in callee.base)) return undefined;
  const { module } = callee.base;
  const cls = jsClients().flatMap((s) => s.requestClasses ?? []).find((c) => c.class.module === module && samePath(callee.path, c.class.export ? [c.class.export] : []));
  if (!cls) return undefined;
  const args = x.arguments ?? [];
  const m = args[cls.methodArg];
  const method = m && !ts.isSpreadElement(m) ? evaluate(m, file, depth + 1, env) : UNKNOWN;
  // A method the code computes: with one argument fewer, the last is the init or a body, and a body sets no option.
  const bodyless = method.kind !== 'lit' || (typeof method.value === 'string' && cls.bodyless.includes(method.value.toUpperCase()));
  return { made: x, init: bodyless && args.length <= cls.init ? cls.init - 1 : cls.init, constant };
}

/** The options a request object made here carries (`madeRequestObject`): its init's; made with none, none. */
function requestObject(e: Call, file: FileCtx, depth: number, env?: Env): Val | undefined {
  const found = ts.isNewExpression(e) ? madeRequestObject(e, file, depth, env) : undefined;
  if (!found) return undefined;
  const args = e.arguments ?? [];
  if (args.some((a) => ts.isSpreadElement(a))) return UNKNOWN;
  const init = args[found.init];
  if (!init) return NONE;
  const value = evaluate(init, file, depth + 1, env);
  const written = writtenOnto(init, file);
  return written ? merge([value, written]) : value;
}

/**
 * `return target;` where the function also hands `target` on or writes into it: Babel's `_objectSpread2(target,
 * …sources)` copies each source into the target it returns (`_defineProperty(target, key, …)`), so the target as
 * passed (`{}`) is not what comes back.
 */
function returnsChangedParameter(decl: ts.SignatureDeclaration, ret: ts.Expression, file: FileCtx): boolean {
  const r = unwrap(ret);
  const body = (decl as ts.FunctionLikeDeclaration).body;
  if (!body || !ts.isIdentifier(r)) return false;
  const b = file.resolver.resolve(r);
  return b?.kind === 'param' && namesIn(file, body, r.text).some((n) => n !== r && file.resolver.resolve(n) === b && mayChange(n));
}

/** `f(x)`, `x = …`, `x.k = …`, `x[k] = …`, `delete x.k`: a use that may change what `x` holds. */
function mayChange(use: ts.Identifier): boolean {
  const p = use.parent;
  if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.arguments?.includes(use)) return true;
  const target = (ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === use ? p : use;
  const q = target.parent;
  if (ts.isBinaryExpression(q) && q.left === target) return q.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && q.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
  return ts.isDeleteExpression(q) || ((ts.isPrefixUnaryExpression(q) || ts.isPostfixUnaryExpression(q)) && (q.operator === ts.SyntaxKind.PlusPlusToken || q.operator === ts.SyntaxKind.MinusMinusToken));
}

// What Babel and TypeScript emit for `{ ...a, ...b }` and `Object.assign` in older targets (a bundle renames them
// `_objectSpread2$1`): each copies its arguments into the first, as Object.assign does.
const SPREAD_HELPER = /^(?:_objectSpread2?|_extends|__assign)(?:\$\d+)?$/;

function isSpreadHelper(decl: ts.SignatureDeclaration): boolean {
  const name = holderOf(decl);
  return !!name && SPREAD_HELPER.test(name.text) && decl.parameters.length >= 1;
}

/** A same-file function: its single returned expression, with parameters bound to the arguments. */
function returnOf(decl: ts.SignatureDeclaration, e: Call, declFile: FileCtx, file: FileCtx, depth: number, env?: Env): Val {
  const rets = returnedExpressions(decl);
  if (!rets.length || rets.some((r) => returnsChangedParameter(decl, r, declFile))) return UNKNOWN;
  const args = [...(e.arguments ?? [])];
  const inner: Env = new Map(env);
  decl.parameters.forEach((p, index) => inner.set(p, { args, index, file, env }));
  // Several returns (`if (!ms) return init; return { ...init, timer }`): the keys any of them gives (meet).
  return rets.map((r) => withWrites(r, evaluate(r, declFile, depth + 1, inner), declFile)).reduce((a, b) => meet(a, b));
}

/**
 * `const opts = {}; if (timeout >= 0) opts.signal = …; return opts;`: the object a returned name holds, with what
 * the function writes onto it, as a request passing that name would read it.
 */
function withWrites(ret: ts.Expression, v: Val, file: FileCtx): Val {
  // `return copy(n, a), n`, as minifiers join statements: the name the sequence ends with.
  const r = lastOfSequence(ret);
  const written = v.kind === 'object' && ts.isIdentifier(r) ? writtenOnto(r, file) : undefined;
  return written ? merge([v, written]) : v;
}

/**
 * The expressions a function returns, outside functions nested in it: its last statement's return, or two to four
 * returns, where one in a branch counts as much as the last one. A bare `return` gives nothing (a request passing
 * that sends no options). One return in a branch alone is not read: the function may end otherwise.
 */
function returnedExpressions(decl: ts.SignatureDeclaration): readonly ts.Expression[] {
  const { exprs } = returnsOf(decl);
  if (exprs.length >= 2 && exprs.length <= 4) return exprs;
  const single = singleReturn(decl);
  return single ? [single] : [];
}

/** The name a callee is called by: `f`, `a.f`, or `(0, tslib_1.f)` as compiled code calls an import. */
function calledName(e: ts.Expression): string | undefined {
  const c = lastOfSequence(e);
  return ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) ? c.name.text : undefined;
}

const PRIVATE_GET = /^__classPrivateFieldGet(?:\$\d+)?$/;
const PRIVATE_SET = /^__classPrivateFieldSet(?:\$\d+)?$/;

/**
 * `__classPrivateFieldGet(this, _Client_fetch, "f")`, what TypeScript emits for `this.#fetch` below ES2022: the
 * value its `__classPrivateFieldSet(this, _Client_fetch, value, "f")` calls give the field, when they are one
 * client (`oneClient`).
 */
function privateField(e: Call, file: FileCtx, depth: number, env?: Env): Val | undefined {
  const [, key, kind] = e.arguments ?? [];
  if (!key || !ts.isIdentifier(key) || !kind || !ts.isStringLiteral(kind) || kind.text !== 'f') return undefined;
  const name = calledName(e.expression);
  if (!name || !PRIVATE_GET.test(name)) return undefined;
  const b = file.resolver.resolve(key);
  if (!b || readingFields.has(b)) return undefined;
  readingFields.add(b);
  try {
    return fieldValue(key, b, file, depth, env);
  } finally {
    readingFields.delete(b);
  }
}

// Fields being read: a setter may read the field it sets (`…Set(this, _f, …Get(this, _f, "f").bind(this), "f")`).
const readingFields = new Set<object>();

function fieldValue(key: ts.Identifier, b: object, file: FileCtx, depth: number, env?: Env): Val | undefined {
  const values: Val[] = [];
  for (const c of file.callNodes) {
    const [, k, v, f] = c.arguments ?? [];
    if (!k || !ts.isIdentifier(k) || k.text !== key.text || !v || ts.isSpreadElement(v) || !f || !ts.isStringLiteral(f) || f.text !== 'f') continue;
    const setter = calledName(c.expression);
    if (!setter || !PRIVATE_SET.test(setter) || file.resolver.resolve(k) !== b) continue;
    values.push(evaluate(v, file, depth + 1, env));
  }
  const v = values.length === 1 ? values[0]! : oneClient(values);
  return v && (v.kind === 'ref' || v.kind === 'instance') ? v : undefined;
}

// What TypeScript (esModuleInterop), Babel and Rollup wrap a CommonJS require in: `__importDefault(require('m'))` is
// the module, or `{ default: module }`, whose `.default` is the module again; the `*` forms copy it. Rollup 2 emits
// `var m__default = _interopDefaultLegacy(m)`, read as `m__default["default"]`; `_interopNamespace` copies it, and
// Rollup 3+ names them `_interopDefaultCompat` / `_interopNamespaceCompat`. esbuild (tsup), bun and rolldown emit
// `var import_m = __toESM(require('m'))` (a second argument in Node mode), swc `_interop_require_default(require('m'))`
// and `_interop_require_wildcard(…)`: the same module, read as `import_m.default`.
const INTEROP = /^(?:__importDefault|__importStar|__toESM|_interopRequireDefault|_interopRequireWildcard|_interop_require_default|_interop_require_wildcard|_interopDefaultLegacy|_interopDefaultCompat|_interopNamespace(?:Default|Compat)?)(?:\$\d+)?$/;

/**
 * A minified bundle's renamed helper, known by what it does: a function of the file of one to three parameters whose
 * short body tests `__esModule` and makes a `default` key (esbuild's `var m=(s,e,t)=>(…!s.__esModule?U(t,"default",
 * {value:s,…}):t,s))`, Babel's `function n(e){return e&&e.__esModule?e:{default:e}}`), given a `require(…)`.
 */
function interopShaped(call: Call, arg: ts.Expression, file: FileCtx): boolean {
  const r = unwrap(arg);
  if (!ts.isCallExpression(r) || !ts.isIdentifier(r.expression) || r.expression.text !== 'require' || !ts.isCallExpression(call)) return false;
  const callee = unwrap(call.expression);
  const fn = ts.isIdentifier(callee) ? functionNamed(callee, file) : undefined;
  if (!fn?.body || fn.parameters.length < 1 || fn.parameters.length > 3) return false;
  const text = fn.body.getText(file.sf);
  return text.length < 400 && text.includes('__esModule') && /\bdefault\b/.test(text);
}

/** `__importDefault(require('node-fetch'))`: the module a compiled import wraps, when that names a module. */
function interopRequire(e: Call, file: FileCtx, depth: number, env?: Env): Val | undefined {
  const arg = e.arguments?.[0];
  const name = arg && !ts.isSpreadElement(arg) ? calledName(e.expression) : undefined;
  if (!name || !((name.charCodeAt(0) === 95 && INTEROP.test(name)) || interopShaped(e, arg!, file))) return undefined;
  const v = evaluate(arg!, file, depth + 1, env);
  return v.kind === 'ref' && 'module' in v.base && !v.path.length ? v : undefined;
}

/**
 * `Promise.resolve().then(() => __importStar(require('https')))`, what tsc emits for `import('https')` under
 * `module: commonjs` (Babel: `_interopRequireWildcard(require(…))`): the module, as `import()` gives it.
 */
function compiledImport(e: ts.CallExpression, file: FileCtx, depth: number, env?: Env): Val | undefined {
  const then = unwrap(e.expression);
  const fn = e.arguments.length === 1 ? unwrap(e.arguments[0]!) : undefined;
  if (!ts.isPropertyAccessExpression(then) || then.name.text !== 'then' || !fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters.length) return undefined;
  const resolved = unwrap(then.expression);
  if (!ts.isCallExpression(resolved) || resolved.arguments.length) return undefined;
  const callee = unwrap(resolved.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'resolve' || !ts.isIdentifier(callee.expression) || callee.expression.text !== 'Promise') return undefined;
  if (file.resolver.resolve(callee.expression)) return undefined;
  const ret = singleReturn(fn);
  const v = ret && evaluate(ret, file, depth + 1, env);
  return v?.kind === 'ref' && 'module' in v.base && !v.path.length ? v : undefined;
}

function evaluateCall(e: Call, file: FileCtx, depth: number, env?: Env): Val {
  if (ts.isCallExpression(e) && e.expression.kind === ts.SyntaxKind.ImportKeyword) {
    const a = e.arguments[0];
    return a && ts.isStringLiteralLike(a) ? file.modules.importOf(file, a.text, '*', depth) : UNKNOWN;
  }
  const imported = ts.isCallExpression(e) ? compiledImport(e, file, depth, env) : undefined;
  if (imported) return imported;
  const field = ts.isCallExpression(e) && e.arguments.length === 3 ? privateField(e, file, depth, env) : undefined;
  if (field) return field;
  const wrapped = ts.isCallExpression(e) && e.arguments.length <= 2 ? interopRequire(e, file, depth, env) : undefined;
  if (wrapped) return wrapped;
  const callee = evaluate(e.expression, file, depth + 1, env);
  const builtin = builtinCall(e, callee, file, depth, env) ?? clientCanceller(e, callee, file) ?? injected(e, callee, file, depth, env) ?? requestObject(e, file, depth, env);
  if (builtin) return builtin;
  // `globalThis.fetch.bind(globalThis)`, `api.get.bind(api)`: the same client function.
  if ((callee.kind === 'ref' || callee.kind === 'instance') && callee.path[callee.path.length - 1] === 'bind') {
    return { ...callee, path: callee.path.slice(0, -1) };
  }
  const inst = instanceOf(e, callee, file, depth, env);
  if (inst) return inst;
  if (callee.kind === 'instance' && !clientCall(callee, ts.isNewExpression(e)).length && returnsReceiver(callee)) {
    return { kind: 'instance', inst: callee.inst, path: [] };
  }
  const given = addOnInstance(e, callee, file, depth, env) ?? wrappedClient(e, callee, file, depth, env);
  if (given) return given;
  if (callee.kind === 'local') {
    if (isSpreadHelper(callee.decl)) return merge((e.arguments ?? []).map((a) => (ts.isSpreadElement(a) ? UNKNOWN : evaluate(a, file, depth + 1, env))));
    return returnOf(callee.decl, e, callee.file, file, depth, env);
  }
  // `opts(t)` of `const opts = (t) => ({ … })`, `this.opts()`, `helpers.opts()`: read as a function declaration is
  // (a literal's method is no key of its value: `helpers.opts` reads as undefined there).
  const unread = callee.kind === 'unknown' || (callee.kind === 'lit' && callee.value === undefined);
  const fn = unread && ts.isCallExpression(e) ? localFunction(e.expression, file) : undefined;
  if (fn) return returnOf(fn, e, file, file, depth, env);
  return UNKNOWN;
}

/**
 * `setupCache(axios.create())`, `rateLimit(api, { maxRPS: 2 })`: a package's function given an instance first hands
 * back that instance (the add-ons of axios and got patch it and return it), so the requests made on what it
 * returns are the instance's.
 */
function addOnInstance(e: Call, callee: Val, file: FileCtx, depth: number, env?: Env): Val | undefined {
  if (!ts.isCallExpression(e) || !e.arguments[0] || !isPackageFunction(callee)) return undefined;
  const first = evaluate(e.arguments[0], file, depth + 1, env);
  return first.kind === 'instance' && !first.path.length ? first : undefined;
}

/**
 * `require('fetch-retry')(fetch)`, `fetchRetry(nodeFetch, { retries })`: a function the catalogue lists as a wrapper
 * hands back the client given first, which it calls with the caller's arguments: its calls are that client's.
 */
function wrappedClient(e: Call, callee: Val, file: FileCtx, depth: number, env?: Env): Val | undefined {
  const arg = ts.isCallExpression(e) ? e.arguments[0] : undefined;
  if (!arg || ts.isSpreadElement(arg) || callee.kind !== 'ref' || !('module' in callee.base)) return undefined;
  const { module } = callee.base;
  // The default export, also as compiled or namespace imports read it (`fetchRetry.default(fetch)`).
  if (callee.path.length > 1 || (callee.path.length === 1 && callee.path[0] !== 'default')) return undefined;
  if (!jsClients().some((s) => s.wrappers?.some((w) => w.module === module && !w.export))) return undefined;
  const first = evaluate(arg, file, depth + 1, env);
  return first.kind === 'ref' && !first.path.length && clientsOf(first.base, first.path).length ? first : undefined;
}

function isPackageFunction(callee: Val): boolean {
  return callee.kind === 'ref' && 'module' in callee.base && !callee.base.module.startsWith('.') && !callee.base.module.startsWith('node:');
}

/** Whether `call` is a package's function that hands back the instance it is given first (`addOnInstance`). */
export function handsBackInstance(call: ts.CallExpression, file: FileCtx): boolean {
  return !!call.arguments[0] && isPackageFunction(evaluate(call.expression, file));
}

/** The hooks the value analysis calls back into. */
export const HOOKS: Hooks = { evaluateCall, controllerSignal, heldControllerSignal };
