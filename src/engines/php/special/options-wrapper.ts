import type { OptionsClientSpec } from '../../../catalogue/php-specs';
import { identifierName, isServiceId } from '../names';
import { childrenOf, type PhpNode } from '../parse';
import { parameterPasser, parentClass, resolveClass, type ClassDecl, type Program } from '../program';

// A method that hands one of its parameters, as it is or merged with arrays of its own (`array_merge($d, $options)`,
// `$options + [...]`, also through a local: `$merged = array_merge($d, $options);`), to a request of a client the class holds in a property (`private function send($m, $u,
// array $options) { return $this->http->request($m, $u, $options); }`) sends what each caller of this file passes:
// the engine follows it from those callers (program.ts `relevant`), so that each call's options are judged. A
// property holds a client when it is declared with a client's type, or assigned `new <client class>(…)` or a
// client's factory (`HttpClient::create()`, `Http::withOptions()`) in a method of the class.

export interface OptionsWrapperTest {
  /** Text a wrapper must contain: `$this->x->request(`, for a request (or derive) method that takes options. */
  pattern: RegExp;
  /** Whether `fn` (a method of `cls`) passes a parameter as it is to such a request of a client property. */
  forwards(fn: PhpNode, cls: ClassDecl | null, program: Program): boolean;
}

const escape = (w: string): string => w.replace(/[^\w]/g, '\\$&');

/** What makes a client: classes (made or injected), classes whose static calls make one, functions; fully qualified, lower case. */
interface Makers {
  classes: ReadonlySet<string>;
  factories: ReadonlySet<string>;
  /** Function -> the first argument it must be given to make one (`service('curlrequest')`), or null: any. */
  functions: ReadonlyMap<string, string | null>;
}

export function optionsWrapperTest(specs: readonly OptionsClientSpec[]): OptionsWrapperTest {
  // Request method -> the positions of its options.
  const positions = new Map<string, Set<number>>();
  // A derived client (`$this->client->withOptions($options)->request(…)`) sends its options with each request.
  for (const s of specs) {
    for (const r of [...s.requests, ...s.derives]) {
      if (!('method' in r) || r.optionsArg === null) continue;
      const at = positions.get(r.method) ?? new Set<number>();
      positions.set(r.method, at.add(r.optionsArg));
    }
  }
  const made = specs.flatMap((s) => [...s.creates, ...(s.wraps ?? [])]);
  const makers: Makers = {
    classes: new Set([...made.flatMap((m) => ('new' in m ? [m.new] : [])), ...specs.flatMap((s) => s.injected)]),
    factories: new Set([...made.flatMap((m) => ('static' in m ? [m.static[0]] : [])), ...specs.flatMap((s) => s.facades)]),
    functions: made.reduce((out, m) => {
      if ('fn' in m) out.set(m.fn, out.has(m.fn) && out.get(m.fn) !== m.firstArg ? null : (m.firstArg ?? null));
      return out;
    }, new Map<string, string | null>()),
  };
  const pattern = new RegExp(`\\$this\\s*\\??->\\s*\\w+\\s*\\??->\\s*(?:${[...positions.keys()].map(escape).join('|')})\\s*\\(`, 'i');
  const held = new WeakMap<ClassDecl, Set<string>>();
  const forwards = (fn: PhpNode, cls: ClassDecl | null, program: Program): boolean => {
    const params = (fn.arguments as PhpNode[]) ?? [];
    if (!cls || !params.length) return false;
    const body = fn.body as PhpNode | null;
    const passes = parameterPasser(params, body?.kind === 'block' ? (body.children as PhpNode[]) : body);
    const properties = (): Set<string> => {
      let out = held.get(cls);
      if (!out) held.set(cls, (out = clientProperties(cls, program, makers)));
      return out;
    };
    const visit = (node: PhpNode, depth: number): boolean => {
      if (depth > 200) return false;
      if (node.kind === 'call' && passesOn(node, positions, passes) && properties().has(propertyOfThis(node))) return true;
      return childrenOf(node).some((c) => visit(c, depth + 1));
    };
    return !!body && visit(body, 0);
  };
  return { pattern, forwards };
}

/** `new <client class>(…)`, `<factory>::make(…)` or `<function>(…)`. */
function makesClient(node: PhpNode | undefined, program: Program, makers: Makers): boolean {
  if (node?.kind === 'new') {
    const what = node.what as PhpNode | undefined;
    return what?.kind === 'name' && makers.classes.has(resolveClass(program, String(what.name)));
  }
  if (node?.kind !== 'call') return false;
  const what = node.what as PhpNode | undefined;
  const cls = what?.kind === 'staticlookup' ? (what.what as PhpNode | undefined) : undefined;
  if (cls?.kind === 'name') return makers.factories.has(resolveClass(program, String(cls.name)));
  const name = what?.kind === 'name' ? String(what.name).replace(/^\\/, '').toLowerCase() : null;
  if (name === null || !makers.functions.has(name)) return false;
  const first = makers.functions.get(name);
  const arg = ((node.arguments as PhpNode[] | undefined) ?? [])[0];
  return first == null || (arg?.kind === 'string' && isServiceId(arg.value, first));
}

function isClientType(type: PhpNode | null | undefined, program: Program, makers: Makers): boolean {
  const names = type?.kind === 'uniontype' || type?.kind === 'intersectiontype' ? ((type.types as PhpNode[]) ?? []) : type ? [type] : [];
  return names.some((t) => t.kind === 'name' && makers.classes.has(resolveClass(program, String(t.name))));
}

/** The properties of `cls` that hold a client: typed as one (promoted too), or given one in a method. */
function clientProperties(cls: ClassDecl, program: Program, makers: Makers): Set<string> {
  const out = new Set<string>();
  // The store is shared by a class and the ancestors of this file it extends.
  for (let c: ClassDecl | undefined = cls, hops = 0; c && hops < 10; c = parentClass(program, c), hops++) {
    for (const p of c.properties) if (isClientType(p.type, program, makers)) out.add(p.key.slice(2));
    for (const [name, m] of c.methods) {
      if (name === '__construct') for (const p of m.params) if (p.flags && isClientType(p.type as PhpNode, program, makers)) out.add(identifierName(p.name));
      for (const stmt of [m.body].flat()) if (stmt) assignedClients(stmt, (n) => makesClient(n, program, makers), out, 0);
    }
  }
  return out;
}

/** `$this->x = <client>` (or `??=`) in `node`: adds `x`. */
function assignedClients(node: PhpNode, isClient: (n: PhpNode | undefined) => boolean, out: Set<string>, depth: number): void {
  if (depth > 200) return;
  if (node.kind === 'assign' && (node.operator === '=' || node.operator === '??=')) {
    const left = node.left as PhpNode;
    const name = left.kind === 'propertylookup' && isThis(left.what as PhpNode) ? offsetName(left) : '';
    if (name && isClient(node.right as PhpNode)) out.add(name);
  }
  for (const c of childrenOf(node)) assignedClients(c, isClient, out, depth + 1);
}

function isThis(node: PhpNode | undefined): boolean {
  return node?.kind === 'variable' && node.name === 'this';
}

function offsetName(lookup: PhpNode): string {
  const offset = lookup.offset as PhpNode | undefined;
  return offset?.kind === 'identifier' ? identifierName(offset) : '';
}

/** The property `x` of `$this->x->request(…)`; '' for another receiver. */
function propertyOfThis(call: PhpNode): string {
  const receiver = (call.what as PhpNode).what as PhpNode | undefined;
  const isLookup = receiver?.kind === 'propertylookup' || receiver?.kind === 'nullsafepropertylookup';
  return isLookup && isThis(receiver.what as PhpNode) ? offsetName(receiver) : '';
}

/** A request method call that has a parameter, as it is or merged, where its options go (`…, $options)`, `...$args`). */
function passesOn(call: PhpNode, positions: ReadonlyMap<string, ReadonlySet<number>>, passes: (arg: PhpNode) => boolean): boolean {
  const what = call.what as PhpNode;
  if (what.kind !== 'propertylookup' && what.kind !== 'nullsafepropertylookup') return false;
  const at = positions.get(offsetName(what).toLowerCase());
  if (!at) return false;
  const args = (call.arguments as PhpNode[]) ?? [];
  // A spread fills its own position and those after it.
  return args.some((a, i) => (a.kind === 'variadic' ? [...at].some((k) => k >= i) : at.has(i)) && passes(a));
}
