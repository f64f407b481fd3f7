// The bounds a response function arms for the body once the headers are in, on more than the request: a timer that
// ends the response (`res.destroy()`), its socket or the request's, and an idle value set on the response or a socket
// with a callback that ends one of them. nodejs.org/api/http.html: message.setTimeout(ms, cb) sets its socket's
// timeout and adds `cb` as a 'timeout' listener; destroying the response or the socket ends the exchange.
import { ts } from './typescript';
import { isGlobal } from './file';
import { unwrap } from './parse';
import { type Fn, type HandleCtx, type Late, listenerEnds, socketHolder } from './response-phase';
import { evaluate } from './values';
import { walk } from './walk';

/** Whether `e` is the response a function of `fns` is handed (its first parameter, by name). */
function isResponse(e: ts.Expression, fns: ReadonlySet<Fn>, ctx: HandleCtx): boolean {
  const x = unwrap(e);
  const b = ts.isIdentifier(x) ? ctx.r.file.resolver.resolve(x) : undefined;
  return b?.kind === 'param' && !b.path.length && fns.has(b.param.parent as Fn) && b.param.parent.parameters[0] === b.param;
}

/** The response, or the socket of the response or of the request (`res.socket`, `req.connection`). */
function exchangePart(e: ts.Expression, fns: ReadonlySet<Fn>, ctx: HandleCtx): boolean {
  const x = unwrap(e);
  const held = socketHolder(x, ctx.r);
  if (held) return isResponse(held, fns, ctx) || ctx.isHandle(held);
  return isResponse(x, fns, ctx);
}

/** `setTimeout(fn, ms)`, `globalThis.setTimeout(…)`: the global timer, not a method of the response or a socket. */
function isTimer(call: ts.CallExpression, ctx: HandleCtx): boolean {
  const c = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(c)) return c.name.text === 'setTimeout' && ['globalThis', 'global', 'window'].some((g) => isGlobal(unwrap(c.expression), g, ctx.r.file));
  return isGlobal(c, 'setTimeout', ctx.r.file);
}

/**
 * The bounds armed in the response functions that end the response, its socket or the request: a timer whose
 * callback ends one of them (`this` there is the timer), and `res.setTimeout(ms, cb)`, `res.socket.setTimeout(ms, cb)`
 * with a value that is not a never value and a callback that ends one of them (`this` there is the emitter).
 */
export function bodyBounds(fns: ReadonlySet<Fn>, ctx: HandleCtx): Late[] {
  const out: Late[] = [];
  const also = (e: ts.Expression) => exchangePart(e, fns, ctx);
  const never = ctx.r.spec.total.never as readonly unknown[];
  for (const f of fns) {
    if (!f.body) continue;
    walk(f.body, (n) => {
      if (!ts.isCallExpression(n)) return true;
      const callee = unwrap(n.expression);
      const [first, second] = n.arguments;
      if (first && isTimer(n, ctx)) {
        if (listenerEnds(first, ctx, { also, self: false })) out.push({ at: n, timer: true });
      } else if (first && second && ts.isPropertyAccessExpression(callee) && callee.name.text === 'setTimeout' && also(callee.expression)) {
        const v = evaluate(first, ctx.r.file);
        if (!(v.kind === 'lit' && never.includes(v.value)) && listenerEnds(second, ctx, { also })) out.push({ at: n, timer: false, heard: true });
      }
      return true;
    });
  }
  return out;
}
