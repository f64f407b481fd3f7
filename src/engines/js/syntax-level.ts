// The syntax a fix may write: an ES5 file (a jQuery plugin, a script an old browser runs as it is) gets none newer.
import { ts } from './typescript';
import { evaluate } from './values';
import { clientsOf } from './catalogue';
import { type FileCtx, namesIn } from './file';
import { unwrap } from './parse';

// Compiled or module-only files: a build or a runtime that reads them reads ES2015 and later.
const MODERN_PATHS = /\.(?:[mc]js|jsx|vue|svelte|astro)$/i;

const MODERN_KINDS = new Set([
  ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.ClassDeclaration, ts.SyntaxKind.ClassExpression,
  ts.SyntaxKind.TemplateExpression, ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TaggedTemplateExpression,
  ts.SyntaxKind.SpreadElement, ts.SyntaxKind.SpreadAssignment, ts.SyntaxKind.ShorthandPropertyAssignment,
  ts.SyntaxKind.ComputedPropertyName, ts.SyntaxKind.ForOfStatement, ts.SyntaxKind.ObjectBindingPattern,
  ts.SyntaxKind.ArrayBindingPattern, ts.SyntaxKind.AwaitExpression, ts.SyntaxKind.YieldExpression,
  ts.SyntaxKind.ImportDeclaration, ts.SyntaxKind.ImportEqualsDeclaration, ts.SyntaxKind.ExportDeclaration,
  ts.SyntaxKind.ExportAssignment, ts.SyntaxKind.MetaProperty, ts.SyntaxKind.BigIntLiteral, ts.SyntaxKind.QuestionDotToken,
  ts.SyntaxKind.JsxElement, ts.SyntaxKind.JsxSelfClosingElement, ts.SyntaxKind.JsxFragment, ts.SyntaxKind.ImportKeyword, ts.SyntaxKind.ExportKeyword,
]);

const MODERN_OPERATORS = new Set([
  ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.AsteriskAsteriskToken, ts.SyntaxKind.AsteriskAsteriskEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken, ts.SyntaxKind.AmpersandAmpersandEqualsToken,
]);

/** A node written in syntax ES5 does not have. */
function modernNode(n: ts.Node): boolean {
  if (MODERN_KINDS.has(n.kind)) return true;
  if (ts.isVariableDeclarationList(n)) return (n.flags & ts.NodeFlags.BlockScoped) !== 0;
  if (ts.isFunctionLike(n)) {
    const async = ts.canHaveModifiers(n) && ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
    if (async || ('asteriskToken' in n && n.asteriskToken)) return true;
    if (ts.isMethodDeclaration(n) && ts.isObjectLiteralExpression(n.parent)) return true;
  }
  if (ts.isParameter(n)) return !!(n.initializer || n.dotDotDotToken);
  if (ts.isBinaryExpression(n)) {
    if (MODERN_OPERATORS.has(n.operatorToken.kind)) return true;
    // `[a, b] = pair`, `({ a } = o)`: destructuring.
    const left = unwrap(n.left);
    return n.operatorToken.kind === ts.SyntaxKind.EqualsToken && (ts.isArrayLiteralExpression(left) || ts.isObjectLiteralExpression(left));
  }
  if (ts.isNumericLiteral(n)) return /^0[bBoO]|_/.test(n.getText());
  if (ts.isRegularExpressionLiteral(n)) return /[uysdv]/.test(n.text.slice(n.text.lastIndexOf('/') + 1));
  if (ts.isCatchClause(n)) return !n.variableDeclaration;
  return false;
}

/** The newest syntax a fix may write in a file: what it already writes, or anything in one a compiler reads. */
type Level = 'es5' | 'es2015' | 'es2020';

// ES2020's optional chaining and nullish coalescing: a file that writes one of them runs on a runtime with both.
const ES2020 = (n: ts.Node) => n.kind === ts.SyntaxKind.QuestionDotToken || (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken);

function levelOf(file: FileCtx): Level {
  const hit = file.cache.get('syntaxLevel') as Level | undefined;
  if (hit) return hit;
  const { sf } = file;
  let level: Level = 'es5';
  if ((sf.flags & ts.NodeFlags.JavaScriptFile) === 0) level = 'es2020';
  else {
    if (MODERN_PATHS.test(file.path)) level = 'es2015';
    const visit = (n: ts.Node): boolean => {
      if (ES2020(n)) return (level = 'es2020') === 'es2020';
      if (level === 'es5' && modernNode(n)) level = 'es2015';
      return !!ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  file.cache.set('syntaxLevel', level);
  return level;
}

/**
 * Whether the file is ES5: parsed as JS, not a module or compiled file by its path, and with no node ES2015 or
 * later added. Decided once per file.
 */
export function es5Only(file: FileCtx): boolean {
  return levelOf(file) === 'es5';
}

/** Whether a fix may write `a?.b ?? c`: a TypeScript file (its compiler lowers them), or a JS file that writes them. */
export function nullishAllowed(file: FileCtx): boolean {
  return levelOf(file) === 'es2020';
}

/** `jQuery` itself, whatever its name here: the global, an import, or a plugin factory's parameter. */
function isJQuery(id: ts.Identifier, file: FileCtx): boolean {
  const v = evaluate(id, file);
  return v?.kind === 'ref' && !v.path.length && clientsOf(v.base, []).some((c) => c.spec.id === 'js/jquery' && c.root === 'jQuery');
}

/**
 * The name jQuery goes by at `at`: the receiver of a jQuery call (`$.ajax`, `jq.ajax`), else a parameter of an
 * enclosing function that holds it (`(function ($) { … })(jQuery)`), else a global `jQuery` or `$` the file reads.
 */
export function jqueryNameAt(at: ts.Node, file: FileCtx): string | undefined {
  const callee = ts.isCallExpression(at) ? unwrap(at.expression) : undefined;
  const receiver = callee && ts.isPropertyAccessExpression(callee) ? unwrap(callee.expression) : undefined;
  if (receiver && ts.isIdentifier(receiver) && isJQuery(receiver, file)) return receiver.text;
  const shadowed = new Set<string>();
  for (let n: ts.Node | undefined = at.parent; n; n = n.parent) {
    if (!ts.isFunctionLike(n)) continue;
    for (const p of n.parameters) {
      if (!ts.isIdentifier(p.name) || shadowed.has(p.name.text)) continue;
      shadowed.add(p.name.text);
      if (isJQuery(p.name, file)) return p.name.text;
    }
  }
  for (const name of ['jQuery', '$']) {
    if (shadowed.has(name)) continue;
    if (namesIn(file, file.sf, name).some((id) => !file.resolver.resolve(id) && isJQuery(id, file))) return name;
  }
  return undefined;
}

/**
 * Options merged with new keys, `{ timeout: 30000, ...opts }` (`before`: the caller's keys then win) or `{ ...opts,
 * timeout: 30000 }`. In an ES5 file, with jQuery's extend where the file has jQuery (`$.extend({ timeout: 30000 },
 * opts)`, which skips a key the caller leaves `undefined` too), else with Object.assign, `offered` only: a runtime
 * that needs ES5 syntax may lack it.
 */
export function mergedOptions(
  at: ts.Node, options: string, props: readonly string[], before: boolean, file: FileCtx,
): { text: string; offered?: boolean } {
  const keys = `{ ${props.join(', ')} }`;
  if (!es5Only(file)) return { text: before ? `{ ${props.join(', ')}, ...${options} }` : `{ ...${options}, ${props.join(', ')} }` };
  const jq = jqueryNameAt(at, file);
  const args = before ? `${keys}, ${options}` : `{}, ${options}, ${keys}`;
  return jq ? { text: `${jq}.extend(${args})` } : { text: `Object.assign(${args})`, offered: true };
}
