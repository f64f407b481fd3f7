import type { Interpreter, Scope } from './interpreter';
import { evalBuiltin, isRedeclarable } from './builtins';
import { identifierName } from './names';
import { builtinConstructorParams, builtinParams } from './builtin-params';
import { childrenOf, type PhpNode } from './parse';
import type { ClassDecl, FunctionDecl } from './program';
import { fileClass, parentClass, shortName } from './program';
import type { CallSite } from './special/special';
import { anyOf, lit, refsOf, trackedIn, UNKNOWN, type Value } from './values';

/** The lower-case name of a global function call; null for a namespaced (qualified) or dynamic callee. */
function globalName(interp: Interpreter, what: PhpNode): string | null {
  if (what.kind !== 'name') return null;
  const raw = String(what.name);
  // `use function file_get_contents as fetch;` makes `fetch(...)` that global function.
  const bare = raw.startsWith('\\') ? raw.slice(1) : (interp.program.functionUses.get(raw.toLowerCase()) ?? raw);
  // An unqualified name inside a namespace falls back to the global function of that name.
  return bare.includes('\\') ? null : bare.toLowerCase();
}

/** An abstract method (or an interface's): its body is a subclass's, which the walk does not see. */
function bodiless(fn: FunctionDecl | null): boolean {
  return !!fn && (!!fn.node.isAbstract || fn.cls?.node.kind === 'interface');
}

function findMethod(interp: Interpreter, cls: ClassDecl | null, name: string): FunctionDecl | null {
  for (let c = cls, hops = 0; c && hops < 10; hops++) {
    const m = c.methods.get(name);
    if (m) return m;
    c = parentClass(interp.program, c) ?? null;
  }
  return null;
}

function escapeAll(values: Value[]): void {
  for (const v of values) if (v) for (const t of trackedIn(v)) t.escape();
}

/**
 * `$this->name()`, `self::name()`, `static::name()` or `parent::name()` (`parent`: from the parent of `cls`) may run
 * a method this file does not show: one of a class outside it that `cls` or its ancestors extend, or of a trait they
 * use (a trait of this file too: the walk does not follow its methods into the class). In a trait, the class using
 * it may declare any, and so may the subclass every object of an abstract class is (an interface's method it leaves
 * to it). A class with neither declares no more methods than the file shows: calling another is an error.
 */
function mayRunUnseen(interp: Interpreter, cls: ClassDecl | null, name: string, fromParent = false): boolean {
  if (!cls) return false;
  if (cls.node.kind === 'trait' || (!fromParent && cls.node.isAbstract)) return true;
  let c: ClassDecl | undefined = cls;
  if (fromParent) {
    if (!cls.parent) return false;
    c = parentClass(interp.program, cls);
    if (!c) return true;
  }
  for (let hops = 0; c && hops < 10; hops++) {
    if (c.traits.some((t) => traitMayDeclare(interp, t, name))) return true;
    if (c.parent && !parentClass(interp.program, c)) return true;
    c = parentClass(interp.program, c);
  }
  return false;
}

/**
 * Whether a method of the file the walk does not follow into (it names no client and is handed nothing a client
 * made) calls, itself or through another method of the file, one the file does not show on the object
 * (`private function prepare() { $this->applyDefaults(); }`, with applyDefaults() inherited): as that call made
 * directly, it may reach what the object's properties hold.
 */
function reachesUnseen(interp: Interpreter, fn: FunctionDecl): boolean {
  let found = unseenReach.get(interp.program);
  if (!found) unseenReach.set(interp.program, (found = reachingUnseen(interp)));
  return found.has(fn);
}

const unseenReach = new WeakMap<Interpreter['program'], Set<FunctionDecl>>();

/**
 * The file's methods that reach a method it does not show on the object, at any depth: those that call one (or an
 * abstract one), then their callers on the object, back to front; each body is read once, without recursion.
 */
function reachingUnseen(interp: Interpreter): Set<FunctionDecl> {
  const out = new Set<FunctionDecl>();
  const callers = new Map<FunctionDecl, FunctionDecl[]>();
  const queue: FunctionDecl[] = [];
  for (const cls of interp.program.classes) {
    for (const fn of cls.methods.values()) {
      for (const { name, parent } of selfCalls(fn)) {
        const own = findMethod(interp, parent ? (parentClass(interp.program, cls) ?? null) : cls, name);
        if (own && !bodiless(own)) {
          const list = callers.get(own);
          if (list) list.push(fn);
          else callers.set(own, [fn]);
        } else if (own || mayRunUnseen(interp, cls, name, parent)) {
          if (!out.has(fn)) out.add(fn), queue.push(fn);
        }
      }
    }
  }
  while (queue.length) {
    for (const c of callers.get(queue.pop()!) ?? []) if (!out.has(c)) out.add(c), queue.push(c);
  }
  return out;
}

/** The methods a function calls on its object: `$this->name()`, `self::`, `static::`, `parent::` (`parent`). */
function selfCalls(fn: FunctionDecl): { name: string; parent: boolean }[] {
  const out: { name: string; parent: boolean }[] = [];
  const stack: PhpNode[] = Array.isArray(fn.body) ? [...(fn.body as PhpNode[])] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'call') {
      const what = n.what as PhpNode;
      const offset = what?.offset as PhpNode | undefined;
      const name = offset?.kind === 'identifier' ? identifierName(offset).toLowerCase() : null;
      const on = what?.what as PhpNode | undefined;
      const onThis = (what?.kind === 'propertylookup' || what?.kind === 'nullsafepropertylookup') && isThis(on);
      const onSelf = what?.kind === 'staticlookup' && (on?.kind === 'selfreference' || on?.kind === 'staticreference' || on?.kind === 'parentreference');
      if (name && (onThis || onSelf)) out.push({ name, parent: on?.kind === 'parentreference' });
    }
    stack.push(...childrenOf(n));
  }
  return out;
}

function traitMayDeclare(interp: Interpreter, raw: string, name: string, depth = 0): boolean {
  const t = fileClass(interp.program, raw);
  if (t?.node.kind !== 'trait') return true;
  return t.methods.has(name) || (depth < 5 && t.traits.some((u) => traitMayDeclare(interp, u, name, depth + 1)));
}

/**
 * A method the walk cannot see, run on the object, may reach what its properties hold (Magento's
 * `Mage_HTTP_Client_Curl::curlOption()` sets options on `$this->_ch`): as for a handle handed to unseen code, where
 * the call comes before the request (special.ts heldReaches). A destructor's runs after every request on the object.
 */
function escapeHeld(interp: Interpreter, cls: ClassDecl, scope: Scope): void {
  if (scope.stack.some((fn) => fn.cls && identifierName(fn.node.name).toLowerCase() === '__destruct')) return;
  const at = interp.now();
  for (const v of cls.store.values()) for (const t of trackedIn(v)) (t.escapeHeld ? t.escapeHeld(at) : t.escape());
}

/**
 * The arguments by position. With the callee's parameter names known, a named argument goes to its
 * parameter's position (`fsockopen(hostname: $h, timeout: 5)` fills 0 and 4, leaving holes); otherwise,
 * and for a name the callee does not declare, named arguments follow in the order written.
 */
export function argsOf(node: PhpNode, params?: readonly string[]): PhpNode[] {
  const out: PhpNode[] = [];
  const unplaced: PhpNode[] = [];
  for (const a of (node.arguments as PhpNode[]) ?? []) {
    if (a.kind !== 'namedargument') out.push(a);
    else {
      const at = params ? params.indexOf(String(a.name)) : -1;
      if (at >= 0 && out[at] === undefined) out[at] = a.value as PhpNode;
      else unplaced.push(a.value as PhpNode);
    }
  }
  return unplaced.length ? [...out, ...unplaced] : out;
}

/** Evaluates arguments by position; a hole left by named arguments stays a hole. */
function evalArgs(interp: Interpreter, args: PhpNode[], scope: Scope): Value[] {
  const values: Value[] = [];
  args.forEach((a, i) => (values[i] = interp.eval(a, scope)));
  return values;
}

/** The first class outside this file that a class of this file extends, fully qualified. */
function externalAncestor(interp: Interpreter, cls: ClassDecl): string | null {
  for (let c: ClassDecl | undefined = cls, hops = 0; c && hops < 10; hops++) {
    if (!c.parent) return null;
    const inFile = parentClass(interp.program, c);
    if (!inFile) return c.parentFqn;
    c = inFile;
  }
  return null;
}

/** `new X(...)`: a special's client, or an object the analysis does not follow. */
export function evalNew(interp: Interpreter, node: PhpNode, scope: Scope): Value {
  const what = node.what as PhpNode;
  const own = what?.kind === 'name' ? fileClass(interp.program, String(what.name)) : undefined;
  const ctor = own ? findMethod(interp, own, '__construct') : null;
  const fqn = what?.kind === 'name' ? interp.resolve(String(what.name)) : null;
  const args = argsOf(node, paramNames(ctor) ?? (fqn !== null && !own ? builtinConstructorParams(fqn) : undefined));
  const values = args.map((a) => interp.eval(a, scope));
  // The constructor is not run here (parent::__construct() is seen in its own walk), but the defaults it gets are.
  if (ctor) interp.defaults.noteCall(ctor, args, values);
  // A class this file declares under the client's very name (`class curl { … }`, `class Curl extends BaseHttp` in the
  // global namespace) is the file's own, whose methods the walk runs: no client, whatever it extends.
  const program = interp.program;
  const declaredHere = !!own && !program.qualified && (program.namespace ? `${program.namespace}\\${own.name}` : own.name) === fqn;
  if (fqn !== null) {
    const site: CallSite = { name: fqn, node, args, values, scope };
    // A subclass with its own constructor passes options on through parent::__construct(), seen there.
    const made = (declaredHere ? undefined : interp.specials.ask('newObject', fqn, site, interp))
      ?? (own && !ctor ? askAncestor(interp, own, site) : undefined);
    if (made) return made;
  }
  escapeAll(values);
  return UNKNOWN;
}

function askAncestor(interp: Interpreter, cls: ClassDecl, site: CallSite): Value | undefined {
  const ancestor = externalAncestor(interp, cls);
  return ancestor ? interp.specials.ask('newObject', ancestor, { ...site, overrides: overridden(interp, cls) }, interp) : undefined;
}

/**
 * The methods that a class of this file, or one of this file it extends, declares and that reach no outside
 * class's: the nearest declaration of each name decides, unless it calls `parent::name()` (or `Cls::name()`),
 * which sends on to the next one.
 */
function overridden(interp: Interpreter, cls: ClassDecl): Set<string> {
  const out = new Set<string>();
  for (let c: ClassDecl | undefined = cls, hops = 0; c && hops < 10; hops++) {
    for (const [name, m] of c.methods) if (!out.has(name) && !callsUp(m.node, name)) out.add(name);
    c = c.parent ? interp.program.classByName.get(c.parent) : undefined;
  }
  return out;
}

/**
 * The method may send on to an outside class's of that name: it calls `parent::name(…)` or `Cls::name(…)`, names
 * `'Cls::name'` in a string (a callable), or hands `$this` to code that may (Zend_Soap_Client_Common gives it to
 * a callback that calls `SoapClient::__doRequest`).
 */
function callsUp(method: PhpNode, name: string): boolean {
  const todo = [...childrenOf(method)];
  while (todo.length) {
    const n = todo.pop()!;
    const what = n.kind === 'call' ? (n.what as PhpNode | undefined) : undefined;
    const offset = what?.kind === 'staticlookup' ? (what.offset as PhpNode | undefined) : undefined;
    if (offset?.kind === 'identifier' && identifierName(offset).toLowerCase() === name) return true;
    if (n.kind === 'string' && String(n.value).toLowerCase().includes(`::${name}`)) return true;
    const args = n.kind === 'call' || n.kind === 'new' ? ((n.arguments as PhpNode[] | undefined) ?? []) : [];
    if (args.some((a) => a?.kind === 'variable' && a.name === 'this')) return true;
    todo.push(...childrenOf(n));
  }
  return false;
}

/** The parameter names of a same-file function, so named arguments land in their positions. */
function paramNames(fn: FunctionDecl | null): string[] | undefined {
  return fn?.params.map((p) => identifierName(p.name));
}

/** Whether the walk follows a call of `fn` with these arguments into its body (Interpreter.inline). */
function followed(fn: FunctionDecl, values: readonly Value[]): boolean {
  return fn.relevant || values.some((v) => v && trackedIn(v).length > 0);
}

function isThis(node: PhpNode | undefined): boolean {
  return node?.kind === 'variable' && node.name === 'this';
}

function methodCall(interp: Interpreter, node: PhpNode, what: PhpNode, scope: Scope): Value {
  const receiverNode = what.what as PhpNode;
  const receiver = interp.eval(receiverNode, scope);
  const offset = what.offset as PhpNode;
  const name = offset?.kind === 'identifier' ? identifierName(offset).toLowerCase() : null;
  const own = name && isThis(receiverNode) ? findMethod(interp, scope.cls, name) : null;
  const args = argsOf(node, paramNames(own));
  const values = args.map((a) => interp.eval(a, scope));
  if (name === null) {
    escapeAll(values);
    return UNKNOWN;
  }
  // Every object from every branch gets the call: `$r->timeout(20)` after an if/else bounds both requests.
  const answers: Value[] = [];
  for (const ref of refsOf(receiver)) {
    const answer = interp.specials.ask('methodCall', ref, { name, node, args, values, scope }, interp);
    if (answer) answers.push(answer);
  }
  if (answers.length) return anyOf(answers);
  // `$this->configure($ch)` of an abstract method: a subclass's body runs, with the arguments and the object.
  if (own && !bodiless(own)) {
    if (isThis(receiverNode) && scope.cls && !followed(own, values) && reachesUnseen(interp, own)) escapeHeld(interp, scope.cls, scope);
    return interp.inline(own, args, values, scope, node);
  }
  // `$this->factory->getClient()`: a method of a class this file declares, not followed into, still runs with the
  // defaults the call leaves it (`getClient(array $config = [])`), which its own walk then judges.
  const declares = interp.program.classes.some((c) => c.methods.has(name));
  const declared = declares ? findMethod(interp, declaredClass(interp, receiverNode, scope), name) : null;
  if (declared) interp.defaults.noteCall(declared, argsOf(node, paramNames(declared)));
  // `$container->get('http_client')`: an object the walk follows nothing in, of no class this file declares.
  if (!own && !declared && refsOf(receiver).length === 0) {
    const answer = interp.specials.ask('unseenMethodCall', { name, node, args, values, scope }, interp);
    if (answer) return answer;
  }
  escapeAll(values);
  if (isThis(receiverNode) && scope.cls && (own || mayRunUnseen(interp, scope.cls, name))) escapeHeld(interp, scope.cls, scope);
  return UNKNOWN;
}

/**
 * The class of this file a receiver is declared to hold: `(new Factory())`, a variable the function assigns only
 * `new Factory(…)` or a parameter typed with it (`Factory $factory`), or `$this->factory` of a property or
 * promoted constructor parameter typed with it.
 */
function declaredClass(interp: Interpreter, node: PhpNode, scope: Scope): ClassDecl | null {
  const named = (type: unknown): ClassDecl | null => {
    const t = type as PhpNode | null | undefined;
    return t?.kind === 'name' ? (fileClass(interp.program, String(t.name)) ?? null) : null;
  };
  if (node.kind === 'new') return named(node.what);
  if (node.kind === 'variable' && typeof node.name === 'string' && node.name !== 'this') {
    // In a closure or arrow function a name may be its own parameter, which the function's own do not show.
    if (interp.currentWalk() === -1) return null;
    const fn = scope.stack.at(-1);
    const body = fn ? fn.body : interp.program.top;
    if (!Array.isArray(body)) return null;
    // Asked for every call on the variable: each body is searched once per name.
    let byName = madeIn.get(body);
    if (!byName) madeIn.set(body, (byName = new Map()));
    if (!byName.has(node.name)) byName.set(node.name, assignedNew(body, node.name, named));
    const made = byName.get(node.name);
    // A parameter holds its declared type until the body writes it; a local variable holds what every write makes.
    const param = fn?.params.find((p) => identifierName(p.name) === node.name);
    const typed = param ? named(param.type) : null;
    return made === undefined ? typed : param && made !== typed ? null : made;
  }
  const on = node.what as PhpNode | undefined;
  const offset = node.offset as PhpNode | undefined;
  if (node.kind !== 'propertylookup' || on?.kind !== 'variable' || on.name !== 'this' || offset?.kind !== 'identifier' || !scope.cls) return null;
  const prop = identifierName(offset);
  const declared = scope.cls.properties.find((p) => p.key === `p:${prop}`);
  const promoted = scope.cls.methods.get('__construct')?.params.find((p) => p.flags && identifierName(p.name) === prop);
  return named(declared?.type ?? promoted?.type);
}

function staticCall(interp: Interpreter, node: PhpNode, what: PhpNode, scope: Scope): Value {
  const offset = what.offset as PhpNode;
  const name = offset?.kind === 'identifier' ? identifierName(offset).toLowerCase() : null;
  const clsNode = what.what as PhpNode;
  const own = name ? findMethod(interp, interp.classOf(clsNode, scope), name) : null;
  const args = argsOf(node, paramNames(own));
  const values = args.map((a) => interp.eval(a, scope));
  if (name === null) {
    escapeAll(values);
    return UNKNOWN;
  }
  const onSelf = ['selfreference', 'staticreference', 'parentreference'].includes(clsNode?.kind as string);
  if (own && !bodiless(own)) {
    if (onSelf && scope.cls && !followed(own, values) && reachesUnseen(interp, own)) escapeHeld(interp, scope.cls, scope);
    return interp.inline(own, args, values, scope, node);
  }
  if (clsNode?.kind === 'name') {
    const site: CallSite = { name, node, args, values, scope };
    const v = interp.specials.ask('staticCall', interp.resolve(String(clsNode.name)), site, interp);
    if (v) return v;
  } else if (clsNode?.kind === 'parentreference' && scope.cls) {
    const ancestor = externalAncestor(interp, scope.cls);
    // parent::__construct($options) of a class extending a client is that client's creation.
    if (ancestor && name === '__construct') {
      const site: CallSite = { name: ancestor, node, args, values, scope, overrides: overridden(interp, scope.cls) };
      if (interp.specials.ask('newObject', ancestor, site, interp)) return UNKNOWN;
    }
  }
  escapeAll(values);
  if (onSelf && scope.cls && (own || mayRunUnseen(interp, scope.cls, name, clsNode.kind === 'parentreference'))) escapeHeld(interp, scope.cls, scope);
  return UNKNOWN;
}

/** `curl_exec(...)`: a first-class callable, PHP 8.1. */
function isCallableSyntax(node: PhpNode): boolean {
  const args = (node.arguments as PhpNode[]) ?? [];
  return args.length === 1 && args[0]!.kind === 'variadicplaceholder';
}

/** `$fn(...)` where `$fn` holds a global function's name (`'curl_exec'`, `curl_exec(...)`): that function. */
function callableName(value: Value): string | null {
  if (value.kind !== 'lit' || typeof value.value !== 'string') return null;
  const m = /^\\?([A-Za-z_][A-Za-z0-9_]*)$/.exec(value.value);
  return m ? m[1]!.toLowerCase() : null;
}

/** Evaluates a call: a special's function, an array helper, a same-file function, or code we cannot see. */
export function evalCall(interp: Interpreter, node: PhpNode, scope: Scope): Value {
  const what = node.what as PhpNode;
  if (isCallableSyntax(node)) {
    // The callable is a value, called later: `$exec = curl_exec(...); $exec($ch);`.
    const name = what.kind === 'name' ? globalName(interp, what) : null;
    return name ? lit(name) : UNKNOWN;
  }
  if (what.kind === 'propertylookup' || what.kind === 'nullsafepropertylookup') return methodCall(interp, node, what, scope);
  if (what.kind === 'staticlookup') return staticCall(interp, node, what, scope);
  const name = what.kind === 'name' ? globalName(interp, what) : callableName(interp.eval(what, scope));
  const own = name !== null ? interp.program.functions.get(name) : undefined;
  const args = argsOf(node, name === null ? undefined : (builtinParams(name) ?? paramNames(own ?? null)));
  const values = evalArgs(interp, args, scope);
  if (name !== null) {
    const site: CallSite = { name, node, args, values, scope };
    // A file's own trim() is a namespace's (PHP's cannot be declared again), and PHP calls that one.
    const v = interp.specials.ask('call', site, interp) ?? (own && isRedeclarable(name) ? undefined : evalBuiltin(name, values, args));
    if (v) return v;
    if (own) return interp.inline(own, args, values, scope, node);
    if (!interp.specials.inert(name)) escapeAll(values);
    return UNKNOWN;
  }
  if (what.kind === 'name') {
    const fn = interp.program.functions.get(shortName(String(what.name)));
    if (fn) return interp.inline(fn, args, values, scope, node);
  }
  escapeAll(values);
  return UNKNOWN;
}

// The class `assignedNew` found for a name in a body (a body belongs to one file's syntax tree, so to one program).
const madeIn = new WeakMap<PhpNode[], Map<string, ClassDecl | null | undefined>>();

/**
 * The class every write of `$name` in these statements makes (`$name = new Factory()`); null for any other write,
 * undefined for none.
 */
function assignedNew(body: PhpNode[], name: string, named: (type: unknown) => ClassDecl | null): ClassDecl | null | undefined {
  let found: ClassDecl | undefined;
  const todo = [...body];
  while (todo.length) {
    const n = todo.pop()!;
    if (OWN_SCOPE.has(n.kind)) continue;
    const left = n.left as PhpNode | undefined;
    if (n.kind === 'assign' && left?.kind === 'variable' && left.name === name) {
      const right = n.right as PhpNode;
      const made = n.operator === '=' && right?.kind === 'new' ? named(right.what) : null;
      if (!made || (found && found !== made)) return null;
      found = made;
    } else if (n.kind === 'assign' || n.kind === 'foreach' || n.kind === 'global' || n.kind === 'static' || n.kind === 'list') {
      // `[$a, $factory] = …`, `foreach (… as $factory)`, `global $factory`: written some other way.
      if (childrenOf(n).some(function names(c: PhpNode): boolean {
        return (c.kind === 'variable' && c.name === name) || ((c.kind === 'list' || c.kind === 'array' || c.kind === 'entry' || c.kind === 'staticvariable') && childrenOf(c).some(names));
      })) return null;
    } else if (n.kind === 'variable' && n.name === name && n.byref) return null;
    todo.push(...childrenOf(n));
  }
  return found;
}

// Declarations whose variables are their own.
const OWN_SCOPE = new Set(['function', 'class', 'trait', 'interface', 'enum', 'closure', 'arrowfunc']);
