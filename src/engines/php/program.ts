import { childrenOf, type PhpNode } from './parse';
import type { Value } from './values';

export interface FunctionDecl {
  node: PhpNode;
  params: PhpNode[];
  /** The statements of the body; an arrow function's body is an expression instead. */
  body: PhpNode[] | PhpNode | null;
  cls: ClassDecl | null;
  /** The body mentions something a special follows, or makes a client; only such functions are worth inlining. */
  relevant: boolean;
}

export interface ClassDecl {
  node: PhpNode;
  name: string;
  parent: string | null;
  /** The parent's fully qualified, lower-case name. */
  parentFqn: string | null;
  methods: Map<string, FunctionDecl>;
  constants: Map<string, PhpNode>;
  properties: PropertyDecl[];
  /** The traits it uses (`use Retries;`), as written. */
  traits: string[];
  /** Values of `$this->x` ('p:x') and `self::$x` ('s:x'), shared by every method of the class. */
  store: Map<string, Value>;
}

/** A property a class declares: 'p:x' or, static, 's:x'; `var` and no modifier are public. */
export interface PropertyDecl {
  key: string;
  value: PhpNode | null;
  type: PhpNode | null;
  visibility: 'public' | 'protected' | 'private';
  /**
   * Declared by a promoted constructor parameter (`__construct(protected $timeout = 30)`): it has no default of its
   * own, the constructor writes it with what it is given (parameters.ts bindEntry).
   */
  promoted?: boolean;
}

/** Declarations of one file: functions, classes and constants, found wherever they are declared. */
export interface Program {
  functions: Map<string, FunctionDecl>;
  classes: ClassDecl[];
  classByName: Map<string, ClassDecl>;
  constants: Map<string, PhpNode>;
  top: PhpNode[];
  namespace: string;
  /** `use` imports: lower-case alias -> lower-case fully qualified name. */
  uses: Map<string, string>;
  /** `use function` imports, the same way. */
  functionUses: Map<string, string>;
  /**
   * A file of several namespace blocks: its names are written out in full (qualifyNamespaceBlocks) and its classes
   * are keyed by their full names, since two blocks may declare classes of one short name.
   */
  qualified: boolean;
}

/** The class of this file a class name written in it refers to. */
export function fileClass(program: Program, raw: string): ClassDecl | undefined {
  return program.classByName.get(program.qualified ? resolveClass(program, raw) : shortName(raw));
}

/** The class of this file `cls` extends. */
export function parentClass(program: Program, cls: ClassDecl): ClassDecl | undefined {
  if (!cls.parent) return undefined;
  return program.classByName.get(program.qualified ? cls.parentFqn! : cls.parent);
}

/** The fully qualified, lower-case name a class name written in this file refers to. */
export function resolveClass(program: Program, raw: string): string {
  if (raw.startsWith('\\')) return raw.slice(1).toLowerCase();
  const lower = raw.toLowerCase();
  const cut = lower.indexOf('\\');
  const head = cut < 0 ? lower : lower.slice(0, cut);
  const imported = program.uses.get(head);
  if (imported) return imported + (cut < 0 ? '' : lower.slice(cut));
  return program.namespace ? `${program.namespace}\\${lower}` : lower;
}

function identifier(node: unknown): string {
  if (typeof node === 'string') return node;
  const n = node as { name?: unknown } | null;
  return n && typeof n.name === 'string' ? n.name : '';
}

/** Lower-case short name of a php-parser `name` node or string, without its namespace. */
export function shortName(raw: string): string {
  return raw.slice(raw.lastIndexOf('\\') + 1).toLowerCase();
}

/** Whether a function is worth inlining; asked once the whole file is indexed, so its `use` imports are known. */
export type IsRelevant = (fn: PhpNode, program: Program, cls: ClassDecl | null) => boolean;

function makeFunction(node: PhpNode, cls: ClassDecl | null, made: FunctionDecl[]): FunctionDecl {
  const body = node.body as PhpNode | null;
  const stmts = body && body.kind === 'block' ? (body.children as PhpNode[]) : body;
  const fn: FunctionDecl = { node, params: (node.arguments as PhpNode[]) ?? [], body: stmts, cls, relevant: false };
  made.push(fn);
  return fn;
}

/** `new X(…)` somewhere in `node` (closures included) with X, resolved in this file, one of `classes`. */
export function constructsAny(node: PhpNode, program: Program, classes: ReadonlySet<string>, depth = 0): boolean {
  if (depth > 200) return false;
  if (node.kind === 'new') {
    const what = node.what as PhpNode | undefined;
    if (what?.kind === 'name' && classes.has(resolveClass(program, String(what.name)))) return true;
  }
  return childrenOf(node).some((c) => constructsAny(c, program, classes, depth + 1));
}

function makeClass(node: PhpNode, made: FunctionDecl[], program: Program): ClassDecl {
  const ext = node.extends as PhpNode | null;
  const cls: ClassDecl = {
    node,
    name: identifier(node.name).toLowerCase(),
    // The short name as written: a class of this file is found by it (not an import's, under another namespace block).
    parent: ext ? shortName(typeof ext.written === 'string' ? ext.written : identifier(ext)) : null,
    parentFqn: ext ? resolveClass(program, identifier(ext)) : null,
    methods: new Map(),
    constants: new Map(),
    properties: [],
    traits: [],
    store: new Map(),
  };
  for (const member of (node.body as PhpNode[]) ?? []) {
    if (member.kind === 'method') cls.methods.set(identifier(member.name).toLowerCase(), makeFunction(member, cls, made));
    else if (member.kind === 'traituse') cls.traits.push(...((member.traits as PhpNode[]) ?? []).map(identifier));
    else if (member.kind === 'classconstant') {
      for (const c of member.constants as PhpNode[]) cls.constants.set(identifier(c.name), c.value as PhpNode);
    } else if (member.kind === 'propertystatement') {
      const prefix = member.isStatic ? 's:' : 'p:';
      const visibility = member.visibility === 'private' || member.visibility === 'protected' ? member.visibility : 'public';
      for (const p of member.properties as PhpNode[]) {
        cls.properties.push({ key: prefix + identifier(p.name), value: (p.value as PhpNode | null) ?? null, type: (p.type as PhpNode | null) ?? null, visibility });
      }
    }
  }
  // php-parser's flags of a promoted parameter: 1 public, 2 protected, 4 private.
  for (const p of cls.methods.get('__construct')?.params ?? []) {
    const flags = Number(p.flags) || 0;
    if (!flags) continue;
    const visibility = flags & 4 ? 'private' : flags & 2 ? 'protected' : 'public';
    cls.properties.push({ key: `p:${identifier(p.name)}`, value: null, type: (p.type as PhpNode | null) ?? null, visibility, promoted: true });
  }
  return cls;
}

function addUses(program: Program, group: PhpNode): void {
  if (group.type === 'const') return;
  const prefix = group.name ? `${String(group.name).replace(/^\\/, '')}\\` : '';
  for (const item of (group.items as PhpNode[]) ?? []) {
    const type = item.type ?? group.type;
    if (type === 'const') continue;
    const fqn = (prefix + String(item.name).replace(/^\\/, '')).toLowerCase();
    const alias = (item.alias ? identifier(item.alias) : fqn.slice(fqn.lastIndexOf('\\') + 1)).toLowerCase();
    (type === 'function' ? program.functionUses : program.uses).set(alias, fqn);
  }
}

/** A subclass sees what its parent's methods store in `$this->x`: one store per class family. */
function shareStores(program: Program): void {
  for (const cls of program.classes) {
    let root = cls;
    for (let hops = 0; root.parent && hops < 10; hops++) {
      const parent = parentClass(program, root);
      if (!parent || parent === cls) break;
      root = parent;
    }
    cls.store = root.store;
  }
}

/**
 * `define('NAME', value)` with a literal name and a value built only from literals and constants. A name
 * defined twice, or tested with `defined('NAME')` (a default some other file may set first), stays unknown.
 */
function noteDefine(call: PhpNode, defines: Map<string, PhpNode | null>, guarded: Set<string>): void {
  const what = call.what as PhpNode | undefined;
  const fn = what?.kind === 'name' ? shortName(identifier(what)) : '';
  if (fn !== 'define' && fn !== 'defined') return;
  const [name, value] = (call.arguments as PhpNode[] | undefined) ?? [];
  if (name?.kind !== 'string') return;
  const key = String(name.value);
  if (fn === 'defined') guarded.add(key);
  else defines.set(key, !defines.has(key) && value && isConstantExpression(value) ? value : null);
}

const CONSTANT_KINDS = new Set(['string', 'nowdoc', 'number', 'boolean', 'nullkeyword', 'name', 'bin', 'unary', 'cast', 'retif', 'staticlookup', 'identifier', 'array', 'entry', 'selfreference', 'staticreference', 'parentreference']);

function isConstantExpression(node: PhpNode, depth = 0): boolean {
  return depth < 50 && CONSTANT_KINDS.has(node.kind) && childrenOf(node).every((c) => isConstantExpression(c, depth + 1));
}

/** Where a `name` node names a class (a type, `new`, `::`, `instanceof`, `extends`…), by its parent's kind: the keys. */
const CLASS_NAME_AT: Readonly<Record<string, readonly string[]>> = {
  new: ['what'], staticlookup: ['what'], class: ['extends', 'implements'], interface: ['extends'], traituse: ['traits'],
  catch: ['what'], parameter: ['type'], property: ['type'], function: ['type'], method: ['type'], closure: ['type'],
  arrowfunc: ['type'], uniontype: ['types'], intersectiontype: ['types'],
};

/**
 * A file with several `namespace` blocks: each block's `use` imports and namespace hold in that block only, so its
 * class names (and imported function names) are written out fully qualified there, and none is left to the file.
 */
function qualifyNamespaceBlocks(ast: PhpNode, program: Program): boolean {
  const blocks = ((ast.children as PhpNode[]) ?? []).filter((n) => n.kind === 'namespace');
  if (blocks.length < 2) return false;
  for (const block of blocks) {
    const own: Program = { ...program, namespace: String(block.name ?? '').toLowerCase(), uses: new Map(), functionUses: new Map() };
    for (const n of (block.children as PhpNode[]) ?? []) if (n.kind === 'usegroup') addUses(own, n);
    const qualify = (name: PhpNode, fqn: string): void => {
      name.written = name.name;
      name.name = `\\${fqn}`;
      name.resolution = 'fqn';
    };
    const visit = (node: PhpNode, depth: number): void => {
      if (depth > 200 || node.kind === 'usegroup') return;
      const what = node.what as PhpNode | undefined;
      if (node.kind === 'call' && what?.kind === 'name' && !String(what.name).startsWith('\\')) {
        const imported = own.functionUses.get(String(what.name).toLowerCase());
        if (imported) qualify(what, imported);
      }
      const at = node.kind === 'bin' && node.type === 'instanceof' ? ['right'] : (CLASS_NAME_AT[node.kind] ?? []);
      for (const key of at) {
        const v = node[key];
        for (const n of Array.isArray(v) ? v : [v]) {
          const name = n as PhpNode | null;
          if (name?.kind === 'name' && !String(name.name).startsWith('\\') && !SPECIAL_CLASS_NAMES.has(String(name.name).toLowerCase())) qualify(name, resolveClass(own, String(name.name)));
        }
      }
      for (const child of childrenOf(node)) visit(child, depth + 1);
    };
    visit(block, 0);
  }
  return true;
}

// Names PHP resolves itself, not through imports or the namespace.
const SPECIAL_CLASS_NAMES = new Set(['self', 'static', 'parent', 'array', 'callable', 'int', 'float', 'bool', 'string', 'iterable', 'object', 'mixed', 'void', 'null', 'never', 'false', 'true']);

/** Indexes the declarations of a parsed file. */
export function indexProgram(ast: PhpNode, isRelevant: IsRelevant): Program {
  const program: Program = {
    functions: new Map(), classes: [], classByName: new Map(), constants: new Map(), top: [], namespace: '', uses: new Map(), functionUses: new Map(),
    qualified: false,
  };
  program.qualified = qualifyNamespaceBlocks(ast, program);
  // A qualified file's namespace: the block being indexed, for the full names of the classes it declares.
  let block = '';
  // define('NAME', …) calls, read after the walk: a name guarded by defined() anywhere stays unknown.
  const defines = new Map<string, PhpNode | null>();
  const guarded = new Set<string>();
  const made: FunctionDecl[] = [];
  const visit = (node: PhpNode, depth: number): void => {
    if (depth > 200) return;
    // Several namespace blocks: their names were written out in full (qualifyNamespaceBlocks), none is the file's.
    if (node.kind === 'namespace') {
      if (program.qualified) block = String(node.name ?? '').toLowerCase();
      else program.namespace = String(node.name ?? '').toLowerCase();
    } else if (node.kind === 'usegroup') {
      if (!program.qualified) addUses(program, node);
    }
    else if (node.kind === 'function') {
      program.functions.set(identifier(node.name).toLowerCase(), makeFunction(node, null, made));
    } else if (node.kind === 'class' || node.kind === 'trait' || node.kind === 'enum') {
      const cls = makeClass(node, made, program);
      program.classes.push(cls);
      if (cls.name) program.classByName.set(program.qualified && block ? `${block}\\${cls.name}` : cls.name, cls);
    } else if (node.kind === 'constantstatement') {
      for (const c of node.constants as PhpNode[]) program.constants.set(identifier(c.name), c.value as PhpNode);
    } else if (node.kind === 'call') {
      noteDefine(node, defines, guarded);
    }
    for (const child of childrenOf(node)) visit(child, depth + 1);
  };
  visit(ast, 0);
  for (const [name, value] of defines) {
    if (value && !guarded.has(name) && !program.constants.has(name)) program.constants.set(name, value);
  }
  program.top = ast.children as PhpNode[];
  shareStores(program);
  for (const fn of made) fn.relevant = isRelevant(fn.node, program, fn.cls);
  followForwarders(made);
  followGivers(made);
  return program;
}

/**
 * A function that gives back what a relevant one gives (`private function getContext() { return
 * $this->createContext($this->method); }`) hands its callers the options that one builds: it is relevant too, up to
 * FORWARD_DEPTH calls from the one that names them.
 */
function followGivers(made: FunctionDecl[]): void {
  let candidates = made.filter((fn) => !fn.relevant && Array.isArray(fn.body));
  let names = new Set(made.filter((fn) => fn.relevant).map((fn) => identifier(fn.node.name).toLowerCase()));
  for (let round = 0; round < FORWARD_DEPTH && names.size && candidates.length; round++) {
    const more = candidates.filter((fn) => (fn.body as PhpNode[]).some((n) => givesBack(n, names)));
    for (const fn of more) fn.relevant = true;
    candidates = candidates.filter((fn) => !fn.relevant);
    names = new Set(more.map((fn) => identifier(fn.node.name).toLowerCase()));
  }
}

/** A `return` in `node`, outside nested functions, of a call to one of `names`. */
function givesBack(node: PhpNode, names: ReadonlySet<string>, depth = 0): boolean {
  if (depth > 200 || node.kind === 'function' || node.kind === 'closure' || node.kind === 'arrowfunc' || node.kind === 'class') return false;
  if (node.kind === 'return') {
    const expr = node.expr as PhpNode | null;
    const name = expr?.kind === 'call' ? calledName(expr) : null;
    return name !== null && names.has(name);
  }
  return childrenOf(node).some((c) => givesBack(c, names, depth + 1));
}

// How many calls away from the client a function that passes its parameters on is still followed.
export const FORWARD_DEPTH = 3;

/**
 * A function that hands one of its parameters, as it is or merged, to a relevant function of this file (`function
 * outer(array $o) { return build($o); }`) decides, for each of its callers, what that one makes: it is relevant
 * too, up to FORWARD_DEPTH calls from the client. (Following every caller of a relevant function, parameters passed
 * on or not, made the PHP part of the corpus 15% slower.)
 */
function followForwarders(made: FunctionDecl[]): void {
  let candidates = made.filter((fn) => !fn.relevant && fn.params.length && fn.body);
  let names = new Set(made.filter((fn) => fn.relevant).map((fn) => identifier(fn.node.name).toLowerCase()));
  for (let round = 0; round < FORWARD_DEPTH && names.size && candidates.length; round++) {
    const more = candidates.filter((fn) => {
      const passes = parameterPasser(fn.params, fn.body);
      return [fn.body].flat().some((n) => !!n && passesOn(n, names, passes));
    });
    for (const fn of more) fn.relevant = true;
    candidates = candidates.filter((fn) => !fn.relevant);
    names = new Set(more.map((fn) => identifier(fn.node.name).toLowerCase()));
  }
}

/** The name a call in this file calls: `name()`, `X::name()`, `self::name()` or `$this->name()`, lower case. */
function calledName(call: PhpNode): string | null {
  const what = call.what as PhpNode | undefined;
  const offset = what?.offset as PhpNode | undefined;
  const receiver = what?.what as PhpNode | undefined;
  if (what?.kind === 'name') return shortName(String(what.name));
  if (what?.kind === 'staticlookup' && offset?.kind === 'identifier') return identifier(offset).toLowerCase();
  const ofThis = what?.kind === 'propertylookup' && receiver?.kind === 'variable' && receiver.name === 'this';
  return ofThis && offset?.kind === 'identifier' ? identifier(offset).toLowerCase() : null;
}

/** A call in `node` to one of `names` that passes on one of the function's parameters (`passes`). */
function passesOn(node: PhpNode, names: ReadonlySet<string>, passes: (arg: PhpNode) => boolean, depth = 0): boolean {
  if (depth > 200) return false;
  if (node.kind === 'call') {
    const name = calledName(node);
    if (name !== null && names.has(name) && ((node.arguments as PhpNode[]) ?? []).some(passes)) return true;
  }
  return childrenOf(node).some((c) => passesOn(c, names, passes, depth + 1));
}

/**
 * Whether an argument of a call in this body hands on one of the parameters (`passesParameter`), also through a
 * local that holds one, as it is or merged: `$merged = array_merge($this->defaults, $options);` then `…, $merged)`.
 * The locals are found once, when an argument hands on no parameter itself.
 */
export function parameterPasser(params: readonly PhpNode[], body: PhpNode[] | PhpNode | null): (arg: PhpNode) => boolean {
  const names = new Set(params.map((p) => identifier(p.name)));
  let carriers: Set<string> | null = null;
  return (arg) => {
    if (passesParameter(arg, names)) return true;
    carriers ??= carriersOf(body, names);
    return carriers.size > names.size && passesParameter(arg, carriers);
  };
}

const OWN_SCOPE = new Set(['closure', 'function', 'class', 'method']);

/** The parameters and the locals given one of them, as it is or merged (`$o = $options + [...]`), in two rounds for loops. */
function carriersOf(body: PhpNode[] | PhpNode | null, params: ReadonlySet<string>): Set<string> {
  const out = new Set(params);
  const visit = (node: PhpNode, depth: number): void => {
    if (depth > 200 || OWN_SCOPE.has(node.kind)) return;
    if (node.kind === 'assign' && node.operator === '=') {
      const left = node.left as PhpNode;
      if (left.kind === 'variable' && typeof left.name === 'string' && passesParameter(node.right as PhpNode, out)) out.add(left.name);
    }
    for (const c of childrenOf(node)) visit(c, depth + 1);
  };
  for (let round = 0, size = -1; round < 2 && size !== out.size; round++) {
    size = out.size;
    for (const n of [body].flat()) if (n) visit(n, 0);
  }
  return out;
}

/** `$o`, `...$o` or `o: $o` with `$o` one of `params`. */
export function isParameter(arg: PhpNode, params: ReadonlySet<string>): boolean {
  const v = arg.kind === 'variadic' ? (arg.what as PhpNode) : arg.kind === 'namedargument' ? (arg.value as PhpNode) : arg;
  return v?.kind === 'variable' && typeof v.name === 'string' && params.has(v.name);
}

// WordPress wp_parse_args($args, $defaults) returns $args merged over $defaults (builtins.ts).
const MERGERS = new Set(['array_merge', 'array_merge_recursive', 'array_replace', 'array_replace_recursive', 'wp_parse_args']);

/**
 * An argument that hands on one of `params` as it is (`isParameter`), in place of nothing (`$o ?? []`), or merged
 * with other arrays: `array_merge($d, $o)`, `array_replace(…)`, `$o + [...]`, `[...$d, ...$o]`. What the merge
 * keeps of the caller's options, the interpreter works out.
 */
export function passesParameter(arg: PhpNode, params: ReadonlySet<string>): boolean {
  return isParameter(arg, params) || mergesParameter(arg.kind === 'namedargument' ? (arg.value as PhpNode) : arg, params, 0);
}

function mergesParameter(node: PhpNode | undefined, params: ReadonlySet<string>, depth: number): boolean {
  if (!node || depth > 3) return false;
  const part = (n: PhpNode | undefined): boolean => !!n && n.kind !== 'variadic' && (isParameter(n, params) || mergesParameter(n, params, depth + 1));
  // `$o + [...]`, and `$o ?? []`, `$o ?: $defaults`, `$c ? $o : []`: the parameter on one of the paths.
  if (node.kind === 'bin') return (node.type === '+' || node.type === '??') && (part(node.left as PhpNode) || part(node.right as PhpNode));
  if (node.kind === 'retif') return part((node.trueExpr ?? node.test) as PhpNode) || part(node.falseExpr as PhpNode);
  if (node.kind === 'array') return ((node.items as (PhpNode | null)[]) ?? []).some((i) => !!i?.unpack && part(i.value as PhpNode));
  const what = node.kind === 'call' ? (node.what as PhpNode | undefined) : undefined;
  return what?.kind === 'name' && MERGERS.has(shortName(String(what.name))) && ((node.arguments as PhpNode[]) ?? []).some(part);
}
