// The requests a file sends and the instances it creates, and the option layers each request reads.
import { ts } from './typescript';
import type { JsCallShape, JsClientSpec } from '../../catalogue/define-client';
import type { ClientDecl } from '../../config/declared';
import { type OptionsArg, callForm, optionsOf } from './calls';
import { calleeOf } from './callee';
import { clientCall, specFor } from './catalogue';
import { declaredRequests } from './declared';
import { importedInstanceLayers, instanceDefaults, interceptorLayers, rootLayers } from './defaults';
import { type Layer, lookup } from './evaluate';
import { type FileCtx, assignedValues, isConstant } from './file';
import { forwardedRequest, inProcessRequest, sendsRequest } from './forwarded';
import { handleLayer } from './handle';
import { returnsOf, singleReturn, unwrap } from './parse';
import { localFunction } from './local-function';
import { pageRequest } from './incoming';
import { inputFromCaller } from './request-input';
import { instanceListenerLayers, requestListenerLayers } from './request-listener';
import { callerRequests } from './callers';
import { specialLayers } from './special/index';
import { creationCall } from './types';
import { merge, meet } from './objects';
import type { Binding } from './resolve';
import { type Instance, type Val, UNDEFINED, UNKNOWN, evaluate } from './values';
import { writtenOnto } from './writes';

export type Call = ts.CallExpression | ts.NewExpression;

/** A call that sends a request through a catalogued client. */
export interface Request {
  spec: JsClientSpec;
  call: Call;
  shape: JsCallShape;
  options: OptionsArg;
  inst?: Instance;
  file: FileCtx;
  via?: FileCtx[];
}

/** Every request the file sends (catalogue clients, then declared ones) and every instance it creates. */
export function findRequests(file: FileCtx, clients?: readonly ClientDecl[]): { requests: Request[]; created: Instance[] } {
  const requests: Request[] = [];
  const created: Instance[] = [];
  const taken = new Set<ts.Node>();
  for (const call of file.callNodes) {
    const passed = ts.isCallExpression(call) ? forwardedRequest(call, file) : undefined;
    if (passed) {
      requests.push(passed);
      taken.add(call);
      continue;
    }
    const callee = calleeOf(call, file);
    if (!callee) continue;
    for (const hit of clientCall(callee, ts.isNewExpression(call))) {
      taken.add(call);
      if (hit.request && sendsRequest(call, hit.request, file) && !inProcessRequest(call, hit.spec, hit.request, callee, file)) {
        const shape = callForm(hit.request, file, call.arguments ?? []);
        const options = optionsOf(call, shape, file);
        requests.push({ spec: hit.spec, call, shape, options, inst: hit.inst, file, via: hit.via });
      }
      if (hit.factory) {
        const v = evaluate(call, file);
        if (v.kind === 'instance') created.push(v.inst);
      }
    }
  }
  return { requests: [...requests, ...declaredRequests(file, clients, taken)], created };
}

/** The option layers an instance's requests start from: its parents', its own options, its `defaults`. */
export function instanceLayers(inst: Instance): Layer[] {
  // A typed instance was made elsewhere: when is not known, so every default in the file may reach it.
  const reader = inst.typed ? undefined : inst.create;
  // An instance made as another root (`makes`) still takes the library defaults of the root that made it.
  const from = inst.shape.makes && typeof inst.shape.callee[0] === 'string' ? inst.shape.callee[0] : inst.root;
  const base = inst.parent ? assignedOver(instanceLayers(inst.parent), inst) : rootLayers(inst.spec, from, inst.file, inst.via, reader);
  const call = creationCall(inst);
  const below: Layer[] = inst.below ? [{ value: inst.below, kind: 'instance', at: inst.create, file: inst.file, inst }] : [];
  const later = call ? specialLayers(inst.spec, call, inst.file, 'instance').map((l) => ({ ...l, inst })) : [];
  return [...below, ...base, ...ownLayers(inst, call), ...later, ...instanceDefaults(inst), ...instanceListenerLayers(inst)];
}

/** The parent's layers under options laid over them by `Object.assign` (`assignsOverParent`): the keys they give are gone. */
function assignedOver(layers: Layer[], inst: Instance): Layer[] {
  const own = inst.options;
  if (!inst.shape.assignsOverParent || own.kind !== 'object') return layers;
  const kept = (v: Val): Val => (v.kind === 'object' ? { ...v, props: new Map([...v.props].filter(([k]) => !own.props.has(k))) } : v);
  return layers.map((l) => ({ ...l, value: kept(l.value) }));
}

/**
 * The fix's key, new in options laid over the parent's by `Object.assign` (`assignsOverParent`), would take away the
 * parent's value under it (`Octokit.defaults({ request: { agent } })`): no fix; the message says what to set.
 */
export function replacesParentKey(inst: Instance): boolean {
  if (!inst.shape.assignsOverParent || !inst.parent) return false;
  const key = specFor(inst.spec, inst.shape).fix.total.path.split('.')[0]!;
  if (inst.options.kind !== 'object' || inst.options.props.has(key)) return false;
  return lookup(instanceLayers(inst.parent), key).found !== 'absent';
}

/** The options the creating call passes, each argument merged in turn: an instance argument by its own layers. */
function ownLayers(inst: Instance, call: Call | undefined): Layer[] {
  const args = inst.merged ?? [{ value: inst.options, index: inst.arg.index, node: inst.arg.node }];
  return args.flatMap((a) => {
    if (a.value.kind === 'instance' && !a.value.path.length) return instanceLayers(a.value.inst);
    const own: Layer = { value: a.value, kind: 'instance', at: inst.create, file: inst.file, inst };
    return [own, ...(call ? mutationLayer(a.node, call, inst.file, 'instance', inst) : [])];
  });
}

/** `opts.signal = …`, `opts.timeout.request = …` written anywhere in the file onto the options object passed at `at`. */
function mutationLayer(node: ts.Expression | undefined, at: ts.Node, file: FileCtx, kind: Layer['kind'], inst?: Instance): Layer[] {
  const value = node && writtenOnto(node, file);
  return value ? [{ value, kind, at, file, inst }] : [];
}

/**
 * The init of the `new <name>(url, init)` (the global class) a function of the project returns, when `call` runs
 * one: `createRequest(url, opts)` returning `new Request(url, opts)`, or a method of the class
 * (`await this.sign(input, init)`, aws4fetch), each of whose returns makes one (in a try and its catch too). Read in
 * the function, its parameters unbound: an init the caller passes is unknown (it may carry a signal), one written
 * there is what it says; of several returns, the weakest.
 */
function initMadeBy(call: ts.CallExpression, name: string, file: FileCtx): Val | undefined {
  const fn = evaluate(call.expression, file);
  const decl = fn.kind === 'local' ? fn.decl : localFunction(call.expression, file);
  const where = fn.kind === 'local' ? fn.file : file;
  if (!decl) return undefined;
  const single = singleReturn(decl);
  const { exprs, bare } = single ? { exprs: [single], bare: false } : returnsOf(decl);
  if (!exprs.length || bare) return undefined;
  const inits: Val[] = [];
  for (const ret of exprs) {
    const made = unwrap(ret);
    if (!ts.isNewExpression(made) || !ts.isIdentifier(made.expression) || made.expression.text !== name) return undefined;
    if (where.resolver.resolve(made.expression)) return undefined;
    const init = made.arguments?.[1];
    if (init && ts.isSpreadElement(init)) return undefined;
    inits.push(init ? evaluate(init, where) : UNDEFINED);
  }
  // A return whose init surely has no signal is the weakest: the request it makes has no bound.
  return inits.find(noSignal) ?? inits.reduce((a, b) => meet(a, b));
}

/** An init that surely holds no `signal`: none, or an object the analysis sees whole without one. */
function noSignal(v: Val): boolean {
  return (v.kind === 'lit' && (v.value === undefined || v.value === null)) || (v.kind === 'object' && !v.open && !v.props.has('signal'));
}

/**
 * The init of the request object one value the input is given makes: `new Request(url, init)` (the global class)
 * or a function of the project that returns one; undefined when the value is no request object the code makes.
 */
function madeInit(x: ts.Expression, name: string, file: FileCtx): Val | undefined {
  const made = ts.isCallExpression(x) ? initMadeBy(x, name, file) : undefined;
  if (made) return made;
  if (!ts.isNewExpression(x) || !ts.isIdentifier(x.expression) || x.expression.text !== name || file.resolver.resolve(x.expression)) return undefined;
  const init = x.arguments?.[1];
  if (!init) return UNDEFINED;
  const value = ts.isSpreadElement(init) ? UNKNOWN : evaluate(init, file);
  const written = writtenOnto(init, file);
  return written ? merge([value, written]) : value;
}

/**
 * `let req = new Request(url, init)` rebuilt later (`req = new Request(req, more)`, `req = await interceptor(req)`):
 * the options any value it is given may carry. A value the analysis cannot see (what a function of unknown code
 * returns) may be any request object (counts as set); a URL string carries none; one made here its init's.
 * Undefined when no value is a request object the code makes, or a write is not a plain `=`.
 */
function everyRequestInit(b: Extract<Binding, { kind: 'var' }>, name: string, file: FileCtx): Val | undefined {
  if (b.path.length || !b.init || b.redeclared) return undefined;
  const assigned = assignedValues(b, file);
  if (!assigned) return undefined;
  const values = [b.init, ...assigned];
  let made = false;
  let out: Val | undefined;
  for (const x of values) {
    const init = madeInit(unwrap(x), name, file);
    made ||= init !== undefined;
    const seen = init === undefined ? evaluate(x, file) : undefined;
    const v = init ?? (seen?.kind === 'lit' ? UNDEFINED : UNKNOWN);
    const nothing = (x: Val | undefined) => x?.kind === 'lit' && x.value === undefined;
    out = out === undefined || (nothing(out) && nothing(v)) ? v : meet(out, v);
  }
  return made ? out : undefined;
}

/** The `new Request(url, init)` a request is sent with, written in the call or held by a name: its init's options. */
function requestObjectLayer(r: Request): Layer[] {
  const name = r.shape.requestObject;
  const at = r.shape.urlArg ?? 0;
  let input = name && r.call.arguments?.[at] ? unwrap(r.call.arguments[at]) : undefined;
  const b = input && ts.isIdentifier(input) ? r.file.resolver.resolve(input) : undefined;
  if (b?.kind === 'var' && isConstant(b, r.file) && !b.path.length && b.init) input = unwrap(b.init);
  else if (b?.kind === 'var' && name) {
    const every = everyRequestInit(b, name, r.file);
    if (every) return [{ value: every, kind: 'call', at: r.call, file: r.file }];
  }
  const made = input && ts.isCallExpression(input) ? initMadeBy(input, name!, r.file) : undefined;
  if (made) return [{ value: made, kind: 'call', at: r.call, file: r.file }];
  if (name && (inputFromCaller(r.call, name, r.file, at) || (input && pageRequest(input, r.file)))) return [{ value: UNKNOWN, kind: 'call', at: r.call, file: r.file }];
  const passed = name && input ? callerRequests(input, name, r.file) : undefined;
  if (passed) return [{ value: passed, kind: 'call', at: r.call, file: r.file }];
  if (!input || !ts.isNewExpression(input) || !ts.isIdentifier(input.expression) || input.expression.text !== name) return [];
  if (r.file.resolver.resolve(input.expression)) return [];
  const init = input.arguments?.[1];
  if (!init) return [];
  const value = ts.isSpreadElement(init) ? UNKNOWN : evaluate(init, r.file);
  return [{ value, kind: 'call', at: r.call, file: r.file }, ...mutationLayer(init, r.call, r.file, 'call')];
}

/** Every layer of a request, call options last. */
export function requestLayers(r: Request): Layer[] {
  const base = r.inst ? instanceLayers(r.inst) : rootLayers(r.spec, r.shape.callee[0] as string, r.file, r.via, r.call);
  const own: Layer = { value: r.options.value, kind: 'call', at: r.call, file: r.file };
  const intercepted = interceptorLayers(r.spec, r.inst ? { inst: r.inst } : { root: r.shape.callee[0] as string, file: r.file, via: r.via ?? [] }, r.call);
  const importer = r.inst ? importedInstanceLayers(r.inst, r.file, r.call) : [];
  return [...base, ...importer, ...requestObjectLayer(r), own, ...mutationLayer(r.options.node, r.call, r.file, 'call'), ...(r.shape.requestReturned ? [] : specialLayers(r.spec, r.call, r.file, 'call')), ...handleLayer(r), ...intercepted, ...requestListenerLayers(r)];
}
