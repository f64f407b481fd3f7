import { ts } from './typescript';
import type { JsCallShape, JsClientSpec } from '../../catalogue/define-client';
import type { ClientDecl } from '../../config/declared';
import { reachesNoClient } from '../../catalogue/import-reach';
import { GLOBAL_OBJECTS } from '../../catalogue/js-globals';
import { resolveRelative } from '../../catalogue/relative-imports';
import { type OptionsArg, isCallback, isUrlLike, optionsOf } from './calls';
import { clientCall, clientsOf, jsClients } from './catalogue';
import { checkedInstance } from './checker';
import { declaredRequests } from './declared';
import { importedInstanceLayers, instanceDefaults, interceptorLayers, rootLayers } from './defaults';
import type { Layer } from './evaluate';
import { namesIn, type FileCtx } from './file';
import { singleReturn, unwrap } from './parse';
import { oneClient } from './one-client';
import { memberUses } from './receivers';
import { inputFromCaller } from './request-input';
import { specialLayers } from './special/index';
import type { Binding } from './resolve';
import { creationCall, typedBinding } from './types';
import { type Instance, type Prop, type Val, UNKNOWN, evaluate, member } from './values';
import { exportedName, holderOf } from './walk';
import { writtenOnto } from './writes';

export type Call = ts.CallExpression | ts.NewExpression;

/** A call that sends a request through a catalogued client. */
export interface Request {
  spec: JsClientSpec;
  call: Call;
  shape: JsCallShape;
  options: OptionsArg;
  inst?: Instance;
  file: FileCtx;
  via?: FileCtx[];
}

let names: { props: Set<string>; globals: Set<string> } | undefined;

/** Words a callee must end in to be worth evaluating: a cheap filter before any resolution. */
function calleeNames(): { props: Set<string>; globals: Set<string> } {
  if (names) return names;
  // `(0, node_fetch_1.default)(url)`: a module's default export, read as compiled ES modules read it.
  const props = new Set<string>(['assign', 'create', 'default']);
  const globals = new Set<string>(['require']);
  for (const spec of jsClients()) {
    for (const shape of [...spec.calls, ...(spec.instances ?? []), ...(spec.setup ?? []).map((p) => ({ callee: ['', ...p] }))]) {
      for (const seg of shape.callee.slice(1)) for (const s of typeof seg === 'string' ? [seg] : seg) props.add(s);
    }
    for (const entries of Object.values(spec.roots)) {
      for (const e of entries) {
        // `window.XMLHttpRequest`, `globalThis.fetch`: a global is also reached as a property.
        if (e.global) globals.add(e.global), props.add(e.global);
        if (e.export) props.add(e.export);
      }
    }
  }
  names = { props, globals };
  return names;
}

/** `require('./m')`, or a property read from it (`require('./m').a.b`): the specifier and the properties. */
function required(e: ts.Expression): { specifier: string; path: string[] } | undefined {
  let x = unwrap(e);
  const path: string[] = [];
  while (ts.isPropertyAccessExpression(x)) {
    path.unshift(x.name.text);
    x = unwrap(x.expression);
  }
  if (!ts.isCallExpression(x) || !ts.isIdentifier(x.expression) || x.expression.text !== 'require') return undefined;
  const [arg] = x.arguments;
  return arg && ts.isStringLiteralLike(arg) ? { specifier: arg.text, path } : undefined;
}

/**
 * Whether `b` is read from a module of the project from which no client can be reached by its text (import-reach.ts):
 * an import, or a `require('./m')`. A callee read from there is no client, nor a function that calls one, so that
 * module is not parsed to tell. Not with a type checker, which finds clients by types the text may not name; not
 * for a global's own name read from it (`const { fetch } = require('./env')`, the module exporting `globalThis`)
 * nor a binding with a default (`= globalThis.fetch`), which may be a client.
 */
function readFromClientlessModule(b: Binding, file: FileCtx): boolean {
  if (file.program) return false;
  const from = b.kind === 'import' ? { specifier: b.module, path: b.export ? [b.export] : [] }
    : b.kind === 'var' && b.init && !b.fallback ? required(b.init) : undefined;
  if (!from?.specifier.startsWith('.')) return false;
  const { globals } = calleeNames();
  if ([...from.path, ...(b.kind === 'var' ? b.path : [])].some((n) => globals.has(n) || GLOBAL_OBJECTS.has(n))) return false;
  const key = `clientless\0${from.specifier}`;
  let answer = file.cache.get(key) as boolean | undefined;
  if (answer === undefined) {
    const path = resolveRelative(file.path, from.specifier);
    answer = path !== null && reachesNoClient(path);
    file.cache.set(key, answer);
  }
  return answer;
}

/** The name a callee's chain of properties starts from: `api` in `api.client.get`. */
function rootName(e: ts.Expression): ts.Identifier | undefined {
  let x = unwrap(e);
  while (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x)) x = unwrap(x.expression);
  return ts.isIdentifier(x) ? x : undefined;
}

/** Evaluates a callee only when its shape could name a client. */
export function calleeOf(call: Call, file: FileCtx): Val | undefined {
  return calleeAt(call.expression, file);
}

function calleeAt(expr: ts.Expression, file: FileCtx): Val | undefined {
  let c = unwrap(expr);
  // `(0, fetch_1.default)(url)`, as TypeScript and Babel emit an imported function's call: the function itself.
  while (ts.isBinaryExpression(c) && c.operatorToken.kind === ts.SyntaxKind.CommaToken) c = unwrap(c.right);
  const { props, globals } = calleeNames();
  if (ts.isIdentifier(c)) {
    const b = file.resolver.resolve(c);
    if (!b) return globals.has(c.text) ? evaluate(c, file) : undefined;
    // A parameter is a client only by its type (`(got: Got) => got(url)`) or as a framework's argument (`load({ fetch })`).
    if (b.kind === 'param') {
      return typedBinding(b, file) ?? argumentRoot(b) ?? passedClient(b, file) ?? defaultedClient(b, c, file) ??
        (file.program ? checkedInstance(c, file) : undefined);
    }
    if (readFromClientlessModule(b, file)) return undefined;
    return b.kind === 'var' || b.kind === 'import' ? orChecked(evaluate(c, file), c, file) : undefined;
  }
  if (ts.isPropertyAccessExpression(c)) {
    const param = ts.isIdentifier(c.expression) ? file.resolver.resolve(c.expression) : undefined;
    const passed = param?.kind === 'param' ? argumentRoot(param, c.name.text) : undefined;
    if (passed?.kind === 'ref' && clientsOf(passed.base, passed.path).length) return passed;
    if (!props.has(c.name.text) && !heldByName(c, file)) return undefined;
    // `g.fetch(u)`, `g` imported from a module that exports `globalThis` under another name: a global object
    // names no client by itself, so a global's own name is always followed.
    const root = globals.has(c.name.text) ? undefined : rootName(c.expression);
    const b = root && file.resolver.resolve(root);
    if (b && readFromClientlessModule(b, file)) return undefined;
    return orChecked(evaluate(c, file), c, file);
  }
  // `(options.fetch ?? globalThis.fetch)(url)`, `(secure ? fetchA : fetchB)(url)`: the value decides.
  if (ts.isElementAccessExpression(c) || ts.isCallExpression(c) || ts.isBinaryExpression(c) || ts.isConditionalExpression(c)) return evaluate(c, file);
  return undefined;
}

/**
 * `this.fetchImpl(url)`, `opts.fetchImpl(url)` with `const opts = { fetchImpl: fetch }`: a member of this class or
 * of an object literal held by a const, under a name of the code's own choosing, that may hold a client.
 */
function heldByName(c: ts.PropertyAccessExpression, file: FileCtx): boolean {
  if (c.expression.kind === ts.SyntaxKind.ThisKeyword) return true;
  const b = ts.isIdentifier(c.expression) ? file.resolver.resolve(c.expression) : undefined;
  return b?.kind === 'var' && b.constant && !b.path.length && !!b.init && ts.isObjectLiteralExpression(unwrap(b.init));
}

/**
 * `postJSON(config, fetch, url)` where every call of the module's own function passes it the same client
 * (`postJSON(this.config, this.fetch, url)`, @planetscale/database): the parameter is that client. Only a
 * function of this file, not exported, and named nowhere but as the callee of those calls: any other use may
 * call it with anything.
 */
function passedClient(b: Extract<Binding, { kind: 'param' }>, file: FileCtx): Val | undefined {
  const fn = b.param.parent;
  if (b.path.length || b.param.dotDotDotToken || !(ts.isFunctionDeclaration(fn) || ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  const name = holderOf(fn);
  if (!name || exportedName(fn)) return undefined;
  let known = file.cache.get('passedClient') as Map<ts.Node, Val | undefined> | undefined;
  if (!known) file.cache.set('passedClient', (known = new Map()));
  if (known.has(b.param)) return known.get(b.param);
  known.set(b.param, undefined);
  const index = fn.parameters.indexOf(b.param);
  // Cheap first: the calls by this name, each passing there a value that names a client.
  const values: Val[] = [];
  for (const call of callsByName(file).get(name.text) ?? []) {
    const arg = call.arguments[index];
    if (!arg || call.arguments.slice(0, index + 1).some(ts.isSpreadElement)) return undefined;
    const v = evaluate(arg, file);
    if (v.kind !== 'ref') return undefined;
    values.push(v);
  }
  const uses = values.length ? namesIn(file, file.sf, name.text) : [];
  const onlyCalled = uses.every((n) => n === name || (ts.isCallExpression(n.parent) && n.parent.expression === n && file.resolver.resolve(n)?.name === name));
  const v = onlyCalled && values.length ? oneClient(values) : undefined;
  known.set(b.param, v);
  return v;
}

/**
 * A parameter whose default is a client (`fetchFn = fetch`, `{ fetch = nodeFetch } = {}`): what runs when the caller
 * passes none, as a class keeps its constructor's default. A caller's own function is theirs to bound.
 */
function defaultedClient(b: Extract<Binding, { kind: 'param' }>, c: ts.Identifier, file: FileCtx): Val | undefined {
  if (!(b.path.length ? b.fallback : b.param.initializer) || b.param.dotDotDotToken) return undefined;
  const v = evaluate(c, file);
  return v.kind === 'ref' && clientsOf(v.base, v.path).length ? v : undefined;
}

/** The calls of the file whose callee is a plain name, by that name (worked out once per file). */
function callsByName(file: FileCtx): Map<string, ts.CallExpression[]> {
  let byName = file.cache.get('callsByName') as Map<string, ts.CallExpression[]> | undefined;
  if (byName) return byName;
  byName = new Map();
  for (const c of file.callNodes) {
    if (!ts.isCallExpression(c) || !ts.isIdentifier(c.expression)) continue;
    const list = byName.get(c.expression.text);
    if (list) list.push(c);
    else byName.set(c.expression.text, [c]);
  }
  file.cache.set('callsByName', byName);
  return byName;
}

let argumentOfNames: { fn: Set<string>; each: Set<string> } | undefined;

/**
 * A property of the first parameter of an exported function a client names: destructured (`load({ fetch })`),
 * or `member` read off the whole parameter (`GET(event)` then `event.fetch(…)`).
 */
function argumentRoot(b: Extract<Binding, { kind: 'param' }>, member?: string): Val | undefined {
  if (!argumentOfNames) {
    const entries = jsClients().flatMap((s) => Object.values(s.roots).flat());
    argumentOfNames = {
      fn: new Set(entries.flatMap((e) => (e.argumentOf ? [e.argumentOf] : []))),
      each: new Set(entries.flatMap((e) => (e.argumentOfEach ? [e.argumentOfEach] : []))),
    };
  }
  const fn = b.param.parent;
  const key = member === undefined ? (b.path.length === 1 ? b.path[0] : undefined) : b.path.length === 0 ? member : undefined;
  if (key === undefined || fn.parameters[0] !== b.param) return undefined;
  const holder = exportedName(fn);
  if (!holder || !(holder.each ? argumentOfNames.each : argumentOfNames.fn).has(holder.name)) return undefined;
  return { kind: 'ref', base: { argumentOf: holder.name }, path: [key] };
}

/** Where names cannot tell, the type checker may (only when ESLint gave a Program). */
function orChecked(v: Val, c: ts.Identifier | ts.PropertyAccessExpression, file: FileCtx): Val {
  if (v.kind !== 'unknown' || !file.program) return v;
  if (ts.isIdentifier(c)) return checkedInstance(c, file) ?? v;
  const recv = checkedInstance(c.expression, file);
  return recv ? member(recv, c.name.text, 0) : v;
}

/** False for a call whose URL argument (`shape.urlArg`) is missing or a function: `$(window).load(fn)` binds a handler. */
function sendsRequest(call: Call, shape: JsCallShape, file: FileCtx, args: readonly ts.Expression[] = call.arguments ?? []): boolean {
  if (shape.urlArg === undefined) return true;
  const arg = args[shape.urlArg];
  if (!arg || ts.isSpreadElement(arg)) return false;
  return !isCallback(arg, evaluate(arg, file), file, args.length === shape.urlArg + 1);
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
  };
}

/**
 * `fetch.call(globalThis, url, init)`, `api.get.apply(api, [url, config])`, and what TypeScript compiles a call of
 * a private field to (`__classPrivateFieldGet(this, _C_fetch, "f").call(this, url, init)`): a client function
 * called with a `this` first. With `apply`, only an array written there shows the arguments (`arguments` may be
 * anything, and counts as set), and a missing options object has no place a fix can safely write.
 */
function forwardedRequest(call: ts.CallExpression, file: FileCtx): Request | undefined {
  const c = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(c) || (c.name.text !== 'call' && c.name.text !== 'apply') || call.arguments.length < 2) return undefined;
  const list = c.name.text === 'apply' ? unwrap(call.arguments[1]!) : undefined;
  if (list && (!ts.isArrayLiteralExpression(list) || list.elements.some(ts.isSpreadElement))) return undefined;
  const callee = calleeAt(c.expression, file);
  if (!callee) return undefined;
  const hit = clientCall(callee, false).find((h) => h.request);
  if (!hit?.request) return undefined;
  if (c.name.text === 'call') {
    const shape = shifted(hit.request);
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

/** Every request the file sends (catalogue clients, then declared ones) and every instance it creates. */
export function findRequests(file: FileCtx, clients?: readonly ClientDecl[]): { requests: Request[]; created: Instance[] } {
  const requests: Request[] = [];
  const created: Instance[] = [];
  const taken = new Set<ts.Node>();
  for (const call of file.callNodes) {
    const passed = ts.isCallExpression(call) ? forwardedRequest(call, file) : undefined;
    if (passed) {
      requests.push(passed);
      taken.add(call);
      continue;
    }
    const callee = calleeOf(call, file);
    if (!callee) continue;
    for (const hit of clientCall(callee, ts.isNewExpression(call))) {
      taken.add(call);
      if (hit.request && sendsRequest(call, hit.request, file)) {
        const options = optionsOf(call, hit.request, file);
        requests.push({ spec: hit.spec, call, shape: hit.request, options, inst: hit.inst, file, via: hit.via });
      }
      if (hit.factory) {
        const v = evaluate(call, file);
        if (v.kind === 'instance') created.push(v.inst);
      }
    }
  }
  return { requests: [...requests, ...declaredRequests(file, clients, taken)], created };
}

/** The option layers an instance's requests start from: its parents', its own options, its `defaults`. */
export function instanceLayers(inst: Instance): Layer[] {
  // A typed instance was made elsewhere: when is not known, so every default in the file may reach it.
  const reader = inst.typed ? undefined : inst.create;
  // An instance made as another root (`makes`) still takes the library defaults of the root that made it.
  const from = inst.shape.makes && typeof inst.shape.callee[0] === 'string' ? inst.shape.callee[0] : inst.root;
  const base = inst.parent ? instanceLayers(inst.parent) : rootLayers(inst.spec, from, inst.file, inst.via, reader);
  const call = creationCall(inst);
  const below: Layer[] = inst.below ? [{ value: inst.below, kind: 'instance', at: inst.create, file: inst.file, inst }] : [];
  const later = call ? specialLayers(inst.spec, call, inst.file, 'instance').map((l) => ({ ...l, inst })) : [];
  return [...below, ...base, ...ownLayers(inst, call), ...later, ...instanceDefaults(inst)];
}

/** The options the creating call passes, each argument merged in turn: an instance argument by its own layers. */
function ownLayers(inst: Instance, call: Call | undefined): Layer[] {
  const args = inst.merged ?? [{ value: inst.options, index: inst.arg.index, node: inst.arg.node }];
  return args.flatMap((a) => {
    if (a.value.kind === 'instance' && !a.value.path.length) return instanceLayers(a.value.inst);
    const own: Layer = { value: a.value, kind: 'instance', at: inst.create, file: inst.file, inst };
    return [own, ...(call ? mutationLayer(a.node, call, inst.file, 'instance', inst) : [])];
  });
}

/** The request and the calls chained on it that return it (`req.on(…).once(…)`, `spec.handle.chain`), outermost last. */
function requestChain(r: Request): ts.Expression[] {
  const chain: ts.Expression[] = [r.call];
  const names = r.spec.handle?.chain ?? [];
  for (let n: ts.Node = r.call; ; ) {
    let p = n.parent;
    while (ts.isParenthesizedExpression(p) || ts.isNonNullExpression(p)) p = p.parent;
    const call = p && ts.isPropertyAccessExpression(p) && names.includes(p.name.text) ? p.parent : undefined;
    if (!call || !ts.isCallExpression(call) || call.expression !== p) return chain;
    chain.push(call);
    n = call;
  }
}

/** True when `e` is the request itself, a chain that returns it, or a name bound to it. */
function isHandle(e: ts.Expression, r: Request, binding: unknown, chain: readonly ts.Expression[]): boolean {
  const x = unwrap(e);
  if (chain.includes(x)) return true;
  return binding !== undefined && ts.isIdentifier(x) && r.file.resolver.resolve(x) === binding;
}

const LISTEN = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/**
 * The socket parameters of `req.on('socket', (socket) => …)` listeners on the request: Node's ClientRequest
 * hands them the socket that `req.setTimeout()` configures (nodejs.org/api/http.html, event 'socket'), so a
 * handle method called on one sets the same option.
 */
function socketParams(r: Request, binding: unknown, chain: readonly ts.Expression[], names: readonly string[]): Set<ts.ParameterDeclaration> {
  const out = new Set<ts.ParameterDeclaration>();
  for (const c of memberUses(r.file, chain, names).calls) {
    const callee = unwrap(c.expression);
    const [event, fn] = c.arguments ?? [];
    if (!ts.isPropertyAccessExpression(callee) || !LISTEN.has(callee.name.text) || !event || !fn) continue;
    if (!ts.isStringLiteralLike(event) || event.text !== 'socket' || !isHandle(callee.expression, r, binding, chain)) continue;
    const f = unwrap(fn);
    const p = ts.isArrowFunction(f) || ts.isFunctionExpression(f) ? f.parameters[0] : undefined;
    if (p) out.add(p);
  }
  return out;
}

function isSocket(e: ts.Expression, r: Request, sockets: Set<ts.ParameterDeclaration>): boolean {
  const x = unwrap(e);
  const b = sockets.size && ts.isIdentifier(x) ? r.file.resolver.resolve(x) : undefined;
  return b?.kind === 'param' && !b.path.length && sockets.has(b.param);
}

/** Options set on the returned request object: `req.setTimeout(ms)`, `xhr.timeout = ms`, and on its socket. */
function handleLayer(r: Request): Layer[] {
  const h = r.spec.handle;
  if (!h) return [];
  const chain = requestChain(r);
  const decl = chain[chain.length - 1]!.parent;
  const binding = ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) ? r.file.resolver.resolve(decl.name) ?? undefined : undefined;
  const names = binding ? [(decl as ts.VariableDeclaration & { name: ts.Identifier }).name.text] : [];
  const props = new Map<string, Prop>();
  const sockets = h.methods ? socketParams(r, binding, chain, names) : new Set<ts.ParameterDeclaration>();
  const socketNames = [...sockets].flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : []));
  // Only the calls and writes on the request, its name or its sockets can set its options (receivers.ts).
  const uses = memberUses(r.file, chain, [...names, ...socketNames]);
  for (const c of uses.calls) {
    const callee = unwrap(c.expression);
    const m = ts.isPropertyAccessExpression(callee) && h.methods?.find((x) => x.name === callee.name.text);
    const recv = m && (callee as ts.PropertyAccessExpression).expression;
    if (m && recv && c.arguments?.[0] && (isHandle(recv, r, binding, chain) || isSocket(recv, r, sockets))) {
      props.set(m.option, { expr: c.arguments[0], node: c, file: r.file });
    }
  }
  for (const w of uses.writes) {
    const left = w.left;
    if (ts.isPropertyAccessExpression(left) && h.properties?.includes(left.name.text) && isHandle(left.expression, r, binding, chain)) {
      props.set(left.name.text, { expr: w.right, node: w, file: r.file });
    }
  }
  const helper = names[0] !== undefined ? timeoutHelper(r, binding, names[0]) : undefined;
  if (helper) for (const option of [...(h.methods ?? []).map((m) => m.option), ...(h.properties ?? [])]) props.set(option, { expr: helper, node: helper, file: r.file, value: UNKNOWN });
  return props.size ? [{ value: { kind: 'object', props, open: false }, kind: 'call', at: r.call, file: r.file }] : [];
}

const TIMEOUT_HELPER = /timeout/i;

/**
 * `setConnectionTimeout(req, reject, ms)`, `setSocketTimeout(req, …)` (@smithy/node-http-handler): the request
 * handed to a function named for a timeout, which may set one on it where the analysis does not look.
 */
function timeoutHelper(r: Request, binding: Binding | undefined, name: string): ts.CallExpression | undefined {
  if (binding?.kind !== 'var') return undefined;
  return timeoutCalls(r.file).find((call) => call.arguments.some((a) => ts.isIdentifier(a) && a.text === name && r.file.resolver.resolve(a) === binding));
}

/** The calls of the file to a function named for a timeout (worked out once per file). */
function timeoutCalls(file: FileCtx): ts.CallExpression[] {
  let calls = file.cache.get('timeoutCalls') as ts.CallExpression[] | undefined;
  if (calls) return calls;
  calls = [];
  for (const c of file.callNodes) {
    if (!ts.isCallExpression(c) || !c.arguments.length) continue;
    const callee = unwrap(c.expression);
    const called = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (TIMEOUT_HELPER.test(called)) calls.push(c);
  }
  file.cache.set('timeoutCalls', calls);
  return calls;
}

/** `opts.signal = …`, `opts.timeout.request = …` written anywhere in the file onto the options object passed at `at`. */
function mutationLayer(node: ts.Expression | undefined, at: ts.Node, file: FileCtx, kind: Layer['kind'], inst?: Instance): Layer[] {
  const value = node && writtenOnto(node, file);
  return value ? [{ value, kind, at, file, inst }] : [];
}

/**
 * The init of the `new <name>(url, init)` (the global class) a function of the project returns, when `call` runs
 * one: `createRequest(url, opts)` returning `new Request(url, opts)`. Read in the function, its parameters unbound:
 * an init the caller passes is unknown (it may carry a signal), one written there is what it says.
 */
function initMadeBy(call: ts.CallExpression, name: string, file: FileCtx): Val | undefined {
  const fn = evaluate(call.expression, file);
  if (fn.kind !== 'local') return undefined;
  const ret = singleReturn(fn.decl);
  const made = ret && unwrap(ret);
  if (!made || !ts.isNewExpression(made) || !ts.isIdentifier(made.expression) || made.expression.text !== name) return undefined;
  if (fn.file.resolver.resolve(made.expression)) return undefined;
  const init = made.arguments?.[1];
  return init && !ts.isSpreadElement(init) ? evaluate(init, fn.file) : undefined;
}

/** The `new Request(url, init)` a request is sent with, written in the call or held by a const: its init's options. */
function requestObjectLayer(r: Request): Layer[] {
  const name = r.shape.requestObject;
  const at = r.shape.urlArg ?? 0;
  let input = name && r.call.arguments?.[at] ? unwrap(r.call.arguments[at]) : undefined;
  const b = input && ts.isIdentifier(input) ? r.file.resolver.resolve(input) : undefined;
  if (b?.kind === 'var' && b.constant && !b.path.length && b.init) input = unwrap(b.init);
  const made = input && ts.isCallExpression(input) ? initMadeBy(input, name!, r.file) : undefined;
  if (made) return [{ value: made, kind: 'call', at: r.call, file: r.file }];
  if (name && inputFromCaller(r.call, name, r.file, at)) return [{ value: UNKNOWN, kind: 'call', at: r.call, file: r.file }];
  if (!input || !ts.isNewExpression(input) || !ts.isIdentifier(input.expression) || input.expression.text !== name) return [];
  if (r.file.resolver.resolve(input.expression)) return [];
  const init = input.arguments?.[1];
  if (!init) return [];
  const value = ts.isSpreadElement(init) ? UNKNOWN : evaluate(init, r.file);
  return [{ value, kind: 'call', at: r.call, file: r.file }, ...mutationLayer(init, r.call, r.file, 'call')];
}

/** Every layer of a request, call options last. */
export function requestLayers(r: Request): Layer[] {
  const base = r.inst ? instanceLayers(r.inst) : rootLayers(r.spec, r.shape.callee[0] as string, r.file, r.via, r.call);
  const own: Layer = { value: r.options.value, kind: 'call', at: r.call, file: r.file };
  const intercepted = interceptorLayers(r.spec, r.inst ? { inst: r.inst } : { root: r.shape.callee[0] as string, file: r.file, via: r.via ?? [] }, r.call);
  const importer = r.inst ? importedInstanceLayers(r.inst, r.file, r.call) : [];
  return [...base, ...importer, ...requestObjectLayer(r), own, ...mutationLayer(r.options.node, r.call, r.file, 'call'), ...specialLayers(r.spec, r.call, r.file, 'call'), ...handleLayer(r), ...intercepted];
}
