// The abstract value model (Val) and the evaluation core: literals, names, bindings, members.
import { ts } from './typescript';
import type { JsCallShape, JsClientSpec } from '../../catalogue/define-client';
import { GLOBAL_OBJECTS } from '../../catalogue/js-globals';
import type { RefBase } from './catalogue';
import { placedArgument } from './callers';
import { type FileCtx, assignedValues, namesIn, reassigned } from './file';
import { contextSignalOf, frameworkSignal, signalContext } from './framework-signal';
import { incomingRequest, incomingSignal } from './incoming';
import { either, meet, merge, objectOf, objectOrNothing } from './objects';
import { writtenOnto } from './writes';
import { FALLBACK, clientOfWrites, everyController, everyWrite, fallbackClient, isConditionalRebinding, paramRebinding, rebinding } from './one-client';
import { booleanLiteral, staticName, unwrap } from './parse';
import { type Binding, REST, REST_KEY } from './resolve';
import { thisOf } from './this-owner';
import { typedBinding, typedThisMember } from './types';

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
  // standIn: `ext ?? c.signal` (`||`, `?:`), the signal `side` the request gets where the caller's (`given`) is not.
  | { kind: 'signal'; state: SignalState; node: ts.Node; file: FileCtx; moduleScope?: boolean; note?: string; standIn?: SignalStandIn }
  | { kind: 'controller'; node: ts.Node; file: FileCtx; binding?: Binding; api: ControllerApi; env?: Env }
  | { kind: 'local'; decl: ts.SignatureDeclaration; file: FileCtx }
  | { kind: 'unknown' };

/** `ext ?? c.signal`: the side that holds the signal, and the path on which the request gets it (`ext` not given). */
export interface SignalStandIn {
  side: ts.Expression;
  when: string;
}

/** Parameters bound to the arguments of the call being followed into a same-file function. */
export type Env = Map<ts.ParameterDeclaration, { args: readonly ts.Expression[]; index: number; file: FileCtx; env?: Env }>;

export const UNKNOWN: Val = { kind: 'unknown' };
export const UNDEFINED: Val = { kind: 'lit', value: undefined };
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
    const name = ts.isPropertyAccessExpression(e) ? e.name.text : elementKey(e, file, depth, env);
    if (name === undefined) return UNKNOWN;
    const held = name === 'signal' && ts.isPropertyAccessExpression(e.expression) ? file.hooks.heldControllerSignal(e.expression, file) : undefined;
    if (held) return held;
    if (ts.isPropertyAccessExpression(e) && thisOf(e.expression, file)) return typedThisMember(e, file, (x) => evaluate(x, file, depth + 1), clientOfWrites) ?? UNKNOWN;
    if (name === 'signal' && incomingRequest(e.expression, file)) return incomingSignal(e, file);
    const context = name === 'signal' ? contextSignalOf(e.expression, file) : undefined;
    if (context) return frameworkSignal(e, context, file);
    return member(evaluate(e.expression, file, depth + 1, env), name, depth + 1);
  }
  if (ts.isObjectLiteralExpression(e)) return objectOf(e, file, depth, env);
  if (ts.isArrayLiteralExpression(e)) return tupleOf(e, file, depth, env);
  if (ts.isCallExpression(e) || ts.isNewExpression(e)) return file.hooks.evaluateCall(e, file, depth + 1, env);
  if (ts.isConditionalExpression(e)) return either(e, file, depth, env);
  if (ts.isBinaryExpression(e) && FALLBACK.has(e.operatorToken.kind)) return defaultedParameter(e, file, depth, env) ?? fallbackClient(e, file, depth, env);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return objectOrNothing(e, file, depth, env);
  if (ts.isCommaListExpression(e)) return UNKNOWN;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) return evaluate(e.right, file, depth + 1, env);
  return UNKNOWN;
}

/**
 * The key of `x[key]` as text: a literal's (`x['get']`, `x[0]`), or a string or number a name holds (`const m =
 * 'get'`); undefined when the analysis cannot read it (`x[method]` with `method` a parameter is no `x.method`).
 */
export function elementKey(e: ts.ElementAccessExpression, file: FileCtx, depth: number, env?: Env): string | undefined {
  const key = unwrap(e.argumentExpression);
  if (ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) return key.text;
  const v = evaluate(key, file, depth + 1, env);
  return v.kind === 'lit' && (typeof v.value === 'string' || typeof v.value === 'number') ? String(v.value) : undefined;
}

function literalOf(e: ts.Expression, file: FileCtx, depth: number, env?: Env): Val | undefined {
  if (ts.isNumericLiteral(e)) return { kind: 'lit', value: Number(e.text) };
  if (ts.isStringLiteralLike(e)) return { kind: 'lit', value: e.text };
  const bool = booleanLiteral(e);
  if (bool !== undefined) return { kind: 'lit', value: bool };
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
  return evaluateBinding(b, file, depth, env, id);
}

/**
 * `[url, { method, headers }]`: its elements by index, up to a spread (after which an index may name any of them).
 * Open: an array has more members (`length`, `map`) than the analysis keeps.
 */
function tupleOf(e: ts.ArrayLiteralExpression, file: FileCtx, depth: number, env?: Env): Val {
  if (slotsWritten(e, file)) return UNKNOWN;
  const props = new Map<string, Prop>();
  for (const [i, x] of e.elements.entries()) {
    if (ts.isSpreadElement(x)) break;
    if (ts.isOmittedExpression(x)) continue;
    // `init.signal = …; return [url, init]`: the object a name holds, with what the file writes onto it.
    const written = ts.isIdentifier(unwrap(x)) ? writtenOnto(x, file) : undefined;
    const value = written ? merge([evaluate(x, file, depth + 1, env), written]) : undefined;
    props.set(String(i), { expr: x, node: x, file, env, ...(value && { value }) });
  }
  return { kind: 'object', props, open: true };
}

/** `const pair = [u, {}]; pair[1].signal = …`: an array held by a name the file writes into by index. */
function slotsWritten(e: ts.ArrayLiteralExpression, file: FileCtx): boolean {
  const d = e.parent;
  if (!ts.isVariableDeclaration(d) || d.initializer !== e || !ts.isIdentifier(d.name)) return false;
  const b = file.resolver.resolve(d.name);
  // Its uses lie within the scope that declares it.
  return namesIn(file, b?.kind === 'var' ? b.scope : file.sf, d.name.text).some((n) => n !== d.name && ts.isElementAccessExpression(n.parent) && n.parent.expression === n &&
    writtenThrough(n.parent) && file.resolver.resolve(n) === b);
}

/** `x[1] = …`, `x[1].signal = …`, `x[1].a.b = …`: the place `x` reaches is written. */
function writtenThrough(x: ts.Expression): boolean {
  let n: ts.Node = x;
  while ((ts.isPropertyAccessExpression(n.parent) || ts.isElementAccessExpression(n.parent)) && n.parent.expression === n) n = n.parent;
  const p = n.parent;
  return ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}

/** The value a binding holds; a reassigned `let`/`var` is unknown unless its declared type names a client. */
export function evaluateBinding(b: Binding, file: FileCtx, depth: number, env?: Env, at?: ts.Node): Val {
  const v = bindingValue(b, file, depth, env, at);
  // issue #3: where names cannot tell, the type written in this file can (`client: AxiosInstance`), with no checker.
  return v.kind === 'unknown' ? typedBinding(b, file) ?? v : v;
}

/**
 * `let init; if (token) init = { headers }; else init = {};`, `let cfg = { … }; … cfg = { … };`: a name every value of
 * which is an object written in place holds the keys any of them gives (`meet`; before a first write, nothing). A
 * value of any other kind, or a write other than `=`, leaves it unknown.
 */
function everyObject(b: Extract<Binding, { kind: 'var' }>, file: FileCtx, depth: number, env?: Env): Val | undefined {
  if (b.path.length || b.redeclared) return undefined;
  const assigned = assignedValues(b, file);
  if (!assigned) return undefined;
  const values = [...(b.init ? [b.init] : []), ...assigned].map(unwrap);
  if (!values.length || !values.every(ts.isObjectLiteralExpression)) return undefined;
  const given = values.map((x) => evaluate(x, file, depth + 1, env));
  // Before a first write, a name with no initializer holds nothing.
  return (b.init ? given : [UNDEFINED, ...given]).reduce((acc, v) => meet(acc, v));
}

/**
 * `opts || {}`, `opts ?? {}`, `const { a, ...rest } = opts || {}`: a whole parameter with no default, given an object
 * where it is read. It is the ES5 spelling of `opts = {}` and is read as that default is (policy, evaluate.ts): the
 * object on the right is what the code uses when callers leave the parameter out. A value known for the parameter (an
 * argument of the call followed, a rebinding of it) is read as `||` and `??` read it; undefined where neither applies.
 */
function defaultedParameter(e: ts.BinaryExpression, file: FileCtx, depth: number, env?: Env): Val | undefined {
  const left = unwrap(e.left);
  const b = ts.isIdentifier(left) ? file.resolver.resolve(left) : undefined;
  if (b?.kind !== 'param' || b.path.length || b.param.initializer || b.param.dotDotDotToken) return undefined;
  const right = evaluate(e.right, file, depth + 1, env);
  if (right.kind !== 'object') return undefined;
  const v = bindingValue(b, file, depth, env, left, e.right);
  const or = e.operatorToken.kind === ts.SyntaxKind.BarBarToken;
  if (v.kind === 'lit') return v.value === undefined || v.value === null || (or && !v.value) ? right : v;
  return v.kind === 'unknown' ? undefined : v;
}

/**
 * What `b` holds, read at `at` when given (a parameter rebound in its body holds its first value before that);
 * `given` stands for a parameter's default where the code gives one at the read (`opts || {}`).
 */
function bindingValue(b: Binding, file: FileCtx, depth: number, env?: Env, at?: ts.Node, given?: ts.Expression): Val {
  switch (b.kind) {
    case 'var': {
      if (!b.constant && reassigned(b, file)) {
        const w = rebinding(b, file);
        if (!w) return everyWrite(b, file, depth, env) ?? everyController(b, file, depth, env) ?? everyObject(b, file, depth, env) ?? UNKNOWN;
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
      if (v.kind === 'controller' && !v.binding) return { ...v, binding: b, env };
      if (v.kind === 'signal' && ts.isSourceFile(b.scope) && b.path.length === 0) return { ...v, moduleScope: true };
      return v;
    }
    case 'param': {
      // `config = { ...defaults, ...config }` at the top of the body: what the rest of it reads.
      const w = paramRebinding(b, file);
      if (w === undefined) return UNKNOWN;
      if (w && !activeRebindings.has(w) && (!at || at.pos >= w.end)) {
        activeRebindings.add(w);
        let rebound: Val;
        try {
          rebound = evaluate(w.right, file, depth + 1, env);
        } finally {
          activeRebindings.delete(w);
        }
        // `if (token) options = { ...options, headers }`: the first value or the new one (the keys either gives).
        return isConditionalRebinding(w) ? meet(paramValue(b, file, depth, env, given), rebound) : rebound;
      }
      return paramValue(b, file, depth, env, given);
    }
    case 'import':
      return file.modules.importOf(file, b.module, b.export, depth + 1);
    case 'function':
      return { kind: 'local', decl: b.decl, file };
    default:
      return UNKNOWN;
  }
}

/** What a parameter holds before any rebinding: the caller's argument, one every caller of the file passes, or its default. */
function paramValue(b: Extract<Binding, { kind: 'param' }>, file: FileCtx, depth: number, env?: Env, given = b.param.initializer): Val {
  const bound = env?.get(b.param);
  if (bound) {
    const arg = bound.args[bound.index];
    const whole = arg ? evaluate(arg, bound.file, depth + 1, bound.env) : UNDEFINED;
    return withFallback(follow(whole, b.path, depth), b.fallback, file, depth, env);
  }
  const placed = placedArgument(b.param, file, depth);
  if (placed) return withFallback(follow(placed, b.path, depth), b.fallback, file, depth, env);
  // Policy (evaluate.ts): a parameter's default is the value the code visibly uses when callers omit it.
  if (given) {
    const whole = evaluate(given, file, depth + 1, env);
    return withFallback(follow(whole, b.path, depth), b.fallback, file, depth, env);
  }
  const context = b.path.length === 1 && b.path[0] === 'signal' ? signalContext(b.param, file) : undefined;
  if (context) return frameworkSignal(b.param, context, file);
  return b.fallback && b.path.length ? evaluate(b.fallback, file, depth + 1, env) : UNKNOWN;
}

const activeRebindings = new Set<ts.BinaryExpression>();

function withFallback(v: Val, fallback: ts.Expression | undefined, file: FileCtx, depth: number, env?: Env): Val {
  if (fallback && v.kind === 'lit' && v.value === undefined) return evaluate(fallback, file, depth + 1, env);
  // An unknown value may be undefined, and then the default is what the code gets.
  if (fallback && v.kind === 'unknown' && unknownMayBeUndefined) return evaluate(fallback, file, depth + 1, env);
  return v;
}

function follow(v: Val, path: readonly string[], depth: number): Val {
  let cur = v;
  for (const key of path) cur = key === '\u0000' ? UNKNOWN : key.startsWith(REST) ? restOf(cur, key) : member(cur, key, depth + 1);
  return cur;
}

/**
 * `rest` of `const { headers, ...rest } = v`: the keys of `v` but those the pattern takes, so a signal `v` lacks
 * `rest` lacks too. Of a value the analysis cannot see into, unknown.
 */
function restOf(v: Val, step: string): Val {
  if (v.kind !== 'object') return UNKNOWN;
  const taken = new Set(step.slice(REST.length).split(REST_KEY).slice(1));
  return { kind: 'object', props: new Map([...v.props].filter(([k]) => !taken.has(k))), open: v.open };
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
