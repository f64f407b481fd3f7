// A scalar parameter (`timeout: ms`, `{ signal }`) read where the function's one call in the file gives it.
import { ts } from './typescript';
import { paramCalls } from './callers';
import { type FileCtx, usesIn, reassigned } from './file';
import type { Binding } from './resolve';
import { unwrap } from './parse';
import { type Env, type Val, UNDEFINED, UNKNOWN, evaluate } from './values';

/** What the one call of the file gives a scalar parameter: left out (`arg` none), or a literal written there. */
export interface PassedScalar {
  call: ts.CallExpression | ts.NewExpression;
  param: ts.ParameterDeclaration;
  index: number;
  arg?: ts.Expression;
  value: Val;
  file: FileCtx;
}

/**
 * `ms` in `function get(url, ms) { return axios.get(url, { timeout: ms }) }` (paramCalls): where the function's one
 * call in the file leaves it out (`get(u)`: undefined) or writes a literal (`get(u, 0)`), what the request gets. The
 * parameter must be the value itself, with no default, written nowhere and read nowhere else (a test of it may keep
 * the request from running: `if (ms === undefined) return cached`); with several calls, a spread at or before its
 * place, or any other argument, undefined (the caller's value, unknown, counts as set).
 */
export function passedScalar(expr: ts.Expression, file: FileCtx, env?: Env): PassedScalar | undefined {
  const pc = paramCalls(expr, file, env);
  if (!pc || pc.calls.length !== 1 || reassigned(pc.binding, file) || readElsewhere(pc.binding, pc.param, file)) return undefined;
  const call = pc.calls[0]!;
  const args = call.arguments ?? [];
  if (args.slice(0, pc.index + 1).some(ts.isSpreadElement)) return undefined;
  const arg = args[pc.index];
  const base = { call, param: pc.param, index: pc.index, file };
  if (!arg) return { ...base, value: UNDEFINED };
  const v = literalArgument(arg) ? evaluate(arg, file, 1) : UNKNOWN;
  return v.kind === 'lit' ? { ...base, arg, value: v } : undefined;
}

/** `0`, `-1`, `'5000'`, `null`, `false`, `undefined`, `void 0`: a value written as it is. */
function literalArgument(arg: ts.Expression): boolean {
  let x = unwrap(arg);
  if (ts.isPrefixUnaryExpression(x) && x.operator === ts.SyntaxKind.MinusToken) x = unwrap(x.operand);
  if (ts.isNumericLiteral(x) || ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x) || ts.isVoidExpression(x)) return true;
  return [ts.SyntaxKind.NullKeyword, ts.SyntaxKind.TrueKeyword, ts.SyntaxKind.FalseKeyword].includes(x.kind) || (ts.isIdentifier(x) && x.text === 'undefined');
}

/** Whether the function reads the parameter more than once: somewhere other than the option it is the value of. */
function readElsewhere(binding: Binding, param: ts.ParameterDeclaration, file: FileCtx): boolean {
  if (!ts.isIdentifier(param.name)) return true;
  const body = 'body' in param.parent ? (param.parent.body as ts.Node | undefined) : undefined;
  if (!body) return true;
  return usesIn(file, body, param.name, binding).length > 1;
}
