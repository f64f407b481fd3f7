import type { Interpreter, Scope } from './interpreter';
import { decided, decidedCases } from './decided';
import { decidedByDefault } from './guards';
import { leaves, narrowAfter, narrowForBody, narrowForElse } from './narrowing';
import { childrenOf, startOf, type PhpNode } from './parse';
import { eitherString, isNone, mayHold, orNone, refsOf, trackedIn, UNKNOWN, type Value } from './values';

// Statements of the walk (interpreter.ts): lists, branches run as arms, loops unrolled, `global`.

const MAX_UNROLL = 64;

/** Runs a statement (Interpreter.exec, within its depth bound). */
export function execStatement(interp: Interpreter, node: PhpNode, scope: Scope): void {
  switch (node.kind) {
    case 'expressionstatement': {
      const outer = interp.statement;
      interp.statement = node;
      interp.eval(node.expression as PhpNode, scope);
      interp.statement = outer;
      return;
    }
    case 'block':
    case 'program':
    case 'namespace':
    case 'declare': // `declare(strict_types=1);` holds the statements after it
      interp.execList(node.children as PhpNode[], scope);
      return;
    case 'return':
      scope.returns.push(node.expr ? interp.eval(node.expr as PhpNode, scope) : UNKNOWN);
      return;
    case 'foreach':
      execForeach(interp, node, scope);
      return;
    case 'if': {
      const outer = interp.ifTest;
      interp.ifTest = node;
      interp.eval(node.test as PhpNode, scope);
      interp.ifTest = outer;
      const taken = decided(node.test as PhpNode, scope);
      // Only what the arms assign can differ between the paths out of the `if`.
      const names = taken === null ? assignedIn(node) : [];
      const before = valuesOf(names, scope);
      const undo = narrowForBody(node.test as PhpNode, scope);
      // Where both arms may run, each is a path of its own (Moment.lone); an `else` (or `elseif`) makes them the
      // only two.
      const lone = interp.lone;
      const branches = taken === null && node.body;
      const bodyArm = branches ? `${startOf(node.body as PhpNode)}` : '';
      const elseArm = branches && node.alternate ? `${startOf(node.alternate as PhpNode)}` : '';
      if (elseArm) {
        const reaching = [...(leaves(node.body as PhpNode) ? [] : [bodyArm]), ...(leaves(node.alternate as PhpNode) ? [] : [elseArm])];
        for (const arm of [bodyArm, elseArm]) interp.armsOfIf.set(arm, { arms: [bodyArm, elseArm], reaching });
      }
      if (bodyArm) interp.lone = `${lone}/${bodyArm}`;
      // The arm a caller elsewhere leaving a parameter at its default does not run writes no timeout for it.
      const atDefault = taken === null ? decidedByDefault(node.test as PhpNode, scope, interp) : null;
      if (taken !== false) runArm(interp, scope, node.body as PhpNode, atDefault?.holds === false ? atDefault.params : null);
      interp.lone = lone;
      undo();
      const afterBody = valuesOf(names, scope);
      const undoElse = node.alternate ? narrowForElse(node.test as PhpNode, scope) : () => {};
      if (elseArm) interp.lone = `${lone}/${elseArm}`;
      if (taken !== true) runArm(interp, scope, node.alternate as PhpNode, atDefault?.holds === true ? atDefault.params : null);
      interp.lone = lone;
      undoElse();
      if (names.length) joinArms(scope, before, afterBody, leaves(node.body as PhpNode));
      narrowAfter(node, scope);
      return;
    }
    case 'switch': {
      interp.eval(node.test as PhpNode, scope);
      const cases = decidedCases(node, scope) ?? ((node.body as PhpNode)?.children as PhpNode[]) ?? [];
      for (const c of cases) interp.inArm(c, () => interp.exec(c, scope));
      return;
    }
    case 'try':
      interp.inArm(node.body as PhpNode, () => interp.exec(node.body as PhpNode, scope));
      for (const c of (node.catches as PhpNode[]) ?? []) interp.inArm(c, () => interp.exec(c, scope));
      interp.exec(node.always as PhpNode, scope);
      return;
    case 'global':
      for (const v of node.items as PhpNode[]) {
        if (typeof v.name !== 'string') continue;
        scope.vars.set(v.name, interp.globals.get(v.name) ?? UNKNOWN);
        if (scope.vars !== interp.globals) (scope.globalNames ??= new Set()).add(v.name);
      }
      return;
    case 'function':
    case 'class':
    case 'interface':
    case 'trait':
    case 'enum':
      return; // walked as units of their own
    default:
      for (const child of childrenOf(node)) visit(interp, child, scope);
      if (LOOPS.has(node.kind) && node.body) interp.specials.loopRan(node.body as PhpNode, scope, interp);
  }
}

const LOOPS = new Set(['while', 'do', 'for']);

/**
 * Runs an arm a caller that leaves any of the parameters `keptOutBy` at its default never runs
 * (Interpreter.execArm). What a ternary on one of them gave that caller (`$t = $local ? 0 : 30;`) is another
 * caller's value there: unknown, and given back after the arm where the arm stored nothing over it; so in
 * `if ($post && !$stream)`, which `$stream` at its default keeps out as well as `$post`. What a ternary on another
 * parameter gave (`$stream ? 0 : 30` in `if ($post)`) is what a caller that runs the arm and leaves that one out sends.
 */
function runArm(interp: Interpreter, scope: Scope, arm: PhpNode | null | undefined, keptOutBy: readonly string[] | null): void {
  const hidden: { name: string; before: Value; now: Value }[] = [];
  if (keptOutBy !== null) {
    for (const [name, before] of scope.vars) if (before.kind === 'lit' && before.byDefault !== undefined && keptOutBy.includes(before.byDefault)) hidden.push({ name, before, now: { kind: 'unknown' } });
    for (const { name, now } of hidden) scope.vars.set(name, now);
  }
  interp.execArm(arm, scope, keptOutBy !== null);
  for (const { name, before, now } of hidden) if (scope.vars.get(name) === now) scope.vars.set(name, before);
}

/** A child of unknown role: statements run, expressions are evaluated. */
export function visit(interp: Interpreter, node: PhpNode, scope: Scope): void {
  if (STATEMENT_KINDS.has(node.kind)) interp.exec(node, scope);
  else interp.eval(node, scope);
}

/**
 * After an `if` the walk ran both arms of, in order: a variable holds what either path leaves in it. The
 * walk ran the else arm after the body, so a variable the else arm left alone holds the body's value there, where
 * the path through the else arm has the value from before; a body that leaves (return, throw) hands nothing on.
 * Strings are joined (a URL either path may hold is what flows on, eitherString), and so are objects: a socket
 * made before the `if` and made again in its body (`$fp = fsockopen(…); if ($ssl) { $fp = fsockopen('ssl://…'); }`)
 * may be either where the code reads it after; an object on one path and null or false on the other is the object,
 * marked as maybe none. Other values keep the walk's.
 */
function joinArms(scope: Scope, before: Map<string, Value>, afterBody: Map<string, Value>, bodyLeaves: boolean): void {
  for (const name of afterBody.keys()) {
    const now = scope.vars.get(name);
    if (!now) continue;
    const bodyValue = afterBody.get(name);
    const fromElse = now !== bodyValue ? now : before.get(name);
    if (!fromElse) continue;
    const fromBody = bodyLeaves ? undefined : bodyValue;
    // `$ctx = null; if ($proxy) { $ctx = stream_context_create(…); }`: the object, or none on the other path.
    const object = [fromElse, fromBody].find((v) => v?.kind === 'obj');
    if (object && fromBody && [fromElse, fromBody].some(isNone)) {
      scope.vars.set(name, orNone(object));
      continue;
    }
    // `if ($timeout <= 0) { $timeout = ini_get('default_socket_timeout'); }`: the php.ini value on one path only.
    if (now.kind === 'unknown' && now.ini && [fromElse, fromBody].some((v) => v && !(v.kind === 'unknown' && v.ini === now.ini))) {
      scope.vars.set(name, UNKNOWN);
      continue;
    }
    if (fromElse.kind === 'obj' && now.kind === 'obj') {
      const refs = new Set(refsOf(now));
      if (refsOf(fromElse).some((r) => !refs.has(r))) scope.vars.set(name, mayHold(fromElse, now));
      continue;
    }
    const joined = !fromBody || fromBody === fromElse ? fromElse : eitherString(fromElse, fromBody);
    if (joined !== now && stringLike(now, joined)) scope.vars.set(name, joined);
  }
}

function valuesOf(names: readonly string[], scope: Scope): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const name of names) {
    const v = scope.vars.get(name);
    if (v) out.set(name, v);
  }
  return out;
}

const assigned = new WeakMap<PhpNode, string[]>();

/**
 * The variables an `if`'s arms assign by name (`$x = …`, `$x .= …`, `list($a, $b) = …`, a foreach's key and value),
 * not in the functions and closures they define. A variable written otherwise (by reference, through `global`)
 * keeps the value the walk leaves.
 */
function assignedIn(node: PhpNode): string[] {
  let names = assigned.get(node);
  if (names) return names;
  const found = new Set<string>();
  const targets = (n: PhpNode | null | undefined): void => {
    if (!n) return;
    if (n.kind === 'variable' && typeof n.name === 'string') found.add(n.name);
    else if (n.kind === 'list' || n.kind === 'array') for (const item of (n.items as PhpNode[]) ?? []) targets(item?.kind === 'entry' ? (item.value as PhpNode) : item);
  };
  const visitNode = (n: PhpNode): void => {
    if (n.kind === 'function' || n.kind === 'closure' || n.kind === 'arrowfunc' || n.kind === 'class') return;
    if (n.kind === 'assign') targets(n.left as PhpNode);
    else if (n.kind === 'foreach') [n.key, n.value].forEach((t) => targets(t as PhpNode | null));
    for (const c of childrenOf(n)) visitNode(c);
  };
  for (const arm of [node.body, node.alternate] as (PhpNode | null)[]) if (arm) visitNode(arm);
  names = [...found];
  assigned.set(node, names);
  return names;
}

const isString = (v: Value): boolean => v.kind === 'prefix' || (v.kind === 'lit' && typeof v.value === 'string');

function stringLike(a: Value, b: Value): boolean {
  return (isString(a) || a.kind === 'unknown') && (isString(b) || b.kind === 'unknown') && (isString(a) || isString(b));
}

function execForeach(interp: Interpreter, node: PhpNode, scope: Scope): void {
  const source = interp.eval(node.source as PhpNode, scope);
  const keyVar = node.key as PhpNode | null;
  const valueVar = node.value as PhpNode | null;
  // `foreach ($jobs as &$job) { $job['ch2'] = $job['ch']; }`: writes through the reference are not followed, so
  // what the array holds goes where the analysis cannot follow it.
  if (valueVar?.byref) for (const t of trackedIn(source)) t.escape();
  const bind = (target: PhpNode | null, v: Value) => {
    if (target?.kind === 'variable' && typeof target.name === 'string') scope.vars.set(target.name, v);
  };
  if (source.kind === 'array' && source.entries.length <= MAX_UNROLL) {
    for (const e of source.entries) {
      bind(keyVar, e.key ?? UNKNOWN);
      bind(valueVar, e.value);
      interp.exec(node.body as PhpNode, scope);
    }
    // An empty array seen whole runs the body never; only one a call gives in place is sure to be (a variable
    // written through a reference or by parse_str() may hold more than the walk sees).
    if (!source.open && (source.entries.length || givenEmpty(node.source as PhpNode, source, scope))) {
      if (source.entries.length) interp.specials.loopRan(node.body as PhpNode, scope, interp);
      return;
    }
  }
  bind(keyVar, UNKNOWN);
  bind(valueVar, interp.slotOf(node.source as PhpNode, scope) ?? UNKNOWN);
  interp.exec(node.body as PhpNode, scope);
  interp.specials.loopRan(node.body as PhpNode, scope, interp);
}

/** `foreach ($options as …)` with `$options` a parameter the call leaves at, or gives, `[]` written in place. */
function givenEmpty(src: PhpNode, value: Value, scope: Scope): boolean {
  return src.kind === 'variable' && typeof src.name === 'string' && scope.exact?.get(src.name) === value;
}

const STATEMENT_KINDS = new Set([
  'expressionstatement', 'block', 'if', 'while', 'do', 'for', 'foreach', 'switch', 'case', 'try', 'catch',
  'return', 'echo', 'global', 'static', 'unset', 'function', 'class', 'interface', 'trait', 'enum', 'namespace',
  'inline', 'declare', 'label', 'goto', 'break', 'continue', 'throw', 'usegroup', 'constantstatement',
]);
