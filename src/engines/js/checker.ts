import type { ts } from '@ts-morph/common';
import type { FileCtx } from './file';
import { type ClientType, clientOfType, typedInstance } from './types';
import type { Val } from './values';

// The Program comes from the editor's typescript-eslint, whose `typescript` may be another version than
// ours: only its objects' own methods are called, never our `ts` functions or SyntaxKind numbers on its nodes.

/** The innermost node of `sf` spanning exactly [start, end), found by descending through children. */
function nodeAt(sf: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  let cur: ts.Node = sf;
  for (let guard = 0; guard < 1000; guard++) {
    const next = cur.getChildren(sf).find((c) => c.getStart(sf) <= start && c.end >= end);
    if (!next) return undefined;
    if (next.getStart(sf) === start && next.end === end) return next;
    cur = next;
  }
  return undefined;
}

/** The package a declaration file belongs to: `axios` for `…/node_modules/axios/index.d.ts`, `@types/x` as `x`. */
function packageOf(fileName: string): string | undefined {
  const at = fileName.replace(/\\/g, '/').lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const parts = fileName.replace(/\\/g, '/').slice(at + '/node_modules/'.length).split('/');
  const name = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  return name.startsWith('@types/') ? name.slice('@types/'.length) : name;
}

function clientOfChecked(checker: ts.TypeChecker, type: ts.Type): ClientType | undefined {
  const parts = type.isUnion() ? type.types.filter((t) => !/^(?:undefined|null)$/.test(checker.typeToString(t))) : [type];
  if (parts.length !== 1) return undefined;
  const sym = parts[0]!.aliasSymbol ?? parts[0]!.getSymbol();
  const decl = sym?.declarations?.[0];
  const pkg = decl && packageOf(decl.getSourceFile().fileName);
  return pkg && sym ? clientOfType(pkg, sym.getName()) : undefined;
}

/**
 * The client instance typescript-eslint's checker says `expr` is, when names and written types cannot tell.
 * Only in ESLint with a typed parser: the CLI never builds a Program (issue #6).
 */
export function checkedInstance(expr: ts.Expression, file: FileCtx): Val | undefined {
  const program = file.program as ts.Program | undefined;
  const psf = program?.getSourceFile(file.path);
  if (!program || !psf || psf.text !== file.sf.text) return undefined;
  let client: ClientType | undefined;
  try {
    const node = nodeAt(psf, expr.getStart(file.sf), expr.end);
    const checker = program.getTypeChecker();
    client = node && clientOfChecked(checker, checker.getTypeAtLocation(node));
  } catch {
    // A Program from another TypeScript version may lack an API: then names alone decide, as in the CLI.
    return undefined;
  }
  return client ? typedInstance(client, expr, file) : undefined;
}
