import { ts } from './typescript';
import { type FileCtx, isConstant } from './file';
import { staticName, unwrap } from './parse';
import { REST } from './resolve';
import type { Env } from './values';

/** Where a value that comes in through a parameter is written: the parameter's default, or a same-file call's argument. */
export interface Origin {
  node: ts.Expression;
  file: FileCtx;
  from: 'default' | 'argument';
}

/** `a.b.c` as a root name and the names after it, or undefined when the chain holds anything but names. */
export function chainOf(e: ts.Expression): { root: ts.Identifier; names: string[] } | undefined {
  const names: string[] = [];
  let x = unwrap(e);
  while (ts.isPropertyAccessExpression(x)) {
    names.unshift(x.name.text);
    x = unwrap(x.expression);
  }
  return ts.isIdentifier(x) ? { root: x, names } : undefined;
}

function isUndefined(e: ts.Expression): boolean {
  const x = unwrap(e);
  return ts.isVoidExpression(x) || (ts.isIdentifier(x) && x.text === 'undefined');
}

/**
 * The expression at `path` inside nested object literals (`{ a: { b: 0 } }` at a.b is `0`): 'missing' when a
 * literal surely lacks the key, undefined when the analysis cannot tell (not a literal, a spread after the key).
 */
function at(e: ts.Expression | undefined, path: readonly string[]): ts.Expression | 'missing' | undefined {
  let cur = e;
  for (const key of path) {
    // An array slot, a computed key, an object rest (`{ a, ...rest }`): not followed here.
    if (key.startsWith('\u0000') || key.startsWith(REST) || /^\d+$/.test(key)) return undefined;
    if (!cur || isUndefined(cur)) return 'missing';
    const lit = unwrap(cur);
    if (!ts.isObjectLiteralExpression(lit)) return undefined;
    const last = [...lit.properties].reverse().find((p) => ts.isSpreadAssignment(p) || staticName(p.name) === key);
    if (!last) return 'missing';
    if (!ts.isPropertyAssignment(last)) return undefined;
    cur = last.initializer;
  }
  return !cur || isUndefined(cur) ? 'missing' : cur;
}

/**
 * Where the value of `expr` is written when it is a parameter (`timeoutMs`, `opts.timeout`, a destructured
 * `{ timeout = 0 }`): undefined when `expr` is no parameter, 'unknown' when it is one but the place cannot be
 * told. An argument that is itself a parameter of the caller is followed there.
 */
export function parameterOrigin(expr: ts.Expression, file: FileCtx, env?: Env, depth = 0): Origin | 'unknown' | undefined {
  const chain = chainOf(expr);
  const b = chain && file.resolver.resolve(chain.root);
  if (!chain || !b || b.kind !== 'param') return undefined;
  const bound = env?.get(b.param);
  const whole = bound ? bound.args[bound.index] : b.param.initializer;
  if (whole && ts.isSpreadElement(whole)) return 'unknown';
  let found = at(whole, b.path);
  let origin: Omit<Origin, 'node'> & { env?: Env } = bound ? { file: bound.file, from: 'argument', env: bound.env } : { file, from: 'default' };
  // The value is undefined there: the binding's own default applies (`{ timeout = 0 }`, or `t = 0` with no argument).
  if (found === 'missing' && b.fallback) {
    found = b.fallback;
    origin = { file, from: 'default', env };
  }
  const inner = found && found !== 'missing' ? at(found, chain.names) : undefined;
  if (!inner || inner === 'missing') return 'unknown';
  if (origin.from === 'argument' && depth < 8) {
    const up = parameterOrigin(inner, origin.file, origin.env, depth + 1);
    if (up) return up;
  }
  return { node: inner, file: origin.file, from: origin.from };
}

/**
 * The default a name declared in the file takes its value from (`const { timeoutMs = 0 } = opts`), which applies
 * whenever the key is missing; through a name it is given (`const t = timeoutMs`) to where that one comes in (a
 * parameter's default). Undefined for anything else: a value written in place (`const t = 0`, replaced where it is
 * used), a member chain, a name written again.
 */
export function declaredOrigin(expr: ts.Expression, file: FileCtx, env?: Env, depth = 0): Origin | 'unknown' | undefined {
  const chain = chainOf(expr);
  const b = chain && !chain.names.length ? file.resolver.resolve(chain.root) : undefined;
  if (b?.kind !== 'var' || b.redeclared || !isConstant(b, file) || depth > 8) return undefined;
  const found = b.init ? at(b.init, b.path) : undefined;
  if (found === 'missing' || (found === undefined && b.path.length)) return b.fallback ? { node: b.fallback, file, from: 'default' } : undefined;
  if (found === undefined) return undefined;
  const x = unwrap(found);
  if (ts.isIdentifier(x) || ts.isPropertyAccessExpression(x)) return parameterOrigin(found, file, env) ?? declaredOrigin(found, file, env, depth + 1);
  return undefined;
}
