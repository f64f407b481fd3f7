import type { Literal } from '../../catalogue/define-client';
import type { Moment, Specials } from './special/special';
import { evalExpression } from './expressions';
import { childrenOf, startOf, type PhpNode } from './parse';
import type { ArmsOfIf } from './special/special';
import { indexProgram, resolveClass, type ClassDecl, type FunctionDecl, type IsRelevant, type Program, type PropertyDecl } from './program';
import { changedUnseen, neverWritten } from './kept-property';
import { bindCall, escapeOutputs, literalParams, ParameterDefaults } from './parameters';
import { classOf, placeOf, storeInto, type Place } from './places';
import { leaves } from './narrowing';
import { execStatement } from './statements';
import { anyOf, knownPrefix, lit, SCHEME, trackedIn, UNKNOWN, type Value } from './values';

// The walk: passes, entry points, scopes, same-file functions inlined, callbacks; statements.ts and expressions.ts run the nodes.

export interface Scope {
  vars: Map<string, Value>;
  cls: ClassDecl | null;
  /** The function body (or 'top') the code belongs to. */
  unit: string;
  returns: Value[];
  stack: FunctionDecl[];
  /** The call that ran each function of `stack`, in turn; null for one run on its own. */
  calls: (PhpNode | null)[];
  /** In a function inlined for a call: the parameters given a literal there, with the value bound (decided.ts). */
  exact?: Map<string, Value>;
  /** The global variables, which `$GLOBALS['name']` names from any scope. */
  globals?: Map<string, Value>;
  /** The variables a `global` statement of this function binds: a write to one is a write to the global. */
  globalNames?: Set<string>;
  /**
   * In a function's own walk: the parameters with a literal default, each with the value bound at entry (one of its
   * own, so that an assignment over it shows) and that default (guards.ts decidedByDefault).
   */
  defaults?: Map<string, { bound: Value; value: Literal }>;
}

export type { CallSite } from './special/special';
export { identifierName } from './names';
import { identifierName } from './names';

const MAX_DEPTH = 1500;

/** An arm the walk is in that a caller leaving a parameter at its default never runs (Interpreter.execArm). */
export interface KeptOutArm {
  /** What to put back as the walk leaves the arm: what that caller's values hold after it (places.ts). */
  readonly undo: (() => void)[];
}

const labelled = new WeakMap<PhpNode, boolean>();

/**
 * A `label:` in the statement or the blocks it holds, where a `goto` from outside may jump: not in a function or class
 * it declares, nor in a loop or `switch` (PHP: "The target label … cannot jump into any sort of loop or switch").
 */
function holdsLabel(node: PhpNode): boolean {
  if (node.kind === 'label') return true;
  if (CLOSED_KINDS.has(node.kind)) return false;
  let known = labelled.get(node);
  if (known === undefined) labelled.set(node, (known = childrenOf(node).some(holdsLabel)));
  return known;
}

const CLOSED_KINDS = new Set(['function', 'class', 'interface', 'trait', 'enum', 'closure', 'arrowfunc', 'while', 'do', 'for', 'foreach', 'switch']);
const MAX_INLINE = 4;

/**
 * An abstract walk of one PHP file, in source order, optimistic at branches (both arms run). Specials
 * observe calls; values are followed through variables, properties, arrays and same-file functions.
 */
export class Interpreter {
  readonly program: Program;
  /** Statements that sit directly in a statement list, where a statement can be inserted after them. */
  readonly inList = new WeakSet<PhpNode>();
  /** The statement after a statement of a list, when there is one. */
  readonly following = new WeakMap<PhpNode, PhpNode>();
  private depth = 0;
  private pass = 0;
  /** Functions some code of this file calls (and the walk followed into). */
  private readonly inlined = new Set<FunctionDecl>();
  /** Functions some code of this file calls, followed into or not: what they return goes to callers the walk sees. */
  private readonly called = new Set<FunctionDecl>();
  /** Parameters some call of this file leaves out, so that their default is used. */
  readonly defaults = new ParameterDefaults();
  /** The branch arms the walk is in, as start offsets: assignments in sibling arms are alternatives. */
  arms = '';
  /** The arms of `if`s (with an else or not) the walk is in, as start offsets (Moment.lone). */
  lone = '';
  /**
   * Each arm of an `if` with an else (by start offset, as in `lone`): all the arms of its `if`, else included, and
   * those after which the code below the `if` runs (not one that returns or throws).
   */
  readonly armsOfIf = new Map<string, ArmsOfIf>();
  /** The expression statement being evaluated, so a special can tell where a call sits. */
  statement: PhpNode | null = null;
  /** The `if` whose test is being evaluated (`if (!$fp = fsockopen(…)) exit;`), also inside calls the test makes. */
  ifTest: PhpNode | null = null;
  /**
   * The arms the walk is in though a caller that leaves a parameter at its literal default never runs them
   * (guards.ts decidedByDefault), innermost last, one token each time the walk enters one (keptOutFor).
   */
  private readonly keptOutArms: KeptOutArm[] = [];
  /** The global variables: top-level code's, and those a `global` statement binds. */
  readonly globals = new Map<string, Value>();
  /** Counts the walks from an entry point (top-level code, a function, a class); one walk runs in order. */
  private walks = 0;
  /** Inside a closure body: code that runs at a time the walk cannot tell. */
  private deferred = 0;
  private ticks = 0;
  /** The function whose own walk (runEntry) is running. */
  private entry: FunctionDecl | null = null;

  constructor(readonly ast: PhpNode, readonly specials: Specials, isRelevant: IsRelevant) {
    this.program = indexProgram(ast, isRelevant);
  }

  /**
   * Two passes, so that a value stored by one method is seen by a method written before it. When the first
   * meets nothing a special follows, the second would meet nothing either.
   */
  run(): void {
    for (this.pass = 0; this.pass < 2 && (this.pass === 0 || this.specials.answered > 0); this.pass++) {
      if (this.pass > 0) this.specials.newPass();
      this.walks++;
      this.execList(this.program.top, this.newScope(null, 'top', this.globals));
      for (const fn of this.program.functions.values()) this.runEntry(fn);
      for (const cls of this.program.classes) {
        this.walks++;
        this.initClass(cls);
        // Private methods last: one its callers in the class run is then not run on its own as well, with
        // parameters no caller gives, whatever order the class writes them in (seenThroughCallers).
        const methods = [...cls.methods.values()];
        const isPrivate = (m: FunctionDecl): boolean => m.node.visibility === 'private';
        for (const m of [...methods.filter((m) => !isPrivate(m)), ...methods.filter(isPrivate)]) if (!this.seenThroughCallers(m)) this.runEntry(m);
      }
    }
  }

  /** The pass running now (see run()): a later pass knows more than an earlier one. */
  currentPass(): number {
    return this.pass;
  }

  /**
   * The walk running now: what one walk meets, it meets in the order the code runs (same-file calls
   * inlined). -1 inside a closure, whose body runs when it is called, at a time the walk cannot tell.
   */
  currentWalk(): number {
    return this.deferred > 0 ? -1 : this.walks;
  }

  /** Where the walk is now (see currentWalk): two moments of one walk compare by `seq`. */
  now(): Moment {
    return { seq: this.ticks++, walk: this.currentWalk(), ...(this.lone && { lone: this.lone }), ...(this.keptOutArms.length && { keptOut: this.keptOutNow() }) };
  }

  newScope(cls: ClassDecl | null, unit: string, vars = new Map<string, Value>(), stack: FunctionDecl[] = [], calls = stack.map((): PhpNode | null => null)): Scope {
    return { vars, cls, unit, returns: [], stack, calls, globals: this.globals };
  }

  private initClass(cls: ClassDecl): void {
    const scope = this.newScope(cls, `class:${startOf(cls.node)}`);
    for (const p of cls.properties) {
      // A promoted one holds what its constructor is given, bound where the constructor runs.
      if (p.promoted || cls.store.has(p.key)) continue;
      const value = this.declaredValue(cls, p, scope);
      if (value) cls.store.set(p.key, value);
    }
  }

  /**
   * What a property holds before code of the file writes it. A number, boolean or null decides tests and is a
   * timeout (decided.ts): held only where no code the walk does not follow may change it (kept-property.ts). An
   * untyped property with no default is null (PHP manual, "Properties"): known so only where nothing writes it.
   */
  private declaredValue(cls: ClassDecl, p: PropertyDecl, scope: Scope): Value | undefined {
    if (!p.value && !p.type) return neverWritten(this.program, this.ast, p.key) && !changedUnseen(this.program, this.ast, cls, p) ? lit(null) : undefined;
    const value = p.value ? this.eval(p.value, scope) : this.typedValue(p.type!);
    const scalar = value?.kind === 'lit' && typeof value.value !== 'string';
    return scalar && changedUnseen(this.program, this.ast, cls, p) ? undefined : value;
  }

  /**
   * A private method a pass already ran for its callers, who are all in this class: run on its own as well,
   * with parameters no caller gives, it would only blur what they pass. A trait's private method is also
   * called by the classes that use the trait, which may be elsewhere.
   */
  private seenThroughCallers(fn: FunctionDecl): boolean {
    return fn.node.visibility === 'private' && fn.cls?.node.kind !== 'trait' && this.inlined.has(fn);
  }

  /** A function run on its own: see ParameterDefaults for what its parameters hold. */
  private runEntry(fn: FunctionDecl): void {
    this.walks++;
    const scope = this.newScope(fn.cls, `fn:${startOf(fn.node)}`, new Map(), [fn]);
    this.defaults.bindEntry(this, fn, scope);
    this.entry = fn;
    try {
      this.execBody(fn, scope);
    } finally {
      this.entry = null;
    }
    // A function no code of this file calls hands what it returns to callers the walk cannot see. One that is
    // called but not followed into (`return Factory::context();` names no client) gave its callers an unknown
    // value: what it returns escapes nowhere, and its own walk must not open a context other requests share.
    if (this.pass > 0 && !this.called.has(fn)) escapeOutputs(fn, scope);
  }

  /** Whether some code of this file calls `fn` (as far as the walk has met it: all of it from the second pass on). */
  calledHere(fn: FunctionDecl): boolean {
    return this.called.has(fn);
  }

  /** Whether code in `scope` runs in its function's own walk, with no caller to give it arguments. */
  runsAlone(scope: Scope): boolean {
    return this.entry !== null && scope.stack.length === 1 && scope.stack[0] === this.entry;
  }

  /**
   * The value of a parameter or property of a declared type, when a special knows the type; `constructor`: a
   * parameter of a class's constructor, which a framework's object manager may fill.
   */
  typedValue(type: PhpNode, constructor = false): Value | undefined {
    const names = type.kind === 'uniontype' || type.kind === 'intersectiontype' ? ((type.types as PhpNode[]) ?? []) : [type];
    for (const t of names) {
      if (t.kind !== 'name') continue;
      const v = this.specials.ask('typed', this.resolve(String(t.name)), t, this, constructor);
      if (v) return v;
    }
    return undefined;
  }

  resolve(raw: string): string {
    return resolveClass(this.program, raw);
  }

  private execBody(fn: FunctionDecl, scope: Scope): void {
    if (Array.isArray(fn.body)) this.execList(fn.body, scope);
    else if (fn.body) scope.returns.push(this.eval(fn.body, scope));
  }

  /**
   * Runs a statement list up to a statement that always leaves it (`return`, `throw`, `exit`, `die`, `break`,
   * `continue`): what follows cannot run, up to a `label:` a `goto` may jump to, or a statement with one inside
   * (`goto send; return; if ($x) { send: … }`). Functions and classes declared there are still declared (PHP declares
   * them before the code runs) and walked as units of their own.
   */
  execList(nodes: PhpNode[] | null | undefined, scope: Scope): void {
    const list = nodes ?? [];
    let reached = true;
    list.forEach((node, i) => {
      this.inList.add(node);
      const next = list[i + 1];
      if (next) this.following.set(node, next);
      if (!reached && holdsLabel(node)) reached = true;
      if (!reached) return;
      this.exec(node, scope);
      if (leaves(node)) reached = false;
    });
  }

  exec(node: PhpNode | null | undefined, scope: Scope): void {
    if (!node || this.depth > MAX_DEPTH) return;
    this.depth++;
    try {
      execStatement(this, node, scope);
    } finally {
      this.depth--;
    }
  }

  eval(node: PhpNode | null | undefined, scope: Scope): Value {
    if (!node || this.depth > MAX_DEPTH) return UNKNOWN;
    this.depth++;
    try {
      return evalExpression(this, node, scope);
    } finally {
      this.depth--;
    }
  }

  /** `a ?: b`, `a ?? b`, `c ? a : b`, `a ??= b`: an object or array on either side is what flows on. */
  pick(values: Value[], scope: Scope, test?: PhpNode): Value {
    if (test) this.eval(test, scope);
    // `$client ?? HttpClient::create()`: either object may flow on, each with the calls made on it.
    const objects = values.filter((v) => v.kind === 'obj');
    if (objects.length) return anyOf(objects);
    const found = values.find((v) => v.kind === 'array');
    // `$options ?? []` with options a caller elsewhere gives: they may hold any key (contract: unseen counts as set).
    if (found) return found.open || !values.some((v) => v.kind === 'unknown') ? found : { ...found, open: true };
    // `getenv('URL') ?: 'https://…'`: the string may be that one; a URL any of them may be is what flows on
    // (a function that returns a path in one branch and a URL in another). Never a literal, so no number reads as
    // "never".
    const texts = values.map(knownPrefix).filter((p): p is string => p !== null);
    const text = texts.find((p) => SCHEME.test(p)) ?? texts[0];
    return text === undefined ? UNKNOWN : { kind: 'prefix', prefix: text };
  }

  /**
   * Runs a closure or arrow function with these arguments, at a time the walk cannot tell (a callback);
   * what it may return. It sees the variables of the code around it, as an arrow function or `use` does.
   */
  callback(node: PhpNode, args: Value[], scope: Scope): Value[] {
    const vars = new Map(scope.vars);
    ((node.arguments as PhpNode[]) ?? []).forEach((p, i) => vars.set(identifierName(p.name), args[i] ?? UNKNOWN));
    const inner = this.newScope(scope.cls, scope.unit, vars, scope.stack, scope.calls);
    const body = node.body as PhpNode;
    this.deferred++;
    try {
      if (body?.kind === 'block') this.execList(body.children as PhpNode[], inner);
      else inner.returns.push(this.eval(body, inner));
    } finally {
      this.deferred--;
    }
    return inner.returns;
  }

  /** Where an lvalue lives: a variable, `$this->x`, `self::$x`; null for what cannot be followed. */
  placeOf(node: PhpNode, scope: Scope): Place | null {
    return placeOf(node, scope);
  }

  /** The value every element of a collection shares (`$handles[$i] = curl_init()`), keyed `name[]`. */
  slotOf(node: PhpNode, scope: Scope): Value | undefined {
    const place = placeOf(node, scope);
    return place ? place.store.get(`${place.key}[]`) : undefined;
  }

  classOf(node: PhpNode | undefined, scope: Scope): ClassDecl | null {
    return classOf(this, node, scope);
  }

  store(left: PhpNode, value: Value, scope: Scope): void {
    storeInto(this, left, value, scope);
  }


  /** The kept-out arm the walk is in now, innermost: what a handle, array or client made now records (keptOutFor). */
  keptOutArm(): KeptOutArm | null {
    return this.keptOutArms[this.keptOutArms.length - 1] ?? null;
  }

  /** The kept-out arms the walk is in now: a request sent now is sent only by callers that run each of them. */
  keptOutNow(): readonly object[] {
    return [...this.keptOutArms];
  }

  /**
   * A timeout written now, on a target made in `madeIn` (keptOutArm() then), is not written for a caller leaving a
   * parameter at its default: the walk is in an arm that caller never runs, and the target was there before the arm
   * was (`if ($t > 0) curl_setopt($ch, CURLOPT_TIMEOUT, $t);`). That arm is returned: the write holds for a request
   * sent inside it (sentWithin), which only callers that run the arm send, and for none after it. A handle, array or
   * client the arm makes itself is the arm's own (`if ($method === 'GET') {…} else { $ch = curl_init(); …timeouts… }`):
   * no such caller has it, and every caller that has it set what the arm sets (null).
   */
  keptOutFor(madeIn: object | null | undefined): KeptOutArm | null {
    const arm = this.keptOutArm();
    return arm !== null && madeIn !== arm ? arm : null;
  }

  /** Runs `run` in the branch arm `node` (see `arms`). */
  /**
   * Runs the arm `node` of a branch (inArm), as one a caller leaving a parameter at its default never runs when
   * `keptOut` (keptOutArms): in one frame, as an `if` nested in an `if` nests them hundreds deep.
   */
  execArm(node: PhpNode | null | undefined, scope: Scope, keptOut: boolean): void {
    if (!node) return;
    const outer = this.arms;
    this.arms = `${outer}/${startOf(node)}`;
    const arm: KeptOutArm | null = keptOut ? { undo: [] } : null;
    if (arm) this.keptOutArms.push(arm);
    try {
      this.exec(node, scope);
    } finally {
      this.arms = outer;
      if (arm) {
        this.keptOutArms.pop();
        for (const undo of arm.undo.reverse()) undo();
      }
    }
  }

  inArm(node: PhpNode | null | undefined, run: () => void): void {
    if (!node) return;
    const outer = this.arms;
    this.arms = `${outer}/${startOf(node)}`;
    try {
      run();
    } finally {
      this.arms = outer;
    }
  }

  /** Runs a same-file function with these arguments, for `call`; the call's value is what it returns. */
  inline(fn: FunctionDecl, args: PhpNode[], values: Value[], scope: Scope, call: PhpNode | null = null): Value {
    this.defaults.noteCall(fn, args);
    this.called.add(fn);
    const holdsTracked = values.some((v) => trackedIn(v).length > 0);
    if (!fn.relevant && !holdsTracked) return UNKNOWN;
    if (scope.stack.includes(fn) || scope.stack.length > MAX_INLINE) {
      for (const v of values) if (v) for (const t of trackedIn(v)) t.escape();
      return UNKNOWN;
    }
    this.inlined.add(fn);
    const inner = this.newScope(fn.cls, `fn:${startOf(fn.node)}`, new Map(), [...scope.stack, fn], [...scope.calls, call]);
    bindCall(this, fn, args, values, inner);
    inner.exact = literalParams(fn, args, inner);
    this.execBody(fn, inner);
    fn.params.forEach((p, i) => {
      const arg = args[i];
      if (p.byref && arg) this.store(arg, inner.vars.get(identifierName(p.name)) ?? UNKNOWN, scope);
    });
    return this.pick(inner.returns, scope);
  }

  constant(raw: string, scope: Scope, node: PhpNode | null): Value {
    const name = raw.startsWith('\\') ? raw.slice(1) : raw;
    const lower = name.toLowerCase();
    if (lower === 'true' || lower === 'false') return lit(lower === 'true', node);
    if (lower === 'null') return lit(null, node);
    const known = this.specials.constant(name);
    if (known !== undefined) return lit(known, node);
    const decl = this.program.constants.get(name);
    return decl ? this.eval(decl, scope) : UNKNOWN;
  }
}
