import { ts } from './typescript';
import type { FileCtx } from './file';
import { unwrap } from './parse';

type Call = ts.CallExpression | ts.NewExpression;

/** The method calls (`x.m(…)`) and property writes (`x.p = …`) made on one receiver, in source order. */
export interface MemberUses {
  calls: Call[];
  writes: ts.BinaryExpression[];
}

interface ReceiverIndex {
  /** By the receiver itself, unwrapped: a request chained on (`http.get(…).setTimeout(ms)`). */
  byNode: Map<ts.Node, MemberUses>;
  /**
   * By the name a receiver is written as: a request or socket held by a name (`req.setTimeout(ms)`), or a property
   * read off a name (`req.socket.destroy()` under `req.socket`).
   */
  byName: Map<string, MemberUses>;
}

function add(map: Map<unknown, MemberUses>, key: unknown, kind: keyof MemberUses, node: Call | ts.BinaryExpression): void {
  let uses = map.get(key);
  if (!uses) map.set(key, (uses = { calls: [], writes: [] }));
  (uses[kind] as (Call | ts.BinaryExpression)[]).push(node);
}

/**
 * The file's member calls and writes by receiver, indexed once: looking up each of a file's thousands of
 * requests then costs its own uses, not a pass over every call and write of the file.
 */
function indexOf(file: FileCtx): ReceiverIndex {
  let index = file.cache.get('receivers') as ReceiverIndex | undefined;
  if (index) return index;
  index = { byNode: new Map(), byName: new Map() };
  const put = (access: ts.Expression, kind: keyof MemberUses, node: Call | ts.BinaryExpression) => {
    if (!ts.isPropertyAccessExpression(access)) return;
    const recv = unwrap(access.expression);
    add(index!.byNode, recv, kind, node);
    if (ts.isIdentifier(recv)) add(index!.byName, recv.text, kind, node);
    else if (ts.isPropertyAccessExpression(recv) && ts.isIdentifier(recv.expression)) add(index!.byName, `${recv.expression.text}.${recv.name.text}`, kind, node);
  };
  for (const c of file.callNodes) put(unwrap(c.expression), 'calls', c);
  for (const w of file.writes) put(w.left, 'writes', w);
  file.cache.set('receivers', index);
  return index;
}

/** The member calls and writes made on any of `nodes` or on a name written as one of `names` (`req`, `req.socket`), in source order. */
export function memberUses(file: FileCtx, nodes: readonly ts.Node[], names: readonly string[]): MemberUses {
  const index = indexOf(file);
  const found = [...nodes.map((n) => index.byNode.get(n)), ...names.map((n) => index.byName.get(n))];
  const inOrder = <T extends ts.Node>(list: T[]) => [...new Set(list)].sort((a, b) => a.pos - b.pos || b.end - a.end);
  return {
    calls: inOrder(found.flatMap((u) => u?.calls ?? [])),
    writes: inOrder(found.flatMap((u) => u?.writes ?? [])),
  };
}

/** Calls by the name they call: `f(…)` under `plain`, `x.m(…)` under `member`. */
interface CallsByName {
  plain: Map<string, ts.CallExpression[]>;
  member: Map<string, ts.CallExpression[]>;
}

/** The file's calls by the name they call (indexed once per file). */
export function callsByName(file: FileCtx): CallsByName {
  let index = file.cache.get('callsByName') as CallsByName | undefined;
  if (index) return index;
  index = { plain: new Map(), member: new Map() };
  for (const c of file.callNodes) {
    if (!ts.isCallExpression(c)) continue;
    const callee = unwrap(c.expression);
    const [map, name] = ts.isIdentifier(c.expression) ? [index.plain, c.expression.text] : ts.isPropertyAccessExpression(callee) ? [index.member, callee.name.text] : [];
    if (!map || name === undefined) continue;
    const list = map.get(name);
    if (list) list.push(c);
    else map.set(name, [c]);
  }
  file.cache.set('callsByName', index);
  return index;
}
