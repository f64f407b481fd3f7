// Signals a framework hands a function of the code's and aborts only on a cancel of its own, never by a timer (the
// catalogue's `untimedSignals`: a TanStack queryFn's, a Redux Toolkit thunk's): passed on alone, they bound nothing.
import { ts } from './typescript';
import type { UntimedSignal } from '../../catalogue/define-client';
import { jsClients } from './catalogue';
import { type FileCtx, isConstant, namesIn } from './file';
import { staticName, unwrap } from './parse';
import { type Val, evaluate } from './values';
import { exportedName, holderExpression, holderOf, lineAt } from './walk';

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
  const uses = namesIn(file, file.sf, name.text).filter((u) => u !== name && file.resolver.resolve(u) === b);
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

/** The framework entry whose context `param` is (`queryFn: ({ signal }) => …`, `createAsyncThunk(t, (arg, api) => …)`). */
export function signalContext(param: ts.ParameterDeclaration, file: FileCtx): UntimedSignal | undefined {
  const fn = param.parent;
  const index = fn.parameters.indexOf(param);
  const candidates = untimedSignals().filter((s) => s.param === index);
  if (!candidates.length || param.dotDotDotToken) return undefined;
  const places = placesOf(fn, file);
  return candidates.find((s) => places.length > 0 && places.every((p) => handedTo(p, s, file)));
}

/** `ctx.signal` where `ctx` is a framework's context parameter, read whole. */
export function contextSignalOf(expr: ts.Expression, file: FileCtx): UntimedSignal | undefined {
  const e = unwrap(expr);
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
  return b?.kind === 'param' && !b.path.length ? signalContext(b.param, file) : undefined;
}

/** The framework's signal, with a note saying what aborts it. */
export function frameworkSignal(node: ts.Node, s: UntimedSignal, file: FileCtx): Val {
  const line = lineAt(file.sf, node.getStart(file.sf));
  const note = ` The ${s.name} signal on line ${line} is aborted only when ${s.abortedWhen}, never by a timer.`;
  return { kind: 'signal', state: 'untimed', node, file, note };
}
