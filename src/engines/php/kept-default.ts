import { childrenOf, startOf, type PhpNode } from './parse';
import type { FunctionDecl } from './program';

// Whether a parameter surely still holds its default where a test reads it (guards.ts decidedByDefault). The walk
// sees the assignments it runs; these are the changes it cannot see: a call the parameter is given to (by reference,
// `resolve_timeout($t)`, `preg_match($re, $s, $t)`), a write in an arm or loop the walk did not take, and code that
// writes variables by name (`extract($opts)`, `parse_str($q)`, `$$name = 30`, `include`).

/** The first offset at which each variable may change, or `dynamic`: any variable, anywhere in the function. */
interface Changes { dynamic: boolean; first: Map<string, number> }

const changesOf = new WeakMap<FunctionDecl, Changes>();
const BY_NAME = new Set(['extract', 'parse_str', 'get_defined_vars']);
// Where a variable is only read. An offset or property of it is judged by where that stands (`$t['a'] = 1` writes).
export const READS: ReadonlySet<string> = new Set([
  'bin', 'unary', 'cast', 'retif', 'isset', 'empty', 'echo', 'print', 'return', 'silent', 'encapsedpart', 'if', 'while',
  'do', 'switch', 'case', 'expressionstatement', 'match', 'matcharm', 'entry', 'array',
]);
const LOOKUPS = new Set(['offsetlookup', 'propertylookup', 'nullsafepropertylookup']);

/** Whether `name`, a parameter of `fn`, surely keeps the value it was given up to offset `at`. */
export function keptUntil(fn: FunctionDecl, name: string, at: number): boolean {
  let changes = changesOf.get(fn);
  if (!changes) changesOf.set(fn, (changes = findChanges(fn)));
  return !changes.dynamic && (changes.first.get(name) ?? Infinity) >= at;
}

function findChanges(fn: FunctionDecl): Changes {
  const out: Changes = { dynamic: false, first: new Map() };
  const visit = (node: PhpNode, path: PhpNode[]): void => {
    if (node.kind === 'eval' || node.kind === 'include') out.dynamic = true;
    if (node.kind === 'call' && (node.what as PhpNode)?.kind === 'name' && BY_NAME.has(String((node.what as PhpNode).name).replace(/^\\/, '').toLowerCase())) out.dynamic = true;
    if (node.kind === 'variable') {
      if (typeof node.name !== 'string') out.dynamic = true;
      else if (!readOnly(node, path)) {
        const at = startOf(node);
        if (at < (out.first.get(node.name) ?? Infinity)) out.first.set(node.name, at);
      }
    }
    path.push(node);
    for (const c of childrenOf(node)) visit(c, path);
    path.pop();
  };
  const body = Array.isArray(fn.body) ? fn.body : fn.body ? [fn.body] : [];
  for (const s of body) visit(s, []);
  return out;
}

/** Whether the variable `node` (`path`: its ancestors) is read where it stands, not written or handed on. */
function readOnly(node: PhpNode, path: readonly PhpNode[]): boolean {
  let child = node;
  let i = path.length - 1;
  while (i >= 0 && LOOKUPS.has(path[i]!.kind) && path[i]!.what === child) child = path[i--]!;
  const parent = path[i];
  if (!parent) return true;
  if (parent.kind === 'assign') return parent.right === child;
  if (parent.kind === 'entry') return !parent.byRef && path[i - 1]?.kind === 'array' && !inWrittenList(path, i - 1);
  return READS.has(parent.kind) && !(parent.kind === 'array' && inWrittenList(path, i));
}

// `[$t] = [30]`, `list($t) = …`: an array that is an assignment's left side.
export function inWrittenList(path: readonly PhpNode[], i: number): boolean {
  for (let j = i; j > 0; j--) {
    const up = path[j - 1]!;
    if (up.kind === 'assign') return up.left === path[j];
    if (up.kind !== 'array' && up.kind !== 'entry' && up.kind !== 'list') return false;
  }
  return false;
}

const stringsOf = new WeakMap<PhpNode, Set<string>>();

/**
 * Whether the file may call `fn` where the walk does not follow: a private method (no other file can call it, so it
 * is reached through `[$this, 'm']`, `$this->$m()` or another callable), or a function whose name a string of the
 * file spells (`array_map('fn', …)`, `[$this, 'm']`).
 */
export function calledUnseen(fn: FunctionDecl, root: PhpNode): boolean {
  if (fn.node.kind === 'method' && fn.node.visibility === 'private') return true;
  let strings = stringsOf.get(root);
  if (!strings) stringsOf.set(root, (strings = collectStrings(root)));
  const name = fn.node.name as PhpNode | string | undefined;
  const text = typeof name === 'string' ? name : typeof name?.name === 'string' ? name.name : '';
  return strings.has(text.toLowerCase());
}

function collectStrings(root: PhpNode): Set<string> {
  const out = new Set<string>();
  const visit = (node: PhpNode): void => {
    if (node.kind === 'string' && typeof node.value === 'string') out.add(node.value.replace(/^.*::/, '').toLowerCase());
    for (const c of childrenOf(node)) visit(c);
  };
  visit(root);
  return out;
}
