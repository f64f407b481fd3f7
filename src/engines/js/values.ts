import { ts } from './typescript';
import type { JsCallShape, JsClientSpec } from '../../catalogue/define-client';
import { GLOBAL_OBJECTS } from '../../catalogue/js-globals';
import { type RefBase, clientsOf, jsClients, shapeFor } from './catalogue';
import { calledOnlyElsewhere } from './exported';
import { namesIn, type FileCtx } from './file';
import { staticName, unwrap } from './parse';
import type { Binding } from './resolve';
import { thisClass, typedBinding, typedThisMember } from './types';
import { exportedName, holderExpression, holderOf } from './walk';

/** An object key as written: the expression to evaluate and the node that holds it (for fixes). */
export interface Prop {
  expr: ts.Expression;
  node: ts.Node;
  file: FileCtx;
  env?: Env;
  /** A value already known: the nested object step writes build (`opts.timeout.request = …`); `expr` is then the write's target. */
  value?: Val;
}

/** An instance made by a spec's `instances` call (axios.create); `parent` is the instance it was made from. */
export interface Instance {
  spec: JsClientSpec;
  root: string;
  /** The creating call; for a `typed` instance, the declaration or expression its type was read from. */
  create: ts.Node;
  /** Known by its declared or checked type only: made elsewhere, with options the analysis cannot see. */
  typed?: true;
  shape: JsCallShape;
  /** The creation's options argument: its value and where it sits, for fixes. */
  arg: { value: Val; index: number | null; node?: ts.Expression };
  options: Val;
  /** Arguments merged left to right, in order (`shape.mergesArguments`): each an options object or an instance. */
  merged?: { value: Val; index: number | null; node?: ts.Expression }[];
  /** Keys an options function writes before its spread of the parent's options: they count only where the parent has none. */
  below?: Val;
  parent?: Instance;
  file: FileCtx;
  /** Other modules the library reference came through: their `defaults` apply too. */
  via?: FileCtx[];
}

export type SignalState = 'timed' | 'untimed' | 'unknown';

/** How a controller hands out its signal and is aborted: AbortController's `signal` and `abort()`. */
export interface ControllerApi {
  name: string;
  signal: string;
  abort: string;
  /** The abort function is a closure that works unbound (`setTimeout(source.cancel, ms)`), not a method. */
  closure: boolean;
  verb: string;
}

/** What the analysis knows about an expression's value. */
export type Val =
  | { kind: 'lit'; value: number | string | boolean | null | undefined }
  | { kind: 'object'; props: Map<string, Prop>; open: boolean; literal?: ts.ObjectLiteralExpression }
  | { kind: 'ref'; base: RefBase; path: string[]; via?: FileCtx[] }
  | { kind: 'instance'; inst: Instance; path: string[] }
  | { kind: 'namespace'; file: FileCtx }
  | { kind: 'signal'; state: SignalState; node: ts.Node; file: FileCtx; moduleScope?: boolean; note?: string }
  | { kind: 'controller'; node: ts.Node; file: FileCtx; binding?: Binding; api: ControllerApi }
  | { kind: 'local'; decl: ts.SignatureDeclaration; file: FileCtx }
  | { kind: 'unknown' };

/** Parameters bound to the arguments of the call being followed into a same-file function. */
export type Env = Map<ts.ParameterDeclaration, { args: readonly ts.Expression[]; index: number; file: FileCtx; env?: Env }>;

export const UNKNOWN: Val = { kind: 'unknown' };
const UNDEFINED: Val = { kind: 'lit', value: undefined };
const MAX_DEPTH = 24;

// Depth bounds one chain; the budget bounds the whole lint of a file, so crafted code that fans out
// (spreads of spreads) costs at most this many steps and then reads as unknown (counts as set).
const MAX_STEPS = 200_000;
let steps = 0;

/** Starts a new evaluation budget; the engine calls it once per linted file. */
export function resetBudget(): void {
  steps = 0;
}

// Set while judging what a module may hand on (reach.ts): values are then what they may be, not what they are.
let unknownMayBeUndefined = false;

/** True while `judgingWhatMayBe` runs: values made then must not be kept as what the code does. */
export function judgingMayBe(): boolean {
  return unknownMayBeUndefined;
}

/** Runs `judge` with unknown values taken as possibly undefined, so that destructuring defaults count. */
export function judgingWhatMayBe<T>(judge: () => T): T {
  const outer = unknownMayBeUndefined;
  unknownMayBeUndefined = true;
  try {
    return judge();
  } finally {
    unknownMayBeUndefined = outer;
  }
}

/** True when the budget ran out since the last reset: some value read as unknown that might not be. */
export function budgetSpent(): boolean {
  return steps > MAX_STEPS;
}

/** The abstract value of an expression; depth-bounded, so cycles and deep chains end as `unknown`. */
export function evaluate(expr: ts.Expression, file: FileCtx, depth = 0, env?: Env): Val {
  if (depth > MAX_DEPTH || ++steps > MAX_STEPS) return UNKNOWN;
  const e = unwrap(expr);
  const lit = literalOf(e, file, depth, env);
  if (lit) return lit;
  if (ts.isIdentifier(e)) return evaluateName(e, file, depth, env);
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const name = ts.isPropertyAccessExpression(e) ? e.name.text : staticName(unwrap(e.argumentExpression));
    if (name === undefined) return UNKNOWN;
    if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) return typedThisMember(e, file, (x) => evaluate(x, file, depth + 1), clientOfWrites) ?? UNKNOWN;
    if (name === 'signal' && incomingRequest(e.expression, file)) return incomingSignal(e, file);
    if (name === 'signal' && queryContext(e.expression, file)) return querySignal(e, file);
    return member(evaluate(e.expression, file, depth + 1, env), name, depth + 1);
  }
  if (ts.isObjectLiteralExpression(e)) return objectOf(e, file, depth, env);
  if (ts.isCallExpression(e) || ts.isNewExpression(e)) return file.hooks.evaluateCall(e, file, depth + 1, env);
  if (ts.isConditionalExpression(e)) return either(e, file, depth, env);
  if (ts.isBinaryExpression(e) && FALLBACK.has(e.operatorToken.kind)) return fallbackClient(e, file, depth, env);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return objectOrNothing(e, file, depth, env);
  if (ts.isCommaListExpression(e)) return UNKNOWN;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) return evaluate(e.right, file, depth + 1, env);
  return UNKNOWN;
}

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
function serverHandler(fn: ts.SignatureDeclaration): boolean {
  const held = ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) ? holderExpression(fn) : fn;
  if (serveRuntime(held) === 'Deno') return true;
  if (!(ts.isMethodDeclaration(held) || ts.isPropertyAssignment(held)) || !ts.isObjectLiteralExpression(held.parent)) return false;
  const name = staticName(held.name);
  const outer = holderExpression(held.parent);
  if (ts.isExportAssignment(outer)) return name === 'fetch' && !outer.isExportEquals;
  const runtime = serveRuntime(outer);
  return (runtime === 'Bun' && name === 'fetch') || (runtime === 'Deno' && name === 'handler');
}

/** The first parameter of an exported function (a handler a framework calls with its event). */
function handlerEvent(b: Binding | null): b is Extract<Binding, { kind: 'param' }> {
  return b?.kind === 'param' && b.param.parent.parameters[0] === b.param && exportedName(b.param.parent) !== undefined;
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
  return b?.kind === 'var' && b.constant && b.init && !b.path.length ? frameworkOf(b.init, file, depth + 1) : undefined;
}

/** The framework of the app a route handler is registered on (`app.get('/x', (c) => …)`), when it is Hono or Elysia. */
function routeHandler(fn: ts.SignatureDeclaration, file: FileCtx): string | undefined {
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
    return ((handlerEvent(b) || routeParam(b, file) === 'elysia') && b?.kind === 'param' && !b.path.length);
  }
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : null;
  if (b?.kind !== 'param') return false;
  if (b.path.length === 1 && b.path[0] === 'request') return handlerEvent(b) || routeParam(b, file) === 'elysia';
  const declared = b.path.length ? undefined : b.param.type;
  // A handler's parameter declared as something else (`fetch(url: string)`) is not trusted to be the Request.
  if (!b.path.length && !declared && b.param.parent.parameters[0] === b.param && serverHandler(b.param.parent)) return true;
  return !!declared && ts.isTypeReferenceNode(declared) && ts.isIdentifier(declared.typeName) && REQUEST_TYPES.has(declared.typeName.text);
}

/**
 * `request.signal` of an incoming request: the server aborts it when the client goes away, and no timer does
 * (fetch docs, http-clients.md: only a timer's abort bounds a request), so passed on alone it bounds nothing.
 */
function incomingSignal(e: ts.Expression, file: FileCtx): Val {
  const line = file.sf.getLineAndCharacterOfPosition(e.getStart(file.sf)).line + 1;
  const note = ` The signal of the incoming request on line ${line} ends only when its client disconnects.`;
  return { kind: 'signal', state: 'untimed', node: e, file, note };
}

/**
 * The context TanStack Query hands a `queryFn` (`queryFn: ({ signal }) => …`, or `queryFn(ctx)` read as
 * `ctx.signal`): its signal is aborted when the query is cancelled or its last observer unmounts, never by a
 * timer, so like a component's AbortController it bounds nothing.
 */
function isQueryFnContext(param: ts.ParameterDeclaration): boolean {
  const fn = param.parent;
  if (fn.parameters[0] !== param) return false;
  const held = ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) ? fn.parent : fn;
  const name = ts.isPropertyAssignment(held) || ts.isMethodDeclaration(held) ? staticName(held.name) : undefined;
  return name === 'queryFn' && ts.isObjectLiteralExpression(held.parent);
}

function queryContext(expr: ts.Expression, file: FileCtx): boolean {
  const e = unwrap(expr);
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
  return b?.kind === 'param' && !b.path.length && isQueryFnContext(b.param);
}

function querySignal(node: ts.Node, file: FileCtx): Val {
  const line = file.sf.getLineAndCharacterOfPosition(node.getStart(file.sf)).line + 1;
  const note = ` The queryFn signal on line ${line} is aborted only when the query is cancelled, never by a timer.`;
  return { kind: 'signal', state: 'untimed', node, file, note };
}

/** A value that spreads nothing, and stands for no options: `undefined`, `null`, `false`, `''`, `0`. */
function isNothing(v: Val): boolean {
  return v.kind === 'lit' && !v.value;
}

/**
 * The options either of two objects (or nothing) gives, for a code path that may take either. A key a branch
 * writes has a value the analysis does not pin down (counts as set): a timeout on one path may be the one the
 * code wants there, and a fix of one branch's value would leave the other's. What no branch writes is known to
 * be missing: `{ ...(token ? { headers } : {}) }` holds no timeout.
 */
function meet(a: Val, b: Val): Val {
  const objects = [a, b].filter((v): v is Extract<Val, { kind: 'object' }> => v.kind === 'object');
  if (!objects.length || [a, b].some((v) => v.kind !== 'object' && !isNothing(v))) return UNKNOWN;
  const props = new Map<string, Prop>();
  for (const o of objects) for (const [k, p] of o.props) props.set(k, { ...p, value: UNKNOWN });
  return { kind: 'object', props, open: objects.some((o) => o.open) };
}

/** `cond && { headers }`: the object, or a falsy value that spreads nothing. */
function objectOrNothing(e: ts.BinaryExpression, file: FileCtx, depth: number, env?: Env): Val {
  const right = evaluate(e.right, file, depth + 1, env);
  return right.kind === 'object' ? meet(UNDEFINED, right) : UNKNOWN;
}

/**
 * `isHttps ? https : http`: both branches name the same client call, so either stands for the value; two
 * objects (or nothing) give the keys either writes (`meet`).
 */
function either(e: ts.ConditionalExpression, file: FileCtx, depth: number, env?: Env): Val {
  const a = evaluate(e.whenTrue, file, depth + 1, env);
  const b = evaluate(e.whenFalse, file, depth + 1, env);
  if (a.kind !== 'ref' || b.kind !== 'ref') return meet(a, b);
  return oneClient([a, b]) ?? UNKNOWN;
}

/** Where a call shape reads its arguments: calls alike in this send their options alike. */
function argumentsKey(s: JsCallShape | undefined): string {
  return s ? JSON.stringify([s.optionsArg, s.insertAt, s.urlArg ?? null, s.dataArg ?? null, s.keyedArg ?? null, !!s.construct]) : '-';
}

/**
 * The one client every value names, when each is a reference to a client: the same call (`https` or `http`), or
 * calls of one client that take their arguments alike (`window.fetch.bind(window)` or `require('node-fetch')`:
 * both fetch). Of those, the one that reads more timeout options, so that a key either honours counts as set.
 * Undefined when any value may be something else.
 */
export function oneClient(values: readonly Val[]): Val | undefined {
  let shared: string | undefined;
  let best: Extract<Val, { kind: 'ref' }> | undefined;
  let bestTotal = -1;
  for (const v of values) {
    if (v.kind !== 'ref') return undefined;
    const clients = clientsOf(v.base, v.path);
    if (!clients.length) return undefined;
    const keys = clients.map((c) => {
      const request = shapeFor(c.spec.calls, c.root, c.path, false);
      const factory = shapeFor(c.spec.instances, c.root, c.path, false);
      const exact = `${c.root} ${c.path.join('.')}`;
      return `${c.spec.id} ${request || factory ? `${argumentsKey(request)} ${argumentsKey(factory)}` : exact}`;
    });
    const key = keys.sort().join('\n');
    if (shared !== undefined && key !== shared) return undefined;
    shared = key;
    const total = Math.max(...clients.map((c) => shapeFor(c.spec.calls, c.root, c.path, false)?.total?.length ?? 0));
    if (total > bestTotal) (best = v), (bestTotal = total);
  }
  return best;
}

const FALLBACK = new Set([ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken]);

let globalNames: Set<string> | undefined;

/** The globals clients are reached from (`fetch`, `XMLHttpRequest`). */
function globalClientNames(): Set<string> {
  globalNames ??= new Set(jsClients().flatMap((s) => Object.values(s.roots).flat().flatMap((r) => (r.global ? [r.global] : []))));
  return globalNames;
}

/**
 * `injected ?? fetch`, `this.http || axios.create(…)`: a client the code falls back to is what runs when the
 * left side is not given, as a parameter's default is (policy, evaluate.ts); a client on the left runs itself.
 * Anything else is unknown.
 */
function fallbackClient(e: ts.BinaryExpression, file: FileCtx, depth: number, env?: Env): Val {
  const isClient = (v: Val): boolean => v.kind === 'instance' || (v.kind === 'ref' && clientsOf(v.base, v.path).length > 0);
  const right = evaluate(e.right, file, depth + 1, env);
  if (!isClient(right)) {
    // `globalThis.fetch || require('node-fetch')`: a client on the left is truthy, so it is what runs. Only a
    // left side that names a global client is evaluated: `a || b` is everywhere.
    const named = unwrap(e.left);
    const name = ts.isIdentifier(named) ? named.text : ts.isPropertyAccessExpression(named) ? named.name.text : undefined;
    const left = name !== undefined && globalClientNames().has(name) ? evaluate(e.left, file, depth + 1, env) : UNKNOWN;
    return isClient(left) ? left : UNKNOWN;
  }
  const left = evaluate(e.left, file, depth + 1, env);
  if (isClient(left)) return left;
  const or = e.operatorToken.kind === ts.SyntaxKind.BarBarToken;
  const absent = left.kind === 'unknown' || (left.kind === 'lit' && (left.value === undefined || left.value === null || (or && !left.value)));
  return absent ? right : UNKNOWN;
}

function literalOf(e: ts.Expression, file: FileCtx, depth: number, env?: Env): Val | undefined {
  if (ts.isNumericLiteral(e)) return { kind: 'lit', value: Number(e.text) };
  if (ts.isStringLiteralLike(e)) return { kind: 'lit', value: e.text };
  if (e.kind === ts.SyntaxKind.TrueKeyword) return { kind: 'lit', value: true };
  if (e.kind === ts.SyntaxKind.FalseKeyword) return { kind: 'lit', value: false };
  if (e.kind === ts.SyntaxKind.NullKeyword) return { kind: 'lit', value: null };
  if (ts.isVoidExpression(e)) return { kind: 'lit', value: undefined };
  if (ts.isPrefixUnaryExpression(e) && (e.operator === ts.SyntaxKind.MinusToken || e.operator === ts.SyntaxKind.PlusToken)) {
    const v = evaluate(e.operand, file, depth + 1, env);
    if (v.kind === 'lit' && typeof v.value === 'number') return { kind: 'lit', value: e.operator === ts.SyntaxKind.MinusToken ? -v.value : v.value };
    return UNKNOWN;
  }
  if (ts.isBinaryExpression(e)) return arithmetic(e, file, depth, env);
  return undefined;
}

function arithmetic(e: ts.BinaryExpression, file: FileCtx, depth: number, env?: Env): Val | undefined {
  const op = e.operatorToken.kind;
  const ops: Partial<Record<ts.SyntaxKind, (a: number, b: number) => number>> = {
    [ts.SyntaxKind.AsteriskToken]: (a, b) => a * b,
    [ts.SyntaxKind.PlusToken]: (a, b) => a + b,
    [ts.SyntaxKind.MinusToken]: (a, b) => a - b,
    [ts.SyntaxKind.SlashToken]: (a, b) => a / b,
  };
  const fn = ops[op];
  if (!fn) return undefined;
  const a = evaluate(e.left, file, depth + 1, env);
  const b = evaluate(e.right, file, depth + 1, env);
  if (a.kind === 'lit' && b.kind === 'lit' && typeof a.value === 'number' && typeof b.value === 'number') {
    return { kind: 'lit', value: fn(a.value, b.value) };
  }
  return UNKNOWN;
}

function evaluateName(id: ts.Identifier, file: FileCtx, depth: number, env?: Env): Val {
  const b = file.resolver.resolve(id);
  if (!b) {
    if (id.text === 'undefined') return { kind: 'lit', value: undefined };
    if (id.text === 'Infinity' || id.text === 'NaN') return { kind: 'lit', value: id.text === 'NaN' ? NaN : Infinity };
    return { kind: 'ref', base: { global: id.text }, path: [] };
  }
  return evaluateBinding(b, file, depth, env);
}

/** The value a binding holds; a reassigned `let`/`var` is unknown unless its declared type names a client. */
export function evaluateBinding(b: Binding, file: FileCtx, depth: number, env?: Env): Val {
  const v = bindingValue(b, file, depth, env);
  // issue #3: where names cannot tell, the type written in this file can (`client: AxiosInstance`), with no checker.
  return v.kind === 'unknown' ? typedBinding(b, file) ?? v : v;
}

function bindingValue(b: Binding, file: FileCtx, depth: number, env?: Env): Val {
  switch (b.kind) {
    case 'var': {
      if (!b.constant && file.assigned.has(b.name.text)) {
        const w = rebinding(b, file);
        if (!w) return everyWrite(b, file, depth, env) ?? UNKNOWN;
        // Inside its own right side (`request = request.defaults(…)`) the name still holds its first value.
        if (!activeRebindings.has(w)) {
          activeRebindings.add(w);
          try {
            return evaluate(w.right, file, depth + 1, env);
          } finally {
            activeRebindings.delete(w);
          }
        }
      }
      // `declare const x: T` has no initializer but a value the analysis cannot see.
      const whole = b.init ? evaluate(b.init, file, depth + 1, env) : b.constant ? UNKNOWN : UNDEFINED;
      const v = withFallback(follow(whole, b.path, depth), b.fallback, file, depth, env);
      if (v.kind === 'controller' && !v.binding) return { ...v, binding: b };
      if (v.kind === 'signal' && ts.isSourceFile(b.scope) && b.path.length === 0) return { ...v, moduleScope: true };
      return v;
    }
    case 'param': {
      const bound = env?.get(b.param);
      if (bound) {
        const arg = bound.args[bound.index];
        const whole = arg ? evaluate(arg, bound.file, depth + 1, bound.env) : UNDEFINED;
        return withFallback(follow(whole, b.path, depth), b.fallback, file, depth, env);
      }
      const placed = placedArgument(b.param, file, depth);
      if (placed) return withFallback(follow(placed, b.path, depth), b.fallback, file, depth, env);
      // Policy (evaluate.ts): a parameter's default is the value the code visibly uses when callers omit it.
      if (b.param.initializer) {
        const whole = evaluate(b.param.initializer, file, depth + 1, env);
        return withFallback(follow(whole, b.path, depth), b.fallback, file, depth, env);
      }
      if (b.path.length === 1 && b.path[0] === 'signal' && isQueryFnContext(b.param)) return querySignal(b.param, file);
      return b.fallback && b.path.length ? evaluate(b.fallback, file, depth + 1, env) : UNKNOWN;
    }
    case 'import':
      return file.modules.importOf(file, b.module, b.export, depth + 1);
    case 'function':
      return { kind: 'local', decl: b.decl, file };
    default:
      return UNKNOWN;
  }
}

/** The calls in this file to the function `name` holds: by the binding, or a method by `this.name(…)` in its class. */
function callersOf(fn: ts.SignatureDeclaration, name: ts.Identifier, file: FileCtx): (ts.CallExpression | ts.NewExpression)[] {
  if (ts.isMethodDeclaration(fn)) {
    const cls = fn.parent;
    return file.callNodes.filter((c) => {
      const callee = unwrap(c.expression);
      return ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword && callee.name.text === name.text && isOrExtends(thisClass(callee), cls, file);
    });
  }
  const binding = file.resolver.resolve(name);
  if (!binding) return [];
  return file.callNodes.filter((c) => {
    const callee = unwrap(c.expression);
    return ts.isIdentifier(callee) && callee.text === name.text && file.resolver.resolve(callee) === binding;
  });
}

/** `sub` is `cls`, or a class of this file that extends it (`class UsersApi extends BaseAPI`). */
function isOrExtends(sub: ts.ClassLikeDeclaration | undefined, cls: ts.Node, file: FileCtx): boolean {
  for (let c = sub, i = 0; c && i < 8; i++) {
    if (c === cls) return true;
    const base = c.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    const b = base && ts.isIdentifier(base) ? file.resolver.resolve(base) : undefined;
    const decl = b?.kind === 'other' ? b.name.parent : undefined;
    c = decl && ts.isClassDeclaration(decl) ? decl : undefined;
  }
  return false;
}

/**
 * `init` in `const apiFetch = (path, init?) => fetch(path, init)`, a whole parameter with no default and not
 * bound here to one caller's argument: what the calls of this file pass there, when they show it. Each call
 * leaving it out (`apiFetch('/users')`) passes nothing; each object literal (`apiFetch(u, { method })`) its
 * keys. A key counts only where every such call writes it, so one call that sends no timeout is seen. Calls
 * passing what the analysis cannot see, and callers in other files, may pass anything; with no call that
 * shows it, undefined (the caller's options, unknown), except for an optional parameter of a function only
 * other modules call: its own signature says they may leave it out.
 */
export function callerOptions(expr: ts.Expression, file: FileCtx, env?: Env): Val | undefined {
  const e = unwrap(expr);
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
  if (b?.kind !== 'param' || b.path.length || b.param.initializer || b.param.dotDotDotToken || env?.get(b.param)) return undefined;
  const fn = b.param.parent;
  const name = holderOf(fn);
  if (!name) return undefined;
  const cache = (file.cache.get('callerOptions') as Map<ts.Node, Val | null> | undefined) ?? new Map<ts.Node, Val | null>();
  file.cache.set('callerOptions', cache);
  if (cache.has(b.param)) return cache.get(b.param) ?? undefined;
  cache.set(b.param, null);
  const index = fn.parameters.indexOf(b.param);
  let keys: Map<string, Prop> | undefined;
  for (const c of callersOf(fn, name, file)) {
    const args = c.arguments ?? [];
    if (args.slice(0, index + 1).some(ts.isSpreadElement)) continue;
    const arg = args[index] && unwrap(args[index]);
    const shown = !arg || (ts.isIdentifier(arg) && arg.text === 'undefined') ? NO_KEYS : ts.isObjectLiteralExpression(arg) ? evaluate(arg, file, 1) : UNKNOWN;
    if (shown.kind !== 'object' || shown.open) continue;
    keys = keys ? new Map([...keys].filter(([k]) => shown.props.has(k))) : new Map([...shown.props].map(([k, p]) => [k, { ...p, value: UNKNOWN }]));
  }
  // `init?` of a function only other modules call: any of them may leave it out, and then fetch gets no options.
  if (!keys && b.param.questionToken && calledOnlyElsewhere(fn, name, file)) keys = new Map();
  const v: Val | undefined = keys && { kind: 'object', props: keys, open: false };
  cache.set(b.param, v ?? null);
  return v;
}

const NO_KEYS: Val = { kind: 'object', props: new Map(), open: false };

/**
 * The client a parameter holds where its function runs as written: `(function ($) { … })(jQuery)` gets the
 * argument written there, `jQuery(function ($) { … })` what the library passes (`readyCallbacks`). Only a
 * client reference: other arguments stay what callers may pass, as before.
 */
function placedArgument(param: ts.ParameterDeclaration, file: FileCtx, depth: number): Val | undefined {
  const fn = param.parent;
  if (!(ts.isFunctionExpression(fn) || ts.isArrowFunction(fn)) || param.dotDotDotToken) return undefined;
  const index = fn.parameters.indexOf(param);
  let n: ts.Node = fn;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const call = n.parent;
  if (!ts.isCallExpression(call)) return undefined;
  let v: Val | undefined;
  if (call.expression === n) {
    const arg = call.arguments[index];
    v = arg && !ts.isSpreadElement(arg) ? evaluate(arg, file, depth + 1) : undefined;
  } else if (index === 0 && call.arguments[0] === n) {
    v = readyRoot(call, file, depth);
  }
  return v?.kind === 'ref' ? v : undefined;
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

const activeRebindings = new Set<ts.BinaryExpression>();
const activeBindings = new Set<ts.Identifier>();

/**
 * `let fetch;` that an init function sets in each branch (`fetch = window.fetch.bind(window)`, else
 * `fetch = require('node-fetch')`, as dropbox's src/auth.js does): where every value the name is given, its
 * initializer included, is the same client (`oneClient`), a call through it sends that client's request. Before
 * any write it holds `undefined`, and a call of that throws. Undefined when any write is not a plain `=` to this
 * binding or may give anything else.
 */
function everyWrite(b: Extract<Binding, { kind: 'var' }>, file: FileCtx, depth: number, env?: Env): Val | undefined {
  if (b.path.length || activeBindings.has(b.name)) return undefined;
  let known = file.cache.get('everyWrite') as Map<ts.Node, Val | undefined> | undefined;
  if (!known) file.cache.set('everyWrite', (known = new Map()));
  if (!env && known.has(b.name)) return known.get(b.name);
  const v = clientOfEveryWrite(b, file, depth, env);
  if (!env && !judgingMayBe()) known.set(b.name, v);
  return v;
}

function clientOfEveryWrite(b: Extract<Binding, { kind: 'var' }>, file: FileCtx, depth: number, env?: Env): Val | undefined {
  const writes: ts.Expression[] = [];
  const init = b.init && unwrap(b.init);
  if (init && !(init.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(init) && init.text === 'undefined'))) writes.push(init);
  for (const w of file.assignments.get(b.name.text) ?? []) {
    if (!ts.isBinaryExpression(w) || !ts.isIdentifier(w.left)) {
      // `x++`, `({ fetch } = deps)`: only one of another binding of the name leaves this one alone.
      const target = ts.isBinaryExpression(w) ? w.left : (w as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression).operand;
      if (writesBinding(target, b, file)) return undefined;
      continue;
    }
    if (file.resolver.resolve(w.left) !== b) continue;
    if (w.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
    writes.push(w.right);
  }
  if (!writes.length) return undefined;
  activeBindings.add(b.name);
  try {
    return clientOfWrites(writes, (x) => evaluate(x, file, depth + 1, env));
  } finally {
    activeBindings.delete(b.name);
  }
}

/** The one client (`oneClient`) the values written give, read in turn until one is no client reference. */
export function clientOfWrites(writes: readonly ts.Expression[], read: (x: ts.Expression) => Val): Val | undefined {
  if (writes.some(neverClient)) return undefined;
  const values: Val[] = [];
  for (const x of writes) {
    const v = read(x);
    if (v.kind !== 'ref') return undefined;
    values.push(v);
  }
  return oneClient(values);
}

/**
 * A value no client reference can be, by its syntax: a literal, an object, a function, `new`, arithmetic; or taken
 * as none: what a method other than `bind` returns (`this.makeFetch()`), which is not followed.
 */
function neverClient(e: ts.Expression): boolean {
  const x = unwrap(e);
  if (ts.isCallExpression(x)) {
    const callee = unwrap(x.expression);
    return ts.isPropertyAccessExpression(callee) && callee.name.text !== 'bind';
  }
  if (ts.isBinaryExpression(x)) return !FALLBACK.has(x.operatorToken.kind) && x.operatorToken.kind !== ts.SyntaxKind.CommaToken;
  return ts.isLiteralExpression(x) || ts.isObjectLiteralExpression(x) || ts.isArrayLiteralExpression(x) || ts.isFunctionLike(x) ||
    ts.isClassExpression(x) || ts.isNewExpression(x) || ts.isTemplateExpression(x) || ts.isPrefixUnaryExpression(x) ||
    ts.isPostfixUnaryExpression(x) || ts.isTypeOfExpression(x) || ts.isAwaitExpression(x) || x.kind === ts.SyntaxKind.ThisKeyword ||
    x.kind === ts.SyntaxKind.TrueKeyword || x.kind === ts.SyntaxKind.FalseKeyword;
}

/** Whether an assignment target (a name or a destructuring pattern) writes the binding `b`. */
function writesBinding(target: ts.Node, b: Binding, file: FileCtx): boolean {
  if (ts.isIdentifier(target)) return target.text === b.name.text && file.resolver.resolve(target) === b;
  let found = false;
  target.forEachChild((c) => {
    found ||= writesBinding(c, b, file);
  });
  return found;
}

/**
 * The one plain `x = …` statement that rebinds a `let`/`var` after its declaration, in the same statement
 * list (`request = request.defaults({ jar: true })` at the top of a module), and before any other use of the
 * name; undefined when the name is assigned anywhere else, inside a condition or a function, more than once,
 * or read before it (that read would see the first value).
 */
function rebinding(b: Extract<Binding, { kind: 'var' }>, file: FileCtx): ts.BinaryExpression | undefined {
  const list = file.assignments.get(b.name.text);
  const w = list?.length === 1 ? list[0] : undefined;
  if (!w || b.path.length || !ts.isBinaryExpression(w) || w.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  if (!ts.isIdentifier(w.left) || file.resolver.resolve(w.left) !== b) return undefined;
  const st = w.parent;
  const body = ts.isFunctionLike(b.scope) ? (b.scope as ts.FunctionLikeDeclaration).body : b.scope;
  if (!ts.isExpressionStatement(st) || !body || st.parent !== body || st.pos < b.name.end) return undefined;
  return readFirstAfter(w, b, file) ? w : undefined;
}

/** Whether every read of `b` outside the rebinding `w` comes after it (worked out once per rebinding). */
function readFirstAfter(w: ts.BinaryExpression, b: Extract<Binding, { kind: 'var' }>, file: FileCtx): boolean {
  const key = `readFirstAfter:${w.pos}`;
  const known = file.cache.get(key) as boolean | undefined;
  if (known !== undefined) return known;
  const after = !namesIn(file, b.scope, b.name.text).some((n) => n !== w.left && n !== b.name && n.pos < w.pos && file.resolver.resolve(n) === b);
  file.cache.set(key, after);
  return after;
}

function withFallback(v: Val, fallback: ts.Expression | undefined, file: FileCtx, depth: number, env?: Env): Val {
  if (fallback && v.kind === 'lit' && v.value === undefined) return evaluate(fallback, file, depth + 1, env);
  // An unknown value may be undefined, and then the default is what the code gets.
  if (fallback && v.kind === 'unknown' && unknownMayBeUndefined) return evaluate(fallback, file, depth + 1, env);
  return v;
}

function follow(v: Val, path: readonly string[], depth: number): Val {
  let cur = v;
  for (const key of path) cur = key === '\u0000' ? UNKNOWN : member(cur, key, depth + 1);
  return cur;
}

/** `v.name`. */
export function member(v: Val, name: string, depth: number): Val {
  switch (v.kind) {
    case 'object': {
      const p = v.props.get(name);
      if (p) return p.value ?? evaluate(p.expr, p.file, depth + 1, p.env);
      return v.open ? UNKNOWN : { kind: 'lit', value: undefined };
    }
    case 'ref':
      if ('global' in v.base && GLOBAL_OBJECTS.has(v.base.global) && v.path.length === 0) return { kind: 'ref', base: { global: name }, path: [] };
      if ('module' in v.base && v.path.length === 0 && name === 'default') return v;
      return { kind: 'ref', base: v.base, path: [...v.path, name], via: v.via };
    case 'instance':
      return { kind: 'instance', inst: v.inst, path: [...v.path, name] };
    case 'namespace':
      return v.file.modules.exportOf(v.file, name, depth + 1);
    case 'controller':
      return name === v.api.signal ? v.file.hooks.controllerSignal(v) : UNKNOWN;
    default:
      return UNKNOWN;
  }
}

/** The object a literal makes; with `from`/`to`, the one its properties in that range make (no longer the literal). */
export function objectOf(e: ts.ObjectLiteralExpression, file: FileCtx, depth: number, env?: Env, from = 0, to = e.properties.length): Val {
  const props = new Map<string, Prop>();
  let open = false;
  for (const p of e.properties.slice(from, to)) {
    if (ts.isSpreadAssignment(p)) {
      // `{ ...init, headers }`: a spread parameter passes what the calls of this file show, as `init` whole does.
      const seen = evaluate(p.expression, file, depth + 1, env);
      const v = seen.kind === 'unknown' ? callerOptions(p.expression, file, env) ?? seen : seen;
      if (v.kind === 'object') {
        for (const [k, q] of v.props) props.set(k, q);
        open ||= v.open;
      } else if (!(v.kind === 'lit' && (v.value === undefined || v.value === null))) {
        open = true;
      }
      continue;
    }
    const name = staticName(p.name);
    if (name === undefined) { open = true; continue; }
    if (ts.isPropertyAssignment(p)) props.set(name, { expr: p.initializer, node: p, file, env });
    else if (ts.isShorthandPropertyAssignment(p)) props.set(name, { expr: p.name, node: p, file, env });
    else props.delete(name);
  }
  const whole = from === 0 && to === e.properties.length;
  return whole ? { kind: 'object', props, open, literal: e } : { kind: 'object', props, open };
}

/** Merges objects left to right, as `Object.assign` and spread do. */
export function merge(values: readonly Val[]): Val {
  const props = new Map<string, Prop>();
  let open = false;
  for (const v of values) {
    if (v.kind === 'object') {
      for (const [k, q] of v.props) props.set(k, q);
      open ||= v.open;
    } else if (!(v.kind === 'lit' && (v.value === undefined || v.value === null))) {
      open = true;
    }
  }
  return { kind: 'object', props, open };
}
