import { CLIENTS } from '../../../rules/index';
import type { JsCallShape, JsClientSpec } from '../../catalogue/define-client';
import type { Val } from './values';

/**
 * Where a reference starts: a module's default/CommonJS export, a global name, or the first parameter of a named
 * function (or of a function of a named object).
 */
export type RefBase = { module: string } | { global: string } | { argumentOf: string };

/** A client reached by a reference: its spec and the property path after the root alias. */
export interface ClientRef {
  spec: JsClientSpec;
  root: string;
  path: readonly string[];
}

let jsSpecs: readonly JsClientSpec[] | undefined;

/** The JS/TS part of the catalogue. */
export function jsClients(): readonly JsClientSpec[] {
  jsSpecs ??= CLIENTS.filter((c): c is JsClientSpec => c.language === 'js');
  return jsSpecs;
}

let dataPaths: Map<string, Set<string>> | undefined;

/** Whether a reference names a member of a package's exports that holds data, never request options (`dataExports`). */
export function isDataExport(v: Val): boolean {
  if (!dataPaths) {
    dataPaths = new Map();
    for (const d of jsClients().flatMap((c) => c.dataExports ?? [])) {
      const paths = dataPaths.get(d.module) ?? new Set<string>();
      for (const p of d.paths) paths.add(p);
      dataPaths.set(d.module, paths);
    }
  }
  return v.kind === 'ref' && 'module' in v.base && !!dataPaths.get(v.base.module)?.has(v.path.join('.'));
}

/** The package a reference names a controller class of (`controllerClasses`: `require('abort-controller')`), if any. */
export function controllerPackage(v: Val): string | undefined {
  if (v.kind !== 'ref' || !('module' in v.base)) return undefined;
  const { module } = v.base;
  const path = v.path.join('.');
  return jsClients().some((c) => c.controllerClasses?.some((k) => k.module === module && (k.export ?? '') === path)) ? module : undefined;
}

interface RootEntry {
  spec: JsClientSpec;
  root: string;
  export?: string;
}

let entriesByBase: Map<string, RootEntry[]> | undefined;

/** The roots of every spec by the base they start from, in catalogue order: `module\0axios`, `global\0fetch`. */
function rootEntries(key: string): readonly RootEntry[] {
  if (!entriesByBase) {
    entriesByBase = new Map();
    const add = (k: string, entry: RootEntry): void => {
      const list = entriesByBase!.get(k);
      if (list) list.push(entry);
      else entriesByBase!.set(k, [entry]);
    };
    for (const spec of jsClients()) {
      for (const [root, entries] of Object.entries(spec.roots)) {
        for (const e of entries) {
          const entry = { spec, root, export: e.export };
          if (e.module !== undefined) add(`module\0${e.module}`, entry);
          if (e.global !== undefined) add(`global\0${e.global}`, entry);
          const holder = e.argumentOf ?? e.argumentOfEach ?? e.argumentOfCall;
          if (holder !== undefined) add(`argumentOf\0${holder}`, entry);
        }
      }
    }
  }
  return entriesByBase.get(key) ?? [];
}

let typeModules: Set<string> | undefined;

/** Whether a package is one the catalogue reaches a client, or a client's type, from (`redaxios`, `axios`). */
export function isClientModule(module: string): boolean {
  typeModules ??= new Set(jsClients().flatMap((c) => (c.types ?? []).map((t) => t.module)));
  return rootEntries(`module\0${module}`).length > 0 || typeModules.has(module);
}

/** Every client a reference may name: `import { get } from 'https'` is `http.get` for js/node-http. */
export function clientsOf(base: RefBase, path: readonly string[]): ClientRef[] {
  const out: ClientRef[] = [];
  if ('module' in base) {
    for (const e of rootEntries(`module\0${base.module}`)) {
      if (!e.export) out.push({ spec: e.spec, root: e.root, path });
      else if (path[0] === e.export) out.push({ spec: e.spec, root: e.root, path: path.slice(1) });
    }
  } else if ('global' in base) {
    for (const e of rootEntries(`global\0${base.global}`)) out.push({ spec: e.spec, root: e.root, path });
  } else {
    for (const e of rootEntries(`argumentOf\0${base.argumentOf}`)) if (path[0] === e.export) out.push({ spec: e.spec, root: e.root, path: path.slice(1) });
  }
  return out;
}

const shapeSpecs = new WeakMap<JsCallShape, JsClientSpec>();

/** The spec a shape's findings are worded and fixed with: its own `fix` in place of the spec's, one object per shape. */
export function specFor(spec: JsClientSpec, shape: JsCallShape): JsClientSpec {
  if (!shape.fix) return spec;
  let own = shapeSpecs.get(shape);
  if (!own) shapeSpecs.set(shape, (own = { ...spec, fix: shape.fix }));
  return own;
}

/** The shape whose callee, after its root alias, is exactly `path`. */
export function shapeFor(
  shapes: readonly JsCallShape[] | undefined, root: string, path: readonly string[], construct: boolean,
): JsCallShape | undefined {
  return shapes?.find((s) => {
    if (s.callee[0] !== root || Boolean(s.construct) !== construct || s.callee.length - 1 !== path.length) return false;
    return path.every((p, i) => {
      const seg = s.callee[i + 1]!;
      return typeof seg === 'string' ? seg === p || (seg === ANY_NAME && p !== ANY_MEMBER) : seg.includes(p);
    });
  });
}

/**
 * A callee segment that matches any name the code writes (`octokit.rest.<namespace>.<method>`, generated
 * methods too many to list); not a computed one (`ANY_MEMBER`).
 */
export const ANY_NAME = '*';

/**
 * A member whose name the code computes and the analysis cannot read (`axios[method]`, `api[verb.toLowerCase()]`):
 * the last step of a callee's path, which `clientCall` reads as any of the client's request methods there.
 */
export const ANY_MEMBER = '\u0001';

/** A shape's key of where it reads its arguments: shapes alike in this read a call's options alike. */
function placesKey(s: JsCallShape): string {
  return JSON.stringify([s.optionsArg, s.insertAt, s.urlArg ?? null, s.dataArg ?? null, s.keyedArg ?? null, s.optionsAlone ?? false, s.requestObject ?? null, s.optionsIfObject ?? false]);
}

/**
 * The request a call of a computed method (`ANY_MEMBER`) sends: one of the methods a family of the client's calls
 * lists at that place (`axios.get`/`delete`/… and `axios.post`/`put`/…; not a method named alone, as `request`).
 * Families that read their arguments alike give their shape; else a shape whose options are what any of them
 * reads (`anyOf`), and no fix, as where to write one depends on the method.
 */
function anyMethodShape(shapes: readonly JsCallShape[] | undefined, root: string, path: readonly string[], construct: boolean): JsCallShape | undefined {
  const prefix = path.slice(0, -1);
  const found = (shapes ?? []).filter((s) => {
    if (s.callee[0] !== root || Boolean(s.construct) !== construct || s.callee.length - 1 !== path.length) return false;
    if (typeof s.callee[path.length] === 'string') return false;
    return prefix.every((p, i) => {
      const seg = s.callee[i + 1]!;
      return typeof seg === 'string' ? seg === p : seg.includes(p);
    });
  });
  if (found.length <= 1 || found.every((s) => placesKey(s) === placesKey(found[0]!))) return found[0];
  const same = <T>(pick: (s: JsCallShape) => T): T | undefined => (found.every((s) => pick(s) === pick(found[0]!)) ? pick(found[0]!) : undefined);
  const names = found.flatMap((s) => [...(s.callee[path.length] as readonly string[])]);
  const total = found.flatMap((s) => s.total ?? []);
  return {
    callee: [root, ...prefix, names],
    optionsArg: [...new Set(found.flatMap((s) => s.optionsArg))].sort((a, b) => a - b),
    insertAt: null,
    urlArg: same((s) => s.urlArg),
    ...(total.length ? { total } : {}),
    anyOf: found,
  };
}

function requestShape(shapes: readonly JsCallShape[] | undefined, root: string, path: readonly string[], construct: boolean): JsCallShape | undefined {
  return path[path.length - 1] === ANY_MEMBER ? anyMethodShape(shapes, root, path, construct) : shapeFor(shapes, root, path, construct);
}

/** The client a callee names, with the shape of the call: a request or an instance factory. */
export function clientCall(callee: Val, construct: boolean) {
  if (callee.kind === 'instance') {
    const { spec, root } = callee.inst;
    const request = requestShape(spec.calls, root, callee.path, construct);
    const factory = shapeFor(spec.instances, root, callee.path, construct);
    return request || factory ? [{ spec, root, path: callee.path, request, factory, inst: callee.inst, via: undefined }] : [];
  }
  if (callee.kind !== 'ref') return [];
  return clientsOf(callee.base, callee.path).flatMap((c) => {
    const request = requestShape(c.spec.calls, c.root, c.path, construct);
    const factory = shapeFor(c.spec.instances, c.root, c.path, construct);
    return request || factory ? [{ ...c, request, factory, inst: undefined, via: callee.via }] : [];
  });
}
