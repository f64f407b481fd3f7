import { resolve } from 'node:path';
import { ts } from './typescript';
import type { JsClientSpec } from '../../catalogue/define-client';
import { reachesNoClient } from '../../catalogue/import-reach';
import { resolveImport } from '../../catalogue/relative-imports';
import { clientsOf, jsClients } from './catalogue';
import type { Layer } from './evaluate';
import { type FileCtx, isConstant, isGlobal } from './file';
import { unwrap } from './parse';
import { mayReplaceRequest } from './middleware';
import { setupModules } from './setup-modules';
import { type Instance, type Prop, type Val, UNKNOWN, evaluate } from './values';
import { walk } from './walk';

type Call = ts.CallExpression | ts.NewExpression;

/** One default written in code: a key and its value, or (no name) a source the analysis cannot read, which may set any key. */
interface Written {
  name?: string;
  prop?: Prop;
  node: ts.Node;
}

/** Defaults written in a file, in source order, per target: an instance's creating call, or `specId|root` for the library. */
type DefaultsIndex = Map<unknown, Written[]>;

export function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function add(index: DefaultsIndex, key: unknown, w: Written): void {
  const list = index.get(key);
  if (list) list.push(w);
  else index.set(key, [w]);
}

type PathsOf = (spec: JsClientSpec) => readonly (readonly string[])[] | undefined;

/** The client of each instance a target key names (its creating call). */
const specOfInstance = new WeakMap<ts.Node, JsClientSpec>();

/**
 * The targets an object of `paths` names: `api.defaults` (the instance), `axios.defaults` (the library); the
 * same for `api.interceptors.request`.
 */
function targetsOf(v: Val, paths: PathsOf = (spec) => spec.defaults): unknown[] {
  if (v.kind === 'instance') {
    if (!paths(v.inst.spec)?.some((p) => samePath(p, v.path))) return [];
    specOfInstance.set(v.inst.create, v.inst.spec);
    return [v.inst.create];
  }
  if (v.kind !== 'ref') return [];
  return clientsOf(v.base, v.path).filter((c) => paths(c.spec)?.some((p) => samePath(p, c.path))).map((c) => `${c.spec.id}|${c.root}`);
}

const BOUND_NAMES = new Set(['timeout', 'signal', 'cancelToken']);

/** `config` itself, or a part of it (`config.headers`): what spreading keeps within the request's own config. */
function ownPart(e: ts.Expression, param: string): boolean {
  const u = unwrap(e);
  if (ts.isIdentifier(u)) return u.text === param;
  return (ts.isPropertyAccessExpression(u) || ts.isElementAccessExpression(u)) && ownPart(u.expression, param);
}

function isPromiseResolve(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise' && callee.name.text === 'resolve';
}

/**
 * What an interceptor gives back keeps the request's bounds: the config, an object literal (read whole), a
 * promise of the config, a rejection.
 */
function returnsOwn(e: ts.Expression, param: string): boolean {
  const u = unwrap(e);
  if (ts.isIdentifier(u)) return u.text === param;
  if (ts.isObjectLiteralExpression(u) || (ts.isNewExpression(u) && ts.isIdentifier(u.expression) && u.expression.text === 'Promise')) return true;
  if (!ts.isCallExpression(u)) return false;
  const callee = unwrap(u.expression);
  const promise = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise';
  return promise && (callee.name.text === 'reject' || (isPromiseResolve(u) && u.arguments.length === 1 && returnsOwn(u.arguments[0]!, param)));
}

/** `x.name` or `x['name']`: the name, when it is written out. */
function memberName(e: ts.Expression): string | undefined {
  const u = unwrap(e);
  if (ts.isPropertyAccessExpression(u)) return u.name.text;
  return ts.isElementAccessExpression(u) && ts.isStringLiteralLike(u.argumentExpression) ? u.argumentExpression.text : undefined;
}

/** `config.headers = { … }`, `headers: { … }`: an object that goes under a key that is no bound. */
function underOtherKey(o: ts.ObjectLiteralExpression): boolean {
  const p = o.parent;
  if (ts.isPropertyAssignment(p) && p.initializer === o) return !BOUND_NAMES.has(p.name.getText().replace(/^['"]|['"]$/g, ''));
  if (ts.isBinaryExpression(p) && p.right === o && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const name = memberName(p.left);
    return name !== undefined && !BOUND_NAMES.has(name);
  }
  return false;
}

/** `console.log(config)`, `Object.assign(config, { … })` with literal sources (read whole): no bound set by the call. */
function harmlessCall(call: ts.CallExpression, param: string): boolean {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return false;
  if (callee.expression.text === 'console') return true;
  const sources = call.arguments.slice(1);
  return callee.expression.text === 'Object' && callee.name.text === 'assign' && sources.length > 0
    && sources.every((a) => ts.isObjectLiteralExpression(unwrap(a as ts.Expression))) && ownPart(call.arguments[0] as ts.Expression, param);
}

/** What a request interceptor does to the bounds: what it writes (`config.timeout = 5000`), or `open` where it may set any. */
interface Intercepts {
  open: boolean;
  writes: Written[];
}

/**
 * What the interceptor `fn` does to a request's bounds. One written here is read: `config.timeout = …` (also
 * `signal`, `cancelToken`) is a write of that value; it may set any where it writes a bound onto something else or
 * as a key, spreads in something other than the config's own parts (outside an object under another key, as in
 * `config.headers = { ...config.headers, ...auth() }`), hands the config to other code, or gives back something
 * other than the config, an object literal or a promise. Reading or deleting a bound sets none. `null` (an error
 * handler only) sets none; a function the analysis cannot see may set any.
 */
function intercepts(fn: ts.Expression, file: FileCtx): Intercepts {
  const none: Intercepts = { open: false, writes: [] };
  let e: ts.Node = unwrap(fn);
  if (e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined')) return none;
  if (ts.isIdentifier(e)) {
    const b = file.resolver.resolve(e);
    e = b?.kind === 'function' ? b.decl : b?.kind === 'var' && isConstant(b, file) && !b.path.length && b.init ? unwrap(b.init) : e;
  }
  const open: Intercepts = { open: true, writes: [] };
  if (!ts.isArrowFunction(e) && !ts.isFunctionExpression(e) && !ts.isFunctionDeclaration(e)) return open;
  const first = e.parameters[0];
  if (!e.body || (first && !ts.isIdentifier(first.name))) return open;
  const param = first && ts.isIdentifier(first.name) ? first.name.text : '';
  const out: Intercepts = { open: false, writes: [] };
  const skip = new Set<ts.Node>();
  walk(e.body, (n) => {
    if (out.open || skip.has(n)) return false;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = unwrap(n.left);
      const name = memberName(left);
      const target = ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left) ? unwrap(left.expression) : undefined;
      if (name !== undefined && BOUND_NAMES.has(name)) {
        // `config.timeout = …` is that value; a bound written onto anything else may reach the config.
        if (target && ts.isIdentifier(target) && target.text === param) out.writes.push({ name, prop: { expr: n.right, node: n, file }, node: n });
        else out.open = true;
        skip.add(n.left);
      } else if (ts.isIdentifier(left) && left.text === param) out.open = true;
    } else if (ts.isDeleteExpression(n)) {
      // `delete config.timeout` takes a bound away: no bound is set.
      skip.add(n.expression);
    } else if (ts.isPropertyAssignment(n) && BOUND_NAMES.has(n.name.getText().replace(/^['"]|['"]$/g, ''))) out.open = true;
    else if ((ts.isSpreadAssignment(n) || ts.isSpreadElement(n)) && !ownPart(n.expression, param) && !(ts.isObjectLiteralExpression(n.parent) && underOtherKey(n.parent))) out.open = true;
    else if (ts.isCallExpression(n) && !isPromiseResolve(n) && !harmlessCall(n, param) && n.arguments.some((a) => ts.isIdentifier(unwrap(a as ts.Expression)) && (unwrap(a as ts.Expression) as ts.Identifier).text === param)) out.open = true;
    else if (ts.isReturnStatement(n) && n.expression && !returnsOwn(n.expression, param)) out.open = true;
    return !out.open;
  });
  // An arrow function's expression body is what it gives back.
  if (!ts.isBlock(e.body) && !returnsOwn(e.body as ts.Expression, param)) out.open = true;
  return out.open ? open : out;
}

function addObject(index: DefaultsIndex, keys: readonly unknown[], v: Val, node: ts.Node): void {
  for (const key of keys) {
    if (v.kind === 'object') for (const [name, prop] of v.props) add(index, key, { name, prop, node: prop.node });
    // contract: what the analysis cannot see into counts as set, so an unread source may hold a timeout.
    if (v.kind !== 'object' || v.open) add(index, key, { node });
  }
}

let setupNames: Set<string> | undefined;

/** Last names of the calls that write defaults: the specs' setup calls, and `Object.assign`. */
function setupCallNames(): Set<string> {
  if (setupNames) return setupNames;
  setupNames = new Set(['assign']);
  for (const spec of jsClients()) for (const p of spec.setup ?? []) setupNames.add(p[p.length - 1]!);
  return setupNames;
}

function addCall(call: Call, file: FileCtx, index: DefaultsIndex): void {
  const c = unwrap(call.expression);
  const args = call.arguments ?? [];
  if (!ts.isPropertyAccessExpression(c) || !setupCallNames().has(c.name.text) || !args[0]) return;
  const callee = evaluate(c, file);
  if (callee.kind !== 'ref') return;
  if ('global' in callee.base && callee.base.global === 'Object' && samePath(callee.path, ['assign'])) {
    // `Object.assign(api.defaults, { timeout })` is `api.defaults.timeout = …` for each key of each source.
    const keys = targetsOf(evaluate(args[0], file));
    if (keys.length) for (const a of args.slice(1)) addObject(index, keys, ts.isSpreadElement(a) ? UNKNOWN : evaluate(a, file), a);
    return;
  }
  for (const hit of clientsOf(callee.base, callee.path)) {
    if (hit.spec.setup?.some((p) => samePath(p, hit.path))) addObject(index, [`${hit.spec.id}|${hit.root}`], evaluate(args[0], file), args[0]);
  }
}

/** The index `fill` makes of `file`, made once per file (and stored before it is filled: a lookup may recur). */
function fileIndex(file: FileCtx, name: string, fill: (index: DefaultsIndex) => void): DefaultsIndex {
  const cached = file.cache.get(name) as DefaultsIndex | undefined;
  if (cached) return cached;
  const index: DefaultsIndex = new Map();
  file.cache.set(name, index);
  fill(index);
  return index;
}

/** `axios.defaults.timeout = …`, `api.defaults.timeout = …`, `Object.assign(api.defaults, …)` and `$.ajaxSetup({…})` in the file. */
function defaultsIndex(file: FileCtx): DefaultsIndex {
  return fileIndex(file, 'defaults', (index) => {
    for (const w of file.writes) {
      if (!ts.isPropertyAccessExpression(w.left)) continue;
      const prop: Prop = { expr: w.right, node: w, file };
      for (const key of targetsOf(evaluate(w.left.expression, file))) add(index, key, { name: w.left.name.text, prop, node: w });
    }
    for (const call of file.callNodes) addCall(call, file, index);
  });
}

/**
 * `api.interceptors.request.use(fn)`, `axios.interceptors.request.use(fn)` in the file, per target (an instance's
 * creating call, or `specId|root`), where `fn` may set a bound: an unread source, on top of the request's own
 * config (interceptors run on the merged config). An instance has interceptors of its own, not the library's.
 */
function interceptorIndex(file: FileCtx): DefaultsIndex {
  return fileIndex(file, 'interceptors', (index) => {
    for (const call of file.callNodes) {
      const c = unwrap(call.expression);
      const fn = call.arguments?.[0];
      if (!ts.isPropertyAccessExpression(c) || c.name.text !== 'use' || !fn) continue;
      const target = evaluate(c.expression, file);
      const keys = targetsOf(target, (spec) => spec.interceptors);
      if (!keys.length) continue;
      const hook = hookOf(target);
      if (hook) {
        // `client.use(middleware)`: only a new Request one gives back may carry a signal of its own.
        if (mayReplaceRequest(call.arguments ?? [], hook, file)) for (const key of keys) add(index, key, { node: fn });
        continue;
      }
      const what = intercepts(fn, file);
      for (const key of keys) {
        for (const w of what.writes) add(index, key, w);
        if (what.open) add(index, key, { node: fn });
      }
    }
  });
}

/** The spec's `interceptorHook` of what `use` is called on: the objects it is given are middleware, not functions. */
function hookOf(v: Val): string | undefined {
  if (v.kind === 'instance') return v.inst.spec.interceptorHook;
  return v.kind === 'ref' ? clientsOf(v.base, v.path).find((c) => c.spec.interceptorHook)?.spec.interceptorHook : undefined;
}

/**
 * The interceptors a request passes through: its instance's, or the library's (as `rootLayers` finds defaults).
 * `reader`: the request (one registered after it in the same code does not reach it); none for every request of
 * an instance.
 */
export function interceptorLayers(spec: JsClientSpec, target: { inst: Instance } | { root: string; file: FileCtx; via: readonly FileCtx[] }, reader?: ts.Node): Layer[] {
  if (!spec.interceptors) return [];
  if ('inst' in target) return layerOf(interceptorIndex(target.inst.file).get(target.inst.create), target.inst.file, reader, target.inst.create);
  const key = `${spec.id}|${target.root}`;
  return modulesBefore(target.file, target.via, reader).flatMap((f) => layerOf(interceptorIndex(f).get(key), f, f === target.file ? reader : undefined));
}

/** The code whose statements run in order: a function body, a class (its fields run at construction), the file. */
function runUnit(n: ts.Node): ts.Node | undefined {
  for (let p = n.parent; p; p = p.parent) if (ts.isFunctionLike(p) || ts.isClassLike(p) || ts.isSourceFile(p)) return p;
  return undefined;
}

/**
 * True when `write` surely runs after `reader` took the defaults: later in the same straight-line code, and
 * `reader` not in a loop there (a second turn would see the write). A write in another function may run first.
 */
function writtenAfter(write: ts.Node, reader: ts.Node, sf: ts.SourceFile): boolean {
  if (write.getStart(sf) < reader.end) return false;
  const unit = runUnit(reader);
  if (!unit || runUnit(write) !== unit) return false;
  for (let p = reader.parent; p && p !== unit; p = p.parent) if (ts.isIterationStatement(p, false)) return false;
  return true;
}

/** The defaults written in `file` as one layer; with a `reader`, only those written before it read them. */
function layerOf(list: readonly Written[] | undefined, file: FileCtx, reader: ts.Node | undefined, at?: ts.Node): Layer[] {
  const props = new Map<string, Prop>();
  let open = false;
  let first: ts.Node | undefined;
  for (const w of list ?? []) {
    if (reader && reader.getSourceFile() === file.sf && writtenAfter(w.node, reader, file.sf)) continue;
    first ??= w.node;
    if (w.name !== undefined && w.prop) props.set(w.name, w.prop);
    else open = true;
  }
  return first ? [{ value: { kind: 'object', props, open }, kind: 'defaults', at: at ?? first, file }] : [];
}

/** Defaults written onto an instance (`api.defaults.timeout = …`) anywhere in its file. */
export function instanceDefaults(inst: Instance): Layer[] {
  return layerOf(defaultsIndex(inst.file).get(inst.create), inst.file, undefined, inst.create);
}

/**
 * What a module that imports an instance adds to it before `reader`: `api.defaults.timeout = 0`, or an
 * interceptor of its own (`api.interceptors.request.use(…)`), written there rather than where it was made.
 */
export function importedInstanceLayers(inst: Instance, file: FileCtx, reader: ts.Node): Layer[] {
  if (inst.file === file) return [];
  return [...layerOf(defaultsIndex(file).get(inst.create), file, reader), ...layerOf(interceptorIndex(file).get(inst.create), file, reader)];
}

/**
 * The defaults and interceptors this file writes, per client target, with the client: a module that only
 * configures one (a bootstrap's `axios.defaults.timeout = 0`) is judged where it writes.
 */
export function writtenDefaults(file: FileCtx): { spec: JsClientSpec; layers: Layer[] }[] {
  const byKey = new Map<unknown, Layer[]>();
  for (const index of [defaultsIndex(file), interceptorIndex(file)]) {
    for (const [key, list] of index) byKey.set(key, [...(byKey.get(key) ?? []), ...layerOf(list, file, undefined)]);
  }
  const out: { spec: JsClientSpec; layers: Layer[] }[] = [];
  for (const [key, layers] of byKey) {
    const spec = typeof key === 'string' ? jsClients().find((c) => c.id === key.slice(0, key.indexOf('|'))) : specOfInstance.get(key as ts.Node);
    if (spec && layers.length) out.push({ spec, layers });
  }
  return out;
}

/** A module of the project the file imports: `at` is the import, `inPlace` when it runs where written (a require). */
interface Imported {
  file: FileCtx;
  at: ts.Node;
  inPlace: boolean;
}

function specifierOf(e: ts.Node | undefined): string | undefined {
  return e && ts.isStringLiteralLike(e) ? e.text : undefined;
}

/**
 * The modules of the project a file imports statically (by a relative path or an alias), a setup module imported
 * only for its effects among them (`import './setup'`, `require('./setup')`): their top level runs before the
 * file's own code (ESM imports are hoisted) or where the require is. Dynamic `import()` is left out: it runs
 * later, if at all.
 */
function importedModules(file: FileCtx): Imported[] {
  const cached = file.cache.get('imported') as Imported[] | undefined;
  if (cached) return cached;
  const found: { spec: string; at: ts.Node; inPlace: boolean }[] = [];
  for (const st of file.sf.statements) {
    const spec = ts.isImportDeclaration(st) && !st.importClause?.isTypeOnly ? specifierOf(st.moduleSpecifier)
      : ts.isImportEqualsDeclaration(st) && !st.isTypeOnly && ts.isExternalModuleReference(st.moduleReference) ? specifierOf(st.moduleReference.expression) : undefined;
    if (spec) found.push({ spec, at: st, inPlace: ts.isImportEqualsDeclaration(st) });
  }
  for (const call of file.callNodes) {
    const c = unwrap(call.expression);
    const spec = isGlobal(c, 'require', file) ? specifierOf(call.arguments?.[0]) : undefined;
    if (spec) found.push({ spec, at: call, inPlace: true });
  }
  const out: Imported[] = [];
  for (const f of found) {
    // A module no client can be reached from by its text sets no client's defaults: it is not parsed.
    const path = file.program ? null : resolveImport(file.path, f.spec);
    if (path && reachesNoClient(path)) continue;
    const target = file.modules.moduleOf(file, f.spec);
    if (target && target !== file) out.push({ file: target, at: f.at, inPlace: f.inPlace });
  }
  file.cache.set('imported', out);
  return out;
}

/**
 * Defaults set on the library itself in `file`, in the wrapper modules it was imported through, and in the
 * project modules the file imports (axios.defaults is process-wide). `reader` is where they are read: a
 * request (axios merges defaults when it sends) or `axios.create()`, which copies them then (lib/axios.js,
 * mergeConfig): a write, or a require of a setup module, after it in the same code reaches neither.
 */
export function rootLayers(spec: JsClientSpec, root: string, file: FileCtx, via: readonly FileCtx[] = [], reader?: ts.Node): Layer[] {
  const key = `${spec.id}|${root}`;
  const modules = spec.defaults || spec.setup ? modulesBefore(file, via, reader) : [...via, file];
  return modules.flatMap((f) => layerOf(defaultsIndex(f).get(key), f, f === file ? reader : undefined));
}

/**
 * The modules whose process-wide writes have run when `reader` in `file` reads them, in the order they ran: the
 * config's setup modules (and the project modules each imports), the wrapper modules `via`, the project modules
 * the file imports (a require after `reader` in the same code not among them), and the file.
 */
function modulesBefore(file: FileCtx, via: readonly FileCtx[], reader?: ts.Node): FileCtx[] {
  const here = reader && reader.getSourceFile() === file.sf ? reader : undefined;
  const imported = importedModules(file).filter((m) => !via.includes(m.file) && !(m.inPlace && here && writtenAfter(m.at, here, file.sf))).map((m) => m.file);
  const setup = setupModules(file, reader);
  if (!setup.length) return [...via, ...new Set(imported), file];
  const self = resolve(file.path);
  const first = setup.flatMap((m) => [...importedModules(m).map((i) => i.file), m]).filter((m) => resolve(m.path) !== self);
  return [...new Set([...first, ...via, ...imported, file])];
}
