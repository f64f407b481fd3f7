import { ts } from '../typescript';
import type { JsClientSpec } from '../../../catalogue/define-client';
import type { Fix } from '../../../model/finding';
import type { Layer } from '../evaluate';
import { namesIn, type FileCtx } from '../file';
import { unwrap } from '../parse';
import type { Binding } from '../resolve';
import { type Prop, evaluate } from '../values';
import { outermost, outermostAwaited } from '../walk';

type Call = ts.CallExpression | ts.NewExpression;

/** The method call that continues a chain after `node`: `node.name(…)`. */
function nextInChain(node: ts.Expression): { call: ts.CallExpression; name: string } | undefined {
  const n = outermost(node);
  const p = n.parent;
  if (!p || !ts.isPropertyAccessExpression(p) || p.expression !== n) return undefined;
  const c = p.parent;
  return c && ts.isCallExpression(c) && c.expression === p ? { call: c, name: p.name.text } : undefined;
}

/** The last call of the chain that starts at `at`, the `.timeout()` calls along it, and whether a plugin is used. */
function chainFrom(at: Call): { end: ts.Expression; timeouts: ts.CallExpression[]; plugin: boolean } {
  const timeouts: ts.CallExpression[] = [];
  let end: ts.Expression = at;
  let plugin = false;
  for (let next = nextInChain(at); next; next = nextInChain(next.call)) {
    if (next.name === 'timeout') timeouts.push(next.call);
    plugin ||= next.name === 'use';
    end = next.call;
  }
  return { end, timeouts, plugin };
}

/**
 * The binding a chain's result is stored in: `const req = superagent.get(u).set(…)`. Not one an `await` fills: that
 * holds the response (`const res = await superagent.get(u)`), on which no timeout can be set any more.
 */
function boundTo(end: ts.Expression, file: FileCtx): Binding | undefined {
  const n = outermostAwaited(end);
  if (n !== outermost(end)) return undefined;
  const d = n.parent;
  if (!d || !ts.isVariableDeclaration(d) || d.initializer !== n || !ts.isIdentifier(d.name)) return undefined;
  return file.resolver.resolve(d.name) ?? undefined;
}

/** True when `c` is `x.timeout(…)` or `x.set(…).timeout(…)` with `x` bound to `b`; `agent.get(u).timeout()` is the request's. */
function isTimeoutOn(c: Call, b: Binding, file: FileCtx, requests: ReadonlySet<string>): c is ts.CallExpression {
  const callee = unwrap(c.expression);
  if (!ts.isCallExpression(c) || !ts.isPropertyAccessExpression(callee) || callee.name.text !== 'timeout') return false;
  let x = unwrap(callee.expression);
  while (ts.isCallExpression(x)) {
    const inner = unwrap(x.expression);
    if (!ts.isPropertyAccessExpression(inner) || requests.has(inner.name.text)) return false;
    x = unwrap(inner.expression);
  }
  return ts.isIdentifier(x) && file.resolver.resolve(x) === b;
}

/** True when the bound request is passed as an argument somewhere in its scope. */
function isPassedOn(b: Binding, file: FileCtx): boolean {
  if (b.kind !== 'var') return false;
  return namesIn(file, b.scope, b.name.text).some((n) => {
    const p = n.parent;
    return n !== b.name && (ts.isCallExpression(p) || ts.isNewExpression(p)) && !!p.arguments?.includes(n) && file.resolver.resolve(n) === b;
  });
}

/** The method names that send a request: a chain through one of them belongs to that request. */
function requestMethods(spec: JsClientSpec): Set<string> {
  return new Set(spec.calls.flatMap((s) => s.callee.slice(1).flatMap((seg) => (typeof seg === 'string' ? [seg] : [...seg]))));
}

/**
 * `.timeout(n)` sets the deadline (a total) and clears `response`; `.timeout({ response, deadline })` sets the
 * keys it names (superagent lib/request-base.js:95-113, http-clients.md).
 */
function applyTimeout(call: ts.CallExpression, file: FileCtx, props: Map<string, Prop>): void {
  const arg = call.arguments[0];
  if (!arg) return;
  const v = evaluate(arg, file);
  if (v.kind !== 'object') {
    props.set('deadline', { expr: arg, node: call, file });
    // Contract: a value the analysis cannot see into counts as set, `response` included; a plain value clears it.
    if (v.kind === 'lit') props.delete('response');
    else props.set('response', { expr: arg, node: call, file });
    return;
  }
  for (const key of ['deadline', 'response']) {
    const p = v.props.get(key);
    if (p) props.set(key, p);
    else if (v.open) props.set(key, { expr: arg, node: call, file });
  }
}

/** The `.timeout()` calls on a request or agent, chained onto it or made later on its name, in source order. */
export function superagentLayers(spec: JsClientSpec, at: Call, file: FileCtx, kind: Layer['kind']): Layer[] {
  const { end, timeouts, plugin } = chainFrom(at);
  const b = boundTo(end, file);
  const requests = requestMethods(spec);
  if (b) for (const c of file.callNodes) if (isTimeoutOn(c, b, file, requests)) timeouts.push(c);
  const props = new Map<string, Prop>();
  for (const c of timeouts.sort((x, y) => x.end - y.end)) applyTimeout(c, file, props);
  // Contract: a request handed to another function, or to a plugin (`.use(fn)` calls `fn(request)`), may get
  // its timeout there, so it counts as set.
  const open = plugin || (b !== undefined && isPassedOn(b, file));
  return props.size || open ? [{ value: { kind: 'object', props, open }, kind, at, file }] : [];
}

/**
 * The object of the chain's last `.timeout({…})`, written in place: the keys a fix adds there hold, as no later
 * `.timeout(ms)` on the chain clears them.
 */
export function lastTimeoutObject(at: Call): ts.ObjectLiteralExpression | undefined {
  const last = chainFrom(at).timeouts.at(-1)?.arguments[0];
  const arg = last && unwrap(last);
  return arg && ts.isObjectLiteralExpression(arg) ? arg : undefined;
}

/**
 * `.timeout({…})` chained right after the call. Not when a callback is passed: superagent then sends at once
 * (`.end(fn)`), and a timeout set afterwards arms nothing.
 */
export function superagentFix(at: Call, file: FileCtx, text: string): Fix | undefined {
  const isCallback = (a: ts.Expression) => ts.isArrowFunction(unwrap(a)) || ts.isFunctionExpression(unwrap(a)) || evaluate(a, file).kind === 'local';
  if ((at.arguments ?? []).some(isCallback)) return undefined;
  return { range: [at.end, at.end], text };
}
