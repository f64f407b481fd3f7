import { ts } from './typescript';
import { calleeName } from './controller';
import { outermost } from './walk';

/**
 * The `setTimeout(…)` that runs an abort itself, given the abort's member access or name: `setTimeout(() => c.abort(),
 * ms)` (in a block too), `setTimeout(c.abort.bind(c), ms)`, `setTimeout(() => req.destroy(), ms)`, `setTimeout(() => abort(), ms)`.
 */
export function timerOf(access: ts.PropertyAccessExpression | ts.Identifier): ts.CallExpression | undefined {
  const p = access.parent;
  let arg: ts.Node | undefined = ts.isPropertyAccessExpression(p) && p.name.text === 'bind' && ts.isCallExpression(p.parent) ? p.parent : undefined;
  if (!arg) {
    let fn: ts.Node | undefined = access.parent;
    while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
    arg = fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) ? fn : undefined;
  }
  const call = arg && outermost(arg).parent;
  return call && ts.isCallExpression(call) && call.arguments[0] === outermost(arg!) && calleeName(call) === 'setTimeout' ? call : undefined;
}
