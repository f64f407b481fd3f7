import { builtinTakesReference } from './builtin-params';
import { literalOf } from './decided';
import { inWrittenList, READS } from './kept-default';
import { identifierName } from './names';
import { childrenOf, type PhpNode } from './parse';
import { fileClass, parentClass, shortName, type ClassDecl, type Program, type PropertyDecl } from './program';

// Whether a property holds the value its class declares wherever the walk reads it (interpreter.ts initClass). The
// walk joins what `$this->x = …` and `self::$x = …` store in the class's family (places.ts); these are the changes
// it cannot see. A write on another object (`$client->timeout = 30`), by a class outside the family (a trait's
// method, which runs on the classes that use it), by reference (`&$this->timeout`, `settype($this->timeout, …)`),
// `unset`, `++`, a list target; and, for every property, a write by a name the code builds (`$this->$key = $value`
// in a config loop, `$this->{$k}`, `self::$$k`), `foreach ($this as &$v)`, reflection, `include` or `eval` in a
// class. And code of another file that runs on every object of the class: a trait's, and for a property that is
// not private, a parent class's (its constructor), or the subclass every object of an abstract class is. A public
// property no code of the file writes holds its default for an object nobody configures, as a parameter does for
// a caller that leaves it out (guards.ts decidedByDefault): that object is judged.

interface Writes {
  /** Code writes properties by a name it builds: any may change. */
  dynamic: boolean;
  /** Properties ('p:x', 's:x') written where the walk stores nothing. */
  unseen: Set<string>;
  /** Properties the walk stores, with the classes whose code stores them. */
  stored: Map<string, Set<ClassDecl>>;
}

const writesOf = new WeakMap<PhpNode, Writes>();
const CLASS_KINDS = new Set(['class', 'trait', 'enum']);
// Where a property is only read, beyond a variable's (kept-default.ts).
const ALSO_READS = new Set(['encapsed', 'yield', 'yieldfrom', 'clone', 'throw', 'exit', 'for', 'arrowfunc']);

function scan(program: Program, root: PhpNode): Writes {
  const known = writesOf.get(root);
  if (known) return known;
  const out: Writes = { dynamic: false, unseen: new Set(), stored: new Map() };
  const classOfNode = new Map(program.classes.map((c) => [c.node, c]));
  const visit = (node: PhpNode, path: PhpNode[], cls: ClassDecl | null): void => {
    if (CLASS_KINDS.has(node.kind)) cls = classOfNode.get(node) ?? null;
    noteNode(program, node, path, cls, out);
    path.push(node);
    for (const c of childrenOf(node)) visit(c, path, cls);
    path.pop();
  };
  visit(root, [], null);
  writesOf.set(root, out);
  return out;
}

function noteNode(program: Program, node: PhpNode, path: readonly PhpNode[], cls: ClassDecl | null, out: Writes): void {
  const parent = path.at(-1);
  if ((node.kind === 'include' || node.kind === 'eval') && cls) out.dynamic = true;
  else if (node.kind === 'name' && shortName(String(node.name)).startsWith('reflection')) out.dynamic = true;
  else if (node.kind === 'foreach' && isThis(node.source) && (node.value as PhpNode | null)?.byref) out.dynamic = true;
  else if (node.kind === 'propertylookup' || node.kind === 'nullsafepropertylookup') {
    if (parent?.kind === 'call' && parent.what === node) return; // `$this->send()`: a method
    if (!written(program, node, path)) return;
    const offset = node.offset as PhpNode | undefined;
    if (offset?.kind !== 'identifier') out.dynamic = true;
    else note(out, `p:${identifierName(offset)}`, isThis(node.what) && assignedTo(node, parent), cls);
  } else if (node.kind === 'staticlookup' && (node.offset as PhpNode | undefined)?.kind === 'variable') {
    if (!written(program, node, path)) return;
    const name = (node.offset as PhpNode).name;
    if (typeof name !== 'string') out.dynamic = true;
    else note(out, `s:${name}`, ownClass(node.what as PhpNode, cls) && assignedTo(node, parent), cls);
  }
}

function note(out: Writes, key: string, stored: boolean, cls: ClassDecl | null): void {
  if (!stored || !cls) out.unseen.add(key);
  else {
    let by = out.stored.get(key);
    if (!by) out.stored.set(key, (by = new Set()));
    by.add(cls);
  }
}

const isThis = (n: unknown): boolean => (n as PhpNode | null)?.kind === 'variable' && (n as PhpNode).name === 'this';

/** `self::`, `static::` or the class's own name: where places.ts stores `::$x`. */
function ownClass(what: PhpNode, cls: ClassDecl | null): boolean {
  if (what?.kind === 'selfreference' || what?.kind === 'staticreference') return true;
  return !!cls && what?.kind === 'name' && shortName(String(what.name)) === cls.name;
}

/** The place is what an assignment stores into, as places.ts storeInto follows it. */
const assignedTo = (node: PhpNode, parent: PhpNode | undefined): boolean => parent?.kind === 'assign' && parent.left === node;

/** Whether the property `node` (`path`: its ancestors) may be changed where it stands, not only read. */
function written(program: Program, node: PhpNode, path: readonly PhpNode[]): boolean {
  let child = node;
  let i = path.length - 1;
  // `$this->opts['timeout'] = 30` changes the property.
  while (i >= 0 && path[i]!.kind === 'offsetlookup' && path[i]!.what === child) child = path[i--]!;
  const parent = path[i];
  if (!parent) return false;
  switch (parent.kind) {
    case 'assign':
      return parent.left === child;
    case 'entry':
      return parent.value === child && (!!parent.byRef || inWrittenList(path, i));
    case 'array':
      return inWrittenList(path, i);
    case 'call':
    case 'new':
      return parent.what !== child && takesReference(program, parent, ((parent.arguments as PhpNode[]) ?? []).indexOf(child));
    case 'namedargument':
      return !!path[i - 1] && takesReference(program, path[i - 1]!, identifierName(parent.name));
    case 'foreach':
      return parent.source !== child || !!(parent.value as PhpNode | null)?.byref;
    case 'propertylookup':
    case 'nullsafepropertylookup':
    case 'staticlookup':
      return parent.what !== child; // `$this->client->send()` reads `client`
    case 'offsetlookup':
      return false; // `$a[$this->key]`
    default:
      return !READS.has(parent.kind) && !ALSO_READS.has(parent.kind);
  }
}

/**
 * Whether a call may take its argument at `at` by reference: a function or method of this file that declares it so
 * (a method by its name, in any class), a PHP function that does (builtin-params.ts), or a callee the file does not
 * name (`$fn($this->t)`). A function or method of another file is taken to receive a value, as nearly all do.
 */
function takesReference(program: Program, call: PhpNode, at: number | string): boolean {
  const what = call.what as PhpNode | undefined;
  let decls: PhpNode[][];
  if (call.kind === 'new') {
    const cls = what?.kind === 'class' ? program.classes.find((c) => c.node === what) : what?.kind === 'name' ? fileClass(program, String(what.name)) : undefined;
    decls = cls?.methods.has('__construct') ? [cls.methods.get('__construct')!.params] : [];
  } else if (what?.kind === 'name') {
    const name = shortName(String(what.name));
    const fn = program.functions.get(name);
    if (!fn) return builtinTakesReference(name, at);
    decls = [fn.params];
  } else if (what && ['propertylookup', 'nullsafepropertylookup', 'staticlookup'].includes(what.kind) && (what.offset as PhpNode)?.kind === 'identifier') {
    const name = identifierName(what.offset).toLowerCase();
    decls = program.classes.flatMap((c) => (c.methods.has(name) ? [c.methods.get(name)!.params] : []));
  } else return true;
  return decls.some((params) => {
    const p = typeof at === 'string' ? params.find((q) => identifierName(q.name) === at) : (params[at] ?? (params.at(-1)?.variadic ? params.at(-1) : undefined));
    return !!p?.byref;
  });
}

/** The classes of `cls`'s family: those sharing its store, a parent of this file and its subclasses here. */
const familyOf = (program: Program, cls: ClassDecl): ClassDecl[] => program.classes.filter((c) => c.store === cls.store);

/** A trait the class uses that this file does not declare, or one of this file that does so in turn. */
function usesUnseenTrait(program: Program, cls: ClassDecl, depth = 0): boolean {
  for (const member of (cls.node.body as PhpNode[]) ?? []) {
    if (member.kind !== 'traituse') continue;
    for (const t of (member.traits as PhpNode[]) ?? []) {
      const trait = fileClass(program, String(t.name));
      if (trait?.node.kind !== 'trait' || (depth < 8 && usesUnseenTrait(program, trait, depth + 1))) return true;
    }
  }
  return false;
}

const sameDefault = (a: PropertyDecl, b: PropertyDecl): boolean => {
  // A promoted constructor parameter holds what each `new` gives it.
  if (a.promoted || b.promoted) return false;
  if (!a.value || !b.value) return !a.value && !b.value && !a.type && !b.type;
  const [x, y] = [literalOf(a.value), literalOf(b.value)];
  return !!x && !!y && x.value === y.value;
};

/** Whether code the walk does not follow may give `prop`, declared by `cls`, a value other than its default. */
export function changedUnseen(program: Program, root: PhpNode, cls: ClassDecl, prop: PropertyDecl): boolean {
  const writes = scan(program, root);
  if (writes.dynamic || writes.unseen.has(prop.key)) return true;
  const family = familyOf(program, cls);
  // A trait's own store is not the class's: what its methods store there, the class's objects hold.
  for (const by of writes.stored.get(prop.key) ?? []) if (!family.includes(by)) return true;
  if (cls.node.kind === 'trait' || family.some((c) => usesUnseenTrait(program, c))) return true;
  // A subclass here that declares it again (a promoted constructor parameter too): its objects start with its own
  // default, or what its constructor is given.
  if (family.some((c) => c !== cls && c.properties.some((p) => p.key === prop.key && !sameDefault(p, prop)))) return true;
  if (prop.visibility === 'private') return false;
  return !!cls.node.isAbstract || family.some((c) => c.parent !== null && !parentClass(program, c));
}

/** Whether no code of the file writes the property `key` ('p:x', 's:x') of any object, nor any by a built name. */
export function neverWritten(program: Program, root: PhpNode, key: string): boolean {
  const writes = scan(program, root);
  return !writes.dynamic && !writes.unseen.has(key) && !writes.stored.has(key);
}
