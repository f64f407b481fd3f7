import { ts } from './typescript';
import type { Entry } from './fix';
import type { FileCtx } from './file';
import { isTypeScript } from './signal-fix';

/** The parameters of a fix's fetch, as fetch types them (or, handed only a Request, as openapi-fetch does). */
const FETCH_PARAMETERS: readonly [RegExp, string][] = [
  [/^\(input, init\) =>/, '(input: RequestInfo | URL, init?: RequestInit) =>'],
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

/** A literal held by a declaration with a type, asserted or checked with one (`satisfies`), or nested in such a literal. */
function typedContext(lit: ts.Expression): boolean {
  let e: ts.Node = lit;
  for (;;) {
    const up: ts.Node = e.parent;
    if (ts.isParenthesizedExpression(up) || ts.isObjectLiteralExpression(up) || (ts.isPropertyAssignment(up) && up.initializer === e)) {
      e = up;
      continue;
    }
    if (ts.isAsExpression(up) || ts.isSatisfiesExpression(up) || ts.isTypeAssertionExpression(up)) return true;
    if (ts.isVariableDeclaration(up) || ts.isPropertyDeclaration(up)) return !!up.type;
    // Handed to a call, returned, assigned: what it is typed as cannot be told here; left as written.
    return !ts.isBinaryExpression(up);
  }
}
