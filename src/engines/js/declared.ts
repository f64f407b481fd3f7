import { ts } from './typescript';
import type { JsCallShape, JsClientSpec } from '../../catalogue/define-client';
import { declarable, type ClientDecl } from '../../config/declared';
import { optionsOf } from './calls';
import { jsClients } from './catalogue';
import type { Request } from './detect';
import type { FileCtx } from './file';
import { unwrap } from './parse';

/** `a.b.c` and `this.a.b` as text; undefined for any other callee. */
function calleePath(e: ts.Expression): string | undefined {
  const x = unwrap(e);
  if (ts.isIdentifier(x)) return x.text;
  if (x.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (!ts.isPropertyAccessExpression(x)) return undefined;
  const left = calleePath(x.expression);
  return left === undefined ? undefined : `${left}.${x.name.text}`;
}

// As for wrappers (README): `.get` is any `x.get(…)`, `http.get` also `this.http.get(…)`, `fn` only `fn(…)`.
function matches(path: string, call: string): boolean {
  if (call.startsWith('.')) return path.endsWith(call) && path !== call.slice(1);
  return path === call || path.endsWith(`.${call}`);
}

/** The call shape of a declared client: its own options index, or else that of the `like` client's main call. */
function shapeOf(decl: ClientDecl, spec: JsClientSpec): JsCallShape {
  const main = spec.calls[0]!;
  // No root: defaults set in code on the `like` library (axios.defaults) do not reach an in-house client.
  if (decl.optionsArg === undefined) return { callee: [''], optionsArg: main.optionsArg, insertAt: main.insertAt };
  return { callee: [''], optionsArg: [decl.optionsArg], insertAt: decl.optionsArg };
}

function specFor(decl: ClientDecl, cache: Map<ClientDecl, JsClientSpec | null>): JsClientSpec | null {
  if (cache.has(decl)) return cache.get(decl)!;
  const like = jsClients().find((s) => s.id === decl.like);
  // The config refuses other `like` targets; a declaration made in code may still name one.
  const spec = like && declarable(like) ? { ...like, client: decl.call } : null;
  cache.set(decl, spec);
  return spec;
}

/** Requests sent through in-house clients declared in config, each judged as a request of its `like` client. */
export function declaredRequests(file: FileCtx, decls: readonly ClientDecl[] | undefined, taken: ReadonlySet<ts.Node>): Request[] {
  const mine = (decls ?? []).filter((d) => d.language === 'js');
  if (!mine.length) return [];
  const specs = new Map<ClientDecl, JsClientSpec | null>();
  const out: Request[] = [];
  for (const call of file.callNodes) {
    if (taken.has(call)) continue;
    const path = calleePath(call.expression);
    const decl = path === undefined ? undefined : mine.find((d) => matches(path, d.call));
    const spec = decl && specFor(decl, specs);
    if (!decl || !spec) continue;
    const shape = shapeOf(decl, spec);
    out.push({ spec, call, shape, options: optionsOf(call, shape, file), file });
  }
  return out;
}
