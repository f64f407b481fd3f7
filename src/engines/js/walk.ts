import { ts } from './typescript';

/**
 * Visits every node under `root` in source order with an explicit stack, so deeply nested code cannot
 * overflow the call stack. `visit` returns false to skip a node's children. With `linkParents`, each child is
 * linked to its parent on the way (a file's first walk does it: see parseSource).
 */
export function walk(root: ts.Node, visit: (node: ts.Node) => boolean | void, linkParents = false): void {
  const stack: ts.Node[] = [root];
  const kids: ts.Node[] = [];
  while (stack.length) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    kids.length = 0;
    ts.forEachChild(node, (child) => {
      if (linkParents) (child as { parent: ts.Node }).parent = node;
      kids.push(child);
    });
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

/** True for nodes that start a new function scope (where `var` and parameters live). */
export function isFunctionScope(node: ts.Node): node is ts.SignatureDeclaration | ts.SourceFile {
  return ts.isSourceFile(node) || ts.isFunctionLike(node);
}

/** The innermost function a node sits in, or undefined at module level. */
export function functionOf(node: ts.Node): ts.Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return n;
  return undefined;
}

/** The 1-based line of an offset, for messages. */
export function lineAt(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line + 1;
}
