// A response body piped on in the request's own function (`Readable.fromWeb(res.body).pipe(out)`): the stream runs on
// once the statement ends, and the code may or may not wait for it.
import { ts } from './typescript';
import type { FileCtx } from './file';
import { calleeName } from './controller';
import { holdersOf, madeBefore, namesHeld } from './held-names';
import { waitsAfter } from './order';
import { functionOf, innermost, outermost } from './walk';

// Calls that start reading a stream into another and return at once (Node's `readable.pipe()`, web streams'
// `pipeTo()`, `stream.pipeline()`), and those a chain of them passes through (`Readable.fromWeb()`, `pipeThrough()`,
// listeners, a promise's links).
const STREAM_STARTS = new Set(['pipe', 'pipeTo', 'pipeline']);
const STREAM_LINKS = new Set(['fromWeb', 'pipeThrough', 'on', 'once', 'then', 'finally', 'catch']);

/**
 * `Readable.fromWeb(res.body).pipe(out)`, `res.body.pipeTo(w)`, `pipeline(res.body, out, cb)` written as a statement
 * of the request's own function, or returned, not awaited: the stream runs on after the `try` the read is in ends,
 * unless the `try` then awaits what may wait for the stream to end: an expression naming what the statement names or
 * hands on (`await finished(out)`, `await once(out, 'finish')`, a promise whose listeners on it settle it, `await
 * done` for `const done = finished(out)`). An `await log()` naming none of them waits for something else.
 */
export function streamedOn(read: ts.Node, request: ts.Node, tryBlock: ts.Block, file: FileCtx): boolean {
  let x = outermost(read);
  let started = false;
  for (let i = 0; i < 8; i++) {
    const p = x.parent;
    const method = ts.isPropertyAccessExpression(p) && p.expression === x && ts.isCallExpression(p.parent) && p.parent.expression === p ? p.name.text : undefined;
    const taker = ts.isCallExpression(p) && p.arguments.includes(x as ts.Expression) ? calleeName(p) : undefined;
    const name = method ?? taker;
    if (name === undefined || (!STREAM_STARTS.has(name) && !STREAM_LINKS.has(name))) break;
    started ||= STREAM_STARTS.has(name);
    x = outermost(method ? p.parent : p);
  }
  const p = x.parent;
  const fn = functionOf(p);
  if (!started || fn !== functionOf(request)) return false;
  if (ts.isReturnStatement(p)) return true;
  const statement = ts.isVoidExpression(p) ? p.parent : p;
  if (!ts.isExpressionStatement(p) && !ts.isVoidExpression(p)) return false;
  // A module or a function of the file (`Readable`, `fs`, `createWriteStream`) holds no stream.
  const held = (id: ts.Identifier) => {
    const b = file.resolver.resolve(id);
    return !(b && (b.kind === 'import' || b.kind === 'function' || (b.kind === 'var' && b.init && requireOf(b.init))));
  };
  const holders = holdersOf(undefined, statement, tryBlock, (n) => n.end > statement.getStart() && !ts.isFunctionLike(n), held);
  madeBefore(holders, fn ?? statement.getSourceFile(), statement);
  return !(fn && waitsAfter(statement, tryBlock, fn, (e) => namesHeld(e, holders)));
}

/** `require('fs')`, `require('fs').promises`. */
function requireOf(e: ts.Expression): boolean {
  let x = innermost(e);
  while (ts.isPropertyAccessExpression(x)) x = innermost(x.expression);
  return ts.isCallExpression(x) && ts.isIdentifier(x.expression) && x.expression.text === 'require';
}
