// The order code of one function runs in: down its blocks, past no jump out of the branch it sits in.
import { ts } from './typescript';

export function within(n: ts.Node, outer: ts.Node): boolean {
  return outer.pos <= n.pos && n.end <= outer.end;
}

/** Whether code at `to` runs after `from`, in order down the function (a branch `from` leaves by a jump never does). */
export function runsAfter(from: ts.Node, to: ts.Node): boolean {
  if (to.pos < from.end) return false;
  for (let n = from; n.parent && !ts.isFunctionLike(n.parent); n = n.parent) {
    const p = n.parent;
    if (ts.isBlock(p) || ts.isSourceFile(p) || ts.isCaseClause(p) || ts.isDefaultClause(p)) {
      for (const s of p.statements.slice(p.statements.indexOf(n as ts.Statement) + 1)) {
        if (within(to, s)) return true;
        if (ts.isReturnStatement(s) || ts.isThrowStatement(s) || ts.isBreakStatement(s) || ts.isContinueStatement(s)) return false;
      }
    } else if (ts.isTryStatement(p)) {
      if (p.finallyBlock && n !== p.finallyBlock && within(to, p.finallyBlock)) return true;
    } else if (!ts.isIfStatement(p) && !ts.isConditionalExpression(p) && !ts.isIterationStatement(p, false) && within(to, p)) {
      return true;
    }
  }
  return false;
}

/** Whether an `await`, `yield` or `for await` of `fn`'s own code (not of a function in it) starts from `from` up to `to`. */
export function waitsBetween(from: ts.Node, to: ts.Node, fn: ts.Node): boolean {
  const waits = (n: ts.Node): boolean => {
    if (n.end <= from.pos || n.pos >= to.pos || (n !== fn && ts.isFunctionLike(n))) return false;
    const wait = ts.isAwaitExpression(n) || ts.isYieldExpression(n) || (ts.isForOfStatement(n) && !!n.awaitModifier);
    if (wait && n.pos >= from.pos) return true;
    return !!ts.forEachChild(n, (c) => (waits(c) ? true : undefined));
  };
  return waits(fn);
}

/**
 * Whether an `await` or `for await` of `fn`'s own code starts in `outer` once `from` has ended, on what `on` accepts
 * (the awaited expression, the iterated one); a `yield` may wait for anything.
 */
export function waitsAfter(from: ts.Node, outer: ts.Node, fn: ts.Node, on: (e: ts.Expression) => boolean): boolean {
  const waits = (n: ts.Node): boolean => {
    if (n.end <= from.end || (n !== fn && ts.isFunctionLike(n))) return false;
    const wait = ts.isYieldExpression(n) || (ts.isAwaitExpression(n) && on(n.expression)) || (ts.isForOfStatement(n) && !!n.awaitModifier && on(n.expression));
    if (wait && n.pos >= from.end) return true;
    return !!ts.forEachChild(n, (c) => (waits(c) ? true : undefined));
  };
  return waits(outer);
}

/** `n`, or where it is written in `fn`'s own code: the function of `fn` it sits in (a listener, run later). */
export function liftedTo(n: ts.Node, fn: ts.Node): ts.Node {
  let at = n;
  for (let x: ts.Node | undefined = n.parent; x && x !== fn; x = x.parent) if (ts.isFunctionLike(x)) at = x;
  return at;
}
