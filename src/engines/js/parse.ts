import { ts } from './typescript';
import { keepsValue } from './walk';
import type { ParseFailure } from '../../model/finding';
import type { ScriptSyntax } from '../../core/script-blocks';

const KINDS: Record<string, ts.ScriptKind> = {
  '.js': ts.ScriptKind.JS,
  '.mjs': ts.ScriptKind.JS,
  '.cjs': ts.ScriptKind.JS,
  '.jsx': ts.ScriptKind.JSX,
  '.ts': ts.ScriptKind.TS,
  '.mts': ts.ScriptKind.TS,
  '.cts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX,
};

const SYNTAX_KINDS: Record<ScriptSyntax, ts.ScriptKind> = { js: ts.ScriptKind.JS, jsx: ts.ScriptKind.JSX, ts: ts.ScriptKind.TS, tsx: ts.ScriptKind.TSX };

/** The script kind TypeScript parses a path as; unknown extensions parse as TS. */
export function scriptKindOf(filePath: string): ts.ScriptKind {
  const dot = filePath.lastIndexOf('.');
  return KINDS[dot < 0 ? '' : filePath.slice(dot).toLowerCase()] ?? ts.ScriptKind.TS;
}

/**
 * Parses once, without a Program: a lint of one file must not pay for type checking. JSDoc is not parsed (no
 * analysis reads it, and it is a third of the parse of a well-documented file).
 */
export const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

/**
 * Parent links are not set here: TypeScript would walk the whole tree once more for them, and the engine's
 * first walk of a file (`indexFile`) sets them. Code that reads `.parent` (or `getStart()` without the source
 * file) runs only on an indexed file. `syntax`: that of a host file's script blocks (src/core/script-blocks.ts).
 */
export function parseSource(text: string, filePath: string, syntax?: ScriptSyntax): ts.SourceFile {
  return ts.createSourceFile(filePath, text, PARSE_OPTIONS, false, syntax ? SYNTAX_KINDS[syntax] : scriptKindOf(filePath));
}

/**
 * The first syntax error, if any. `parseDiagnostics` is internal but has held the parser's own errors since
 * TypeScript 1.x; asking a Program for syntactic diagnostics would cost a Program per file.
 */
export function parseErrorOf(sf: ts.SourceFile): ParseFailure | undefined {
  const diags = (sf as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  const first = diags.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (!first) return undefined;
  const pos = sf.getLineAndCharacterOfPosition(first.start ?? 0);
  const message = ts.flattenDiagnosticMessageText(first.messageText, ' ');
  return { message: `Parsing error: ${message}`, line: pos.line + 1, column: pos.character + 1 };
}

/**
 * `unwrap`, then past the leading parts of a comma sequence: the value it ends with. `(0, fetch_1.default)(u)` is how
 * TypeScript and Babel call an imported function, `return copy(n, a), n` how minifiers join statements.
 */
export function lastOfSequence(node: ts.Expression): ts.Expression {
  let e = unwrap(node);
  while (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) e = unwrap(e.right);
  return e;
}

/** Strips parentheses, type assertions, `!`, `satisfies` and `await` (bounded: each step removes a node). */
export function unwrap(node: ts.Expression): ts.Expression {
  let e = node;
  while (keepsValue(e) || ts.isAwaitExpression(e)) e = e.expression;
  return e;
}

/** `opts || {…}`, `opts ?? {…}`: the value given (unwrapped) and the object written in its place where it is left out. */
export function objectFallback(node: ts.Expression): { given: ts.Expression; fallback: ts.ObjectLiteralExpression } | undefined {
  const e = unwrap(node);
  if (!ts.isBinaryExpression(e) || (e.operatorToken.kind !== ts.SyntaxKind.BarBarToken && e.operatorToken.kind !== ts.SyntaxKind.QuestionQuestionToken)) return undefined;
  const fallback = unwrap(e.right);
  return ts.isObjectLiteralExpression(fallback) ? { given: unwrap(e.left), fallback } : undefined;
}

/** `true` / `false` as written, or as a minifier writes them (`!0`, `!1`); undefined for anything else. */
export function booleanLiteral(node: ts.Expression): boolean | undefined {
  const e = unwrap(node);
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken && ts.isNumericLiteral(e.operand)) return Number(e.operand.text) === 0;
  return undefined;
}

/** The property name as text when it is static: `a`, `'a'`, `["a"]`, `1`. */
export function staticName(name: ts.PropertyName | ts.Expression | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return staticName(unwrap(name.expression));
  return undefined;
}

/**
 * What a function returns, outside functions and classes nested in it: an arrow's expression body, or each `return`
 * of its block with a value, and whether a bare `return;` may give undefined instead.
 */
export function returnsOf(decl: ts.SignatureDeclaration): Returns {
  let known = returnsKnown.get(decl);
  if (known) return known;
  const body = (decl as ts.FunctionLikeDeclaration).body;
  if (!body) known = { exprs: [], bare: false };
  else if (!ts.isBlock(body)) known = { exprs: [body], bare: false };
  else {
    const exprs: ts.Expression[] = [];
    let bare = false;
    const visit = (n: ts.Node): void => {
      if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
      if (ts.isReturnStatement(n)) {
        if (n.expression) exprs.push(n.expression);
        else bare = true;
      }
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(body, visit);
    known = { exprs, bare };
  }
  returnsKnown.set(decl, known);
  return known;
}

interface Returns {
  readonly exprs: readonly ts.Expression[];
  readonly bare: boolean;
}

// A function's returns are asked each time a call of it is evaluated (a bundle's module wrapper, thousands of
// times): found once per function, kept while its tree is.
const returnsKnown = new WeakMap<ts.SignatureDeclaration, Returns>();

/** The one expression a function returns: its body's single `return`, or an arrow's expression body. */
export function singleReturn(decl: ts.SignatureDeclaration): ts.Expression | undefined {
  const body = (decl as ts.FunctionLikeDeclaration).body;
  if (!body || !ts.isBlock(body)) return body;
  const returns = body.statements.filter(ts.isReturnStatement);
  return returns.length === 1 ? returns[0]!.expression : undefined;
}
