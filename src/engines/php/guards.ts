import { decided } from './decided';
import type { Interpreter, Scope } from './interpreter';
import { identifierName } from './names';
import { calledUnseen, keptUntil } from './kept-default';
import { startOf, type PhpNode } from './parse';
import { lit, type Value } from './values';

// An arm an `if` runs only when its test holds cannot see a value that fails the test: in
// `if ($timeout) { curl_setopt($ch, CURLOPT_TIMEOUT, $timeout); }` the setopt never runs with the 0 the
// parameter defaults to. The walk keeps such a value (a default stands for every caller, `decided` trusts only
// a literal written at the call), so in that arm the variable holds what another caller gives it, which the
// analysis cannot see: it counts as set (contract: an unevaluable value counts as set).

/**
 * The parameters of the function the walk is in that hold a literal: a caller may give them another value. A
 * local the function gives a literal itself (`$t = 0;`, `$t = TIMEOUT;`) holds it on every path: the arm it keeps
 * out runs with no other value.
 */
function literalParameters(scope: Scope): Set<string> | null {
  const fn = scope.stack[scope.stack.length - 1];
  let out: Set<string> | null = null;
  for (const p of fn?.params ?? []) {
    const name = identifierName(p.name);
    if (name && scope.vars.get(name)?.kind === 'lit') (out ??= new Set()).add(name);
  }
  return out;
}

// Where a test's operands are: `$a && $b`, `!$a`, `isset($a)`, `empty($a)`, `f($a)`.
const TEST_PARTS = ['left', 'right', 'what', 'expression', 'test'];
const TEST_LISTS = ['arguments', 'variables'];

/** The names of `among` a test reads. */
function tested(test: PhpNode, among: ReadonlySet<string>, found = new Set<string>(), depth = 0): Set<string> {
  if (depth > 8 || found.size > 8) return found;
  // A property's literal decides the test itself (decided.ts): the arm it keeps out is not walked at all.
  if (test.kind === 'variable') {
    const name = String(test.name);
    if (among.has(name)) found.add(name);
    return found;
  }
  for (const key of TEST_PARTS) {
    const child = test[key] as PhpNode | undefined;
    if (child && typeof child === 'object' && typeof child.kind === 'string') tested(child, among, found, depth + 1);
  }
  for (const key of TEST_LISTS) for (const child of (test[key] as PhpNode[] | undefined) ?? []) tested(child, among, found, depth + 1);
  return found;
}

/** How the test comes out with `$name` taken at the literal it holds, as one a call gives (`Scope.exact`). */
function decidedAtItsLiteral(test: PhpNode, scope: Scope, name: string): boolean | null {
  const outer = scope.exact;
  scope.exact = new Map(outer).set(name, scope.vars.get(name)!);
  try {
    return decided(test, scope);
  } finally {
    scope.exact = outer;
  }
}

const NOTHING_TO_UNDO = (): void => {};

/**
 * Runs an arm of an `if` whose test would be `holds` with the literal a parameter keeps: that parameter holds an
 * unknown value there. The returned function gives each its literal back, where the arm stored nothing over it.
 */
export function excludeFailing(test: PhpNode, scope: Scope, holds: boolean): () => void {
  const literal = literalParameters(scope);
  if (!literal) return NOTHING_TO_UNDO;
  const changed: { name: string; before: Value; now: Value }[] = [];
  for (const name of tested(test, literal)) {
    if (decidedAtItsLiteral(test, scope, name) !== !holds) continue;
    const now: Value = { kind: 'unknown' };
    changed.push({ name, before: scope.vars.get(name)!, now });
    scope.vars.set(name, now);
  }
  return () => {
    for (const { name, before, now } of changed) if (scope.vars.get(name) === now) scope.vars.set(name, before);
  };
}

/**
 * How a test comes out at a parameter's default (decidedByDefault), the first parameter that decides it, and every
 * parameter whose default alone decides it (`$post && !$stream`: both, as either at its default keeps the arm out).
 */
export interface ByDefault {
  holds: boolean;
  param: string;
  params: readonly string[];
}

/**
 * `if ($timeout > 0) { curl_setopt($ch, CURLOPT_TIMEOUT, $timeout); }` in a function no code of this file calls, with
 * `$timeout = 0`: a caller elsewhere that leaves the parameter out never runs the arm, and sends the request with no
 * timeout. How the test comes out with a parameter the function has not assigned taken at its literal default, where
 * that decides it, with that parameter; null elsewhere. A call of this file is inlined with its own arguments instead (decided.ts), which
 * speak for it; a function the file may call unseen (a private method, a name a string spells) or a parameter that
 * may change unseen before the test (kept-default.ts) gives no such caller.
 */
export function decidedByDefault(test: PhpNode, scope: Scope, interp: Interpreter): ByDefault | null {
  const defaults = scope.defaults;
  const fn = scope.stack[0];
  if (!defaults || !fn || !interp.runsAlone(scope) || interp.calledHere(fn) || calledUnseen(fn, interp.ast)) return null;
  const at = startOf(test);
  const untouched = new Set([...defaults].filter(([name, d]) => scope.vars.get(name) === d.bound && keptUntil(fn, name, at)).map(([name]) => name));
  if (!untouched.size) return null;
  const { exact, vars } = scope;
  try {
    // One parameter at a time, as a caller may leave out the last ones only: where two decide it, `&&` fails with
    // either and `||` holds with either, so they agree.
    let holds: boolean | null = null;
    const params: string[] = [];
    for (const name of tested(test, untouched)) {
      const value = lit(defaults.get(name)!.value);
      scope.exact = new Map(exact).set(name, value);
      scope.vars = new Map(vars).set(name, value);
      const taken = decided(test, scope);
      if (taken === null || (holds !== null && holds !== taken)) continue;
      holds = taken;
      params.push(name);
    }
    return holds === null ? null : { holds, param: params[0]!, params };
  } finally {
    scope.exact = exact;
    scope.vars = vars;
  }
}
