// Clients a parameter holds: one every call of a local function passes, its default, a framework's argument.
import { ts } from './typescript';
import { clientsOf, jsClients } from './catalogue';
import { namesIn, type FileCtx } from './file';
import { memberCallers } from './member-callers';
import { callsByName } from './receivers';
import { neverClient, oneClient } from './one-client';
import type { Binding } from './resolve';
import { type Val, evaluate } from './values';
import { exportedName, holderOf, outermost } from './walk';

/**
 * `postJSON(config, fetch, url)` where every call of the module's own function passes it the same client
 * (`postJSON(this.config, this.fetch, url)`, @planetscale/database): the parameter is that client. Only a
 * function of this file, not exported, and named nowhere but as the callee of those calls: any other use may
 * call it with anything. A function kept as a member of the file's object or class counts the same way, called
 * only on it (`HttpManager._makeRequest(superagent.get, …)`, spotify-web-api-node; see memberCallers).
 */
export function passedClient(b: Extract<Binding, { kind: 'param' }>, file: FileCtx): Val | undefined {
  const fn = b.param.parent;
  if (b.path.length || b.param.dotDotDotToken) return undefined;
  let known = file.cache.get('passedClient') as Map<ts.Node, Val | undefined> | undefined;
  if (!known) file.cache.set('passedClient', (known = new Map()));
  if (known.has(b.param)) return known.get(b.param);
  known.set(b.param, undefined);
  const name = plainHolder(fn);
  const index = fn.parameters.indexOf(b.param);
  const calls = name ? callsByName(file).plain.get(name.text) : memberHeld(fn) ? memberCallers(fn, file, index) : undefined;
  // Cheap first: the calls, each passing there a value that names a client.
  const values: Val[] = [];
  for (const call of calls ?? []) {
    const arg = call.arguments[index];
    if (!arg || call.arguments.slice(0, index + 1).some(ts.isSpreadElement) || neverClient(arg)) return undefined;
    const v = evaluate(arg, file);
    if (v.kind !== 'ref') return undefined;
    values.push(v);
  }
  const v = values.length && (!name || onlyCalled(name, file)) ? oneClient(values) : undefined;
  known.set(b.param, v);
  return v;
}

/** The name a function of this file that no export names is called by: `function f`, `const f = (…) => …`. */
function plainHolder(fn: ts.SignatureDeclaration): ts.Identifier | undefined {
  if (!(ts.isFunctionDeclaration(fn) || ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  const name = holderOf(fn);
  return name && !exportedName(fn) ? name : undefined;
}

function memberHeld(fn: ts.SignatureDeclaration): boolean {
  return ts.isMethodDeclaration(fn) || ((ts.isFunctionExpression(fn) || ts.isArrowFunction(fn)) && !holderOf(fn));
}

/** Whether `name` is named nowhere in the file but as the callee of its calls. */
function onlyCalled(name: ts.Identifier, file: FileCtx): boolean {
  return namesIn(file, file.sf, name.text).every((n) => n === name || (ts.isCallExpression(n.parent) && n.parent.expression === n && file.resolver.resolve(n)?.name === name));
}

/**
 * A parameter whose default is a client (`fetchFn = fetch`, `{ fetch = nodeFetch } = {}`): what runs when the caller
 * passes none, as a class keeps its constructor's default. A caller's own function is theirs to bound.
 */
export function defaultedClient(b: Extract<Binding, { kind: 'param' }>, c: ts.Identifier, file: FileCtx): Val | undefined {
  if (!(b.path.length ? b.fallback : b.param.initializer) || b.param.dotDotDotToken) return undefined;
  const v = evaluate(c, file);
  return v.kind === 'ref' && clientsOf(v.base, v.path).length ? v : undefined;
}

let argumentOfNames: { fn: Set<string>; each: Set<string>; call: Set<string> } | undefined;

/**
 * `defineEventHandler((event) => …)`, `defineEventHandler({ handler(event) { … } })`: the name of the framework's
 * call the function is given to, when the file imports it by that name or leaves it to the framework's auto-import.
 */
export function handedTo(fn: ts.SignatureDeclaration, names: ReadonlySet<string>, file: FileCtx): string | undefined {
  let n: ts.Node = fn;
  const prop = ts.isMethodDeclaration(fn) ? fn : ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) ? fn.parent : undefined;
  if (!prop) return undefined;
  if (ts.isMethodDeclaration(prop) || ts.isPropertyAssignment(prop)) {
    if (!ts.isIdentifier(prop.name) || prop.name.text !== 'handler' || !ts.isObjectLiteralExpression(prop.parent)) return undefined;
    n = prop.parent;
  }
  n = outermost(n);
  const call = n.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== n || !ts.isIdentifier(call.expression) || !names.has(call.expression.text)) return undefined;
  const b = file.resolver.resolve(call.expression);
  return !b || (b.kind === 'import' && b.export === call.expression.text && HANDLER_MODULES.test(b.module)) ? call.expression.text : undefined;
}

// Where a server framework's handler calls come from: h3, and Nitro, Nuxt (`#imports`) and Vinxi, which hand h3's on.
const HANDLER_MODULES = /^(?:h3|nitropack|nitro|vinxi\/http|#imports|#internal\/nitro)(?:\/|$)/;

/**
 * A property of the first parameter of an exported function a client names: destructured (`load({ fetch })`),
 * or `member` read off the whole parameter (`GET(event)` then `event.fetch(…)`); or of the handler a framework's
 * call is given (`defineEventHandler((event) => event.$fetch(…))`).
 */
export function argumentRoot(b: Extract<Binding, { kind: 'param' }>, member?: string, file?: FileCtx): Val | undefined {
  if (!argumentOfNames) {
    const entries = jsClients().flatMap((s) => Object.values(s.roots).flat());
    argumentOfNames = {
      fn: new Set(entries.flatMap((e) => (e.argumentOf ? [e.argumentOf] : []))),
      each: new Set(entries.flatMap((e) => (e.argumentOfEach ? [e.argumentOfEach] : []))),
      call: new Set(entries.flatMap((e) => (e.argumentOfCall ? [e.argumentOfCall] : []))),
    };
  }
  const fn = b.param.parent;
  const key = member === undefined ? (b.path.length === 1 ? b.path[0] : undefined) : b.path.length === 0 ? member : undefined;
  if (key === undefined || fn.parameters[0] !== b.param) return undefined;
  const handler = file && argumentOfNames.call.size ? handedTo(fn, argumentOfNames.call, file) : undefined;
  if (handler) return { kind: 'ref', base: { argumentOf: handler }, path: [key] };
  const holder = exportedName(fn);
  if (!holder || !(holder.each ? argumentOfNames.each : argumentOfNames.fn).has(holder.name)) return undefined;
  return { kind: 'ref', base: { argumentOf: holder.name }, path: [key] };
}
