// Signals a framework hands a function of the code's and aborts only on a cancel of its own, never by a timer (the
// catalogue's `untimedSignals`: a TanStack queryFn's, a Redux Toolkit thunk's): passed on alone, they bound nothing.
import { ts } from './typescript';
import type { UntimedSignal } from '../../catalogue/define-client';
import { jsClients } from './catalogue';
import { abortCallState } from './controller';
import { type FileCtx, isConstant, usesIn } from './file';
import { staticName, unwrap } from './parse';
import { type Val, evaluate } from './values';
import { exportedName, holderExpression, holderOf, lineAt, outermost } from './walk';

let entries: readonly UntimedSignal[] | undefined;

function untimedSignals(): readonly UntimedSignal[] {
  entries ??= jsClients().flatMap((c) => c.untimedSignals ?? []);
  return entries;
}

/**
 * Where a function is handed on: the function as written, or each use of the name that holds it (`function load(…)`,
 * `const load = async (…) => …`) when every use hands it on (none calls it, nor may another module: a caller's
 * argument is its own).
 */
function placesOf(fn: ts.SignatureDeclaration, file: FileCtx): ts.Node[] {
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    const held = holderExpression(fn);
    if (!ts.isVariableDeclaration(held)) return [fn];
  } else if (!ts.isFunctionDeclaration(fn)) {
    return ts.isMethodDeclaration(fn) ? [fn] : [];
  }
  const name = holderOf(fn);
  const b = name && file.resolver.resolve(name);
  // An exported one other modules may call with a signal of their own.
  if (!name || !b || (b.kind === 'var' && !isConstant(b, file)) || exportedName(fn)) return [];
  const uses = usesIn(file, file.sf, name, b);
  return uses.some((u) => ts.isCallExpression(holderExpression(u)) && unwrap((holderExpression(u) as ts.CallExpression).expression) === u) ? [] : uses;
}

/**
 * The callee is the entry's export of one of its modules (imported, required, a namespace's member), or what a call
 * of one of its `sameFrom` methods returns (`const createAppThunk = createAsyncThunk.withTypes<…>()`).
 */
function namesExport(callee: ts.Expression, s: Extract<UntimedSignal, { modules: readonly string[] }>, file: FileCtx, depth = 0): boolean {
  let e = unwrap(callee);
  if (depth > 3) return false;
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : null;
  if (b?.kind === 'var' && !b.path.length && b.init && isConstant(b, file) && ts.isCallExpression(unwrap(b.init))) e = unwrap(b.init);
  if (ts.isCallExpression(e)) {
    const m = unwrap(e.expression);
    return ts.isPropertyAccessExpression(m) && !!s.sameFrom?.includes(m.name.text) && namesExport(m.expression, s, file, depth + 1);
  }
  const v = evaluate(e, file);
  return v.kind === 'ref' && 'module' in v.base && s.modules.includes(v.base.module) && v.path.join('.') === s.export;
}

/** Whether the function handed on at `place` is one the entry's framework calls with its context. */
function handedTo(place: ts.Node, s: UntimedSignal, file: FileCtx): boolean {
  const at = holderExpression(place);
  if ('key' in s) {
    const key = ts.isPropertyAssignment(at) ? at : ts.isMethodDeclaration(place) ? place : ts.isShorthandPropertyAssignment(place.parent) ? place.parent : undefined;
    return !!key && staticName(key.name) === s.key && ts.isObjectLiteralExpression(key.parent);
  }
  if (!ts.isCallExpression(at) || at.arguments[s.argument] === undefined || unwrap(at.arguments[s.argument]!) !== unwrap(place as ts.Expression)) return false;
  return namesExport(at.expression, s, file);
}

/** A framework's context parameter (`thunkAPI`, `{ signal }`) and the catalogue entry it is of. */
export interface SignalContext {
  entry: UntimedSignal;
  param: ts.ParameterDeclaration;
}

/** The framework entry whose context `param` is (`queryFn: ({ signal }) => …`, `createAsyncThunk(t, (arg, api) => …)`). */
export function signalContext(param: ts.ParameterDeclaration, file: FileCtx): SignalContext | undefined {
  const fn = param.parent;
  const index = fn.parameters.indexOf(param);
  const candidates = untimedSignals().filter((s) => s.param === index);
  if (!candidates.length || param.dotDotDotToken) return undefined;
  const places = placesOf(fn, file);
  const entry = candidates.find((s) => places.length > 0 && places.every((p) => handedTo(p, s, file)));
  return entry && { entry, param };
}

/** `ctx.signal` where `ctx` is a framework's context parameter, read whole. */
export function contextSignalOf(expr: ts.Expression, file: FileCtx): SignalContext | undefined {
  const e = unwrap(expr);
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
  return b?.kind === 'param' && !b.path.length ? signalContext(b.param, file) : undefined;
}

/** The uses of `name`'s binding in `scope` (not its declaration). */
function usesOf(name: ts.Identifier, scope: ts.Node, file: FileCtx): ts.Identifier[] {
  const b = file.resolver.resolve(name);
  return b ? usesIn(file, scope, name, b) : [];
}

/** The name a `{ abort }` pattern takes `member` out under: `{ abort }`, `{ abort: stop }`. */
function takenOut(pattern: ts.BindingName, member: string): ts.Identifier | undefined {
  if (!ts.isObjectBindingPattern(pattern)) return undefined;
  const el = pattern.elements.find((x) => !x.dotDotDotToken && staticName(x.propertyName ?? x.name) === member);
  return el && ts.isIdentifier(el.name) ? el.name : undefined;
}

/**
 * Where the function reaches the context's `member`: `api.abort` off the parameter, or the name taken out of it
 * (`(arg, { signal, abort })`, `const { abort } = api`).
 */
function abortsOf(param: ts.ParameterDeclaration, member: string, file: FileCtx): (ts.PropertyAccessExpression | ts.Identifier)[] {
  const fn = param.parent;
  const out: (ts.PropertyAccessExpression | ts.Identifier)[] = [];
  const taken = (name: ts.Identifier | undefined) => name && out.push(...usesOf(name, fn, file));
  if (!ts.isIdentifier(param.name)) {
    taken(takenOut(param.name, member));
    return out;
  }
  for (const u of usesOf(param.name, fn, file)) {
    const x = outermost(u);
    const p = x.parent;
    if (ts.isPropertyAccessExpression(p) && p.expression === x && p.name.text === member) out.push(p);
    else if (ts.isVariableDeclaration(p) && p.initializer === x) taken(takenOut(p.name, member));
  }
  return out;
}

/** The context's own aborts (the entry's `aborts`) the function reaches: `thunkAPI.abort`, a destructured `abort`. */
export function contextAborts(c: SignalContext, file: FileCtx): (ts.PropertyAccessExpression | ts.Identifier)[] {
  return c.entry.aborts ? abortsOf(c.param, c.entry.aborts, file) : [];
}

/** The context a framework signal was read from: its parameter (`{ signal }`), or `ctx.signal`. */
export function signalContextAt(node: ts.Node, file: FileCtx): SignalContext | undefined {
  if (ts.isParameter(node)) return signalContext(node, file);
  return ts.isPropertyAccessExpression(node) ? contextSignalOf(node.expression, file) : undefined;
}

/**
 * How the context's own abort bounds its signal (the entry's `aborts`): timed where a timer in the function calls it
 * (`setTimeout(() => thunkAPI.abort(), ms)`, `setTimeout(abort, ms)`), as a controller's; unknown where code the
 * analysis cannot see may (controller.ts abortCallState); null where nothing does.
 */
function contextAbortState(c: SignalContext, file: FileCtx): 'timed' | 'unknown' | null {
  if (!c.entry.aborts) return null;
  let known = file.cache.get('contextAborts') as Map<ts.ParameterDeclaration, 'timed' | 'unknown' | null> | undefined;
  if (!known) file.cache.set('contextAborts', (known = new Map()));
  if (!known.has(c.param)) {
    const states = contextAborts(c, file).map((a) => abortCallState(a, c.param.parent, file, true));
    known.set(c.param, states.includes('timed') ? 'timed' : states.includes('unknown') ? 'unknown' : null);
  }
  return known.get(c.param)!;
}

/** The framework's signal: bounded where a timer calls the context's abort, else with a note saying what aborts it. */
export function frameworkSignal(node: ts.Node, c: SignalContext, file: FileCtx): Val {
  const state = contextAbortState(c, file);
  if (state) return { kind: 'signal', state, node, file };
  const line = lineAt(file.sf, node.getStart(file.sf));
  const note = ` The ${c.entry.name} signal on line ${line} is aborted only when ${c.entry.abortedWhen}, never by a timer.`;
  return { kind: 'signal', state: 'untimed', node, file, note };
}
