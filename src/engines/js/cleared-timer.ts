// A controller's timer cleared as the request settles (its headers in), before the body is read, bounded the headers
// alone (http-clients.md, fetch: the signal covers connect, headers and body; clear the timer after the body is read).
import { ts } from './typescript';
import { namesIn, type FileCtx } from './file';
import { returnsOf, staticName } from './parse';
import type { Binding } from './resolve';
import { signalState } from './calls';
import { abortCallState, calleeName, onlyTested, standsIn } from './controller';
import { timerOf } from './abort-timer';
import { contextAborts, signalContextAt } from './framework-signal';
import { holdersOf } from './held-names';
import { runsAfter, within } from './order';
import { streamedOn } from './piped-body';
import { type Val, evaluate } from './values';
import { functionOf, innermost, isPropertyName, lineAt, outermost, outermostAwaited } from './walk';

type Fn = ts.ArrowFunction | ts.FunctionExpression;

/** What reads count: the members read off the headers alone, and where a read must be to come after the clear. */
interface Reads {
  file: FileCtx;
  headers: ReadonlySet<string>;
  after: (read: ts.Node) => boolean;
}

const LINKS = new Set(['then', 'finally', 'catch']);

function isCallback(n: ts.Node): n is Fn {
  return ts.isArrowFunction(n) || ts.isFunctionExpression(n);
}

/** The uses of a name (not its declaration, nor a write to it), in source order. */
function usesOf(b: Binding, file: FileCtx): ts.Identifier[] {
  const scope = b.kind === 'var' ? b.scope : b.kind === 'param' ? b.param.parent : undefined;
  if (!scope) return [];
  return namesIn(file, scope, b.name.text).filter((n) => {
    if (n === b.name || file.resolver.resolve(n) !== b) return false;
    const p = n.parent;
    return !(ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken);
  });
}

function bindingOf(name: ts.Node, file: FileCtx): Binding | undefined {
  return (ts.isIdentifier(name) && file.resolver.resolve(name)) || undefined;
}

/** The name a value is kept by where it is made: `const x = v`, `x = v`. */
function keptBy(value: ts.Node, file: FileCtx): Binding | undefined {
  const n = outermost(value);
  const p = n.parent;
  if (ts.isVariableDeclaration(p) && p.initializer === n) return bindingOf(p.name, file);
  if (ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return bindingOf(innermost(p.left), file);
  return undefined;
}

/** What aborts a timed signal: the `abort()`s of the controller `c`, or a framework context's own (`thunkAPI.abort()`). */
interface Aborts {
  calls: (ts.PropertyAccessExpression | ts.Identifier)[];
  scope: ts.Node;
  closure: boolean;
}

function controllerAborts(c: Binding, file: FileCtx): Aborts {
  const calls = usesOf(c, file).flatMap((n) => {
    const access = n.parent;
    return ts.isPropertyAccessExpression(access) && access.expression === n && access.name.text === 'abort' ? [access] : [];
  });
  return { calls, scope: c.kind === 'var' ? c.scope : file.sf, closure: false };
}

/**
 * The names that hold the timers running the aborts; undefined where something else may bound the signal (an abort
 * run otherwise on a timer, relayed from a timed signal, or handed to code the analysis cannot see).
 */
function timersOf(aborts: Aborts, file: FileCtx): { timer: ts.CallExpression; handle: Binding }[] | undefined {
  const timers: { timer: ts.CallExpression; handle: Binding }[] = [];
  for (const access of aborts.calls) {
    const timer = timerOf(access);
    const handle = timer && keptBy(timer, file);
    if (timer && handle) timers.push({ timer, handle });
    else if (timer || abortCallState(access, aborts.scope, file, aborts.closure) !== null) return undefined;
  }
  return timers;
}

/** The `clearTimeout(h)` calls of a timer's name; undefined where the name is handed on (it may be cleared there). */
function clearsOf(handle: Binding, file: FileCtx): ts.CallExpression[] | undefined {
  const clears: ts.CallExpression[] = [];
  for (const n of usesOf(handle, file)) {
    const x = outermost(n);
    const p = x.parent;
    if (ts.isCallExpression(p) && p.arguments[0] === x && calleeName(p) === 'clearTimeout') clears.push(p);
    else if (!(ts.isPropertyAccessExpression(p) && p.expression === x) && !onlyTested(x as ts.Expression)) return undefined;
  }
  return clears;
}

/**
 * Whether a read has a bound of its own, which ends it whatever the cleared timer did: it sits in the arguments of a
 * call that is given another timed signal (`pipeline(…, { signal: AbortSignal.timeout(ms) })`), or in one entry of
 * a `Promise.race([…])` another entry of which holds a timer (`new Promise((_, no) => setTimeout(no, ms))`).
 */
function ownBound(read: ts.Node, controller: ts.Node, file: FileCtx): boolean {
  for (let n = read; n.parent && !ts.isFunctionLike(n.parent) && !ts.isStatement(n.parent); n = n.parent) {
    const call = n.parent;
    if (ts.isArrayLiteralExpression(call)) {
      const race = ts.isCallExpression(call.parent) && call.parent.arguments[0] === call ? call.parent : undefined;
      if (race && raceName(race) === 'Promise.race' && call.elements.some((e) => e !== n && holdsTimer(e))) return true;
    }
    if (!ts.isCallExpression(call) || !call.arguments.includes(n as ts.Expression)) continue;
    if (racesATimer(call, file)) return true;
    const timed = call.arguments.some((a) => {
      if (a === n || !ts.isObjectLiteralExpression(a)) return false;
      const p = a.properties.find((q) => (ts.isPropertyAssignment(q) || ts.isShorthandPropertyAssignment(q)) && staticName(q.name) === 'signal');
      const v = p && (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) ? evaluate(ts.isPropertyAssignment(p) ? p.initializer : p.name, file) : undefined;
      return !!v && signalState(v) === 'timed' && !(v.kind === 'signal' && v.node === controller);
    });
    if (timed) return true;
  }
  return false;
}

/**
 * A function of this file the call hands the response to, whose body races a promise against a timer
 * (`readJson(res, ms)` with `Promise.race([res.json(), new Promise((_, no) => setTimeout(no, ms))])`).
 */
function racesATimer(call: ts.CallExpression, file: FileCtx): boolean {
  const callee = innermost(call.expression);
  const b = ts.isIdentifier(callee) ? file.resolver.resolve(callee) : undefined;
  const init = b?.kind === 'var' && b.constant && b.init ? innermost(b.init) : undefined;
  const fn = b?.kind === 'function' ? b.decl : init && isCallback(init) ? init : undefined;
  const races = (n: ts.Node): boolean => {
    if (ts.isCallExpression(n) && raceName(n) === 'Promise.race') {
      const list = n.arguments[0];
      if (list && ts.isArrayLiteralExpression(list) && list.elements.some(holdsTimer)) return true;
    }
    return !!ts.forEachChild(n, (c) => (races(c) ? true : undefined));
  };
  return !!fn?.body && races(fn.body);
}

function raceName(call: ts.CallExpression): string | undefined {
  const c = innermost(call.expression);
  return ts.isPropertyAccessExpression(c) && ts.isIdentifier(c.expression) ? `${c.expression.text}.${c.name.text}` : undefined;
}

function holdsTimer(n: ts.Node): boolean {
  return (ts.isCallExpression(n) && calleeName(n) === 'setTimeout') || !!ts.forEachChild(n, (c) => (holdsTimer(c) ? true : undefined));
}

/**
 * `Promise.race([request, timer])`, of which the request is an entry: it settles with the Response where the request
 * wins. A timer of the race ends the waiting alone, not a body read after it.
 */
function raceOf(entry: ts.Node): ts.CallExpression | undefined {
  const list = outermost(entry).parent;
  const race = ts.isArrayLiteralExpression(list) ? outermost(list).parent : undefined;
  return race && ts.isCallExpression(race) && race.arguments[0] === outermost(list) && raceName(race) === 'Promise.race' ? race : undefined;
}

/** Whether the response a promise gives is read past the clear: its body, or the response handed on. */
function promiseRead(e: ts.Node, reads: Reads, depth: number): boolean {
  if (depth > 8) return false;
  const x = outermost(e);
  const p = x.parent;
  const race = raceOf(x);
  if (race) return promiseRead(race, reads, depth + 1);
  if (ts.isAwaitExpression(p)) return valueRead(p, reads, depth + 1);
  const link = ts.isPropertyAccessExpression(p) && p.expression === x && LINKS.has(p.name.text) && ts.isCallExpression(p.parent) && p.parent.expression === p ? p.parent : undefined;
  if (link && (p as ts.PropertyAccessExpression).name.text === 'then') {
    const f = link.arguments[0];
    if (!f || !isCallback(f)) return !!f && reads.after(link);
    const param = f.parameters[0];
    if (!param) return false;
    if (!ts.isIdentifier(param.name)) return patternRead(param.name, reads);
    const b = bindingOf(param.name, reads.file);
    return !!b && usesOf(b, reads.file).some((u) => valueRead(u, reads, depth + 1, { fn: f, link }));
  }
  if (link) return promiseRead(link, reads, depth + 1);
  const held = keptBy(x, reads.file);
  if (held) return usesOf(held, reads.file).some((u) => promiseRead(u, reads, depth + 1));
  if (ts.isExpressionStatement(p) || ts.isVoidExpression(p)) return false;
  return reads.after(x);
}

/** `const { ok, body } = res`: a member other than those read off the headers reads the body. */
function patternRead(name: ts.BindingName, reads: Reads): boolean {
  if (!ts.isObjectBindingPattern(name)) return reads.after(name);
  return name.elements.some((el) => {
    if (!el.dotDotDotToken && reads.headers.has(staticName(el.propertyName ?? el.name) ?? '')) return false;
    // `const { body } = res`: read where the name is used.
    const b = bindingOf(el.name, reads.file);
    return b ? usesOf(b, reads.file).some((u) => reads.after(u)) : reads.after(el);
  });
}

/**
 * Whether the response at `e` is read past the clear: a member other than those of the headers (`json()`, `body`),
 * or the response returned, handed on or stored. Returned by the callback of a `.then` (`back`), it is that link's.
 */
function valueRead(e: ts.Node, reads: Reads, depth: number, back?: { fn: Fn; link: ts.CallExpression }): boolean {
  if (depth > 8) return false;
  const x = outermostAwaited(e);
  const p = x.parent;
  if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === x) {
    const name = ts.isPropertyAccessExpression(p) ? p.name.text : staticName(p.argumentExpression);
    return !(name !== undefined && reads.headers.has(name)) && reads.after(p);
  }
  if (ts.isVariableDeclaration(p) && p.initializer === x && !ts.isIdentifier(p.name)) return patternRead(p.name, reads);
  const held = keptBy(x, reads.file);
  if (held) return usesOf(held, reads.file).some((u) => valueRead(u, reads, depth + 1, back));
  if (back && ((ts.isReturnStatement(p) && functionOf(p) === back.fn) || p === back.fn)) return promiseRead(back.link, reads, depth + 1);
  if (ts.isExpressionStatement(p) || onlyTested(x as ts.Expression)) return false;
  return reads.after(x);
}

/** `p.then(cb)`, `p.finally(cb)`, `p.catch(cb)` whose callback `cb` holds the clear itself (not in a function of its own). */
function linkAround(clear: ts.Node): { receiver: ts.Expression; name: string; fn: Fn } | undefined {
  const fn = functionOf(clear);
  if (!fn || !isCallback(fn)) return undefined;
  const link = outermost(fn).parent;
  if (!ts.isCallExpression(link) || link.arguments[0] !== outermost(fn)) return undefined;
  const callee = link.expression;
  return ts.isPropertyAccessExpression(callee) && LINKS.has(callee.name.text) ? { receiver: callee.expression, name: callee.name.text, fn } : undefined;
}

/** Whether `e` is the request's promise, of the response as it settled: through `.finally`, `.catch`, `.then((r) => r)`, a const. */
function carriesResponse(e: ts.Expression, request: ts.Node, file: FileCtx, depth = 0): boolean {
  const x = innermost(e);
  if (x === request) return true;
  if (depth > 8) return false;
  if (ts.isIdentifier(x)) {
    const b = file.resolver.resolve(x);
    return b?.kind === 'var' && b.constant && !b.path.length && !!b.init && carriesResponse(b.init, request, file, depth + 1);
  }
  const callee = ts.isCallExpression(x) ? x.expression : undefined;
  if (!callee || !ts.isPropertyAccessExpression(callee) || !LINKS.has(callee.name.text)) return false;
  const f = (x as ts.CallExpression).arguments[0];
  const passes = callee.name.text !== 'then' || (!!f && isCallback(f) && returnsOwnParameter(f));
  return passes && carriesResponse(callee.expression, request, file, depth + 1);
}

function returnsOwnParameter(f: Fn): boolean {
  const param = f.parameters[0]?.name;
  if (!param || !ts.isIdentifier(param)) return false;
  const { exprs } = returnsOf(f);
  return exprs.length > 0 && exprs.every((r) => {
    const x = innermost(r);
    return ts.isIdentifier(x) && x.text === param.text;
  });
}

/** `return res` (or its promise) of the request's own function: handed back as the `finally` runs, read after it. */
function returnedFrom(read: ts.Node, request: ts.Node): boolean {
  const p = read.parent;
  return ts.isReturnStatement(p) && p.expression === read && functionOf(p) === functionOf(request);
}

/**
 * Whether `clear` runs once the request settled and before its response's body is read: in a `.then`/`.finally`
 * callback on its promise, in the `finally` of a `try` that awaits it, or in order after the `await` that settles it.
 */
function clearedEarly(clear: ts.CallExpression, request: ts.CallExpression, controller: ts.Node, file: FileCtx, headers: ReadonlySet<string>): boolean {
  const reads = (after: (r: ts.Node) => boolean) => promiseRead(request, { file, headers, after: (r) => after(r) && !ownBound(r, controller, file) }, 0);
  const around = linkAround(clear);
  // `.catch(() => clearTimeout(t))` clears only where the request failed: the timer still runs for the body.
  if (around?.name === 'catch') return false;
  if (around && carriesResponse(around.receiver, request, file)) {
    const then = around.name === 'then';
    return reads((r) => !then || !within(r, around.fn) || runsAfter(clear, r));
  }
  const at = awaitedAt(request, file);
  if (!at || functionOf(clear) !== functionOf(request)) return false;
  for (let n: ts.Node = clear; n.parent && !ts.isFunctionLike(n); n = n.parent) {
    const t = n.parent;
    // Any use in the `try` but the Response handed back (a reader loop, `for await`, a read in a callback it waits
    // for, a body promise awaited later) may read the body to its end before the `finally` runs.
    if (ts.isTryStatement(t) && t.finallyBlock === n && within(at, t.tryBlock)) return reads((r) => !within(r, t.tryBlock) || returnedFrom(r, request) || streamedOn(r, request, t.tryBlock, file));
  }
  return runsAfter(at, clear) && reads((r) => runsAfter(clear, r));
}

/**
 * The `await` that settles the request in its own function: of its promise (`await fetch(…)`), or of the const
 * holding it, the first in order (`const p = fetch(…); const res = await p`).
 */
function awaitedAt(request: ts.Node, file: FileCtx): ts.AwaitExpression | undefined {
  const x = settled(request, file);
  if (ts.isAwaitExpression(x.parent)) return x.parent;
  const held = keptBy(x, file);
  if (held?.kind !== 'var' || !held.constant) return undefined;
  for (const u of usesOf(held, file)) {
    const p = outermost(u).parent;
    if (ts.isAwaitExpression(p) && functionOf(p) === functionOf(request)) return p;
  }
  return undefined;
}

/**
 * The request's promise as the response comes out of it: past a `Promise.race` it is an entry of, and `.catch(…)`,
 * `.finally(…)`, `.then((r) => r)` on it.
 */
function settled(request: ts.Node, file: FileCtx): ts.Node {
  let x = outermost(request);
  const race = raceOf(x);
  if (race) x = outermost(race);
  for (let p = x.parent; ts.isPropertyAccessExpression(p) && p.expression === x && ts.isCallExpression(p.parent) && p.parent.expression === p; p = x.parent) {
    if (!carriesResponse(p.parent, request, file)) break;
    x = outermost(p.parent);
  }
  return x;
}

/**
 * Whether `clear` runs in order right after the request is made, in its own function, with no `await` of it between
 * them (`const p = fetch(…); clearTimeout(t); return p`, also past `await log()`): the timer is gone before the request
 * settles.
 */
function clearedAtStart(clear: ts.CallExpression, request: ts.CallExpression): boolean {
  const fn = functionOf(request);
  if (functionOf(clear) !== fn || !runsAfter(request, clear)) return false;
  let from: ts.Node = request;
  while (from.parent && from.parent !== fn && !ts.isStatement(from)) from = from.parent;
  const body = fn && 'body' in fn && fn.body ? (fn.body as ts.Node) : request.getSourceFile();
  const between = (n: ts.Node) => n.end > from.getStart() && n.pos < clear.pos && !ts.isFunctionLike(n);
  const holders = holdersOf(request, from, body, between);
  const mentions = (n: ts.Node): boolean => n === request || (n.kind === ts.SyntaxKind.ThisKeyword && holders.has('this')) ||
    (ts.isIdentifier(n) && !isPropertyName(n) && holders.has(n.text)) || !!ts.forEachChild(n, (c) => (mentions(c) ? true : undefined));
  // An `await` of the request, or of what holds it, may settle it first (a `yield` may wait for anything).
  const waits = (n: ts.Node): boolean => {
    if (!between(n)) return false;
    if (ts.isYieldExpression(n) && n.getStart() < clear.pos) return true;
    if (ts.isAwaitExpression(n) && n.getStart() < clear.pos && mentions(n.expression)) return true;
    if (ts.isForOfStatement(n) && n.awaitModifier && n.getStart() < clear.pos && mentions(n.expression)) return true;
    return !!ts.forEachChild(n, (c) => (waits(c) ? true : undefined));
  };
  return !waits(body);
}

/**
 * The ms a timer was armed with, as it can be written at the request: a number, or a parameter or constant that the
 * request sees under its own name and nothing writes (`setTimeout(() => c.abort(), ms)`).
 */
function armedMs(timer: ts.CallExpression, request: ts.Node, file: FileCtx): string | undefined {
  const arg = timer.arguments[1] && innermost(timer.arguments[1]);
  if (!arg) return undefined;
  if (ts.isNumericLiteral(arg)) return arg.text;
  const b = ts.isIdentifier(arg) ? file.resolver.resolve(arg) : undefined;
  // A name of its own, destructured too (`const { timeoutMs = 45000 } = opts`): the request writes it as it is.
  const scope = b?.kind === 'param' ? b.param.parent : b?.kind === 'var' && b.constant ? b.scope : undefined;
  if (!b || !scope || !within(request, scope)) return undefined;
  const names = namesIn(file, scope, b.name.text);
  const seen = names.filter((n) => within(n, functionOf(request) ?? file.sf)).every((n) => file.resolver.resolve(n) === b);
  return seen && names.every((n) => file.resolver.resolve(n) !== b || !written(n)) ? b.name.text : undefined;
}

function written(n: ts.Identifier): boolean {
  const x = outermost(n);
  const p = x.parent;
  if (ts.isBinaryExpression(p) && p.left === x) return p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
  return (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken);
}

/**
 * The note of a request whose only bound is a controller's timer cleared once the headers arrive, before the body is
 * read (`const res = await fetch(u, { signal: c.signal }); clearTimeout(t); await res.json()`), or as soon as the
 * request starts (`const p = fetch(…); clearTimeout(t); return p`); undefined where the timer bounds the body too, or
 * the analysis cannot tell. `headers`: the members of the response read off its headers.
 */
export function clearedAtHeaders(signal: Val, request: ts.Node, headers: readonly string[]): { note: string; ms?: string; side?: ts.Expression } | undefined {
  if (signal.kind !== 'signal' || signal.state !== 'timed' || !ts.isCallExpression(request) || request.getSourceFile() !== signal.file.sf) return undefined;
  const file = signal.file;
  const context = ts.isNewExpression(signal.node) ? undefined : signalContextAt(signal.node, file);
  const c = context ? undefined : ts.isNewExpression(signal.node) ? keptBy(standsIn(signal.node) ?? signal.node, file) : undefined;
  const aborts = context ? { calls: contextAborts(context, file), scope: context.param.parent, closure: true } : c?.kind === 'var' ? controllerAborts(c, file) : undefined;
  const timers = aborts && timersOf(aborts, file);
  if (!timers?.length) return undefined;
  const members = new Set(headers);
  let first: { timer: ts.CallExpression; clear: ts.CallExpression; start: boolean } | undefined;
  for (const { timer, handle } of timers) {
    // A clear written before the timer in its own function clears an earlier timer of that name (`t` re-armed).
    const clears = clearsOf(handle, file)?.filter((k) => functionOf(k) !== functionOf(timer) || k.pos >= timer.end);
    const atStart = clears?.find((k) => clearedAtStart(k, request));
    const clear = atStart ?? clears?.find((k) => clearedEarly(k, request, signal.node, file, members));
    if (!clear) return undefined;
    if (!first || (atStart && !first.start)) first = { timer, clear, start: !!atStart };
  }
  const [timer, clear] = [first!.timer, first!.clear].map((n) => lineAt(file.sf, n.getStart(file.sf)));
  const ms = armedMs(first!.timer, request, file);
  const made = context ? `${context.entry.name} signal` : (signal.node as ts.NewExpression).expression.getText(file.sf);
  // `ext ?? c.signal`: said of the path on which the request gets the controller's signal.
  const stand = signal.standIn;
  const the = stand ? ` Where ${stand.when}, the` : ' The';
  const side = stand?.side;
  if (first!.start) return { ms, side, note: `${the} timer on line ${timer} that aborts the ${made} is cleared on line ${clear} as soon as the request starts: nothing bounds it.` };
  return { ms, side, note: `${the} timer on line ${timer} that aborts the ${made} is cleared on line ${clear}, once the headers arrive: reading the body after it has no bound.` };
}
