import { ts } from './typescript';
import { type FileCtx, isConstant } from './file';
import { staticName, unwrap } from './parse';
import type { Binding } from './resolve';

/**
 * A tagged template (`gql\`…\``) or an array (a batch's documents) written out, or GraphQL Code Generator's
 * `graphql(\`query …\`)` (its client preset's typed document) given the query's text.
 */
export function isDocument(e: ts.Expression): boolean {
  if (ts.isTaggedTemplateExpression(e) || ts.isArrayLiteralExpression(e)) return true;
  if (!ts.isCallExpression(e) || e.arguments.length !== 1 || !ts.isIdentifier(e.expression)) return false;
  const text = e.arguments[0]!;
  return ['graphql', 'gql'].includes(e.expression.text) && (ts.isNoSubstitutionTemplateLiteral(text) || ts.isStringLiteral(text));
}

/**
 * A name that holds a document written out: `const QUERY = gql\`…\`` of the file, or one another module of the
 * project exports (`import { QUERY } from './queries'`, `import * as Q from './queries'` and `Q.QUERY`, `import
 * QUERY from './query'` of its `export default gql\`…\``).
 */
export function namesDocument(arg: ts.Expression, file: FileCtx): boolean {
  const e = unwrap(arg);
  if (ts.isIdentifier(e)) return heldDocument(file.resolver.resolve(e), file);
  if (!ts.isPropertyAccessExpression(e) || !ts.isIdentifier(e.expression)) return false;
  const ns = file.resolver.resolve(e.expression);
  return ns?.kind === 'import' && ns.export === '*' && exportedDocument(ns, e.name.text, file);
}

function heldDocument(b: Binding | null, file: FileCtx, depth = 0): boolean {
  if (b?.kind === 'var') return isConstant(b, file) && !b.path.length && !!b.init && isDocument(unwrap(b.init));
  // A default import's `export` is null.
  return b?.kind === 'import' && b.export !== '*' && depth < 4 && exportedDocument(b, b.export ?? 'default', file, depth);
}

/**
 * `export const NAME = gql\`…\`` (or `export { NAME }`, or a re-export of it) in the module `b` imports; for
 * `default`, `export default gql\`…\`` or `export default NAME`.
 */
function exportedDocument(b: Extract<Binding, { kind: 'import' }>, name: string, file: FileCtx, depth = 0): boolean {
  const target = file.modules.moduleOf(file, b.module);
  if (!target) return false;
  for (const st of target.sf.statements) {
    if (ts.isExportAssignment(st) && !st.isExportEquals && name === 'default') return defaultDocument(st.expression, target, depth);
    if (ts.isVariableStatement(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      const d = st.declarationList.declarations.find((x) => staticName(x.name) === name);
      if (d) return heldDocument(target.resolver.lookup(name, d), target, depth + 1);
    }
    if (!ts.isExportDeclaration(st)) continue;
    const from = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
    // `export * from './graphql'`: a codegen index. It re-exports no default.
    if (!st.exportClause && from && name !== 'default' && depth < 4 && exportedDocument({ ...b, module: from }, name, target, depth + 1)) return true;
    if (!st.exportClause || !ts.isNamedExports(st.exportClause)) continue;
    const el = st.exportClause.elements.find((x) => x.name.text === name);
    if (!el) continue;
    const local = staticName(el.propertyName ?? el.name) ?? name;
    if (from) return depth < 4 && exportedDocument({ ...b, module: from }, local, target, depth + 1);
    return heldDocument(target.resolver.lookup(local, st), target, depth + 1);
  }
  return false;
}

/** What `export default` gives: a document written out, or a name that holds one. */
function defaultDocument(e: ts.Expression, target: FileCtx, depth: number): boolean {
  const value = unwrap(e);
  if (isDocument(value)) return true;
  return ts.isIdentifier(value) && heldDocument(target.resolver.lookup(value.text, value), target, depth + 1);
}
