import type { Interpreter, Scope } from './interpreter';
import { identifierName } from './interpreter';
import type { PhpNode } from './parse';
import type { ClassDecl, FunctionDecl } from './program';
import { shortName } from './program';
import { trackedIn, UNKNOWN, type Value } from './values';

/** The lower-case name of a global function call; null for a namespaced (qualified) or dynamic callee. */
function globalName(what: PhpNode): string | null {
  if (what.kind !== 'name') return null;
  const raw = String(what.name);
  const bare = raw.startsWith('\\') ? raw.slice(1) : raw;
  // An unqualified name inside a namespace falls back to the global function of that name.
  return bare.includes('\\') ? null : bare.toLowerCase();
}

function findMethod(interp: Interpreter, cls: ClassDecl | null, name: string): FunctionDecl | null {
  for (let c = cls, hops = 0; c && hops < 10; hops++) {
    const m = c.methods.get(name);
    if (m) return m;
    c = c.parent ? (interp.program.classByName.get(c.parent) ?? null) : null;
  }
  return null;
}

/** The same-file function or method a call runs, when names alone can tell. */
function calleeOf(interp: Interpreter, what: PhpNode, scope: Scope): FunctionDecl | null {
  if (what.kind === 'name') {
    const name = String(what.name);
    return interp.program.functions.get(shortName(name)) ?? null;
  }
  const offset = what.offset as PhpNode | undefined;
  if (offset?.kind !== 'identifier') return null;
  const method = identifierName(offset).toLowerCase();
  const receiver = what.what as PhpNode | undefined;
  if (what.kind === 'propertylookup' || what.kind === 'nullsafepropertylookup') {
    return receiver?.kind === 'variable' && receiver.name === 'this' ? findMethod(interp, scope.cls, method) : null;
  }
  if (what.kind === 'staticlookup') return findMethod(interp, interp.classOf(receiver, scope), method);
  return null;
}

function escapeAll(values: Value[]): void {
  for (const v of values) for (const t of trackedIn(v)) t.escape();
}

/** Evaluates a call: a special's function, an array helper, a same-file function, or code we cannot see. */
export function evalCall(interp: Interpreter, node: PhpNode, scope: Scope): Value {
  const what = node.what as PhpNode;
  const args = ((node.arguments as PhpNode[]) ?? []).map((a) => (a.kind === 'namedargument' ? (a.value as PhpNode) : a));
  const name = globalName(what);
  if (what.kind !== 'name') interp.eval(what, scope);
  const values = args.map((a) => interp.eval(a, scope));
  if (name !== null) {
    if (interp.special.owns(name)) return interp.special.call({ name, node, args, values, scope }, interp);
    const arrays = interp.arrayCall(name, values);
    if (arrays) return arrays;
  }
  const callee = calleeOf(interp, what, scope);
  if (callee) return interp.inline(callee, node, args, values, scope);
  if (name === null || !interp.special.inert(name)) escapeAll(values);
  return UNKNOWN;
}
