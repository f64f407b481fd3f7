import { ts } from './typescript';

/**
 * Visits every node under `root` in source order with an explicit stack, so deeply nested code cannot
 * overflow the call stack. `visit` returns false to skip a node's children.
 */
export function walk(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const stack: ts.Node[] = [root];
  const kids: ts.Node[] = [];
  while (stack.length) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    kids.length = 0;
    ts.forEachChild(node, (child) => {
      kids.push(child);
    });
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

/** True for nodes that start a new function scope (where `var` and parameters live). */
export function isFunctionScope(node: ts.Node): node is ts.SignatureDeclaration | ts.SourceFile {
  return ts.isSourceFile(node) || ts.isFunctionLike(node);
}

/** The 1-based line of an offset, for messages. */
export function lineAt(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line + 1;
}
