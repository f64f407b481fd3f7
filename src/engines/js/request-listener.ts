// The request a client sends, handed to a listener of the code's (`spec.requestListener`): a bound armed on it there.
import { ts } from './typescript';
import type { JsCallShape, JsClientSpec } from '../../catalogue/define-client';
import type { Call, Request } from './detect';
import type { Layer } from './evaluate';
import type { FileCtx } from './file';
import { unwrap } from './parse';
import { type Fn, type HandleCtx, LISTEN, endedOn, functionAt as functionIn } from './response-phase';
import { type Instance, type Prop, type Val, UNKNOWN, evaluate, member } from './values';
import { walk } from './walk';

/** The function `e` is, written there or named: `(proxyReq) => …`, `onProxyReq`. */
function functionAt(e: ts.Expression, file: FileCtx): { fn: Fn; file: FileCtx } | undefined {
  const fn = functionIn(e, file);
  return fn ? { fn, file } : undefined;
}

/** The functions under the options keys (`on.proxyReq`, `onProxyReq`). */
function optionListeners(spec: JsClientSpec, options: Val): { fn: Fn; file: FileCtx }[] {
  return (spec.requestListener?.options ?? []).flatMap((path) => {
    const keys = path.split('.');
    const holder = keys.slice(0, -1).reduce((v, k) => member(v, k, 0), options);
    const prop = holder.kind === 'object' ? holder.props.get(keys[keys.length - 1]!) : undefined;
    const found = prop && functionAt(prop.expr, prop.file);
    return found ? [found] : [];
  });
}

/** The functions `proxy.on('proxyReq', fn)` adds on the instance, anywhere in its file. */
function eventListeners(inst: Instance): { fn: Fn; file: FileCtx }[] {
  const event = inst.spec.requestListener?.event;
  const out: { fn: Fn; file: FileCtx }[] = [];
  for (const c of event ? inst.file.callNodes : []) {
    const callee = unwrap(c.expression);
    const [name, fn] = c.arguments ?? [];
    if (!ts.isPropertyAccessExpression(callee) || !LISTEN.has(callee.name.text) || !name || !fn || !ts.isStringLiteralLike(name) || name.text !== event) continue;
    const on = evaluate(callee.expression, inst.file);
    const found = on.kind === 'instance' && on.inst === inst && !on.path.length ? functionAt(fn, inst.file) : undefined;
    if (found) out.push(found);
  }
  return out;
}

/**
 * The bound a listener arms on the request, its first parameter: `proxyReq.setTimeout(ms, cb)` whose callback, or a
 * listener of the event it emits, ends the request, as node:http's `req.setTimeout()` is read (response-phase.ts).
 * A value that arms none (0) is no bound of the listener's.
 */
function armedBy(at: { fn: Fn; file: FileCtx }, spec: JsClientSpec, shape: JsCallShape): Prop | undefined {
  const l = spec.requestListener;
  const { fn, file } = at;
  const param = fn.parameters[0];
  const body = fn.body;
  if (!l || !body || !param || !ts.isIdentifier(param.name)) return undefined;
  const isHandle = (e: ts.Expression): boolean => {
    const x = unwrap(e);
    const b = ts.isIdentifier(x) ? file.resolver.resolve(x) : undefined;
    return b?.kind === 'param' && b.param === param && !b.path.length;
  };
  const calls: Call[] = [];
  walk(body, (n) => {
    if (ts.isCallExpression(n)) calls.push(n);
  });
  const armed = calls.find((c) => ts.isPropertyAccessExpression(c.expression) && c.expression.name.text === l.method && isHandle(c.expression.expression) && c.arguments?.[0]);
  const ms = armed?.arguments?.[0];
  if (!armed || !ms) return undefined;
  const v = evaluate(ms, file);
  if (v.kind === 'lit' && (spec.total.never as readonly unknown[]).includes(v.value)) return undefined;
  // The request as handle.ts sees one: its `method` sets the option, and what ends it is one of `aborts`.
  const handled: JsClientSpec = { ...spec, handle: { methods: [{ name: l.method, option: l.option }], aborts: l.aborts } };
  const r: Request = { spec: handled, call: armed, shape, options: { value: UNKNOWN, index: null }, file };
  const ctx: HandleCtx = { r, binding: undefined, chain: [], calls, isHandle, isSocket: () => false };
  return endedOn(l.emits, ctx) ? { expr: ms, node: armed, file } : undefined;
}

function layerOf(props: (Prop | undefined)[], option: string, kind: Layer['kind'], at: ts.Node, file: FileCtx, inst?: Instance): Layer[] {
  const prop = props.find((p) => p);
  return prop ? [{ value: { kind: 'object', props: new Map([[option, prop]]), open: false }, kind, at, file, inst }] : [];
}

/**
 * An instance's listeners that bound its requests: of its event, anywhere in its file, and in its options. Above
 * its options: the event is emitted once the socket is assigned, after the library armed its own bound
 * (http-proxy's web-incoming.js), so the listener's `setTimeout()` replaces it.
 */
export function instanceListenerLayers(inst: Instance): Layer[] {
  const l = inst.spec.requestListener;
  if (!l) return [];
  const fns = [...optionListeners(inst.spec, inst.options), ...eventListeners(inst)];
  return layerOf(fns.map((f) => armedBy(f, inst.spec, inst.shape)), l.option, 'instance', inst.create, inst.file, inst);
}

/**
 * A request's own listeners, given in its options (http-proxy-middleware's `on: { proxyReq }`, `onProxyReq`), and its
 * instance's again, above the call's options (`proxy.web(req, res, { proxyTimeout })`) for the same reason.
 */
export function requestListenerLayers(r: Request): Layer[] {
  const l = r.spec.requestListener;
  if (!l) return [];
  const own = layerOf(optionListeners(r.spec, r.options.value).map((f) => armedBy(f, r.spec, r.shape)), l.option, 'call', r.call, r.file);
  return [...(r.inst ? instanceListenerLayers(r.inst) : []), ...own];
}
