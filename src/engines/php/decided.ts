import type { Scope } from './interpreter';
import { leaves } from './narrowing';
import type { PhpNode } from './parse';
import { parseNumber } from './evaluate';
import { placeOf } from './places';
import type { Literal } from '../../catalogue/define-client';

// Branches the literals decide. A same-file function inlined for a call that passes literals (`setting('cache_file')`,
// `default_path(false)`) runs only the arms its tests take with those values: a config getter that returns a URL
// for one key returns no URL for another. Only a literal written at the call (or a parameter's literal default)
// is known, and only while the function has not assigned the parameter: a value the walk met in one of several
// arms (it keeps the last) is never taken to decide a branch. A test of literals alone (`if (false)`) is decided
// anywhere. Every other branch runs all its arms.

/** A literal written in place: `'key'`, `3`, `-1`, `true`, `null`. */
export function literalOf(node: PhpNode | null | undefined): { value: Literal } | null {
  if (!node) return null;
  switch (node.kind) {
    case 'string':
    case 'nowdoc':
      return { value: String(node.value) };
    case 'number': {
      const n = parseNumber(String(node.value));
      return Number.isFinite(n) ? { value: n } : null;
    }
    case 'boolean':
      return { value: Boolean(node.value) };
    case 'nullkeyword':
      return { value: null };
    case 'name': {
      const name = String(node.name).replace(/^\\/, '').toLowerCase();
      return name === 'true' || name === 'false' ? { value: name === 'true' } : name === 'null' ? { value: null } : null;
    }
    case 'unary': {
      const inner = node.type === '-' ? literalOf(node.what as PhpNode) : null;
      return inner && typeof inner.value === 'number' ? { value: -inner.value } : null;
    }
    default:
      return null;
  }
}

/**
 * The literal an operand of a test holds for sure: one written in place, a parameter the call gave one, or a
 * property of `$this` that holds one (its store joins every assignment the file makes to it, as a read does).
 */
function operand(node: PhpNode, scope: Scope): { value: Literal } | null {
  if (node.kind === 'variable' && typeof node.name === 'string') {
    const bound = scope.exact?.get(node.name);
    const now = scope.vars.get(node.name);
    return bound && now === bound && now.kind === 'lit' ? { value: now.value } : null;
  }
  if (node.kind === 'propertylookup') {
    const place = scope.cls ? placeOf(node, scope) : null;
    const now = place?.store.get(place.key);
    return now?.kind === 'lit' ? { value: now.value } : null;
  }
  return literalOf(node);
}

const NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** PHP's truthiness of a literal. */
function truthy(v: Literal): boolean {
  if (typeof v === 'string') return v !== '' && v !== '0';
  return v !== null && v !== false && v !== 0;
}

/** PHP 8's `==` where the answer is plain (strings, booleans, null, numbers); null where it is not attempted. */
function looseEqual(a: Literal, b: Literal): boolean | null {
  if (typeof a === 'boolean' || typeof b === 'boolean') return truthy(a) === truthy(b);
  if (a === null || b === null) {
    if (a === null && b === null) return true;
    const other = a === null ? b : a;
    return typeof other === 'string' ? other === '' : null;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    return NUMERIC.test(a) && NUMERIC.test(b) ? Number(a) === Number(b) : a === b;
  }
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return null; // a number against a string: PHP 8 compares as numbers only for a numeric string
}

/** `===`: same type and value; numbers are left alone (1 and 1.0 read alike here, and PHP tells them apart). */
function strictEqual(a: Literal, b: Literal): boolean | null {
  if (typeof a === 'number' || typeof b === 'number') return null;
  return a === b;
}

/** PHP 8's `<=>` where the answer is plain (numbers, numeric strings, null and booleans as booleans); null elsewhere. */
function compared(a: Literal, b: Literal): number | null {
  const plain = (v: Literal) => (typeof v === 'string' && NUMERIC.test(v) ? Number(v) : v);
  const [x, y] = [plain(a), plain(b)];
  if (typeof x === 'number' && typeof y === 'number') return Math.sign(x - y);
  if (typeof x === 'string' || typeof y === 'string') return null;
  // null or a boolean against a number, null or boolean: both are compared as booleans (php.net, comparison operators)
  return Number(truthy(x)) - Number(truthy(y));
}

const RELATIONAL: Record<string, (c: number) => boolean> = { '<': (c) => c < 0, '<=': (c) => c <= 0, '>': (c) => c > 0, '>=': (c) => c >= 0 };

/** `empty($a)`, `isset($a, $b)`, `is_null($a)` of literals; null for another test. */
function checked(test: PhpNode, scope: Scope): boolean | null {
  if (test.kind === 'empty') {
    const v = operand(test.expression as PhpNode, scope);
    return v ? !truthy(v.value) : null;
  }
  if (test.kind === 'isset') {
    const vs = ((test.variables as PhpNode[]) ?? []).map((n) => operand(n, scope) ?? (ofEmptyArray(n, scope) ? { value: null } : null));
    if (vs.some((v) => v?.value === null)) return false;
    return vs.length && vs.every((v) => v) ? true : null;
  }
  const what = test.kind === 'call' ? (test.what as PhpNode | undefined) : undefined;
  if (what?.kind !== 'name' || String(what.name).replace(/^\\/, '').toLowerCase() !== 'is_null') return null;
  const v = operand(((test.arguments as PhpNode[]) ?? [])[0]!, scope);
  return v ? v.value === null : null;
}

/** `$options['timeout']` of a parameter the call left as its `= []` default (or gave `[]`), still that: unset. */
function ofEmptyArray(node: PhpNode, scope: Scope): boolean {
  const what = node.kind === 'offsetlookup' ? (node.what as PhpNode) : null;
  if (what?.kind !== 'variable' || typeof what.name !== 'string') return false;
  const bound = scope.exact?.get(what.name);
  return !!bound && bound.kind === 'array' && !bound.entries.length && scope.vars.get(what.name) === bound;
}

const MAX_DEPTH = 8;

/** Whether a test holds, where the literals it reads decide it; null when they do not. */
export function decided(test: PhpNode | null | undefined, scope: Scope, depth = 0): boolean | null {
  if (!test || depth > MAX_DEPTH) return null;
  switch (test.kind) {
    case 'unary': {
      if (test.type !== '!') break;
      const inner = decided(test.what as PhpNode, scope, depth + 1);
      return inner === null ? null : !inner;
    }
    case 'bin': {
      const op = String(test.type);
      if (op === '&&' || op === 'and' || op === '||' || op === 'or') {
        const all = op === '&&' || op === 'and';
        const l = decided(test.left as PhpNode, scope, depth + 1);
        if (l === !all) return l; // short-circuit: false && …, true || …
        const r = decided(test.right as PhpNode, scope, depth + 1);
        if (r === !all) return r;
        return l === null || r === null ? null : all;
      }
      const rel = RELATIONAL[op];
      if (rel) {
        const a = operand(test.left as PhpNode, scope);
        const b = a && operand(test.right as PhpNode, scope);
        const c = a && b ? compared(a.value, b.value) : null;
        return c === null ? null : rel(c);
      }
      const eq = op === '==' || op === '!=' || op === '<>' ? looseEqual : op === '===' || op === '!==' ? strictEqual : null;
      if (!eq) break;
      const a = operand(test.left as PhpNode, scope);
      const b = a && operand(test.right as PhpNode, scope);
      const same = a && b ? eq(a.value, b.value) : null;
      return same === null ? null : op.startsWith('!') || op === '<>' ? !same : same;
    }
    case 'empty':
    case 'isset':
    case 'call':
      return checked(test, scope);
    default: {
      const v = operand(test, scope);
      if (v) return truthy(v.value);
    }
  }
  return null;
}

/**
 * The arm of a `match` the literals decide (`===`, as match compares): the first whose condition is the subject,
 * or the default when every condition is decided and none is. Undefined when they do not decide it.
 */
export function decidedArm(node: PhpNode, arms: readonly PhpNode[], scope: Scope): PhpNode | undefined {
  const subject = operand(node.cond as PhpNode, scope);
  if (!subject) return undefined;
  for (const arm of arms) {
    for (const c of (arm.conds as PhpNode[] | null) ?? []) {
      const lit = literalOf(c);
      const same = lit ? strictEqual(subject.value, lit.value) : null;
      if (same === null) return undefined;
      if (same) return arm;
    }
  }
  return arms.find((a) => !a.conds);
}

/**
 * The cases of a `switch` that run, where the literals decide which: from the first that matches (`==`), or
 * the default, through those it falls into. Null when any test before the match is not decided.
 */
export function decidedCases(node: PhpNode, scope: Scope): PhpNode[] | null {
  const subject = operand(node.test as PhpNode, scope);
  if (!subject) return null;
  const cases = ((node.body as PhpNode)?.children as PhpNode[]) ?? [];
  let from = -1;
  for (const [i, c] of cases.entries()) {
    if (!c.test) continue;
    const lit = literalOf(c.test as PhpNode);
    const same = lit ? looseEqual(subject.value, lit.value) : null;
    if (same === null) return null;
    if (same) {
      from = i;
      break;
    }
  }
  if (from < 0) from = cases.findIndex((c) => !c.test);
  if (from < 0) return [];
  const run: PhpNode[] = [];
  for (const c of cases.slice(from)) {
    run.push(c);
    if (leaves(c.body as PhpNode)) break;
  }
  return run;
}
