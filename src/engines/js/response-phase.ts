// The phases of a request object's exchange (spec.handle.response): what runs once the headers are in bounds no wait
// for them, a timer that ends the request cleared there bounds no body read after, and an idle option that only emits
// its event bounds nothing unless a listener ends the request (http-clients.md, node:http).
import { ts } from './typescript';
import type { Call, Request } from './detect';
import { type FileCtx, functionNamed, isGlobal, namesIn } from './file';
import { calleeName, onlyTested } from './controller';
import { unwrap } from './parse';
import type { Binding } from './resolve';
import type { ClearedTimer } from './headers-cleared';
import { type Val, evaluate } from './values';
import { holderExpression, outermost, settlesPromise, walk } from './walk';

/** The request as handle.ts sees it: its chain, the name it is kept by, and tests for it and its sockets. */
export interface HandleCtx {
  r: Request;
  binding: Binding | undefined;
  chain: readonly ts.Expression[];
  calls: readonly Call[];
  isHandle: (e: ts.Expression) => boolean;
  isSocket: (e: ts.Expression) => boolean;
}

export type Fn = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;

/** The emitter methods that add a listener. */
export const LISTEN = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/** `(res) => …`, `function (res) {…}`, or the name of a function of this file. */
export function functionAt(arg: ts.Expression | undefined, file: FileCtx): Fn | undefined {
  const f = arg && unwrap(arg);
  if (!f) return undefined;
  if (ts.isArrowFunction(f) || ts.isFunctionExpression(f)) return f;
  return ts.isIdentifier(f) ? functionNamed(f, file) : undefined;
}

/** `req.on(event, fn)` on the request (or, with `sockets`, a socket of it): the listener it adds for `event`. */
function listenerOf(c: Call, event: string, ctx: HandleCtx, sockets: boolean): ts.Expression | undefined {
  const callee = unwrap(c.expression);
  const [name, fn] = c.arguments ?? [];
  if (!ts.isPropertyAccessExpression(callee) || !LISTEN.has(callee.name.text) || !name || !ts.isStringLiteralLike(name) || name.text !== event) return undefined;
  return ctx.isHandle(callee.expression) || (sockets && ctx.isSocket(callee.expression)) ? fn : undefined;
}

/** The functions run once the headers are in: the call's callback and the request's `'response'` listeners. */
export function responseFunctions(ctx: HandleCtx): Set<Fn> {
  const spec = ctx.r.spec.handle?.response;
  const out = new Set<Fn>();
  if (!spec) return out;
  const add = (arg: ts.Expression | undefined) => {
    const f = functionAt(arg, ctx.r.file);
    if (f) out.add(f);
  };
  if (spec.callback) for (const a of ctx.r.call.arguments ?? []) add(a);
  for (const c of ctx.calls) add(listenerOf(c, spec.event, ctx, false));
  return out;
}

/** Whether `node` runs in one of `fns`, or in a function in one. */
export function inResponse(node: ts.Node, fns: ReadonlySet<ts.Node>): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (fns.has(n)) return true;
  return false;
}

/** What else a listener may end (`also`: the response, its socket), and whether `this` there is the emitter. */
export interface Ender {
  also?: (e: ts.Expression) => boolean;
  self?: boolean;
}

/** `req.socket`, `res.connection` (`spec.handle.sockets`): what `e` reads the socket of; else undefined. */
export function socketHolder(e: ts.Expression, r: Request): ts.Expression | undefined {
  const x = unwrap(e);
  return ts.isPropertyAccessExpression(x) && r.spec.handle?.sockets?.includes(x.name.text) ? x.expression : undefined;
}

/**
 * Whether a listener ends the request: it calls an abort (`spec.handle.aborts`) on the request, its socket
 * (`req.socket`, or its deprecated alias `req.connection`) or `this` (the emitter, in a `function`), emits 'error' on
 * the request where a listener of it ends the request or none is added (the emit throws), exits the process, throws,
 * or hands the request to code that may end it; a function of the file it calls is read too. One the analysis cannot
 * see may end it: it counts (contract); a parameter of a `new Promise` executor (`reject`) cannot.
 */
export function listenerEnds(arg: ts.Expression, ctx: HandleCtx, ender: Ender = {}, depth = 0): boolean {
  const file = ctx.r.file;
  const f = functionAt(arg, file);
  if (!f) {
    const x = unwrap(arg);
    const b = ts.isIdentifier(x) ? file.resolver.resolve(x) : undefined;
    return !(b?.kind === 'param' && settlesPromise(b.param));
  }
  if (!f.body || depth > 2) return false;
  const self = !ts.isArrowFunction(f) && ender.self !== false;
  const aborts = ctx.r.spec.handle?.aborts ?? [];
  const part = (e: ts.Expression) => ctx.isHandle(e) || !!ender.also?.(e);
  const endsOn = (e: ts.Expression): boolean => {
    const x = unwrap(e);
    if (x.kind === ts.SyntaxKind.ThisKeyword) return self;
    const held = socketHolder(x, ctx.r);
    if (held && ctx.isHandle(held)) return true;
    return part(x) || ctx.isSocket(x);
  };
  let found = false;
  walk(f.body, (n) => {
    if (found) return false;
    if (ts.isThrowStatement(n)) return !(found = true);
    if (!ts.isCallExpression(n)) return true;
    const callee = unwrap(n.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const name = callee.name.text;
      found = (aborts.includes(name) && endsOn(callee.expression)) || (name === 'exit' && isGlobal(unwrap(callee.expression), 'process', file)) ||
        (name === 'emit' && errorEnds(n, callee.expression, ctx, self, depth));
    }
    found ||= n.arguments.some(part);
    if (!found && ts.isIdentifier(callee) && functionNamed(callee, file)) found = listenerEnds(callee, ctx, ender, depth + 1);
    return !found;
  });
  return found;
}

/**
 * `req.emit('error', err)` (or `this.emit` in a listener of the request): it ends the request where an 'error'
 * listener added on it does, and where none is added the emit throws (events.html: an 'error' with no listener is
 * thrown), which ends it as a `throw` does.
 */
function errorEnds(call: ts.CallExpression, on: ts.Expression, ctx: HandleCtx, self: boolean, depth: number): boolean {
  const [event] = call.arguments;
  const x = unwrap(on);
  if (!event || !ts.isStringLiteralLike(event) || event.text !== 'error') return false;
  if (!(x.kind === ts.SyntaxKind.ThisKeyword ? self : ctx.isHandle(x))) return false;
  const listeners = ctx.calls.flatMap((c) => listenerOf(c, 'error', ctx, false) ?? []);
  return !listeners.length || listeners.some((l) => listenerEnds(l, ctx, {}, depth + 1));
}


/**
 * Whether a listener of `event` ends the request: added by `req.on(event, fn)` (`once`, …) on the request or a
 * socket of it, or as the callback of a handle method that sets the idle option (`req.setTimeout(ms, fn)`). With
 * `fns`, one added in them (once the headers are in) does not count.
 */
export function endedOn(event: string, ctx: HandleCtx, fns?: ReadonlySet<ts.Node>): boolean {
  const methods = ctx.r.spec.handle?.methods ?? [];
  return ctx.calls.some((c) => {
    if (fns && inResponse(c, fns)) return false;
    const callee = unwrap(c.expression);
    const method = ts.isPropertyAccessExpression(callee) && methods.some((m) => m.name === callee.name.text) && (ctx.isHandle(callee.expression) || ctx.isSocket(callee.expression));
    const fn = method ? c.arguments?.[1] : listenerOf(c, event, ctx, true);
    return !!fn && listenerEnds(fn, ctx);
  });
}

/**
 * Whether the request goes where the analysis cannot see, which may add a listener: returned, stored, or handed to
 * a call (not piped into, nor logged).
 */
export function handedOn(ctx: HandleCtx): boolean {
  if (!ctx.binding) return !ts.isExpressionStatement(holderExpression(calledOn(ctx.chain[ctx.chain.length - 1]!)));
  if (ctx.binding.kind !== 'var') return true;
  const file = ctx.r.file;
  return namesIn(file, ctx.binding.scope, ctx.binding.name.text).some((n) => {
    if (n === ctx.binding!.name || file.resolver.resolve(n) !== ctx.binding) return false;
    const x = outermost(n);
    const q = x.parent;
    if ((ts.isPropertyAccessExpression(q) || ts.isElementAccessExpression(q)) && q.expression === x) return false;
    if (ts.isBinaryExpression(q) && q.left === x && q.operatorToken.kind === ts.SyntaxKind.EqualsToken) return false;
    if (onlyTested(x as ts.Expression) || ts.isExpressionStatement(q)) return false;
    if (ts.isCallExpression(q) && q.arguments.includes(x as ts.Expression)) {
      const callee = unwrap(q.expression);
      const logged = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'console';
      return !(logged || (ts.isPropertyAccessExpression(callee) && callee.name.text === 'pipe') || calleeName(q) === 'pipeline');
    }
    return true;
  });
}

/**
 * `http.request(…).write(body)`, `.flushHeaders()`: the calls made on the request (or on what they return) that are
 * not of its chain; they hand it nowhere, so it is where the outermost of them is held that tells.
 */
function calledOn(end: ts.Expression): ts.Node {
  let x: ts.Node = end;
  for (let p = holderExpression(x); ts.isPropertyAccessExpression(p) && p.expression === outermost(x) && ts.isCallExpression(p.parent) && p.parent.expression === p; p = holderExpression(x)) x = p.parent;
  return x;
}

/**
 * A bound armed once the headers are in: a timer that ends the request or the response, or an idle value set on it
 * (`timer` false), which is `heard` where its own callback ends them (`res.setTimeout(ms, () => res.destroy())`).
 */
export interface Late {
  at: Call;
  timer: boolean;
  heard?: boolean;
}

/**
 * Whether what is armed once the headers are in bounds the body: a timer that ends the request or the response, an
 * idle value whose own callback ends them, or an idle value (not a never value) set on the request that a listener
 * turns into an end.
 */
export function lateBound(late: readonly Late[], ctx: HandleCtx): boolean {
  if (late.some((l) => l.timer || l.heard)) return true;
  const idle = late.filter((l) => {
    const v = evaluate(l.at.arguments![0]!, ctx.r.file);
    return !(v.kind === 'lit' && ctx.r.spec.total.never.includes(v.value as never));
  });
  const emits = (ctx.r.spec.idle ?? []).filter((o) => o.emitsOnly).map((o) => o.name);
  return idle.length > 0 && (!emits.length || emits.some((e) => endedOn(e, ctx)));
}

/** What leaves a request's phases unbounded, for its message and fix (handle.ts records it as it reads the request). */
export interface Phase {
  /** The timer cleared at the headers, where nothing armed then bounds the body. */
  cleared?: ClearedTimer & { delay: Val };
  /** The first bound armed once the headers are in. */
  late?: Late;
  /** The idle options that only emit their event, which no listener turns into an end. */
  unheard: readonly string[];
}

const phases = new WeakMap<ts.Node, Phase>();

export function recordPhase(call: ts.Node, phase: Phase): void {
  phases.set(call, phase);
}

export function phaseOf(call: ts.Node): Phase | undefined {
  return phases.get(call);
}
