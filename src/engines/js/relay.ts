// Signals relayed by abort listeners: `s.addEventListener('abort', () => c.abort())`, one by one or over a list.
import { ts } from './typescript';
import { namesIn, reassigned, type FileCtx } from './file';
import { unwrap } from './parse';
import { type Env, evaluate } from './values';
import { holderOf, outermost, walk } from './walk';

/** `x.addEventListener('abort', fn)` or `x.onabort = fn`: the `x` whose abort runs `fn`, if that is what `fn` is handed to. */
function abortEventOf(fn: ts.Node): ts.Expression | undefined {
  const p = fn.parent;
  if (ts.isCallExpression(p) && p.arguments[1] === fn && ts.isPropertyAccessExpression(p.expression) && p.expression.name.text === 'addEventListener') {
    const type = p.arguments[0];
    return type && ts.isStringLiteralLike(type) && type.text === 'abort' ? p.expression.expression : undefined;
  }
  const target = ts.isBinaryExpression(p) && p.right === fn && p.operatorToken.kind === ts.SyntaxKind.EqualsToken ? p.left : undefined;
  return target && ts.isPropertyAccessExpression(target) && target.name.text === 'onabort' ? target.expression : undefined;
}

/**
 * The signal whose abort runs the function holding `access` (a relay: `s.addEventListener('abort', () =>
 * c.abort())`, directly or through a named function, as helpers that combine signals do before AbortSignal.any).
 */
export function relayedFrom(access: ts.Node, scope: ts.Node, file: FileCtx): ts.Expression | undefined {
  let fn: ts.Node | undefined = access.parent;
  while (fn && fn !== scope && !ts.isFunctionLike(fn)) fn = fn.parent;
  if (!fn || fn === scope) return undefined;
  const direct = abortEventOf(fn);
  if (direct) return direct;
  const name = holderOf(fn);
  const b = name && file.resolver.resolve(name);
  if (!name || !b) return undefined;
  for (const n of namesIn(file, scope, name.text)) {
    const source = n !== name && file.resolver.resolve(n) === b ? abortEventOf(n) : undefined;
    if (source) return source;
  }
  return undefined;
}

/** `s` of `for (const s of list)` or of `list.forEach((s) => …)`: the list it goes through. */
function iteratedBy(source: ts.Expression, file: FileCtx): ts.Expression | undefined {
  const x = unwrap(source);
  const b = ts.isIdentifier(x) ? file.resolver.resolve(x) : undefined;
  if (b?.kind === 'var' && !b.path.length) {
    const list = b.name.parent.parent;
    const loop = ts.isVariableDeclarationList(list) ? list.parent : undefined;
    return loop && ts.isForOfStatement(loop) && loop.initializer === list ? loop.expression : undefined;
  }
  if (b?.kind !== 'param' || b.path.length) return undefined;
  const fn = b.param.parent;
  const call = fn.parent;
  if (fn.parameters[0] !== b.param || !ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  const callee = unwrap(call.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'forEach' ? callee.expression : undefined;
}

/**
 * The array literal of signals a name holds (`const signals = [user, AbortSignal.timeout(5000)]`), when nothing
 * else can change the list: the name is never reassigned, and each other use hands the list to a call as an
 * argument (`AbortSignal.any(signals)`), none reads or writes through it (`signals.push(…)`). An array literal
 * written in place is itself. `uses` gets how many calls are handed the held list.
 */
export function heldList(expr: ts.Expression, file: FileCtx, uses?: { count: number }): ts.ArrayLiteralExpression | undefined {
  const x = unwrap(expr);
  if (ts.isArrayLiteralExpression(x)) return x;
  const b = ts.isIdentifier(x) ? file.resolver.resolve(x) : undefined;
  const init = b?.kind === 'var' && !b.path.length && b.init ? unwrap(b.init) : undefined;
  if (!init || !ts.isArrayLiteralExpression(init) || b?.kind !== 'var' || (!b.constant && reassigned(b, file))) return undefined;
  let count = 0;
  for (const n of namesIn(file, b.scope, b.name.text)) {
    if (n === b.name || file.resolver.resolve(n) !== b) continue;
    const at = outermost(n);
    const call = at.parent;
    if (!(ts.isCallExpression(call) || ts.isNewExpression(call)) || !call.arguments?.includes(at as ts.Expression)) return undefined;
    count++;
  }
  if (uses) uses.count = count;
  return init;
}

/**
 * The signals a list holds, each with where to read it: an array literal, or a parameter of the followed call that
 * one fills (`combine([a.signal, b.signal])`, or `combine(a.signal, b.signal)` for a rest parameter).
 */
function listedSignals(list: ts.Expression, file: FileCtx, env: Env | undefined): { expr: ts.Expression; file: FileCtx; env?: Env }[] | undefined {
  const x = unwrap(list);
  const b = ts.isIdentifier(x) ? file.resolver.resolve(x) : undefined;
  const bound = b?.kind === 'param' && !b.path.length ? env?.get(b.param) : undefined;
  if (bound && b?.kind === 'param' && b.param.dotDotDotToken) {
    const rest = bound.args.slice(bound.index);
    return rest.some(ts.isSpreadElement) ? undefined : rest.map((expr) => ({ expr, file: bound.file, env: bound.env }));
  }
  const arg = bound ? bound.args[bound.index] : x;
  const literal = arg && heldList(arg, bound?.file ?? file);
  if (!literal || !ts.isArrayLiteralExpression(literal) || literal.elements.some(ts.isSpreadElement)) return undefined;
  return literal.elements.map((expr) => ({ expr, file: bound?.file ?? file, env: bound ? bound.env : env }));
}

const following = new Set<ts.Node>();

/**
 * How the signal at `source` bounds what its abort event aborts: timed, unknown, or (untimed, or no signal) not
 * at all. A loop's signal over a known list is the strongest of the list's: timed if any is, unknown if any is.
 * `key` (the controller or the abort call) stops a relay that leads back to itself.
 */
export function followedState(source: ts.Expression, file: FileCtx, key: ts.Node, env?: Env): 'timed' | 'unknown' | null {
  if (following.has(key)) return 'unknown';
  following.add(key);
  try {
    const list = iteratedBy(source, file);
    const listed = list && listedSignals(list, file, env);
    if (!listed) return stateOf(evaluate(source, file, 0, env));
    const states = listed.map((s) => stateOf(evaluate(s.expr, s.file, 0, s.env)));
    return states.includes('timed') ? 'timed' : states.includes('unknown') ? 'unknown' : null;
  } finally {
    following.delete(key);
  }
}

function stateOf(v: ReturnType<typeof evaluate>): 'timed' | 'unknown' | null {
  if (v.kind === 'signal') return v.state === 'untimed' ? null : v.state;
  return v.kind === 'unknown' ? 'unknown' : null;
}

/**
 * Whether a same-file function relays the abort of each signal of its parameter at `index` (`for (const s of
 * signals) s.addEventListener('abort', …)`): a signal added to the list that parameter gets bounds what it returns.
 */
export function relaysEach(decl: ts.SignatureDeclaration, index: number, file: FileCtx): boolean {
  const param = decl.parameters[index];
  const body = 'body' in decl ? (decl.body as ts.Node | undefined) : undefined;
  if (!param || !body || !ts.isIdentifier(param.name)) return false;
  let found = false;
  walk(body, (n) => {
    if (ts.isFunctionLike(n) && !found) {
      const source = abortEventOf(n);
      const list = source && iteratedBy(source, file);
      const b = list && ts.isIdentifier(unwrap(list)) ? file.resolver.resolve(unwrap(list) as ts.Identifier) : undefined;
      found = b?.kind === 'param' && b.param === param && !b.path.length;
    }
    return !found;
  });
  return found;
}
