import type { ts as TS } from '@ts-morph/common';

type Ts = typeof TS;

// `.get` matches any `x.get(…)`; `http.get` matches `http.get(…)` and `this.http.get(…)`; `fn` only `fn(…)`.
function matches(path: string, call: string): boolean {
  if (call.startsWith('.')) return path.endsWith(call) && path !== call.slice(1);
  return path === call || path.endsWith(`.${call}`);
}

function calleePath(ts: Ts, e: TS.Expression): string | undefined {
  if (ts.isIdentifier(e)) return e.text;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(e)) {
    const left = calleePath(ts, e.expression);
    return left === undefined ? undefined : `${left}.${e.name.text}`;
  }
  if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) return calleePath(ts, e.expression);
  return undefined;
}

/** Ranges of the calls (and `new`) to the named wrappers in JS/TS text, found on a parse of the file. */
export function jsWrapperSpans(text: string, filePath: string, calls: readonly string[]): [number, number][] {
  // Loaded here: TypeScript is needed only when a file mentions a declared wrapper.
  const { ts } = require('../../engines/js/typescript') as { ts: Ts };
  const { parseSource } = require('../../engines/js/parse') as typeof import('../../engines/js/parse');
  const sf = parseSource(text, filePath);
  const spans: [number, number][] = [];
  const visit = (node: TS.Node): void => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && !ts.isTaggedTemplateExpression(node)) {
      const path = calleePath(ts, node.expression);
      if (path && calls.some((c) => matches(path, c))) spans.push([node.getStart(sf), node.end]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return spans;
}
