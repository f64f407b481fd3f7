// The names a value may be held by in one function, by their text alone: a name of that text anywhere may hold it,
// which takes in more than the value's own binding.
import { ts } from './typescript';
import { isPropertyName } from './walk';

/**
 * The names what the statement `from` makes may be held by (a request before its timer's clear, a stream piped on):
 * those the statement names, writes or passes it to (`const p = fetch(…)`, `jobs.push(fetch(…))`: `p`, `jobs`), and, in
 * turn, those of each statement in `body` that `between` keeps and that reads one of them (`const q = p.then(…)`).
 * By their text alone, which may take in more: an `await` of any of them may wait for it. `request`: a node of the
 * statement whose names are not taken; `held`: the names that may hold it (all by default).
 */
export function holdersOf(request: ts.Node | undefined, from: ts.Node, body: ts.Node, between: (n: ts.Node) => boolean, held: (id: ts.Identifier) => boolean = () => true): Set<string> {
  const names = new Set<string>();
  const add = (n: ts.Node): void => {
    if (n === request) return;
    if (n.kind === ts.SyntaxKind.ThisKeyword) names.add('this');
    else if (ts.isIdentifier(n) && !isPropertyName(n) && held(n)) names.add(n.text);
    ts.forEachChild(n, add);
  };
  add(from);
  const statements: ts.Node[] = [];
  const collect = (n: ts.Node): void => {
    if (!between(n)) return;
    if ((ts.isExpressionStatement(n) || ts.isVariableStatement(n)) && n !== from) statements.push(n);
    ts.forEachChild(n, collect);
  };
  collect(body);
  const reads = (n: ts.Node): boolean => (ts.isIdentifier(n) && !isPropertyName(n) && names.has(n.text)) || !!ts.forEachChild(n, (c) => (reads(c) ? true : undefined));
  for (let size = -1; size !== names.size; ) {
    size = names.size;
    for (const st of statements) if (reads(st)) add(st);
  }
  return names;
}

/** Whether `n` names one of `holders` (`this` as 'this'), in a function in it too. */
export function namesHeld(n: ts.Node, holders: ReadonlySet<string>): boolean {
  if (n.kind === ts.SyntaxKind.ThisKeyword) return holders.has('this');
  if (ts.isIdentifier(n) && !isPropertyName(n)) return holders.has(n.text);
  return !!ts.forEachChild(n, (c) => (namesHeld(c, holders) ? true : undefined));
}

/**
 * Adds to `holders` the names declared in `body` before `before` (not in a function in it) whose value names one of
 * them (`const closed = once(out, 'close')` before `out` is piped into), until none is added.
 */
export function madeBefore(holders: Set<string>, body: ts.Node, before: ts.Node): void {
  const declared: ts.VariableDeclaration[] = [];
  const collect = (n: ts.Node): void => {
    if (n.pos >= before.pos || (n !== body && ts.isFunctionLike(n))) return;
    if (ts.isVariableDeclaration(n) && n.initializer && n.end <= before.pos) declared.push(n);
    ts.forEachChild(n, collect);
  };
  collect(body);
  const add = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) holders.add(n.text);
    else ts.forEachChild(n, add);
  };
  for (let size = -1; size !== holders.size; ) {
    size = holders.size;
    for (const d of declared) if (namesHeld(d.initializer!, holders)) add(d.name);
  }
}
