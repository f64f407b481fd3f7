// A request kept on `this` (`this.req = https.request(…)`): what the class's code does to `this.req` sets its options.
import { ts } from './typescript';
import type { JsClientSpec } from '../../catalogue/define-client';
import { abortCallState } from './controller';
import type { FileCtx } from './file';
import { unwrap } from './parse';
import { ownerBodies, thisClass, thisOf } from './this-owner';
import type { Prop } from './values';
import { outermost, walk } from './walk';

/** `this.req` (or `self.req`) in `this.req = <last>`, when `this` is a class's or a constructor's instance. */
function thisField(last: ts.Expression, file: FileCtx): { name: string; cls: ts.Node } | undefined {
  const n = outermost(last);
  const p = n.parent;
  if (!ts.isBinaryExpression(p) || p.right !== n || p.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(p.left)) return undefined;
  const self = thisOf(p.left.expression, file);
  const cls = self && thisClass(self, file);
  return cls ? { name: p.left.name.text, cls } : undefined;
}

/**
 * The options the class's code sets on a request it keeps on `this`: `this.req.setTimeout(ms)` and the
 * handle's properties written anywhere in the class; `ended` when a timer calls `this.req.destroy()` (or
 * another of `spec.handle.aborts`), which bounds it whole. Undefined when the request is not kept on `this`.
 */
export function thisHandleOptions(last: ts.Expression, spec: JsClientSpec, file: FileCtx): { props: Map<string, Prop>; ended: boolean } | undefined {
  const h = spec.handle;
  const field = h && thisField(last, file);
  if (!h || !field) return undefined;
  const props = new Map<string, Prop>();
  let ended = false;
  const ownsField = (x: ts.Expression): boolean => {
    if (!ts.isPropertyAccessExpression(x) || x.name.text !== field.name) return false;
    const self = thisOf(x.expression, file);
    return !!self && thisClass(self, file) === field.cls;
  };
  for (const body of ownerBodies(field.cls as Parameters<typeof ownerBodies>[0], file)) {
    walk(body, (n) => {
      if (!ts.isPropertyAccessExpression(n) || !ownsField(unwrap(n.expression))) return true;
      const use = n.parent;
      const m = h.methods?.find((x) => x.name === n.name.text);
      if (m && ts.isCallExpression(use) && use.expression === n && use.arguments[0]) props.set(m.option, { expr: use.arguments[0], node: use, file });
      else if (h.properties?.includes(n.name.text) && ts.isBinaryExpression(use) && use.left === n && use.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        props.set(n.name.text, { expr: use.right, node: use, file });
      } else if (h.aborts?.includes(n.name.text) && ts.isCallExpression(use) && use.expression === n && abortCallState(n, file.sf, file) !== null) {
        ended = true;
      }
      return true;
    });
  }
  return { props, ended };
}
