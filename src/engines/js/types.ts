import { ts } from './typescript';
import type { JsClientSpec } from '../../catalogue/define-client';
import { jsClients } from './catalogue';
import type { FileCtx } from './file';
import { staticName } from './parse';
import type { Binding } from './resolve';
import type { Instance, Val } from './values';
import { ownerBodies, thisClass, thisOf, type ThisOwner } from './this-owner';
import { walk } from './walk';

/** A client type a module exports: `AxiosInstance` from 'axios'. */
export interface ClientType {
  spec: JsClientSpec;
  module: string;
  name: string;
}

/** The call that made an instance, or undefined for one known only by its type. */
export function creationCall(inst: Instance): ts.CallExpression | ts.NewExpression | undefined {
  return inst.typed ? undefined : (inst.create as ts.CallExpression | ts.NewExpression);
}

/** The catalogue client whose `types` list `name` as exported by `module` ('node:x' reads as 'x'). */
export function clientOfType(module: string, name: string): ClientType | undefined {
  const bare = module.replace(/^node:/, '');
  for (const spec of jsClients()) {
    const t = spec.types?.find((x) => x.module === bare && x.names.includes(name));
    if (t) return { spec, module: t.module, name };
  }
  return undefined;
}

/**
 * An instance known only by its type: made elsewhere, so its options are unknown and count as set
 * (contract: an unevaluable value counts as set); options its requests pass are still judged.
 */
export function typedInstance(client: ClientType, key: ts.Node, file: FileCtx): Val {
  let inst = file.instances.get(key);
  if (!inst) {
    const { spec } = client;
    // The root that exports the type itself, where a client has several (HttpService beside HttpModule).
    const from = (r: string, named: boolean) => spec.roots[r]!.some((e) => e.module === client.module && (!named || e.export === client.name));
    const roots = Object.keys(spec.roots);
    const root = roots.find((r) => from(r, true)) ?? roots.find((r) => from(r, false)) ?? roots[0]!;
    const shape = spec.instances?.[0] ?? spec.calls[0]!;
    // An instance that holds no request options (a connection, a service an injector hands out) hides none:
    // each of its requests is judged by what it sets itself.
    const options: Val = shape.perRequest ? { kind: 'object', props: new Map(), open: false } : { kind: 'unknown' };
    inst = { spec, root, create: key, shape, arg: { value: options, index: null }, options, file, typed: true } satisfies Instance;
    file.instances.set(key, inst);
  }
  return { kind: 'instance', inst, path: [] };
}

function isNullish(t: ts.TypeNode): boolean {
  if (t.kind === ts.SyntaxKind.UndefinedKeyword) return true;
  return ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword;
}

/** The client a written type names: `AxiosInstance`, `axios.AxiosInstance`, `Got | undefined`, resolved through its import. */
export function clientOfTypeNode(type: ts.TypeNode | undefined, file: FileCtx): ClientType | undefined {
  let t = type;
  while (t && (ts.isParenthesizedTypeNode(t) || ts.isUnionTypeNode(t))) {
    if (ts.isParenthesizedTypeNode(t)) t = t.type;
    else {
      const rest = t.types.filter((x) => !isNullish(x));
      t = rest.length === 1 ? rest[0] : undefined;
    }
  }
  if (!t || !ts.isTypeReferenceNode(t)) return undefined;
  const name = t.typeName;
  if (ts.isIdentifier(name)) {
    const b = file.resolver.lookup(name.text, t);
    return b?.kind === 'import' && b.export && b.export !== '*' ? clientOfType(b.module, b.export) : undefined;
  }
  if (!ts.isIdentifier(name.left)) return undefined;
  const b = file.resolver.lookup(name.left.text, t);
  return b?.kind === 'import' && (b.export === null || b.export === '*') ? clientOfType(b.module, name.right.text) : undefined;
}

/** A variable or parameter whose value the names cannot tell, read from its type annotation. */
export function typedBinding(b: Binding, file: FileCtx): Val | undefined {
  if ((b.kind !== 'var' && b.kind !== 'param') || b.path.length) return undefined;
  const decl = b.kind === 'param' ? b.param : b.name.parent;
  if (!ts.isParameter(decl) && !ts.isVariableDeclaration(decl)) return undefined;
  const client = clientOfTypeNode(decl.type, file);
  return client ? typedInstance(client, decl, file) : undefined;
}

/** Every value a class gives `this.<name>`, by name: field initializers and `this.<name> = …` in its code. */
function thisWrites(cls: ThisOwner, file: FileCtx): Map<string, ts.Expression[]> {
  let byClass = file.cache.get('thisWrites') as WeakMap<ThisOwner, Map<string, ts.Expression[]>> | undefined;
  if (!byClass) file.cache.set('thisWrites', (byClass = new WeakMap()));
  let writes = byClass.get(cls);
  if (writes) return writes;
  const found = new Map<string, ts.Expression[]>();
  const add = (name: string | undefined, value: ts.Expression): void => {
    if (name === undefined) return;
    const list = found.get(name);
    if (list) list.push(value);
    else found.set(name, [value]);
  };
  const isStatic = (m: ts.ClassElement) => ts.getModifiers(m as ts.PropertyDeclaration)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
  if (ts.isClassLike(cls)) for (const m of cls.members) if (ts.isPropertyDeclaration(m) && !isStatic(m) && m.initializer) add(staticName(m.name), m.initializer);
  for (const body of ownerBodies(cls, file)) {
    walk(body, (n) => {
      if (!ts.isBinaryExpression(n) || n.operatorToken.kind < ts.SyntaxKind.FirstAssignment || n.operatorToken.kind > ts.SyntaxKind.LastAssignment) return;
      const l = n.left;
      if (!ts.isPropertyAccessExpression(l)) return;
      const self = thisOf(l.expression, file);
      if (self && thisClass(self, file) === cls) add(l.name.text, n.right);
    });
  }
  byClass.set(cls, (writes = found));
  return writes;
}

// The writes of a member being read: `this.fetch = this.fetch.bind(this)` reads itself.
const reading = new Set<readonly ts.Expression[]>();

/** The values the class gives `this.<name>`: field initializers and `this.<name> = …`. */
function allThisWrites(cls: ThisOwner, name: string, file: FileCtx): readonly ts.Expression[] {
  return thisWrites(cls, file).get(name) ?? [];
}

/**
 * `this.http` where the class declares `http: AxiosInstance`, as a property or a constructor parameter property;
 * else, through `read`, the client instance its one write in the class makes (`private s = http2.connect(…)`),
 * or, through `oneOf`, the one client all its writes give (`this.fetch = window.fetch.bind(window)` in one
 * branch, `this.fetch = require('node-fetch')` in the other).
 */
export function typedThisMember(
  e: ts.PropertyAccessExpression, file: FileCtx, read?: (x: ts.Expression) => Val, oneOf?: (xs: readonly ts.Expression[], read: (x: ts.Expression) => Val) => Val | undefined,
): Val | undefined {
  const self = thisOf(e.expression, file);
  const cls = self && thisClass(self, file);
  if (!cls) return undefined;
  const name = e.name.text;
  const made = (): Val | undefined => {
    const writes = read ? allThisWrites(cls, name, file) : [];
    if (writes.length > 1 && (!oneOf || reading.has(writes))) return undefined;
    reading.add(writes);
    try {
      const v = writes.length === 1 ? read!(writes[0]!) : writes.length > 1 ? oneOf!(writes, read!) : undefined;
      return v && (v.kind === 'instance' || v.kind === 'ref') ? v : undefined;
    } finally {
      reading.delete(writes);
    }
  };
  // A constructor function declares nothing: what its code writes is all there is.
  for (const m of ts.isClassLike(cls) ? cls.members : []) {
    if (ts.isPropertyDeclaration(m) && staticName(m.name) === name) {
      const client = clientOfTypeNode(m.type, file);
      // `private http: AxiosInstance` that the class itself fills (`this.http = axios.create(…)`): that instance.
      if (client) return made() ?? typedInstance(client, m, file);
      break;
    }
    if (!ts.isConstructorDeclaration(m)) continue;
    const p = m.parameters.find((x) => ts.isParameterPropertyDeclaration(x, m) && ts.isIdentifier(x.name) && x.name.text === name);
    const client = p && clientOfTypeNode(p.type, file);
    if (client) return typedInstance(client, p, file);
    // `constructor(private fetchImpl = fetch)`: the default is what callers that pass nothing get (evaluate.ts policy).
    if (p) {
      const v = p.initializer && read ? read(p.initializer) : undefined;
      return v && (v.kind === 'instance' || v.kind === 'ref') ? v : undefined;
    }
  }
  return made();
}
