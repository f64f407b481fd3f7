import { ts } from './typescript';
import type { Entry } from './fix';
import type { FileCtx } from './file';
import { isTypeScript } from './signal-fix';

/** The parameters of a fix's fetch, as fetch types them (or, handed only a Request, as openapi-fetch does). */
const FETCH_PARAMETERS: readonly [RegExp, string][] = [
  // `string | URL | Request`, not lib.dom's `RequestInfo | URL`: @types/node declares fetch so, without RequestInfo.
  [/^\(input, init\) =>/, '(input: string | URL | Request, init?: RequestInit) =>'],
  [/^\(input\) =>/, '(input: Request) =>'],
];

/**
 * A fix's fetch `(input, init) => …` written into a TypeScript literal that nothing types (`const config = { … }`):
 * strict mode rejects its parameters as implicitly `any` (TS7006), so they are written with fetch's own types.
 */
export function typedParameters(entries: Entry[], lit: ts.ObjectLiteralExpression, file: FileCtx): Entry[] {
  if (!isTypeScript(file) || !entries.some((e) => FETCH_PARAMETERS.some(([p]) => p.test(e.value))) || typedContext(lit)) return entries;
  return entries.map((e) => ({ ...e, value: FETCH_PARAMETERS.reduce((v, [p, typed]) => v.replace(p, typed), e.value) }));
}

/**
 * A literal held by a declaration with a type, asserted to a named type or checked with one (`satisfies`), returned
 * by a function that declares what it returns, or nested in such a literal. `as const`, `as any` and `as unknown`
 * type no parameter, nor does a function that declares no return type, nor a type whose keys' values are opaque
 * (`Record<string, unknown>`).
 */
function typedContext(lit: ts.Expression): boolean {
  let e: ts.Node = lit;
  for (;;) {
    const up: ts.Node = e.parent;
    if (ts.isParenthesizedExpression(up) || ts.isObjectLiteralExpression(up) || (ts.isPropertyAssignment(up) && up.initializer === e)) {
      e = up;
      continue;
    }
    if (ts.isAsExpression(up) || ts.isTypeAssertionExpression(up)) return ts.isTypeReferenceNode(up.type) && !ts.isConstTypeReference(up.type) && typesValues(up.type);
    if (ts.isSatisfiesExpression(up)) return typesValues(up.type);
    if (ts.isVariableDeclaration(up) || ts.isPropertyDeclaration(up)) return typesValues(up.type);
    if (ts.isReturnStatement(up)) return returnsTyped(up);
    if (ts.isArrowFunction(up) && up.body === e) return typesValues(up.type);
    // Handed to a call, assigned: what it is typed as cannot be told here; left as written.
    return !ts.isBinaryExpression(up);
  }
}

/** The function a `return` is in declares its return type. */
function returnsTyped(r: ts.ReturnStatement): boolean {
  for (let n: ts.Node | undefined = r.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return typesValues(n.type);
  return false;
}

/** Types that give a function no parameter types: `any`, `unknown`, `object` and the primitives. */
const OPAQUE_KEYWORDS = new Set([
  ts.SyntaxKind.AnyKeyword, ts.SyntaxKind.UnknownKeyword, ts.SyntaxKind.ObjectKeyword, ts.SyntaxKind.StringKeyword,
  ts.SyntaxKind.NumberKeyword, ts.SyntaxKind.BooleanKeyword, ts.SyntaxKind.BigIntKeyword, ts.SyntaxKind.SymbolKeyword,
  ts.SyntaxKind.UndefinedKeyword, ts.SyntaxKind.NeverKeyword, ts.SyntaxKind.VoidKeyword, ts.SyntaxKind.LiteralType,
]);
/** Types that keep an index signature's value type: `Partial<Record<string, unknown>>`. */
const KEEPS_VALUES = ['Partial', 'Readonly', 'Required'];

/**
 * A type written that may give a key's function its parameters' types. Under `any`, `unknown`, `object`,
 * `Function`, `Record<string, unknown>`, `Record<string, string | number>` or `{ [key: string]: any }` a
 * function's parameters are implicitly `any` (TS7006 in strict mode): the value a key takes there is opaque.
 */
function typesValues(type: ts.TypeNode | undefined): boolean {
  return !!type && !opaqueValues(type);
}

function opaqueValues(t: ts.TypeNode): boolean {
  if (ts.isParenthesizedTypeNode(t)) return opaqueValues(t.type);
  if (OPAQUE_KEYWORDS.has(t.kind)) return true;
  if (ts.isUnionTypeNode(t) || ts.isIntersectionTypeNode(t)) return t.types.every(opaqueValues);
  if (ts.isTypeLiteralNode(t)) return t.members.length > 0 && t.members.every((m) => ts.isIndexSignatureDeclaration(m) && opaqueValues(m.type));
  if (!ts.isTypeReferenceNode(t) || !ts.isIdentifier(t.typeName)) return false;
  const [first, second] = t.typeArguments ?? [];
  const name = t.typeName.text;
  if (name === 'Record') return !!second && opaqueValues(second);
  if (KEEPS_VALUES.includes(name)) return !!first && opaqueValues(first);
  return (name === 'Function' || name === 'Object') && !first;
}
