import { ts } from './typescript';
import type { JsClientSpec } from '../../catalogue/define-client';
import { clientsOf, jsClients } from './catalogue';
import type { FileCtx } from './file';
import { staticName, unwrap } from './parse';
import { evaluate } from './values';

/** A root named in a framework's list (`imports: [HttpModule]`), which then makes the instance with no options. */
export interface Listed {
  spec: JsClientSpec;
  root: string;
  node: ts.Expression;
  factory: string;
}

let keys: Set<string> | undefined;

/** The object keys under which some client's root may be listed: a cheap filter before any evaluation. */
function listedKeys(): Set<string> {
  keys ??= new Set(jsClients().flatMap((s) => (s.listed ?? []).map((l) => l.key)));
  return keys;
}

/** Each client root the file lists, uncalled, in an array under one of the specs' keys. */
export function findListed(file: FileCtx): Listed[] {
  const out: Listed[] = [];
  if (!file.lists.length || !listedKeys().size) return out;
  for (const list of file.lists) {
    const key = staticName((list.parent as ts.PropertyAssignment).name);
    if (key === undefined || !listedKeys().has(key)) continue;
    for (const el of list.elements) {
      const e = unwrap(el);
      // A call (`HttpModule.register(…)`) makes an instance the catalogue's call shapes judge.
      if (!ts.isIdentifier(e) && !ts.isPropertyAccessExpression(e)) continue;
      const v = evaluate(e, file);
      if (v.kind !== 'ref') continue;
      for (const c of clientsOf(v.base, v.path)) {
        const l = c.path.length ? undefined : c.spec.listed?.find((x) => x.root === c.root && x.key === key);
        if (l) out.push({ spec: c.spec, root: c.root, node: el, factory: l.factory });
      }
    }
  }
  return out;
}
