import { ts } from './typescript';
import type { FileCtx } from './file';
import { unwrap } from './parse';
import { holderExpression } from './walk';

/** `type Fetcher = (input: RequestInfo | URL, init?: RequestInit) => …` declared in the file, by name. */
function aliasedFunctionType(name: string, file: FileCtx): ts.FunctionTypeNode | undefined {
  for (const st of file.sf.statements) {
    if (ts.isTypeAliasDeclaration(st) && st.name.text === name && ts.isFunctionTypeNode(st.type)) return st.type;
  }
  return undefined;
}

/**
 * The type a parameter is declared with, or, for a function held by a typed const, the one its type gives that
 * place (`const f: Fetcher = (input, init) => …`); `typeof <callee>` for a const typed as the client's own function.
 */
function parameterType(param: ts.ParameterDeclaration, file: FileCtx): ts.TypeNode | 'callee' | undefined {
  if (param.type) return param.type;
  const fn = param.parent;
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const holder = holderExpression(fn);
  const declared = ts.isVariableDeclaration(holder) && holder.initializer && unwrap(holder.initializer) === fn ? holder.type : undefined;
  if (!declared) return undefined;
  if (ts.isTypeQueryNode(declared)) return 'callee';
  const alias = ts.isTypeReferenceNode(declared) && ts.isIdentifier(declared.typeName) ? aliasedFunctionType(declared.typeName.text, file) : undefined;
  const fnType = ts.isFunctionTypeNode(declared) ? declared : alias;
  return fnType?.parameters[fn.parameters.indexOf(param)]?.type;
}

/** A type that holds the request object among other inputs: `RequestInfo`, `string | Request`, `RequestInfo | URL`. */
function holdsRequestAmongOthers(type: ts.TypeNode, name: string): boolean {
  const named = (t: ts.TypeNode, n: string) => ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && t.typeName.text === n;
  if (named(type, `${name}Info`)) return true;
  return ts.isUnionTypeNode(type) && type.types.some((t) => named(t, name) || named(t, `${name}Info`));
}

/**
 * `(input: RequestInfo | URL) => fetch(input)`: the input is a parameter that may be a request object the caller
 * made with its own signal, as in a fetch-shaped wrapper (a Speakeasy SDK's default fetcher). Contract: options
 * passed in through a parameter count as the caller's. A parameter typed as the request object alone stays the
 * incoming request of a handler, whose signal only a disconnect fires.
 */
export function inputFromCaller(call: ts.CallExpression | ts.NewExpression, name: string, file: FileCtx, at = 0): boolean {
  const input = call.arguments?.[at] ? unwrap(call.arguments[at]) : undefined;
  const b = input && ts.isIdentifier(input) ? file.resolver.resolve(input) : undefined;
  if (b?.kind !== 'param' || b.path.length || b.param.dotDotDotToken) return false;
  const type = parameterType(b.param, file);
  if (type === 'callee') return ts.isIdentifier(call.expression) && b.param.parent.parameters[0] === b.param;
  return !!type && holdsRequestAmongOthers(type, name);
}
