import { evalArray } from './arrays';
import { evalCall, evalNew } from './calls';
import { decided, decidedArm } from './decided';
import { decidedByDefault } from './guards';
import { castValue, foldBinary, foldUnary, parseNumber } from './evaluate';
import type { Interpreter, Scope } from './interpreter';
import { childrenOf, type PhpNode } from './parse';
import { assign, isElement, read, readElement } from './places';
import { visit } from './statements';
import { addArrays, isNone, lit, orNone, UNKNOWN, type Value } from './values';

// Expressions of the walk (interpreter.ts); calls, lookups, assignments and arrays go on to calls.ts, places.ts, arrays.ts.

/** The value of an expression (Interpreter.eval, within its depth bound). */
export function evalExpression(interp: Interpreter, node: PhpNode, scope: Scope): Value {
  switch (node.kind) {
    case 'number':
      return lit(parseNumber(String(node.value)), node);
    case 'string':
    case 'nowdoc': // `<<<'ID'`: literal text, as a '…' string
      return lit(String(node.value), node);
    case 'boolean':
      return lit(Boolean(node.value), node);
    case 'nullkeyword':
      return lit(null, node);
    case 'name':
      return interp.constant(String(node.name), scope, node);
    case 'variable':
      return typeof node.name === 'string' ? (scope.vars.get(node.name) ?? UNKNOWN) : UNKNOWN;
    case 'array':
      return evalArray(interp, node, scope);
    case 'assign':
      return assign(interp, node, scope);
    case 'bin':
      return evalBinary(interp, node, scope);
    case 'unary': {
      // `-1` is written in place: keep the node, so a fix may replace it.
      const v = foldUnary(String(node.type), interp.eval(node.what as PhpNode, scope));
      return v.kind === 'lit' ? lit(v.value, node) : v;
    }
    case 'cast':
      return castValue(interp.eval(node.expr as PhpNode, scope), String(node.type));
    case 'retif': {
      const taken = decided(node.test as PhpNode, scope);
      const atDefault = taken === null ? decidedByDefault(node.test as PhpNode, scope, interp) : null;
      const arms = [taken !== false && (node.trueExpr ?? node.test), taken !== true && node.falseExpr].filter(Boolean) as PhpNode[];
      const values = arms.map((n) => interp.eval(n, scope));
      // A test the literals decide takes one arm for sure: its value, literal and all (`isset($o['t']) ? … : 0`
      // with `$o` a caller's `[]`). The test is walked as pick() walks it, unless it was the arm (`$a ?: …`).
      if (taken !== null && values.length === 1) {
        if (node.trueExpr || taken === false) interp.eval(node.test as PhpNode, scope);
        return values[0]!;
      }
      // `$t > 0 ? $t : 0`, `$t ?: null` with `$t = 0`: a caller elsewhere leaving the parameter out gets the number,
      // boolean or null of the arm its default takes (guards.ts decidedByDefault), as an `if` keeps a timeout from it.
      const byDefault = atDefault === null ? undefined : values[atDefault.holds ? 0 : 1];
      if (byDefault?.kind === 'lit' && typeof byDefault.value !== 'string') {
        if (node.trueExpr) interp.eval(node.test as PhpNode, scope);
        return { ...byDefault, byDefault: atDefault!.param };
      }
      const picked = interp.pick(values, scope, node.test as PhpNode);
      // `$p ? stream_context_create([…]) : null`: an object, or none on the other path (`$a ?: …` replaces a null $a).
      return node.trueExpr && values.some(isNone) ? orNone(picked) : picked;
    }
    case 'match':
      return evalMatch(interp, node, scope);
    case 'call':
      return evalCall(interp, node, scope);
    case 'propertylookup':
    case 'nullsafepropertylookup':
    case 'staticlookup':
    case 'offsetlookup':
      return read(interp, node, scope);
    case 'new':
      return evalNew(interp, node, scope);
    case 'encapsed':
      return evalEncapsed(interp, node, scope);
    case 'silent': // @expr
      return interp.eval(node.expr as PhpNode, scope);
    case 'closure':
    case 'arrowfunc': {
      // Walked where it is written; a parameter of a type a special knows holds such an object.
      const params = ((node.arguments as PhpNode[]) ?? []).map((p) => (p.type ? interp.typedValue(p.type as PhpNode) : undefined) ?? UNKNOWN);
      interp.callback(node, params, scope);
      return UNKNOWN;
    }
    default:
      for (const child of childrenOf(node)) visit(interp, child, scope);
      return UNKNOWN;
  }
}

/** `"https://$host/"`, `<<<ID`: the literal start of an interpolated string or heredoc is known. */
function evalEncapsed(interp: Interpreter, node: PhpNode, scope: Scope): Value {
  const parts = ((node.value as PhpNode[]) ?? []).map((p) => (p.kind === 'encapsedpart' ? (p.expression as PhpNode) : p));
  const values = parts.map((p) => interp.eval(p, scope));
  if ((node.type !== 'string' && node.type !== 'heredoc') || !values.length) return UNKNOWN;
  // A heredoc with no interpolation is one text part, whose range runs on to the closing label's line:
  // what is written in place is the whole heredoc.
  if (parts.length === 1 && parts[0]!.kind === 'string') return lit(String(parts[0]!.value), node);
  return values.slice(1).reduce((acc, v) => foldBinary('.', acc, v), values[0]!);
}

/** `match ($k) { 'a' => …, default => … }`: the arm the literals decide, else what any arm gives (pick). */
function evalMatch(interp: Interpreter, node: PhpNode, scope: Scope): Value {
  interp.eval(node.cond as PhpNode, scope);
  const arms = ((node.arms as PhpNode[]) ?? []).filter(Boolean);
  const taken = decidedArm(node, arms, scope);
  const run = taken ? [taken] : arms;
  for (const arm of run) for (const c of (arm.conds as PhpNode[] | null) ?? []) interp.eval(c, scope);
  return interp.pick(run.map((arm) => interp.eval(arm.body as PhpNode, scope)), scope);
}

/**
 * `a ?? b`: `b` where `a` is null or unset (a key missing from an array seen whole, as `$options['timeout'] ?? 0`
 * with `$options = []`, a parameter's default a caller leaves), `a` where it is another literal, else either.
 */
function coalesce(interp: Interpreter, node: PhpNode, scope: Scope): Value {
  const left = node.left as PhpNode;
  const a = isElement(left) ? readElement(interp, left, scope) : interp.eval(left, scope);
  const b = interp.eval(node.right as PhpNode, scope);
  if (a === null || (a.kind === 'lit' && a.value === null)) return b;
  return a.kind === 'lit' ? a : interp.pick([a, b], scope);
}

function evalBinary(interp: Interpreter, node: PhpNode, scope: Scope): Value {
  const op = String(node.type);
  if (op === '??') return coalesce(interp, node, scope);
  const a = interp.eval(node.left as PhpNode, scope);
  const b = interp.eval(node.right as PhpNode, scope);
  const added = op === '+' ? addArrays(a, b) : undefined;
  if (added) return added;
  if (op === 'or' || op === '||' || op === 'and' || op === '&&') return interp.pick([a, b], scope);
  return foldBinary(op, a, b);
}
