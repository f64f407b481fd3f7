// What the calls of a file pass a parameter: caller options, and the argument a function written in place gets.
import { ts } from './typescript';
import { clientsOf } from './catalogue';
import { calledOnlyElsewhere } from './exported';
import { type FileCtx, isConstant, isGlobal, reassigned } from './file';
import { unwrap } from './parse';
import type { Binding } from './resolve';
import { prototypeMethodName, thisClass, thisOf, type ThisOwner } from './this-owner';
import { merge } from './objects';
import { type Env, type Prop, type Val, UNKNOWN, evaluate } from './values';
import { writtenOnto } from './writes';
import { functionOf, holderExpression, holderOf, leafAt, outermost, walk, wordsAt } from './walk';
import { oneClient } from './one-client';

/**
 * The calls in this file to the function `name` holds: by the binding, or a method by `this.name(…)` in its class
 * (a class's method, or a prototype's: `Api.prototype.send = function …`).
 */
function callersOf(fn: ts.SignatureDeclaration, name: ts.Identifier | string, file: FileCtx): (ts.CallExpression | ts.NewExpression)[] {
  const cls = ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent) ? fn.parent : typeof name === 'string' && ts.isFunctionExpression(fn) ? thisClass(fn.body, file) : undefined;
  if (cls) {
    const text = typeof name === 'string' ? name : name.text;
    return (callsNamed(file).member.get(text) ?? []).filter((c) => {
      const self = thisOf((unwrap(c.expression) as ts.PropertyAccessExpression).expression, file);
      return !!self && isOrExtends(thisClass(self, file), cls, file);
    });
  }
  if (typeof name === 'string') return [];
  const binding = file.resolver.resolve(name);
  if (!binding) return [];
  return (callsNamed(file).plain.get(name.text) ?? []).filter((c) => file.resolver.resolve(unwrap(c.expression) as ts.Identifier) === binding);
}

type Call = ts.CallExpression | ts.NewExpression;

/**
 * The file's calls and `new`s by the name their callee is written as (through the syntax that keeps a value):
 * `f(…)` under `plain`, `x.f(…)` under `member`, in source order. Indexed once per file, so that asking for a
 * function's callers costs its own calls, not all of the file's.
 */
function callsNamed(file: FileCtx): { plain: Map<string, Call[]>; member: Map<string, Call[]> } {
  const key = 'callsNamed';
  let index = file.cache.get(key) as ReturnType<typeof callsNamed> | undefined;
  if (index) return index;
  index = { plain: new Map(), member: new Map() };
  for (const c of file.callNodes) {
    const callee = unwrap(c.expression);
    const [map, text] = ts.isIdentifier(callee) ? [index.plain, callee.text] : ts.isPropertyAccessExpression(callee) ? [index.member, callee.name.text] : [];
    if (!map || text === undefined) continue;
    const list = map.get(text);
    if (list) list.push(c);
    else map.set(text, [c]);
  }
  file.cache.set(key, index);
  return index;
}

/** `sub` is `cls`, or a class of this file that extends it (`class UsersApi extends BaseAPI`). */
function isOrExtends(sub: ThisOwner | undefined, cls: ts.Node, file: FileCtx): boolean {
  for (let c = sub, i = 0; c && i < 8; i++) {
    if (c === cls) return true;
    if (!ts.isClassLike(c)) return false;
    const base = c.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    const b = base && ts.isIdentifier(base) ? file.resolver.resolve(base) : undefined;
    const decl = b?.kind === 'other' ? b.name.parent : undefined;
    c = decl && ts.isClassDeclaration(decl) ? decl : undefined;
  }
  return false;
}

/**
 * A whole parameter with no default, not bound here to one caller's argument (`env`), of a function whose calls
 * this file shows: the parameter, its function, its position, those calls, and whether the function is used only
 * by them (`onlyCalled`). Undefined where its calls cannot be listed.
 */
export interface ParamCalls {
  binding: Binding;
  param: ts.ParameterDeclaration;
  fn: ts.SignatureDeclaration;
  holder: ts.Identifier | string | undefined;
  calls: (ts.CallExpression | ts.NewExpression)[];
  index: number;
  onlyCalled: () => boolean;
}

export function paramCalls(expr: ts.Expression, file: FileCtx, env?: Env): ParamCalls | undefined {
  const e = unwrap(expr);
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
  if (b?.kind !== 'param' || b.path.length || b.param.initializer || b.param.dotDotDotToken || env?.get(b.param)) return undefined;
  const fn = b.param.parent;
  const holder = holderOf(fn) ?? prototypeMethodName(fn, file);
  const kept: ts.Identifier[] = [];
  const calls = holder ? callersOf(fn, holder, file) : returnedCallers(fn, file, kept);
  if (!calls) return undefined;
  const onlyCalled = () => (holder ? onlyCalledBy(fn, holder, calls, file) : kept.every((k) => onlyCalledBy(fn, k, calls, file)));
  // TS's `this` parameter takes no argument: the calls' arguments start after it.
  const first = fn.parameters[0]?.name;
  const shift = first && ts.isIdentifier(first) && first.text === 'this' ? 1 : 0;
  return { binding: b, param: b.param, fn, holder, calls, index: fn.parameters.indexOf(b.param) - shift, onlyCalled };
}

/**
 * Whether the function `name` holds is used in this file only by `calls` (and its own declaration): not handed on
 * (`urls.map(send)`), called some other way (`send.call(null, url)`, `client.fetch(url)`, `super.fetch(url)`),
 * stored or exported by another name, whose callers may pass anything. A method's name counts wherever it is written
 * as a member or a string (`api['fetch']`); the global `fetch` (`fetch(…)`, `globalThis.fetch(…)`) is another function.
 */
function onlyCalledBy(fn: ts.SignatureDeclaration, name: ts.Identifier | string, calls: (ts.CallExpression | ts.NewExpression)[], file: FileCtx): boolean {
  const method = isMethodHolder(fn, name, file);
  const text = typeof name === 'string' ? name : name.text;
  const binding = !method && typeof name !== 'string' ? file.resolver.resolve(name) : undefined;
  if (!method && !binding) return false;
  const callees = new Set<ts.Node>();
  for (const c of calls) {
    const callee = unwrap(c.expression);
    callees.add(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
  }
  const declared = !method ? name : ts.isMethodDeclaration(fn) ? fn.name : holderName(fn);
  for (const i of wordsAt(file.sf.text, text)) {
    const n = leafAt(file.sf, i);
    if (!n || n === declared || callees.has(n)) continue;
    if (ts.isStringLiteralLike(n)) {
      if (method && n.text === text) return false;
      continue;
    }
    if (!ts.isIdentifier(n) && !ts.isPrivateIdentifier(n)) continue;
    // `client.fetch`, and `const { fetch } = client` or `{ fetch: f }`, which take it off an object.
    const taken = ts.isBindingElement(n.parent) && ts.isObjectBindingPattern(n.parent.parent) && (n.parent.propertyName ?? n.parent.name) === n;
    const member = taken || (ts.isPropertyAccessExpression(n.parent) && n.parent.name === n) || (ts.isQualifiedName(n.parent) && n.parent.right === n);
    if (!method) {
      if (!member && ts.isIdentifier(n) && file.resolver.resolve(n) === binding) return false;
      continue;
    }
    // A name the file reads as a variable (`fetch(…)`, `{ fetch }`) is not the method, nor one another member declares
    // (`fetch(t, e) { … }` of another class: its callers call that one); nor is a global object's member.
    if (!member) continue;
    const owner = ts.isPropertyAccessExpression(n.parent) && n.parent.name === n ? unwrap(n.parent.expression) : undefined;
    if (owner && GLOBAL_OBJECTS.some((g) => isGlobal(owner, g, file))) continue;
    return false;
  }
  return true;
}

const GLOBAL_OBJECTS = ['globalThis', 'window', 'self', 'global'];

/** The class branch of `callersOf`: a method called as `this.name(…)`. */
function isMethodHolder(fn: ts.SignatureDeclaration, name: ts.Identifier | string, file: FileCtx): boolean {
  return (ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent)) || (typeof name === 'string' && ts.isFunctionExpression(fn) && !!thisClass(fn.body, file));
}

/** The member name a prototype's function is written to (`Api.prototype.send = function …`). */
function holderName(fn: ts.Node): ts.Node | undefined {
  const at = holderExpression(fn);
  if (ts.isBinaryExpression(at) && ts.isPropertyAccessExpression(at.left)) return at.left.name;
  return (ts.isPropertyAssignment(at) || ts.isMethodDeclaration(at)) ? at.name : undefined;
}

/**
 * `init` in `const apiFetch = (path, init?) => fetch(path, init)` (paramCalls): what the calls of this file pass
 * there, when they show it. Each call leaving it out (`apiFetch('/users')`) passes nothing; each object literal
 * (`apiFetch(u, { method })`) its keys. A key counts only where every such call writes it, so one call that sends
 * no timeout is seen. Calls passing what the analysis cannot see, and callers in other files, may pass anything;
 * with no call that shows it, undefined (the caller's options, unknown), except for an optional parameter of a
 * function only other modules call: its own signature says they may leave it out.
 */
export function callerOptions(expr: ts.Expression, file: FileCtx, env?: Env): Val | undefined {
  const pc = paramCalls(expr, file, env);
  if (!pc) return undefined;
  const { param, fn, holder, calls, index } = pc;
  const cache = (file.cache.get('callerOptions') as Map<ts.Node, Val | null> | undefined) ?? new Map<ts.Node, Val | null>();
  file.cache.set('callerOptions', cache);
  if (cache.has(param)) return cache.get(param) ?? undefined;
  cache.set(param, null);
  let keys: Map<string, Prop> | undefined;
  for (const c of calls) {
    const args = c.arguments ?? [];
    if (args.slice(0, index + 1).some(ts.isSpreadElement)) continue;
    const arg = args[index] && unwrap(args[index]);
    const shown = !arg || (ts.isIdentifier(arg) && arg.text === 'undefined') ? NO_KEYS : shownBy(arg, file);
    if (shown.kind !== 'object' || shown.open) continue;
    // A key every caller gives, with the literal the one caller writes (its `timeout: 0` reaches the request as
    // written there, and a fix writes there); else a value the analysis cannot tell.
    keys = keys
      ? new Map([...keys].filter(([k]) => shown.props.has(k)).map(([k, p]) => [k, { ...p, value: UNKNOWN }]))
      : new Map([...shown.props].map(([k, p]) => [k, literalOf(p) && calls.length === 1 ? p : { ...p, value: UNKNOWN }]));
  }
  // `init?` of a function only other modules call: any of them may leave it out, and then fetch gets no options.
  if (!keys && param.questionToken && holder && typeof holder !== 'string' && calledOnlyElsewhere(fn, holder, file)) keys = new Map();
  const v: Val | undefined = keys && { kind: 'object', props: keys, open: false };
  cache.set(param, v ?? null);
  return v;
}

const NO_KEYS: Val = { kind: 'object', props: new Map(), open: false };

/** The literal a caller's property is written with (`timeout: 0`), read where it is written. */
function literalOf(p: Prop): Val | undefined {
  if (p.value) return undefined;
  const v = evaluate(p.expr, p.file, 1, p.env);
  return v.kind === 'lit' ? v : undefined;
}


/**
 * The global `new Request(url, init)` an argument makes, written there or held by a name nothing reassigns
 * (`const req = new Request(url, { signal }); this.fetch(req)`): its init, `null` for none; undefined otherwise.
 */
function madeRequestInit(arg: ts.Expression, name: string, file: FileCtx): ts.Expression | null | undefined {
  let e = unwrap(arg);
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
  if (b?.kind === 'var' && !b.path.length && b.init && isConstant(b, file)) e = unwrap(b.init);
  if (!ts.isNewExpression(e) || !isGlobal(unwrap(e.expression), name, file)) return undefined;
  const args = e.arguments ?? [];
  return args.some(ts.isSpreadElement) ? undefined : args[1] ?? null;
}

/**
 * `input` in `fetch(input, init)` where `input` is a whole parameter the calls of this file fill with request objects
 * they make (`request() { … this.fetch(new Request(url, { signal: c.signal })) }` beside `fetch(input, init) {
 * return globalThis.fetch(input, init) }`): the options those requests carry, keys every such call writes. A call
 * passing anything else (a URL, a value the analysis cannot see) passes a request with no options of its own, or the
 * caller's: where any does, no call shows a request object, or the function is also handed on or called another way
 * (`urls.map(send)`, `send.call(null, url)`, `client.fetch(url)`, `super.fetch(url)`), undefined (read as before).
 */
export function callerRequests(expr: ts.Expression, name: string, file: FileCtx, env?: Env): Val | undefined {
  const pc = paramCalls(expr, file, env);
  if (!pc) return undefined;
  const key = `callerRequests:${name}`;
  const cache = (file.cache.get(key) as Map<ts.Node, Val | null> | undefined) ?? new Map<ts.Node, Val | null>();
  file.cache.set(key, cache);
  if (cache.has(pc.param)) return cache.get(pc.param) ?? undefined;
  cache.set(pc.param, null);
  const v = requestsOf(pc, name, file);
  cache.set(pc.param, v ?? null);
  return v;
}

function requestsOf({ binding, calls, index, onlyCalled }: ParamCalls, name: string, file: FileCtx): Val | undefined {
  // Given another value on the way (`input = new Request(input.url)`), it is no longer what the calls pass.
  if (!calls.length || reassigned(binding, file)) return undefined;
  const shown: Extract<Val, { kind: 'object' }>[] = [];
  for (const c of calls) {
    const args = c.arguments ?? [];
    const arg = args[index];
    if (!arg || args.slice(0, index + 1).some(ts.isSpreadElement)) return undefined;
    const init = madeRequestInit(arg, name, file);
    if (init === undefined) return undefined;
    const v = init === null ? NO_KEYS : shownBy(unwrap(init), file);
    if (v.kind !== 'object') return undefined;
    shown.push(v);
  }
  // Handed on, or called some other way, the function may be given a bare URL.
  if (!onlyCalled()) return undefined;
  if (shown.length < 2) return shown[0];
  // A key counts where every request writes it; one whose init spreads what the analysis cannot see may hold any.
  const props = new Map<string, Prop>();
  for (const o of shown) {
    for (const [k, p] of o.props) if (shown.every((x) => x.open || x.props.has(k))) props.set(k, { ...p, value: UNKNOWN });
  }
  return { kind: 'object', props, open: shown.some((o) => o.open) };
}

/**
 * The calls of a function another one returns (`function retrying(f) { return function (url, init) { … } }`, or
 * `(f) => (url, init) => …`): those of each const holding a call of the outer function (`const send = retrying(fetch)`).
 * Undefined where a call of it is kept some other way (handed on, returned, stored), whose calls may pass anything.
 */
function returnedCallers(fn: ts.SignatureDeclaration, file: FileCtx, kept: ts.Identifier[] = []): (ts.CallExpression | ts.NewExpression)[] | undefined {
  if (!ts.isFunctionExpression(fn) && !ts.isArrowFunction(fn)) return undefined;
  const at = holderExpression(fn);
  const up = ts.isReturnStatement(at) ? functionOf(at) : ts.isArrowFunction(at) && at.body === outermost(fn) ? at : undefined;
  const outer = up && (ts.isFunctionDeclaration(up) || ts.isFunctionExpression(up) || ts.isArrowFunction(up)) ? up : undefined;
  const name = outer && holderOf(outer);
  if (!outer || !name) return undefined;
  const made = callersOf(outer, name, file);
  const out: (ts.CallExpression | ts.NewExpression)[] = [];
  for (const m of made) {
    const at = holderExpression(m);
    if (!ts.isVariableDeclaration(at) || !ts.isIdentifier(at.name) || !(ts.getCombinedNodeFlags(at) & ts.NodeFlags.Const)) return undefined;
    kept.push(at.name);
    out.push(...callersOf(outer, at.name, file));
  }
  return made.length ? out : undefined;
}

/**
 * The object a call passes: a literal written there, or one a name holds (`const options = { host, path }; rereq(options)`)
 * with what the file writes onto it (`options.signal = …`); anything else is unknown.
 */
function shownBy(arg: ts.Expression, file: FileCtx): Val {
  const v = evaluate(arg, file, 1);
  if (ts.isObjectLiteralExpression(arg) || v.kind !== 'object') return v;
  const written = writtenOnto(arg, file);
  return written ? merge([v, written]) : v;
}

/**
 * The client a parameter holds where its function runs as written: `(function ($) { … })(jQuery)` gets the
 * argument written there, `jQuery(function ($) { … })` what the library passes (`readyCallbacks`). Only a
 * client reference: other arguments stay what callers may pass, as before.
 */
export function placedArgument(param: ts.ParameterDeclaration, file: FileCtx, depth: number): Val | undefined {
  const fn = param.parent;
  if (!(ts.isFunctionExpression(fn) || ts.isArrowFunction(fn)) || param.dotDotDotToken) return undefined;
  const index = fn.parameters.indexOf(param);
  const n = outermost(fn);
  const call = n.parent;
  if (!ts.isCallExpression(call)) return undefined;
  let v: Val | undefined;
  if (call.expression === n) {
    const arg = call.arguments[index];
    v = arg && !ts.isSpreadElement(arg) ? evaluate(arg, file, depth + 1) : undefined;
  } else if (call.arguments.includes(n as ts.Expression)) {
    v = (index === 0 && call.arguments[0] === n ? readyRoot(call, file, depth) : undefined) ??
      amdDependency(call, n as ts.Expression, index, file) ?? umdFactoryArgument(call, n as ts.Expression, index, file, depth);
  }
  return v?.kind === 'ref' ? v : undefined;
}

const AMD_LOADERS = new Set(['define', 'require', 'requirejs']);

/**
 * `define(['jquery'], function ($) { … })`, `require(['jquery'], function ($) { … })`: an AMD loader (a global,
 * not a binding of the file) passes the factory the modules its dependency list names, in order. Only a
 * package's name: a relative id is resolved by the loader's configuration, not by the file's path.
 */
function amdDependency(call: ts.CallExpression, fn: ts.Expression, index: number, file: FileCtx): Val | undefined {
  const at = call.arguments.indexOf(fn);
  const list = at > 0 ? unwrap(call.arguments[at - 1]!) : undefined;
  const callee = unwrap(call.expression);
  if (!list || !ts.isArrayLiteralExpression(list) || !ts.isIdentifier(callee) || !AMD_LOADERS.has(callee.text)) return undefined;
  if (file.resolver.resolve(callee)) return undefined;
  const dep = list.elements[index];
  if (!dep || !ts.isStringLiteralLike(dep) || dep.text.startsWith('.') || dep.text.startsWith('/')) return undefined;
  return { kind: 'ref', base: { module: dep.text }, path: [] };
}

/**
 * The UMD wrapper: `(function (factory) { … define(['jquery'], factory) … factory(require('jquery')) … factory(jQuery)
 * }(function ($) { … }))`. The factory handed to a function written in place is called by it, or handed to an AMD
 * loader with a dependency list: its parameter holds what those give at its position, when every one the analysis
 * reads names the same client (`oneClient`); one it cannot read (`root.jQuery`) is taken as the same.
 */
function umdFactoryArgument(call: ts.CallExpression, fn: ts.Expression, index: number, file: FileCtx, depth: number): Val | undefined {
  const outer = unwrap(call.expression);
  if (!ts.isFunctionExpression(outer) && !ts.isArrowFunction(outer)) return undefined;
  const param = outer.parameters[call.arguments.indexOf(fn)];
  if (!param || !ts.isIdentifier(param.name) || param.dotDotDotToken) return undefined;
  const cache = (file.cache.get('umdFactory') as Map<string, Val | null> | undefined) ?? new Map<string, Val | null>();
  file.cache.set('umdFactory', cache);
  const key = `${param.pos}:${index}`;
  if (cache.has(key)) return cache.get(key) ?? undefined;
  cache.set(key, null);
  const v = factoryArguments(outer.body, param, index, file, depth);
  cache.set(key, v ?? null);
  return v;
}

function factoryArguments(body: ts.Node, param: ts.ParameterDeclaration, index: number, file: FileCtx, depth: number): Val | undefined {
  const isFactory = (x: ts.Expression | undefined): boolean => {
    const e = x && unwrap(x);
    const b = e && ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
    return b?.kind === 'param' && b.param === param && !b.path.length;
  };
  const given: Val[] = [];
  walk(body, (n) => {
    if (!ts.isCallExpression(n)) return true;
    if (isFactory(n.expression)) {
      const arg = n.arguments[index];
      if (arg && !ts.isSpreadElement(arg)) given.push(evaluate(arg, file, depth + 1));
    } else {
      const handed = n.arguments.find((a) => isFactory(a));
      const dep = handed && amdDependency(n, handed, index, file);
      if (dep) given.push(dep);
    }
    return true;
  });
  const refs = given.filter((v) => v.kind === 'ref');
  return refs.length ? oneClient(refs) : undefined;
}

/** `jQuery(fn)` or `jQuery(document).ready(fn)`: the root of a `readyCallbacks` client, which the library passes `fn`. */
function readyRoot(call: ts.CallExpression, file: FileCtx, depth: number): Val | undefined {
  const callee = unwrap(call.expression);
  const rootCall = ts.isPropertyAccessExpression(callee) && callee.name.text === 'ready' ? unwrap(callee.expression) : call;
  if (!ts.isCallExpression(rootCall)) return undefined;
  const root = evaluate(rootCall.expression, file, depth + 1);
  if (root.kind !== 'ref' || root.path.length) return undefined;
  return clientsOf(root.base, []).some((c) => c.spec.readyCallbacks) ? root : undefined;
}
