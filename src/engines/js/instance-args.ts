import { ts } from './typescript';
import type { JsCallShape } from '../../catalogue/define-client';
import { type FileCtx, isConstant } from './file';
import { objectOf } from './objects';
import { singleReturn, staticName, unwrap } from './parse';
import { type Env, type Instance, type Val, UNKNOWN, evaluate } from './values';

type Call = ts.CallExpression | ts.NewExpression;
type Arg = Instance['arg'];

/**
 * got `create.ts`: `extend(...instancesOrOptions)` merges each argument in turn, an instance by its own options,
 * so a later argument's `timeout` keys win. Undefined when the call passes one options object and nothing more.
 */
export function mergedArguments(e: Call, first: Arg, file: FileCtx, depth: number, env?: Env): Arg[] | undefined {
  if (first.index === null) return undefined;
  const start = first.index + 1;
  const rest = (e.arguments ?? []).slice(start).map((a, k): Arg => {
    if (ts.isSpreadElement(a)) return { value: UNKNOWN, index: start + k };
    return { value: evaluate(a, file, depth + 1, env), index: start + k, node: a };
  });
  return rest.length || first.value.kind === 'instance' ? [first, ...rest] : undefined;
}

/**
 * Where a fix adds options to a merging call: the last argument that is not an instance (later ones set none of
 * the missing keys, or nothing would be missing), else a new last argument (`got.extend(base, { timeout })`).
 */
export function mergedSite(e: Call, merged: readonly Arg[], shape: JsCallShape): { arg: Arg; shape: JsCallShape } {
  const own = merged.filter((a) => a.value.kind !== 'instance');
  const last = own[own.length - 1];
  if (last) return { arg: last, shape };
  return { arg: { value: { kind: 'object', props: new Map(), open: false }, index: null }, shape: { ...shape, insertAt: e.arguments?.length ?? 0 } };
}

function isParameter(e: ts.Expression, param: ts.ParameterDeclaration, file: FileCtx): boolean {
  const x = unwrap(e);
  const b = ts.isIdentifier(x) ? file.resolver.resolve(x) : undefined;
  return b?.kind === 'param' && b.param === param && !b.path.length;
}

type Fn = { decl: ts.SignatureDeclaration; file: FileCtx; inPlace: boolean };

/** The function an expression names: written in place, a same-file function declaration, or a `const` holding one. */
function passedFunction(fn: ts.Expression, file: FileCtx, depth: number, env?: Env): Fn | undefined {
  const f = unwrap(fn);
  if (ts.isArrowFunction(f) || ts.isFunctionExpression(f)) return { decl: f, file, inPlace: true };
  const b = ts.isIdentifier(f) ? file.resolver.resolve(f) : undefined;
  const init = b?.kind === 'var' && isConstant(b, file) && !b.path.length && b.init ? unwrap(b.init) : undefined;
  if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) return { decl: init, file, inPlace: false };
  const v = evaluate(fn, file, depth + 1, env);
  return v.kind === 'local' ? { decl: v.decl, file: v.file, inPlace: false } : undefined;
}

/**
 * ky `index.ts`: `extend(fn)` calls `fn(parentDefaults)` and merges the object it returns over the parent's options.
 * Keys written after the returned literal's last spread of the parent win (`above`); keys before it count only
 * where the parent sets none (`below`). A return the analysis cannot read is unknown (contract: counts as set).
 */
export function optionsFunction(fn: ts.Expression, at: FileCtx, depth: number, outerEnv?: Env): { above: Val; below?: Val } | undefined {
  // Written in the call, or passed by name: `ky.extend(withTimeout)`.
  const passed = passedFunction(fn, at, depth, outerEnv);
  if (!passed) return undefined;
  const { decl: f, file } = passed;
  const env = passed.inPlace ? outerEnv : undefined;
  const ret = singleReturn(f);
  const lit = ret && unwrap(ret);
  if (!lit || !ts.isObjectLiteralExpression(lit)) return { above: ret ? evaluate(ret, file, depth + 1, env) : UNKNOWN };
  const param = f.parameters[0];
  const props = lit.properties;
  let split = -1;
  props.forEach((p, i) => {
    if (param && ts.isSpreadAssignment(p) && isParameter(p.expression, param, file)) split = i;
  });
  if (split < 0) return { above: objectOf(lit, file, depth + 1, env) };
  return { above: objectOf(lit, file, depth + 1, env, split + 1), below: objectOf(lit, file, depth + 1, env, 0, split) };
}

/** The method `name` a class of the file declares, named by `e`: one it may inherit instead is not read. */
function classMethod(e: ts.Expression, file: FileCtx, name: string): Fn | undefined {
  const x = unwrap(e);
  const b = ts.isIdentifier(x) ? file.resolver.resolve(x) : undefined;
  const cls = b?.kind === 'other' ? b.name.parent : undefined;
  if (!cls || !ts.isClassDeclaration(cls)) return undefined;
  const method = cls.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && staticName(m.name) === name && !!m.body);
  return method ? { decl: method, file, inPlace: true } : undefined;
}

/**
 * @nestjs/axios lib/http.module.ts:81-93: `registerAsync({ useFactory })` makes the instance from what the factory
 * returns; without one, from `createHttpOptions()` of the `useExisting` or else `useClass` class (`shape.optionsClass`),
 * read when the file declares it. Options given another way, or a return the analysis cannot read, are unknown
 * (contract: counts as set). The returned expression is the node a fix adds to when the factory is written in the
 * call, or is the class's method (it serves only as options); a function defined elsewhere may serve other callers
 * (STYLE 3.2: a suggestion).
 */
export function factoryOptions(arg: Arg, shape: JsCallShape, file: FileCtx, depth: number, env?: Env): Arg {
  const unknown: Arg = { value: UNKNOWN, index: arg.index };
  const v = arg.value;
  const key = shape.optionsFactory;
  if (v.kind !== 'object' || !key) return unknown;
  const prop = v.props.get(key);
  // `useFactory() { return { … } }`: a method of the options literal.
  const method = !prop && v.literal?.properties.find((p) => ts.isMethodDeclaration(p) && staticName(p.name) === key);
  const classKey = !prop && !method ? shape.optionsClass?.keys.find((k) => v.props.has(k)) : undefined;
  const named = classKey ? v.props.get(classKey) : undefined;
  const fn = prop && !prop.value ? passedFunction(prop.expr, prop.file, depth, prop.env)
    : method ? { decl: method as ts.MethodDeclaration, file, inPlace: true }
    : named && !named.value && shape.optionsClass ? classMethod(named.expr, named.file, shape.optionsClass.method) : undefined;
  const ret = fn && singleReturn(fn.decl);
  if (!fn || !ret) return unknown;
  const value = evaluate(ret, fn.file, depth + 1, fn.file === file ? env : undefined);
  return { value, index: arg.index, node: fn.inPlace && fn.file === file ? ret : undefined };
}
