import { ts } from './typescript';
import { namesIn, type FileCtx } from './file';
import { unwrap } from './parse';
import { exportedName } from './walk';

/** `module.exports`, `exports.x`, `module.exports.x`: a CommonJS export target. */
function isCommonJsExport(e: ts.Expression): boolean {
  const x = unwrap(e);
  if (ts.isIdentifier(x)) return x.text === 'exports';
  if (!ts.isPropertyAccessExpression(x)) return false;
  const base = unwrap(x.expression);
  if (ts.isIdentifier(base) && base.text === 'module' && x.name.text === 'exports') return true;
  return isCommonJsExport(base);
}

/** A name read only to export it: `export { f }`, `export default f`, `module.exports = { f }`, `exports.f = f`. */
function exportsOnly(n: ts.Identifier): boolean {
  let p: ts.Node = n.parent;
  if (ts.isExportSpecifier(p) || ts.isExportAssignment(p)) return true;
  if (ts.isShorthandPropertyAssignment(p) || (ts.isPropertyAssignment(p) && p.initializer === n)) p = p.parent.parent;
  else p = n.parent;
  return ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && isCommonJsExport(p.left);
}

/**
 * A module-level function the module exports and never calls or hands on itself (`export async function
 * request(url, init?)` in a shared `http.ts`): every call of it is in another module.
 */
export function calledOnlyElsewhere(fn: ts.SignatureDeclaration, name: ts.Identifier, file: FileCtx): boolean {
  const statement = ts.isFunctionDeclaration(fn) ? fn : ts.isVariableDeclaration(name.parent) ? name.parent.parent.parent : undefined;
  if (!statement || statement.parent !== file.sf) return false;
  const own = exportedName(fn);
  if (own?.each) return false;
  let exported = own !== undefined;
  for (const n of namesIn(file, file.sf, name.text)) {
    if (n === name) continue;
    const b = file.resolver.resolve(n);
    if (!b || !('name' in b) || b.name !== name) continue;
    if (!exportsOnly(n)) return false;
    exported = true;
  }
  return exported;
}
