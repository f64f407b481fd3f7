import type { Interpreter } from '../interpreter';
import type { PhpNode } from '../parse';

/** A statement a fix can put another one after, and the expression that names what it made. */
export interface Anchor {
  statement: PhpNode;
  handle: PhpNode;
}

const SIMPLE_HANDLE = new Set(['variable', 'propertylookup', 'staticlookup', 'offsetlookup']);

/** `$x`, `$this->x`, `self::$x`, `$x[$i]`: an expression a new statement can name again safely. */
export function isSimpleTarget(node: PhpNode, depth = 0): boolean {
  if (depth > 3 || !SIMPLE_HANDLE.has(node.kind)) return false;
  if (node.kind === 'variable') return typeof node.name === 'string';
  const offset = node.offset as PhpNode | false;
  if (!offset) return false;
  const what = node.what as PhpNode;
  const okOffset = ['identifier', 'variable', 'number', 'string', 'name'].includes(offset.kind);
  const okBase = what.kind === 'selfreference' || what.kind === 'staticreference' || isSimpleTarget(what, depth + 1);
  return okOffset && okBase;
}

/** `$x = call(...)` or `$x = @call(...)` with `$x` simple: `$x`, which a later statement can name. */
export function assignedTarget(expr: PhpNode | undefined, call: PhpNode): PhpNode | null {
  if (expr?.kind !== 'assign' || expr.operator !== '=') return null;
  const right = expr.right as PhpNode;
  if (right !== call && !(right.kind === 'silent' && right.expr === call)) return null;
  const left = expr.left as PhpNode;
  return isSimpleTarget(left) ? left : null;
}

/**
 * `$x = call(...);` alone in a statement list, `$x` simple: a statement naming `$x` can follow it. So can one
 * after `$x = call(...) or die(...);` (or `exit`, `throw`): past it, the call has worked.
 */
export function assignmentAnchor(interp: Interpreter, call: PhpNode): Anchor | null {
  const stmt = interp.statement;
  if (!stmt || !interp.inList.has(stmt)) return null;
  let expr = stmt.expression as PhpNode | undefined;
  const right = expr?.kind === 'bin' && expr.type === 'or' ? (expr.right as PhpNode) : undefined;
  if (right && (right.kind === 'exit' || right.kind === 'throw')) expr = expr!.left as PhpNode;
  const handle = assignedTarget(expr, call);
  return handle ? { statement: stmt, handle } : null;
}
