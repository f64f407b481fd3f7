import type { Interpreter, Scope } from './interpreter';
import { identifierName } from './names';
import type { PhpNode } from './parse';
import type { FunctionDecl } from './program';
import { literalOf } from './decided';
import { anyOf, trackedIn, UNKNOWN, type Value } from './values';

/**
 * Which parameters some call in this file leaves out, so that their default is a value the code runs with.
 * A function walked on its own (no caller in view) gets only those defaults: any other parameter may be
 * given anything by a caller in another file, so it stays unknown and quiet.
 */
export class ParameterDefaults {
  private readonly used = new WeakSet<PhpNode>();
  /** The arrays the `new`s of this file pass a constructor's parameter; null once they are not one array. */
  private readonly passed = new WeakMap<PhpNode, Value | null>();

  /**
   * A call of `fn` with these arguments by position: a hole or a missing tail leaves a parameter out. A
   * constructor, which a `new` does not run (its walk of its own sees `parent::__construct()`), also keeps the
   * array a `new` passes (`new Api(['base_uri' => …])`): the code runs with it, as with a default it leaves.
   */
  noteCall(fn: FunctionDecl, args: PhpNode[], values?: Value[]): void {
    // `f(...$args)` may fill every parameter after the spread.
    if (args.some((a) => a?.kind === 'variadic')) return;
    fn.params.forEach((p, i) => {
      if (p.value && !p.variadic && args[i] === undefined) this.used.add(p);
      const value = values?.[i];
      if (!value || p.variadic || p.byref) return;
      // The same `new` met again (a second pass, a loop) evaluates its array anew: the literal tells it.
      const before = this.passed.get(p);
      const same = before === undefined || (before?.kind === 'array' && value.kind === 'array' && !!value.literal && before.literal === value.literal);
      this.passed.set(p, value.kind === 'array' && same ? value : null);
    });
  }

  /** Binds the parameters of a function walked on its own, with no caller's arguments. */
  bindEntry(interp: Interpreter, fn: FunctionDecl, scope: Scope): void {
    for (const p of fn.params) {
      const name = identifierName(p.name);
      const value = this.entryValue(interp, p, scope, !!fn.cls && identifierName(fn.node.name as PhpNode).toLowerCase() === '__construct');
      // A promoted constructor parameter is also a property.
      if (p.flags && fn.cls && value !== UNKNOWN && !fn.cls.store.has(`p:${name}`)) fn.cls.store.set(`p:${name}`, value);
      const def = p.variadic || p.byref ? null : literalOf(p.value as PhpNode | null);
      // An unknown of its own: an assignment over it (`$t = $t ?: 30;`) is then told from the parameter as given.
      const bound = def && value === UNKNOWN ? { kind: 'unknown' as const } : value;
      if (def) (scope.defaults ??= new Map()).set(name, { bound, value: def.value });
      scope.vars.set(name, bound);
    }
  }

  /**
   * A typed parameter may hold an object a caller elsewhere injects, and its default when a call of this file
   * leaves it out (`__construct(private Client $http = new Client([...]))`): both.
   */
  private entryValue(interp: Interpreter, p: PhpNode, scope: Scope, constructor: boolean): Value {
    const typed = p.type ? interp.typedValue(p.type as PhpNode, constructor) : undefined;
    const given = this.passed.get(p);
    if (given && !this.used.has(p) && !typed) return given;
    const fallback = this.used.has(p) ? interp.eval(p.value as PhpNode, scope) : undefined;
    if (typed && fallback) return anyOf([fallback, typed]);
    // With neither, unknown: held, not absent, so keys written into it (`$opts[CURLOPT_URL] = $u`) keep what
    // a caller passed.
    return typed ?? fallback ?? UNKNOWN;
  }
}

/**
 * Binds the parameters of a function a call of this file runs: its arguments, else their defaults. From a
 * spread argument on (`f(...$args)`), a parameter holds whatever the spread array does, not its default.
 */
export function bindCall(interp: Interpreter, fn: FunctionDecl, args: PhpNode[], values: Value[], inner: Scope): void {
  const spread = args.findIndex((a) => a?.kind === 'variadic');
  fn.params.forEach((p, i) => {
    const name = identifierName(p.name);
    if (p.variadic) inner.vars.set(name, { kind: 'array', entries: [], open: true });
    else if (spread >= 0 && i >= spread) inner.vars.set(name, UNKNOWN);
    else inner.vars.set(name, values[i] ?? (p.value ? interp.eval(p.value as PhpNode, inner) : UNKNOWN));
  });
}

/**
 * The parameters a call gives a literal written in place (or leaves at a literal default), each with the value
 * `bindCall` bound: they decide the branches that test them (decided.ts) while the function keeps that value.
 */
export function literalParams(fn: FunctionDecl, args: PhpNode[], inner: Scope): Map<string, Value> | undefined {
  if (args.some((a) => a?.kind === 'variadic')) return undefined;
  const exact = new Map<string, Value>();
  fn.params.forEach((p, i) => {
    if (p.variadic || p.byref) return;
    const written = args[i] ?? (p.value as PhpNode | null | undefined);
    const name = identifierName(p.name);
    const bound = inner.vars.get(name);
    if (bound?.kind === 'lit' && literalOf(written)) exact.set(name, bound);
    // `$options = []`, `array()`: an empty array, which a foreach over it never enters (statements.ts).
    else if (bound?.kind === 'array' && !bound.open && !bound.entries.length && written?.kind === 'array' && !((written.items as unknown[]) ?? []).length) exact.set(name, bound);
  });
  return exact.size ? exact : undefined;
}

/** What a function walked on its own hands to callers the walk cannot see: its returns and by-ref parameters. */
export function escapeOutputs(fn: FunctionDecl, scope: Scope): void {
  const out = [...scope.returns, ...fn.params.filter((p) => p.byref).map((p) => scope.vars.get(identifierName(p.name)) ?? UNKNOWN)];
  for (const v of out) for (const t of trackedIn(v)) t.escape();
}
