// The one client several values name: a fallback (`a ?? fetch`), every write to a `let`, its one rebinding.
import { ts } from './typescript';
import type { JsCallShape } from '../../catalogue/define-client';
import { clientsOf, jsClients, shapeFor } from './catalogue';
import { assignedValues, assignmentTarget, namesIn, writesOf, type FileCtx } from './file';
import { unwrap } from './parse';
import { standInSignal } from './controller';
import type { Binding } from './resolve';
import { type Env, type Val, UNKNOWN, evaluate, judgingMayBe } from './values';

/** Where a call shape reads its arguments: calls alike in this send their options alike. */
function argumentsKey(s: JsCallShape | undefined): string {
  return s ? JSON.stringify([s.optionsArg, s.insertAt, s.urlArg ?? null, s.dataArg ?? null, s.keyedArg ?? null, !!s.construct, !!s.optionsIfObject]) : '-';
}

/**
 * The one client every value names, when each is a reference to a client: the same call (`https` or `http`), or
 * calls of one client that take their arguments alike (`window.fetch.bind(window)` or `require('node-fetch')`:
 * both fetch). Of those, the one that reads more timeout options, so that a key either honours counts as set.
 * Undefined when any value may be something else.
 */
export function oneClient(values: readonly Val[]): Val | undefined {
  let shared: string | undefined;
  let best: Extract<Val, { kind: 'ref' }> | undefined;
  let bestTotal = -1;
  for (const v of values) {
    if (v.kind !== 'ref') return undefined;
    const clients = clientsOf(v.base, v.path);
    if (!clients.length) return undefined;
    const keys = clients.map((c) => {
      const request = shapeFor(c.spec.calls, c.root, c.path, false);
      const factory = shapeFor(c.spec.instances, c.root, c.path, false);
      const exact = `${c.root} ${c.path.join('.')}`;
      return `${c.spec.id} ${request || factory ? `${argumentsKey(request)} ${argumentsKey(factory)}` : exact}`;
    });
    const key = keys.sort().join('\n');
    if (shared !== undefined && key !== shared) return undefined;
    shared = key;
    const total = Math.max(...clients.map((c) => shapeFor(c.spec.calls, c.root, c.path, false)?.total?.length ?? 0));
    if (total > bestTotal) (best = v), (bestTotal = total);
  }
  return best;
}

export const FALLBACK = new Set([ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken]);

let globalNames: Set<string> | undefined;

/** The globals clients are reached from (`fetch`, `XMLHttpRequest`). */
function globalClientNames(): Set<string> {
  globalNames ??= new Set(jsClients().flatMap((s) => Object.values(s.roots).flat().flatMap((r) => (r.global ? [r.global] : []))));
  return globalNames;
}

/**
 * `injected ?? fetch`, `this.http || axios.create(…)`: a client the code falls back to is what runs when the
 * left side is not given, as a parameter's default is (policy, evaluate.ts); a client on the left runs itself.
 * Anything else is unknown.
 */
export function fallbackClient(e: ts.BinaryExpression, file: FileCtx, depth: number, env?: Env): Val {
  const isClient = (v: Val): boolean => v.kind === 'instance' || (v.kind === 'ref' && clientsOf(v.base, v.path).length > 0);
  const right = evaluate(e.right, file, depth + 1, env);
  const or = e.operatorToken.kind === ts.SyntaxKind.BarBarToken;
  const absent = (left: Val) => left.kind === 'unknown' || (left.kind === 'lit' && (left.value === undefined || left.value === null || (or && !left.value)));
  // `ext ?? new AbortController()`: the controller made here is the one the request gets when none is given.
  if (right.kind === 'controller') return absent(evaluate(e.left, file, depth + 1, env)) ? right : UNKNOWN;
  // `ext ?? c.signal`: so is the signal of one a timer aborts (standInSignal).
  const signal = standInSignal(right, e.right, e.left, 'given');
  if (signal) return absent(evaluate(e.left, file, depth + 1, env)) ? signal : UNKNOWN;
  if (!isClient(right)) {
    // `globalThis.fetch || require('node-fetch')`: a client on the left is truthy, so it is what runs. Only a
    // left side that names a global client is evaluated: `a || b` is everywhere.
    const named = unwrap(e.left);
    const name = ts.isIdentifier(named) ? named.text : ts.isPropertyAccessExpression(named) ? named.name.text : undefined;
    const left = name !== undefined && globalClientNames().has(name) ? evaluate(e.left, file, depth + 1, env) : UNKNOWN;
    return isClient(left) ? left : UNKNOWN;
  }
  const left = evaluate(e.left, file, depth + 1, env);
  if (isClient(left)) return left;
  return absent(left) ? right : UNKNOWN;
}

const activeBindings = new Set<ts.Identifier>();

/**
 * `let fetch;` that an init function sets in each branch (`fetch = window.fetch.bind(window)`, else
 * `fetch = require('node-fetch')`, as dropbox's src/auth.js does): where every value the name is given, its
 * initializer included, is the same client (`oneClient`), a call through it sends that client's request. Before
 * any write it holds `undefined`, and a call of that throws. Undefined when any write is not a plain `=` to this
 * binding or may give anything else.
 */
export function everyWrite(b: Extract<Binding, { kind: 'var' }>, file: FileCtx, depth: number, env?: Env): Val | undefined {
  if (b.path.length || b.redeclared || activeBindings.has(b.name)) return undefined;
  let known = file.cache.get('everyWrite') as Map<ts.Node, Val | undefined> | undefined;
  if (!known) file.cache.set('everyWrite', (known = new Map()));
  if (!env && known.has(b.name)) return known.get(b.name);
  const v = clientOfEveryWrite(b, file, depth, env);
  if (!env && !judgingMayBe()) known.set(b.name, v);
  return v;
}

function clientOfEveryWrite(b: Extract<Binding, { kind: 'var' }>, file: FileCtx, depth: number, env?: Env): Val | undefined {
  const assigned = assignedValues(b, file);
  if (!assigned) return undefined;
  const init = b.init && unwrap(b.init);
  const given = init && !(init.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(init) && init.text === 'undefined'));
  const writes = given ? [init, ...assigned] : assigned;
  if (!writes.length) return undefined;
  activeBindings.add(b.name);
  try {
    return clientOfWrites(writes, (x) => evaluate(x, file, depth + 1, env));
  } finally {
    activeBindings.delete(b.name);
  }
}

/**
 * `let ctrl;` that each search sets anew (`if (ctrl) ctrl.abort(); ctrl = new AbortController()`): where every
 * value the name is given is a fresh controller (or `null`, `undefined`), a signal read from it is one of theirs,
 * bounded as the name's uses say (controller.ts). Undefined when any write may give anything else.
 */
export function everyController(b: Extract<Binding, { kind: 'var' }>, file: FileCtx, depth: number, env?: Env): Val | undefined {
  if (b.path.length || activeBindings.has(b.name)) return undefined;
  const writes = assignedValues(b, file);
  // Only a name the code writes: one whose only value is its initializer is read as written (evaluate.ts).
  if (!writes?.length) return undefined;
  if (b.init) writes.unshift(b.init);
  const made: Extract<Val, { kind: 'controller' }>[] = [];
  activeBindings.add(b.name);
  try {
    for (const x of writes) {
      const e = unwrap(x);
      if (e.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(e) || (ts.isIdentifier(e) && e.text === 'undefined')) continue;
      const v = evaluate(e, file, depth + 1, env);
      if (v.kind !== 'controller' || v.binding || (made[0] && made[0].api.name !== v.api.name)) return undefined;
      made.push(v);
    }
  } finally {
    activeBindings.delete(b.name);
  }
  return made[0] && { ...made[0], binding: b, env };
}

/** The one client (`oneClient`) the values written give, read in turn until one is no client reference. */
export function clientOfWrites(writes: readonly ts.Expression[], read: (x: ts.Expression) => Val): Val | undefined {
  const clients: ts.Expression[] = [];
  const others: ts.Expression[] = [];
  const values: Val[] = [];
  for (const x of writes) {
    if (ts.isObjectLiteralExpression(unwrap(x))) return undefined;
    const v = neverClient(x) ? UNKNOWN : read(x);
    if (v.kind === 'ref' && clientsOf(v.base, v.path).length) {
      clients.push(x);
      values.push(v);
    } else if (v.kind === 'object' || v.kind === 'instance') return undefined;
    else others.push(x);
  }
  // `if (opts.fetch) { this.fetch = opts.fetch; } else { this.fetch = fetch; }`: as with `c ? x : fetch`
  // (objects.ts, either), the client runs whenever its arm is taken. Only a write in the other arm of an if/else
  // than a client's is such an alternative: one elsewhere may replace the client before any request.
  if (!clients.length || !others.every((o) => clients.some((c) => inOtherArms(o, c)))) return undefined;
  return oneClient(values);
}

/** `a` and `b` are in the two arms of one `if` (the `else` may hold another `if`). */
function inOtherArms(a: ts.Node, b: ts.Node): boolean {
  for (let n: ts.Node = a; n.parent; n = n.parent) {
    const p = n.parent;
    if (!ts.isIfStatement(p) || !p.elseStatement || n === p.expression) continue;
    const other = n === p.thenStatement ? p.elseStatement : p.thenStatement;
    if (b.pos >= other.pos && b.end <= other.end) return true;
  }
  return false;
}

/**
 * A value no client reference can be, by its syntax: a literal, an object, a function, `new`, arithmetic; or taken
 * as none: what a method other than `bind` returns (`this.makeFetch()`), which is not followed.
 */
export function neverClient(e: ts.Expression): boolean {
  const x = unwrap(e);
  if (ts.isCallExpression(x)) {
    const callee = unwrap(x.expression);
    return ts.isPropertyAccessExpression(callee) && callee.name.text !== 'bind';
  }
  if (ts.isBinaryExpression(x)) return !FALLBACK.has(x.operatorToken.kind) && x.operatorToken.kind !== ts.SyntaxKind.CommaToken;
  return ts.isLiteralExpression(x) || ts.isObjectLiteralExpression(x) || ts.isArrayLiteralExpression(x) || ts.isFunctionLike(x) ||
    ts.isClassExpression(x) || ts.isNewExpression(x) || ts.isTemplateExpression(x) || ts.isPrefixUnaryExpression(x) ||
    ts.isPostfixUnaryExpression(x) || ts.isTypeOfExpression(x) || ts.isAwaitExpression(x) || x.kind === ts.SyntaxKind.ThisKeyword ||
    x.kind === ts.SyntaxKind.TrueKeyword || x.kind === ts.SyntaxKind.FalseKeyword;
}

/**
 * The one plain `x = …` statement that rebinds a `let`/`var` after its declaration, in the same statement
 * list (`request = request.defaults({ jar: true })` at the top of a module), and before any other use of the
 * name; undefined when the name is assigned anywhere else, inside a condition or a function, more than once,
 * or read before it (that read would see the first value).
 */
export function rebinding(b: Extract<Binding, { kind: 'var' }>, file: FileCtx): ts.BinaryExpression | undefined {
  const list = writesOf(b, file);
  const w = list.length === 1 ? list[0] : undefined;
  if (!w || b.path.length || b.redeclared || !ts.isBinaryExpression(w) || w.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  if (!ts.isIdentifier(w.left)) return undefined;
  const st = w.parent;
  const body = ts.isFunctionLike(b.scope) ? (b.scope as ts.FunctionLikeDeclaration).body : b.scope;
  if (!ts.isExpressionStatement(st) || !body || st.parent !== body || st.pos < b.name.end) return undefined;
  return readFirstAfter(w, b, file) ? w : undefined;
}

/** Whether every read of `b` outside the rebinding `w` comes after it (worked out once per rebinding). */
function readFirstAfter(w: ts.BinaryExpression, b: Extract<Binding, { kind: 'var' }>, file: FileCtx): boolean {
  const key = `readFirstAfter:${w.pos}`;
  const known = file.cache.get(key) as boolean | undefined;
  if (known !== undefined) return known;
  const after = !namesIn(file, b.scope, b.name.text).some((n) => n !== w.left && n !== b.name && n.pos < w.pos && file.resolver.resolve(n) === b);
  file.cache.set(key, after);
  return after;
}

/**
 * How the code rebinds a parameter: null when nothing writes it (it holds what the caller passes, or its
 * default); the one plain `config = { ...defaults, ...config }` statement of its function's body (reads after it
 * see its value, reads before it the first), or that statement in the branch of an `if` there (reads after it see
 * either value); undefined for any other write (in another branch, a loop, a nested function, twice): then it may hold
 * anything.
 */
export function paramRebinding(b: Extract<Binding, { kind: 'param' }>, file: FileCtx): ts.BinaryExpression | undefined | null {
  if (!writesOf(b, file).length) return null;
  let known = file.cache.get('paramRebinding') as Map<ts.Identifier, ts.BinaryExpression | undefined | null> | undefined;
  if (!known) file.cache.set('paramRebinding', (known = new Map()));
  if (!known.has(b.name)) known.set(b.name, findParamRebinding(b, file));
  return known.get(b.name);
}

function findParamRebinding(b: Extract<Binding, { kind: 'param' }>, file: FileCtx): ts.BinaryExpression | undefined | null {
  const fn = b.param.parent;
  // Only a write inside the function can rebind its parameter.
  const mine = writesOf(b, file).filter((w) => w.pos >= fn.pos && w.end <= fn.end);
  if (!mine.length) return null;
  const w = mine.length === 1 ? mine[0] : undefined;
  if (!w || !ts.isBinaryExpression(w) || w.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isIdentifier(w.left)) return undefined;
  const body = 'body' in fn ? (fn.body as ts.Node | undefined) : undefined;
  if (!body || !ts.isExpressionStatement(w.parent)) return undefined;
  return w.parent.parent === body || conditionalIn(w, body) ? w : undefined;
}

/** The `if` without `else` whose branch holds a rebinding: `if (token) options = { ...options, headers };`, or in a block. */
function ifOf(w: ts.BinaryExpression): ts.IfStatement | undefined {
  const st = w.parent;
  const branch = ts.isBlock(st.parent) ? st.parent : st;
  const p = branch.parent;
  return ts.isIfStatement(p) && p.thenStatement === branch && !p.elseStatement ? p : undefined;
}

function conditionalIn(w: ts.BinaryExpression, body: ts.Node): boolean {
  return ifOf(w)?.parent === body;
}

/** Whether a parameter's rebinding (`paramRebinding`) runs only when its `if` holds: then either value may be read. */
export function isConditionalRebinding(w: ts.BinaryExpression): boolean {
  return ifOf(w) !== undefined;
}
