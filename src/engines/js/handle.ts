// Options set on the request object a call returns, on its socket, or by a helper named for a timeout.
import { ts } from './typescript';
import type { Call, Request } from './detect';
import type { Layer } from './evaluate';
import { type FileCtx, functionNamed, namesIn, nodeFloorOf } from './file';
import { abortCallState } from './controller';
import { localFunction } from './local-function';
import { unwrap } from './parse';
import { memberUses } from './receivers';
import type { Binding } from './resolve';
import { type ClearedTimer, clearedAtHeaders } from './headers-cleared';
import { type HandleCtx, type Late, LISTEN, endedOn, handedOn, inResponse, lateBound, recordPhase, responseFunctions, socketHolder } from './response-phase';
import { thisHandleOptions } from './this-handle';
import { bodyBounds } from './body-bound';
import { type Prop, type Val, UNKNOWN, evaluate } from './values';
import { holderExpression, outermost, walk } from './walk';

/** The request and the calls chained on it that return it (`req.on(…).once(…)`, `spec.handle.chain`), outermost last. */
function requestChain(r: Request): ts.Expression[] {
  const chain: ts.Expression[] = [r.call];
  const names = r.spec.handle?.chain ?? [];
  for (let n: ts.Node = r.call; ; ) {
    const p = holderExpression(n);
    const call = p && ts.isPropertyAccessExpression(p) && names.includes(p.name.text) ? p.parent : undefined;
    if (!call || !ts.isCallExpression(call) || call.expression !== p) return chain;
    chain.push(call);
    n = call;
  }
}

/** `e` past the calls of the chain made on it (`req.setHeader(…).end()` -> `req`), stopping at one of `chain`. */
function pastChainCalls(e: ts.Expression, r: Request, chain: readonly ts.Expression[]): ts.Expression {
  const names = r.spec.handle?.chain ?? [];
  let x = unwrap(e);
  for (let i = 0; i < 16 && ts.isCallExpression(x) && !chain.includes(x); i++) {
    const callee = unwrap(x.expression);
    if (!ts.isPropertyAccessExpression(callee) || !names.includes(callee.name.text)) break;
    x = unwrap(callee.expression);
  }
  return x;
}

/**
 * True when `e` is the request itself, a chain that returns it, or a name bound to it, or a call of the chain's
 * (`spec.handle.chain`) on one of those: `req.end().on(…)`, `req.setHeader(…).end()`.
 */
function isHandle(e: ts.Expression, r: Request, binding: unknown, chain: readonly ts.Expression[]): boolean {
  const x = pastChainCalls(e, r, chain);
  if (chain.includes(x)) return true;
  return binding !== undefined && ts.isIdentifier(x) && r.file.resolver.resolve(x) === binding;
}

/**
 * The socket parameters of `req.on('socket', (socket) => …)` listeners on the request: Node's ClientRequest
 * hands them the socket that `req.setTimeout()` configures (nodejs.org/api/http.html, event 'socket'), so a
 * handle method called on one sets the same option.
 */
function socketParams(r: Request, binding: unknown, chain: readonly ts.Expression[], names: readonly string[]): Set<ts.ParameterDeclaration> {
  const out = new Set<ts.ParameterDeclaration>();
  for (const c of memberUses(r.file, chain, names).calls) {
    const callee = unwrap(c.expression);
    const [event, fn] = c.arguments ?? [];
    if (!ts.isPropertyAccessExpression(callee) || !LISTEN.has(callee.name.text) || !event || !fn) continue;
    if (!ts.isStringLiteralLike(event) || event.text !== 'socket' || !isHandle(callee.expression, r, binding, chain)) continue;
    const f = unwrap(fn);
    const p = ts.isArrowFunction(f) || ts.isFunctionExpression(f) ? f.parameters[0] : undefined;
    if (p) out.add(p);
  }
  return out;
}

function isSocket(e: ts.Expression, r: Request, sockets: Set<ts.ParameterDeclaration>): boolean {
  const x = unwrap(e);
  const b = sockets.size && ts.isIdentifier(x) ? r.file.resolver.resolve(x) : undefined;
  return b?.kind === 'param' && !b.path.length && sockets.has(b.param);
}

/** The name the request is kept by: `const req = http.request(…)`, or `req = http.request(…)` for a `let req` above. */
function handleName(last: ts.Expression): ts.Identifier | undefined {
  const n = outermost(last);
  const p = n.parent;
  if (ts.isVariableDeclaration(p)) return ts.isIdentifier(p.name) ? p.name : undefined;
  const assigned = ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken ? p.left : undefined;
  return assigned && ts.isIdentifier(assigned) ? assigned : undefined;
}

/**
 * The calls and writes on the request, its names and sockets, and on what a call of the chain made on them gives
 * back, which is the request again: `req.end().on('timeout', …)`, `req.setHeader(…).end()`.
 */
function usesThroughChain(r: Request, chain: readonly ts.Expression[], names: readonly string[]): ReturnType<typeof memberUses> {
  const chained = r.spec.handle?.chain ?? [];
  const nodes: ts.Node[] = [...chain];
  let uses = memberUses(r.file, nodes, names);
  for (let i = 0; i < 8; i++) {
    const more = uses.calls.filter((c) => {
      const callee = unwrap(c.expression);
      return ts.isCallExpression(c) && ts.isPropertyAccessExpression(callee) && chained.includes(callee.name.text) && !nodes.includes(c);
    });
    if (!more.length) break;
    nodes.push(...more);
    uses = memberUses(r.file, nodes, names);
  }
  return uses;
}

type VarBinding = Extract<Binding, { kind: 'var' }>;

/** The constants a call of the chain on the request is stored in: `const r2 = req.end()`. */
function chainAliases(r: Request, calls: readonly Call[], onHandle: (e: ts.Expression) => boolean): Set<VarBinding> {
  const chained = r.spec.handle?.chain ?? [];
  const out = new Set<VarBinding>();
  for (const c of calls) {
    const callee = unwrap(c.expression);
    if (!ts.isCallExpression(c) || !ts.isPropertyAccessExpression(callee) || !chained.includes(callee.name.text) || !onHandle(c)) continue;
    const d = outermost(c).parent;
    if (!ts.isVariableDeclaration(d) || !ts.isIdentifier(d.name) || (d.parent.flags & ts.NodeFlags.Const) === 0) continue;
    const b = r.file.resolver.resolve(d.name);
    if (b?.kind === 'var') out.add(b);
  }
  return out;
}

/** Options set on the returned request object: `req.setTimeout(ms)`, `xhr.timeout = ms`, and on its socket. */
export function handleLayer(r: Request): Layer[] {
  const h = r.spec.handle;
  if (!h) return [];
  const chain = requestChain(r);
  // `this.req = https.request(…)`: kept on the instance, set where the class's code uses `this.req`.
  const kept = thisHandleOptions(chain[chain.length - 1]!, r.spec, r.file);
  if (kept?.ended) return [{ value: { kind: 'object', props: new Map(), open: true }, kind: 'call', at: r.call, file: r.file, ended: true }];
  const id = handleName(chain[chain.length - 1]!);
  const binding = id ? r.file.resolver.resolve(id) ?? undefined : undefined;
  const names = binding && id ? [id.text] : [];
  const props = new Map<string, Prop>(kept?.props);
  const sockets = h.methods ? socketParams(r, binding, chain, names) : new Set<ts.ParameterDeclaration>();
  const socketNames = [...sockets].flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : []));
  // Only the calls and writes on the request, its name or its sockets can set its options (receivers.ts).
  // `req.socket.destroy()`: an abort on the socket the request holds.
  const held = names.flatMap((n) => (h.sockets ?? []).map((s) => `${n}.${s}`));
  const first = usesThroughChain(r, chain, [...names, ...socketNames, ...held]);
  // `const r2 = req.end()`: a name a call of the chain on the request gives it to holds the request too.
  const aliases = chainAliases(r, first.calls, (e) => isHandle(e, r, binding, chain));
  const uses = aliases.size ? usesThroughChain(r, chain, [...names, ...socketNames, ...held, ...[...aliases].map((b) => b.name.text)]) : first;
  const isAlias = (e: ts.Expression): boolean => {
    const x = unwrap(e);
    const b = aliases.size && ts.isIdentifier(x) ? r.file.resolver.resolve(x) : undefined;
    return !!b && aliases.has(b as VarBinding);
  };
  const total = r.spec.total.options[0]?.name;
  // Called only where the client has a total option to set.
  const ended = (c: ts.Expression, delay: Val): void => setPath(props, total!, { expr: c, node: c, file: r.file, value: delay });
  let endedWhole = false;
  const ctx: HandleCtx = { r, binding, chain, calls: uses.calls, isHandle: (e) => isHandle(e, r, binding, chain) || isAlias(pastChainCalls(e, r, [])), isSocket: (e) => isSocket(e, r, sockets) };
  // What runs once the headers are in (the response callback) bounds no wait for them.
  const fns = responseFunctions(ctx);
  const late: Late[] = [];
  const cleared: (ClearedTimer & { at: Call; delay: Val })[] = [];
  for (const c of uses.calls) {
    const callee = unwrap(c.expression);
    // What aborts the request is handed to the code (`chain.controller()`): counts as set (contract).
    if (ts.isPropertyAccessExpression(callee) && h.handsOutAbort?.includes(callee.name.text) && isHandle(callee.expression, r, binding, chain)) endedWhole = true;
    if (timedAbort(r, callee, binding, chain, sockets)) {
      const access = callee as ts.PropertyAccessExpression;
      const atHeaders = inResponse(c, fns) ? undefined : fns.size ? clearedAtHeaders(access, fns, ctx) : undefined;
      if (inResponse(c, fns)) late.push({ at: c, timer: true });
      else if (atHeaders) cleared.push({ ...atHeaders, at: c, delay: timerDelay(access, r.file) });
      else if (total) ended(c, timerDelay(access, r.file));
      else endedWhole = true;
    }
    const m = ts.isPropertyAccessExpression(callee) && h.methods?.find((x) => x.name === callee.name.text);
    const recv = m && (callee as ts.PropertyAccessExpression).expression;
    if (m && recv && c.arguments?.[0] && (isHandle(recv, r, binding, chain) || isSocket(recv, r, sockets))) {
      if (inResponse(c, fns)) late.push({ at: c, timer: false });
      else props.set(m.option, { expr: c.arguments[0], node: c, file: r.file });
    }
  }
  for (const w of uses.writes) {
    const left = w.left;
    if (ts.isPropertyAccessExpression(left) && h.properties?.includes(left.name.text) && isHandle(left.expression, r, binding, chain)) {
      props.set(left.name.text, { expr: w.right, node: w, file: r.file });
    }
  }
  const handed = h.aborts && names[0] !== undefined ? abortedWhereHanded(r, binding, names[0], h.aborts) : undefined;
  if (handed && inResponse(handed.call, fns)) late.push({ at: handed.call, timer: true });
  else if (handed && total) ended(handed.call, handed.delay);
  else if (handed) endedWhole = true;
  // What the response functions arm on the response or a socket (`setTimeout(() => res.destroy(), ms)`).
  late.push(...bodyBounds(fns, ctx));
  // A timer cleared as the headers arrive, and a bound armed then for the body: every phase is bounded.
  const bodyBound = cleared.length > 0 && lateBound(late, ctx);
  for (const k of bodyBound ? cleared : []) {
    if (total) ended(k.at, k.delay);
    else endedWhole = true;
  }
  // A client with no total option (request): an abort a timer runs ends every phase, so every bound counts as set.
  if (endedWhole) return [{ value: { kind: 'object', props: new Map(), open: true }, kind: 'call', at: r.call, file: r.file, ended: true }];
  const idle = h.agentIdle && agentIdleEnds(r, h.agentIdle, uses.calls, binding, chain) ? h.agentIdle.option : undefined;
  if (idle && !props.has(idle)) props.set(idle, { expr: r.call, node: r.call, file: r.file, value: UNKNOWN });
  const helper = names[0] !== undefined ? timeoutHelper(r, binding, names[0]) : undefined;
  if (helper) for (const option of [...(h.methods ?? []).map((m) => m.option), ...(h.properties ?? [])]) props.set(option, { expr: helper, node: helper, file: r.file, value: UNKNOWN });
  // An idle option that only emits its event bounds nothing where no listener the analysis sees ends the request,
  // unless the request goes where a listener may be added.
  const emits = h.aborts ? (r.spec.idle ?? []).filter((o) => o.emitsOnly).map((o) => o.name) : [];
  const unheard = emits.length && !kept && !helper && !handedOn(ctx) ? emits.filter((e) => !endedOn(e, ctx, fns)) : [];
  recordPhase(r.call, { cleared: bodyBound ? undefined : cleared[0], late: late[0], unheard });
  if (!props.size && !unheard.length) return [];
  return [{ value: { kind: 'object', props, open: false }, kind: 'call', at: r.call, file: r.file, ...(unheard.length ? { unheard } : {}) }];
}

/**
 * `req.destroy()`, `socket.destroy()` or `req.socket.destroy()` (`spec.handle.aborts`) run by a timer or a timed
 * signal (controller.ts).
 */
function timedAbort(r: Request, callee: ts.Expression, binding: Binding | undefined, chain: readonly ts.Expression[], sockets: Set<ts.ParameterDeclaration>): boolean {
  if (!ts.isPropertyAccessExpression(callee) || !r.spec.handle?.aborts?.includes(callee.name.text)) return false;
  const held = socketHolder(callee.expression, r);
  if (!isHandle(callee.expression, r, binding, chain) && !isSocket(callee.expression, r, sockets) && !(held && isHandle(held, r, binding, chain))) return false;
  const scope = binding?.kind === 'var' ? binding.scope : r.file.sf;
  return abortCallState(callee, scope, r.file) !== null;
}

/**
 * `https.get(url, cb).on('timeout', function () { this.destroy(); })` with no `agent` option, where the nearest
 * engines.node allows only Node `since` and later: the default agent's socket timeout fires the event, and the
 * listener ends the request (an idle bound). On an older Node no agent timeout fires, and the request is reported.
 */
function agentIdleEnds(r: Request, idle: { option: string; event: string; since: number }, calls: readonly Call[], binding: Binding | undefined, chain: readonly ts.Expression[]): boolean {
  return listenerEnds(r, idle, calls, binding, chain) && floorFrom(r.file, idle.since);
}

/** Whether the nearest engines.node allows only Node `since` and later. */
function floorFrom(file: FileCtx, since: number): boolean {
  const floor = nodeFloorOf(file);
  return !!floor && floor[0] >= since;
}

/**
 * The request uses the default agent with its socket timeout (no `agent`, no timeout option of its own, which
 * replaces the agent's), and a listener of the agent's idle event ends it.
 */
function listenerEnds(r: Request, idle: { option: string; event: string }, calls: readonly Call[], binding: Binding | undefined, chain: readonly ts.Expression[]): boolean {
  const o = r.options.value;
  const none = o.kind === 'lit' && (o.value === undefined || o.value === null);
  if (!none && (o.kind !== 'object' || o.open || o.props.has('agent') || o.props.has(idle.option))) return false;
  const aborts = r.spec.handle?.aborts ?? [];
  return calls.some((c) => {
    const callee = unwrap(c.expression);
    const [event, fn] = c.arguments ?? [];
    if (!ts.isPropertyAccessExpression(callee) || !LISTEN.has(callee.name.text) || !event || !ts.isStringLiteralLike(event) || event.text !== idle.event) return false;
    const f = fn && unwrap(fn);
    if (!f || !isHandle(callee.expression, r, binding, chain) || !(ts.isArrowFunction(f) || ts.isFunctionExpression(f))) return false;
    let found = false;
    walk(f.body, (n) => {
      if (found || !ts.isCallExpression(n) || !ts.isPropertyAccessExpression(n.expression)) return !found;
      const recv = unwrap(n.expression.expression);
      const self = recv.kind === ts.SyntaxKind.ThisKeyword && ts.isFunctionExpression(f);
      found = aborts.includes(n.expression.name.text) && (self || isHandle(recv, r, binding, chain));
      return !found;
    });
    return found;
  });
}

/**
 * For a request reported with a listener of the default agent's idle event that ends it: why that does not bound
 * it, as engines.node allows a Node whose default agent sets no socket timeout.
 */
export function agentIdleNote(r: Request): string {
  const idle = r.spec.handle?.agentIdle;
  if (!idle || floorFrom(r.file, idle.since)) return '';
  const chain = requestChain(r);
  const id = handleName(chain[chain.length - 1]!);
  const binding = id ? r.file.resolver.resolve(id) ?? undefined : undefined;
  const uses = memberUses(r.file, chain, binding && id ? [id.text] : []);
  if (!listenerEnds(r, idle, uses.calls, binding, chain)) return '';
  return ` Its '${idle.event}' listener ends it only on Node ${idle.since}+, whose default agent times out idle sockets; engines.node does not rule out an older Node.`;
}

/** `timeout.request` = value: a dotted option set in a nested object, beside the keys already there. */
function setPath(props: Map<string, Prop>, path: string, prop: Prop): void {
  const [key, ...rest] = path.split('.');
  if (!rest.length) {
    props.set(key!, prop);
    return;
  }
  const inner = new Map<string, Prop>();
  setPath(inner, rest.join('.'), prop);
  props.set(key!, { ...prop, value: { kind: 'object', props: inner, open: false } });
}

/** The ms of the `setTimeout(() => req.abort(), ms)` that runs an abort, where it reads as a number; else unknown. */
function timerDelay(access: ts.PropertyAccessExpression, file: FileCtx): Val {
  for (let n: ts.Node = access; n.parent && !ts.isSourceFile(n); n = n.parent) {
    const p = n.parent;
    if (!ts.isCallExpression(p) || p.arguments[0] !== n) continue;
    const c = unwrap(p.expression);
    if (ts.isIdentifier(c) && c.text === 'setTimeout') {
      const v = p.arguments[1] ? evaluate(p.arguments[1], file) : UNKNOWN;
      return v.kind === 'lit' && typeof v.value === 'number' && Number.isFinite(v.value) && v.value > 0 ? v : UNKNOWN;
    }
  }
  return UNKNOWN;
}

/**
 * The function a call runs, where this file holds it: `arm(req, ms)`, `this.arm(req)` of the same class (not where a
 * subclass of the file overrides it or the file writes it again).
 */
function calledFunction(callee: ts.Expression, file: FileCtx): ts.SignatureDeclaration | undefined {
  const c = unwrap(callee);
  return ts.isIdentifier(c) ? functionNamed(c, file) : localFunction(c, file);
}

/**
 * `initTimeout(req)`, `this.arm(url, req)`: the request handed to a function of this file whose parameter a timer
 * aborts (`setTimeout(() => req.cancel(), ms)` in its body); the call and the timer's ms.
 */
function abortedWhereHanded(r: Request, binding: Binding | undefined, name: string, aborts: readonly string[]): { call: ts.CallExpression; delay: Val } | undefined {
  if (binding?.kind !== 'var') return undefined;
  for (const n of namesIn(r.file, binding.scope, name)) {
    const call = n.parent;
    if (!ts.isCallExpression(call) || !call.arguments.includes(n) || r.file.resolver.resolve(n) !== binding) continue;
    const fn = calledFunction(call.expression, r.file);
    const param = fn?.parameters[call.arguments.indexOf(n)];
    const body = fn && 'body' in fn ? (fn.body as ts.Node | undefined) : undefined;
    if (!body || !param || param.dotDotDotToken || !ts.isIdentifier(param.name)) continue;
    let delay: Val | undefined;
    walk(body, (x) => {
      if (delay || !ts.isPropertyAccessExpression(x) || !aborts.includes(x.name.text) || !ts.isIdentifier(x.expression)) return !delay;
      const b = r.file.resolver.resolve(x.expression);
      const call = x.parent;
      if (b?.kind === 'param' && b.param === param && !b.path.length && ts.isCallExpression(call) && call.expression === x && abortCallState(x, fn!, r.file) !== null) {
        delay = timerDelay(x, r.file);
      }
      return !delay;
    });
    if (delay) return { call, delay };
  }
  return undefined;
}

const TIMEOUT_HELPER = /timeout/i;

/**
 * `setConnectionTimeout(req, reject, ms)`, `setSocketTimeout(req, …)` (@smithy/node-http-handler): the request
 * handed to a function named for a timeout, which may set one on it where the analysis does not look.
 */
function timeoutHelper(r: Request, binding: Binding | undefined, name: string): ts.CallExpression | undefined {
  if (binding?.kind !== 'var') return undefined;
  return timeoutCalls(r.file).find((call) => call.arguments.some((a) => ts.isIdentifier(a) && a.text === name && r.file.resolver.resolve(a) === binding));
}

/** The calls of the file to a function named for a timeout (worked out once per file). */
function timeoutCalls(file: FileCtx): ts.CallExpression[] {
  let calls = file.cache.get('timeoutCalls') as ts.CallExpression[] | undefined;
  if (calls) return calls;
  calls = [];
  for (const c of file.callNodes) {
    if (!ts.isCallExpression(c) || !c.arguments.length) continue;
    const callee = unwrap(c.expression);
    const called = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (TIMEOUT_HELPER.test(called)) calls.push(c);
  }
  file.cache.set('timeoutCalls', calls);
  return calls;
}
