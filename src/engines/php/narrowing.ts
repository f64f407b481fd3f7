import type { Scope } from './interpreter';
import { shortName } from './program';
import { identifierName } from './names';
import type { PhpNode } from './parse';
import { knownPrefix, type Value } from './values';
import { excludeFailing } from './guards';

// A path an `if` finds on the local file system is no http:// URL: the http wrapper cannot stat, so is_file(),
// file_exists() and the like are false for one (php.net: "As of PHP 5.0.0, this function can also be used with
// some URL wrappers"; the http wrapper is not among those that support stat()). ftp:// can stat, so an ftp URL
// keeps its value.

const LOCAL_TESTS = new Set(['is_file', 'file_exists', 'is_readable', 'is_writable', 'is_writeable', 'is_dir', 'is_link']);
/** A string of unknown text, known to be no URL: its empty known start names no scheme. */
const LOCAL_PATH: Value = { kind: 'prefix', prefix: '' };

/** `is_file($x)`: the variable it tests; null for another expression. */
function testedVariable(node: PhpNode | undefined): string | null {
  const what = node?.kind === 'call' ? (node.what as PhpNode | undefined) : undefined;
  if (what?.kind !== 'name' || !LOCAL_TESTS.has(shortName(String(what.name)))) return null;
  const arg = ((node!.arguments as PhpNode[]) ?? [])[0];
  return arg?.kind === 'variable' && typeof arg.name === 'string' ? arg.name : null;
}

/** The variables a test, when true, finds local: `is_file($a) && is_readable($b)`, `!str_starts_with($u, 'http')`. */
function foundWhenTrue(test: PhpNode | undefined, depth = 0): string[] {
  if (!test || depth > 8) return [];
  if (test.kind === 'bin' && (test.type === '&&' || test.type === 'and')) {
    return [...foundWhenTrue(test.left as PhpNode, depth + 1), ...foundWhenTrue(test.right as PhpNode, depth + 1)];
  }
  if (test.kind === 'unary' && test.type === '!') return foundWhenFalse(test.what as PhpNode, depth + 1);
  const v = testedVariable(test);
  return v ? [v] : [];
}

/** The variables a test, when false, finds local: `!is_file($a) || !is_readable($b)`, `str_starts_with($u, 'http')`. */
function foundWhenFalse(test: PhpNode | undefined, depth = 0): string[] {
  if (!test || depth > 8) return [];
  if (test.kind === 'bin' && (test.type === '||' || test.type === 'or')) {
    return [...foundWhenFalse(test.left as PhpNode, depth + 1), ...foundWhenFalse(test.right as PhpNode, depth + 1)];
  }
  if (test.kind === 'unary' && test.type === '!') return foundWhenTrue(test.what as PhpNode, depth + 1);
  const v = urlTested(test);
  return v ? [v] : [];
}

// A test that a string starts with `http` (`str_starts_with($u, 'http')`, `strpos($u, 'http') === 0`,
// `substr($u, 0, 4) == 'http'`, `preg_match('~^https?://~', $u)`): when it fails, the string is no http(s) URL.
const STARTS_WITH = new Set(['str_starts_with', 'startswith', 'starts_with']);
const isHttp = (n: PhpNode | undefined): boolean => n?.kind === 'string' && String(n.value).toLowerCase() === 'http';
const isZero = (n: PhpNode | undefined): boolean => n?.kind === 'number' && Number(n.value) === 0;

function calledFunction(n: PhpNode | undefined): string {
  const what = n?.kind === 'call' ? (n.what as PhpNode | undefined) : undefined;
  const name = what?.kind === 'name' ? String(what.name) : what?.kind === 'staticlookup' ? identifierName(what.offset) : '';
  return shortName(name);
}

/** The variable a test finds to start with `http` when it holds. */
function urlTested(test: PhpNode): string | null {
  const fn = calledFunction(test);
  const args = test.kind === 'call' ? ((test.arguments as PhpNode[]) ?? []) : [];
  if (STARTS_WITH.has(fn) && isHttp(args[1])) return variableIn(args[0]);
  if (fn === 'preg_match' && args[0]?.kind === 'string' && /^.\^\(?(?:\?:)?http(?:s\?|\(s\)\?|\[s\]\?)/i.test(String(args[0].value))) return variableIn(args[1]);
  if (test.kind !== 'bin' || !['===', '=='].includes(String(test.type))) return null;
  for (const [call, other] of [[test.left, test.right], [test.right, test.left]] as PhpNode[][]) {
    const f = calledFunction(call);
    const a = call?.kind === 'call' ? ((call.arguments as PhpNode[]) ?? []) : [];
    if ((f === 'strpos' || f === 'stripos') && isHttp(a[1]) && isZero(other)) return variableIn(a[0]);
    if (f === 'substr' && isZero(a[1]) && a[2]?.kind === 'number' && Number(a[2].value) === 4 && isHttp(other)) return variableIn(a[0]);
  }
  return null;
}

const EXITS = new Set(['return', 'throw', 'continue', 'break', 'exit']);

/** A body after which the code below the `if` does not run: `return …;`, `throw …;`, `exit;`, `{ …; return; }`. */
export function leaves(body: PhpNode | undefined): boolean {
  if (!body) return false;
  if (body.kind === 'block') return leaves(((body.children as PhpNode[]) ?? []).at(-1));
  if (body.kind === 'expressionstatement') return leaves(body.expression as PhpNode);
  return EXITS.has(body.kind);
}

function narrow(names: readonly string[], scope: Scope): Map<string, Value> {
  const before = new Map<string, Value>();
  for (const name of new Set(names)) {
    const v = scope.vars.get(name);
    if (!v || v === LOCAL_PATH || v.kind === 'obj' || v.kind === 'array' || knownPrefix(v)?.toLowerCase().startsWith('ftp')) continue;
    before.set(name, v);
    scope.vars.set(name, LOCAL_PATH);
  }
  return before;
}

// In the body of `if (!$fp)`, `if ($fp === false)` … the variable holds no object (a socket, a handle or a client
// is truthy): what the body does with it (`return $fp;`) hands on `false`, not the object.
const FAILED: Value = { kind: 'lit', value: false, node: null };

const isNothing = (n: PhpNode | undefined): boolean => (n?.kind === 'boolean' && n.value === false) || n?.kind === 'nullkeyword';

function variableIn(n: PhpNode | undefined): string | null {
  const v = n?.kind === 'assign' && n.operator === '=' ? (n.left as PhpNode) : n;
  return v?.kind === 'variable' && typeof v.name === 'string' ? v.name : null;
}

/** `is_null($a)`, `!is_resource($a)`, `empty($a)`: the variable such a call tests, when `fns` names it. */
function testedBy(n: PhpNode | undefined, fns: readonly string[]): string | null {
  if (n?.kind === 'empty') return fns.includes('empty') ? variableIn(n.expression as PhpNode) : null;
  const what = n?.kind === 'call' ? (n.what as PhpNode | undefined) : undefined;
  if (what?.kind !== 'name' || !fns.includes(shortName(String(what.name)))) return null;
  return variableIn(((n!.arguments as PhpNode[]) ?? [])[0]);
}

/** The variables a test, when true, finds holding nothing: `!$a`, `$a === false`, `null === $a`, `is_null($a)`, joined by `&&`. */
function emptyWhenTrue(test: PhpNode | undefined, depth = 0): string[] {
  if (!test || depth > 8) return [];
  if (test.kind === 'bin' && (test.type === '&&' || test.type === 'and')) {
    return [...emptyWhenTrue(test.left as PhpNode, depth + 1), ...emptyWhenTrue(test.right as PhpNode, depth + 1)];
  }
  if (test.kind === 'unary' && test.type === '!') {
    const found = variableIn(test.what as PhpNode) ?? testedBy(test.what as PhpNode, ['is_resource', 'is_object']);
    return found ? [found] : [];
  }
  if (test.kind === 'bin' && ['===', '=='].includes(String(test.type))) {
    const [l, r] = [test.left as PhpNode, test.right as PhpNode];
    const found = isNothing(r) ? variableIn(l) : isNothing(l) ? variableIn(r) : null;
    return found ? [found] : [];
  }
  const found = testedBy(test, ['is_null', 'empty']);
  return found ? [found] : [];
}

/** The variables a test, when true, finds holding something: `$a`, `$a !== null`, `is_resource($a)`, `isset($a)`, joined by `&&`. */
function presentWhenTrue(test: PhpNode | undefined, depth = 0): string[] {
  if (!test || depth > 8) return [];
  if (test.kind === 'bin' && (test.type === '&&' || test.type === 'and')) {
    return [...presentWhenTrue(test.left as PhpNode, depth + 1), ...presentWhenTrue(test.right as PhpNode, depth + 1)];
  }
  if (test.kind === 'unary' && test.type === '!') return emptyWhenTrue(test.what as PhpNode, depth + 1);
  if (test.kind === 'bin' && ['!==', '!='].includes(String(test.type))) {
    const [l, r] = [test.left as PhpNode, test.right as PhpNode];
    const found = isNothing(r) ? variableIn(l) : isNothing(l) ? variableIn(r) : null;
    return found ? [found] : [];
  }
  if (test.kind === 'isset') return ((test.variables as PhpNode[]) ?? []).map(variableIn).filter((v): v is string => !!v);
  const found = variableIn(test) ?? testedBy(test, ['is_resource', 'is_object']);
  return found ? [found] : [];
}

/** An object that may be none (`$ctx = null; if ($p) $ctx = …;`), tested to be there: the object. */
function keepPresent(names: readonly string[], scope: Scope): Map<string, Value> {
  const before = new Map<string, Value>();
  for (const name of new Set(names)) {
    const v = scope.vars.get(name);
    if (v?.kind !== 'obj' || !v.orNone) continue;
    before.set(name, v);
    scope.vars.set(name, { ...v, orNone: false });
  }
  return before;
}

function undoPresent(kept: Map<string, Value>, scope: Scope): void {
  for (const [name, v] of kept) {
    const now = scope.vars.get(name);
    if (now?.kind === 'obj' && now.ref === (v as { ref: unknown }).ref && now.orNone === false) scope.vars.set(name, v);
  }
}

/**
 * Runs an `if`'s body with what its test tells: a path found on disk is local, a variable found empty holds no
 * object. The returned function undoes it, for what the body did not store over.
 */
export function narrowForBody(test: PhpNode, scope: Scope): () => void {
  const undoGuard = excludeFailing(test, scope, true);
  const before = narrow(foundWhenTrue(test), scope);
  const kept = keepPresent(presentWhenTrue(test), scope);
  const emptied = new Map<string, Value>();
  for (const name of new Set(emptyWhenTrue(test))) {
    const v = scope.vars.get(name);
    if (v?.kind !== 'obj') continue;
    emptied.set(name, v);
    scope.vars.set(name, FAILED);
  }
  return () => {
    for (const [name, v] of before) if (scope.vars.get(name) === LOCAL_PATH) scope.vars.set(name, v);
    for (const [name, v] of emptied) if (scope.vars.get(name) === FAILED) scope.vars.set(name, v);
    undoPresent(kept, scope);
    undoGuard();
  };
}

/** Runs an `if`'s else arm with the paths its failed test finds local (`if (str_starts_with($u, 'http')) … else …`). */
export function narrowForElse(test: PhpNode, scope: Scope): () => void {
  const undoGuard = excludeFailing(test, scope, false);
  const before = narrow(foundWhenFalse(test), scope);
  const kept = keepPresent(emptyWhenTrue(test), scope);
  return () => {
    for (const [name, v] of before) if (scope.vars.get(name) === LOCAL_PATH) scope.vars.set(name, v);
    undoPresent(kept, scope);
    undoGuard();
  };
}

/** After `if (!is_file($x)) return;` the code below runs only when `$x` is on disk; after `if (!$ctx) return;`, with `$ctx`. */
export function narrowAfter(node: PhpNode, scope: Scope): void {
  if (node.alternate || !leaves(node.body as PhpNode)) return;
  narrow(foundWhenFalse(node.test as PhpNode), scope);
  keepPresent(emptyWhenTrue(node.test as PhpNode), scope);
}
