// Callee resolution: whether a call's callee may name a client, and its value when it does.
import { ts } from './typescript';
import { reachesNoClient } from '../../catalogue/import-reach';
import { GLOBAL_OBJECTS } from '../../catalogue/js-globals';
import { resolveImport } from '../../catalogue/relative-imports';
import { ANY_MEMBER, ANY_NAME, clientsOf, jsClients } from './catalogue';
import { checkedInstance } from './checker';
import type { Call } from './detect';
import { type FileCtx, isConstant } from './file';
import { lastOfSequence, unwrap } from './parse';
import { argumentRoot, defaultedClient, passedClient } from './passed';
import type { Binding } from './resolve';
import { typedBinding } from './types';
import { type Val, elementKey, evaluate, judgingMayBe, member } from './values';

let names: { props: Set<string>; globals: Set<string>; wild: Map<string, number> } | undefined;

/** Words a callee must end in to be worth evaluating: a cheap filter before any resolution. */
function calleeNames(): { props: Set<string>; globals: Set<string>; wild: Map<string, number> } {
  if (names) return names;
  // `octokit.rest.issues.create`: a path that ends in names of any spelling (ANY_NAME) is told by the last name
  // written before them, that many steps up.
  const wild = new Map<string, number>();
  // `(0, node_fetch_1.default)(url)`: a module's default export, read as compiled ES modules read it.
  const props = new Set<string>(['assign', 'create', 'default']);
  const globals = new Set<string>(['require']);
  for (const spec of jsClients()) {
    for (const shape of [...spec.calls, ...(spec.instances ?? []), ...(spec.setup ?? []).map((p) => ({ callee: ['', ...p] }))]) {
      for (const seg of shape.callee.slice(1)) for (const s of typeof seg === 'string' ? [seg] : seg) if (s !== ANY_NAME) props.add(s);
      const last = shape.callee.length - 1;
      let named = last;
      while (named > 0 && shape.callee[named] === ANY_NAME) named--;
      const seg = shape.callee[named];
      if (named < last && named > 0 && typeof seg === 'string') wild.set(seg, last - named);
    }
    for (const entries of Object.values(spec.roots)) {
      for (const e of entries) {
        // `window.XMLHttpRequest`, `globalThis.fetch`: a global is also reached as a property.
        if (e.global) globals.add(e.global), props.add(e.global);
        if (e.export) props.add(e.export);
      }
    }
  }
  names = { props, globals, wild };
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
  if (!from) return false;
  const { globals } = calleeNames();
  if ([...from.path, ...(b.kind === 'var' ? b.path : [])].some((n) => globals.has(n) || GLOBAL_OBJECTS.has(n))) return false;
  const key = `clientless\0${from.specifier}`;
  let answer = file.cache.get(key) as boolean | undefined;
  if (answer === undefined) {
    const path = resolveImport(file.path, from.specifier);
    answer = path !== null && reachesNoClient(path);
    file.cache.set(key, answer);
  }
  return answer;
}

/**
 * `compute`'s answer for the binding `b`, asked once per binding: what a `var`/`const`/`let` or an import holds, and
 * which client a parameter is given, do not depend on where the name is called (a bundle calls the same few names
 * thousands of times). Not while judging what a module may hand on, where values are what they may be.
 */
function perBinding<T>(key: string, b: Binding, file: FileCtx, compute: () => T): T {
  if (judgingMayBe()) return compute();
  let memo = file.cache.get(key) as Map<Binding, T> | undefined;
  if (!memo) file.cache.set(key, (memo = new Map()));
  if (memo.has(b)) return memo.get(b) as T;
  const v = compute();
  memo.set(b, v);
  return v;
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

export function calleeAt(expr: ts.Expression, file: FileCtx): Val | undefined {
  // `(0, fetch_1.default)(url)`, as TypeScript and Babel emit an imported function's call: the function itself.
  const c = lastOfSequence(expr);
  const { props, globals, wild } = calleeNames();
  if (ts.isIdentifier(c)) {
    const b = file.resolver.resolve(c);
    if (!b) return globals.has(c.text) ? evaluate(c, file) : undefined;
    // A parameter is a client only by its type (`(got: Got) => got(url)`) or as a framework's argument (`load({ fetch })`).
    if (b.kind === 'param') {
      return perBinding('paramCallee', b, file, () => typedBinding(b, file) ?? argumentRoot(b, undefined, file) ?? passedClient(b, file)) ?? defaultedClient(b, c, file) ??
        (file.program ? checkedInstance(c, file) : undefined);
    }
    if (readFromClientlessModule(b, file)) return undefined;
    if (b.kind !== 'var' && b.kind !== 'import') return undefined;
    const v = orChecked(perBinding('heldCallee', b, file, () => evaluate(c, file)), c, file);
    // `const m = request[method.toLowerCase()]; m(opts)`: the computed member kept by a const, as written in place.
    const init = v.kind === 'unknown' && b.kind === 'var' && !b.path.length && b.init && isConstant(b, file) ? unwrap(b.init) : undefined;
    return (init && ts.isElementAccessExpression(init) && computedMember(init, file)) || v;
  }
  if (ts.isPropertyAccessExpression(c)) {
    const param = ts.isIdentifier(c.expression) ? file.resolver.resolve(c.expression) : undefined;
    const passed = param?.kind === 'param' ? argumentRoot(param, c.name.text, file) : undefined;
    if (passed?.kind === 'ref' && clientsOf(passed.base, passed.path).length) return passed;
    if (!props.has(c.name.text) && !heldByName(c, file) && !underWildName(c, wild)) return undefined;
    // `g.fetch(u)`, `g` imported from a module that exports `globalThis` under another name: a global object
    // names no client by itself, so a global's own name is always followed.
    const root = globals.has(c.name.text) ? undefined : rootName(c.expression);
    const b = root && file.resolver.resolve(root);
    if (b && readFromClientlessModule(b, file)) return undefined;
    return orChecked(evaluate(c, file), c, file);
  }
  // `method.bind(superagent)(uri)`: a bound parameter is the client it holds (see passedClient).
  const bound = ts.isCallExpression(c) ? unwrap(c.expression) : undefined;
  if (bound && ts.isPropertyAccessExpression(bound) && bound.name.text === 'bind' && ts.isIdentifier(unwrap(bound.expression))) {
    const held = calleeAt(bound.expression, file);
    if (held) return held;
  }
  const computed = ts.isElementAccessExpression(c) ? computedMember(c, file) : undefined;
  if (computed) return computed;
  // `(options.fetch ?? globalThis.fetch)(url)`, `(secure ? fetchA : fetchB)(url)`: the value decides.
  if (ts.isElementAccessExpression(c) || ts.isCallExpression(c) || ts.isBinaryExpression(c) || ts.isConditionalExpression(c)) return evaluate(c, file);
  return undefined;
}

/**
 * `axios[method](url, cfg)`, `this.http[verb.toLowerCase()](url)`: a member of a client under a name the code
 * computes and the analysis cannot read is any request method of the client there (`ANY_MEMBER`, see clientCall).
 * Undefined for a name it reads (`x['get']`, `const m = 'get'`), which `evaluate` follows, and for no client.
 */
function computedMember(c: ts.ElementAccessExpression, file: FileCtx): Val | undefined {
  if (elementKey(c, file, 0) !== undefined) return undefined;
  const obj = calleeAt(c.expression, file);
  if (!obj || (obj.kind !== 'ref' && obj.kind !== 'instance')) return undefined;
  if (obj.kind === 'ref' && !clientsOf(obj.base, obj.path).length) return undefined;
  return { ...obj, path: [...obj.path, ANY_MEMBER] };
}

/** `x.rest.issues.create`: a callee `wild` steps below a name after which any names follow (calleeNames). */
function underWildName(c: ts.PropertyAccessExpression, wild: ReadonlyMap<string, number>): boolean {
  let e: ts.Expression = c;
  for (let up = 0; up < 4 && ts.isPropertyAccessExpression(e); up++) {
    e = e.expression;
    if (ts.isPropertyAccessExpression(e) && wild.get(e.name.text) === up + 1) return true;
  }
  return false;
}

/**
 * `this.fetchImpl(url)`, `opts.fetchImpl(url)` with `const opts = { fetchImpl: fetch }`: a member of this class or
 * of an object literal held by a const, under a name of the code's own choosing, that may hold a client.
 */
function heldByName(c: ts.PropertyAccessExpression, file: FileCtx): boolean {
  if (c.expression.kind === ts.SyntaxKind.ThisKeyword) return true;
  const b = ts.isIdentifier(c.expression) ? file.resolver.resolve(c.expression) : undefined;
  return b?.kind === 'var' && isConstant(b, file) && !b.path.length && !!b.init && ts.isObjectLiteralExpression(unwrap(b.init));
}

/** Where names cannot tell, the type checker may (only when ESLint gave a Program). */
function orChecked(v: Val, c: ts.Identifier | ts.PropertyAccessExpression, file: FileCtx): Val {
  if (v.kind !== 'unknown' || !file.program) return v;
  if (ts.isIdentifier(c)) return checkedInstance(c, file) ?? v;
  const recv = checkedInstance(c.expression, file);
  return recv ? member(recv, c.name.text, 0) : v;
}
