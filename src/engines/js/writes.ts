import { ts } from './typescript';
import type { FileCtx } from './file';
import { calledOnlyElsewhere } from './exported';
import { chainOf } from './origin';
import { writesNothing } from './fix';
import { booleanLiteral, lastOfSequence, unwrap } from './parse';
import type { Binding } from './resolve';
import { holderExpression } from './walk';
import { type Val, evaluate } from './values';

// Keys deeper than this under an options object are not followed (`opts.a.b.c.d.e = …`): each write costs at most
// this many steps, so a file's writes cost time linear in their number.
const MAX_PATH = 4;

type Obj = Extract<Val, { kind: 'object' }>;
type Chained = {
  write: ts.BinaryExpression | ts.CallExpression; root: ts.Identifier; names: string[]; anyKey?: true; binding?: Binding | null;
  /** What a merge call copies onto the object (`Object.assign(opts, a, b)`). */
  sources?: readonly ts.Expression[];
};

// Helpers that copy keys onto their first argument: Object.assign, lodash/underscore `_.assign|extend|merge|defaults`,
// jQuery's and the `extend` package's `extend([deep,] target, …)`, and a file's own `extend(a, b)`.
const MERGE = /^(assign|assignIn|extend|deepExtend|merge|deepMerge|mergeDeep|mixin|defaults|defaultsDeep)$/;

/**
 * `Object.assign(opts, more)`, `extend(opts, more)`, `_.merge(opts, more)` as a statement of its own: its result
 * unused, so it is called for what it copies onto `opts`.
 */
function mergeInto(call: ts.CallExpression): Omit<Chained, 'write'> | undefined {
  if (!ts.isExpressionStatement(holderExpression(call))) return undefined;
  // `(0, extend_1.default)(…)`: how TypeScript and Babel call an imported function.
  const callee = lastOfSequence(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  // `extend_1.default`, `lodash_merge_1.default`: a module's default export, named by the module.
  const module = name === 'default' && ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression.text : '';
  if (!MERGE.test(name) && !/^_*(extend|merge|assign|deepmerge)/i.test(module)) return undefined;
  const args = call.arguments;
  const at = args[0] && !ts.isSpreadElement(args[0]) && booleanLiteral(args[0]) === true ? 1 : 0;
  const target = args[at];
  const chain = target && !ts.isSpreadElement(target) ? chainOf(target) : undefined;
  return chain && args.length > at + 1 ? { ...chain, sources: args.slice(at + 1) } : undefined;
}

/**
 * The chain a write lands on: `a.b.c = v`, `a.b['c'] = v`, or `a.b[k] = v` with a key the analysis cannot read,
 * which may write any key (`for (k in defaults) opts[k] = defaults[k]`, a copy of options from elsewhere).
 */
function writeChain(left: ts.Expression): Omit<Chained, 'write'> | undefined {
  if (ts.isPropertyAccessExpression(left)) return chainOf(left);
  if (!ts.isElementAccessExpression(left)) return undefined;
  const base = unwrap(left.expression);
  const chain = ts.isIdentifier(base) ? { root: base, names: [] } : ts.isPropertyAccessExpression(base) ? chainOf(base) : undefined;
  if (!chain) return undefined;
  const arg = unwrap(left.argumentExpression);
  const key = ts.isStringLiteralLike(arg) || ts.isNumericLiteral(arg) ? arg.text : undefined;
  return key === undefined ? { ...chain, anyKey: true } : { root: chain.root, names: [...chain.names, key] };
}

/** The file's `a.b.c = v` writes by the name at their root, each with its chain of names; built once per file. */
function writesByRoot(file: FileCtx): Map<string, Chained[]> {
  let index = file.cache.get('writesByRoot') as Map<string, Chained[]> | undefined;
  if (index) return index;
  index = new Map();
  const add = (entry: Chained): void => {
    const list = index!.get(entry.root.text);
    if (list) list.push(entry);
    else index!.set(entry.root.text, [entry]);
  };
  for (const write of file.writes) {
    const chain = writeChain(write.left);
    if (chain) add({ write, ...chain });
  }
  let merges = false;
  for (const call of file.callNodes) {
    const chain = ts.isCallExpression(call) ? mergeInto(call) : undefined;
    if (chain) add({ write: call as ts.CallExpression, ...chain }), (merges = true);
  }
  // Writes and merges apply in source order.
  if (merges) for (const list of index.values()) list.sort((a, b) => a.write.pos - b.write.pos);
  file.cache.set('writesByRoot', index);
  return index;
}

/**
 * The object a nested write lands in, under `obj` at `key`: made on first use. A value written whole before
 * (`opts.timeout = { connect }`, then `opts.timeout.request = …`) keeps its keys; one the analysis cannot see into
 * leaves the object open (contract: it may hold any key).
 */
function nestedAt(obj: Obj, key: string, write: ts.BinaryExpression, file: FileCtx): Obj {
  const p = obj.props.get(key);
  if (p?.value?.kind === 'object') return p.value;
  const whole = p ? evaluate(p.expr, p.file, 0, p.env) : undefined;
  const empty = !whole || (whole.kind === 'lit' && (whole.value === undefined || whole.value === null));
  const next: Obj = whole?.kind === 'object'
    ? { kind: 'object', props: new Map(whole.props), open: whole.open }
    : { kind: 'object', props: new Map(), open: !empty };
  obj.props.set(key, { expr: write.left, node: write, file, value: next });
  return next;
}

/**
 * What the file writes onto the object `node` names, step by step and in source order: `opts.signal = …`, and
 * nested keys too (`opts.timeout.request = …`, `agentOpts.connect.timeout = …`), as one object whose keys the
 * writes set. Undefined when nothing is written onto it.
 */
export function writtenOnto(node: ts.Expression, file: FileCtx): Val | undefined {
  const arg = chainOf(node);
  const list = arg && writesByRoot(file).get(arg.root.text);
  if (!arg || !list) return undefined;
  const binding = file.resolver.resolve(arg.root);
  // Many requests pass the same object: what is written onto it is worked out once.
  let memo = file.cache.get('writtenOnto') as Map<Binding | null, Map<string, Val | undefined>> | undefined;
  if (!memo) file.cache.set('writtenOnto', (memo = new Map()));
  let byPath = memo.get(binding);
  if (!byPath) memo.set(binding, (byPath = new Map()));
  const key = [arg.root.text, ...arg.names].join('.');
  if (!byPath.has(key)) byPath.set(key, collect(list, arg.names, binding, file));
  return byPath.get(key);
}

const LOGICAL = new Set([ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken]);

/**
 * `if (o.signal === undefined) o.signal = null`, `o.signal || (o.signal = null)`: a write under a test of the same
 * place, which then holds nothing or what the test let through. A null written so clears nothing; one written
 * under any other condition (`if (noTimeout) o.timeout = null`) may.
 */
function underTestOfItself(write: ts.BinaryExpression, sf: ts.SourceFile): boolean {
  const place = write.left.getText(sf).replace(/\s+/g, '');
  const names = (e: ts.Expression): boolean => {
    const text = e.getText(sf).replace(/\s+/g, '');
    for (let at = text.indexOf(place); at >= 0; at = text.indexOf(place, at + 1)) {
      if (!/[\w$]/.test(text[at + place.length] ?? '')) return true;
    }
    return false;
  };
  for (let n: ts.Node = write, p = write.parent; p && !ts.isFunctionLike(p) && !ts.isSourceFile(p); n = p, p = p.parent) {
    const test = ts.isIfStatement(p) && p.expression !== n ? p.expression
      : ts.isConditionalExpression(p) && p.condition !== n ? p.condition
      : ts.isBinaryExpression(p) && p.right === n && LOGICAL.has(p.operatorToken.kind) ? p.left : undefined;
    if (test && names(test)) return true;
  }
  return false;
}

/**
 * `if (t > 0) init.signal = AbortSignal.timeout(t)`, `if (t) o.timeout = t`: a write under a test of a name that
 * the analysis reads as 0, `undefined` or `null` where the write is (its default, `t = 0`, `{ t = 0 } = opts`, a
 * const): the test fails, so on that path nothing is written. A name it cannot read keeps the write (contract).
 * Not a write of the tested name itself, whose value is then read as written.
 */
function skippedByItsTest(write: ts.BinaryExpression, file: FileCtx): boolean {
  // Only in a function every call of which is in another module: there the default is what a caller that omits the
  // timeout gets. A call of the file may pass one, and the writes are read once for every call.
  let fn: ts.Node | undefined = write.parent;
  while (fn && !ts.isFunctionLike(fn) && !ts.isSourceFile(fn)) fn = fn.parent;
  if (!fn || !ts.isFunctionLike(fn)) return false;
  const own = ts.isFunctionDeclaration(fn) ? fn.name : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name : undefined;
  if (!own || !calledOnlyElsewhere(fn, own, file)) return false;
  for (let n: ts.Node = write, p = write.parent; p && !ts.isFunctionLike(p) && !ts.isSourceFile(p); n = p, p = p.parent) {
    if (!ts.isIfStatement(p) || p.thenStatement !== n) continue;
    const test = unwrap(p.expression);
    const name = ts.isIdentifier(test) ? test
      : ts.isBinaryExpression(test) && ts.isIdentifier(unwrap(test.left)) && ts.isNumericLiteral(unwrap(test.right)) && unwrap(test.right).getText(file.sf) === '0' &&
        [ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(test.operatorToken.kind) ? unwrap(test.left) as ts.Identifier
      : undefined;
    // `if (t > 0) xhr.timeout = t` writes the tested value itself: read as written, its 0 is the never value, fixed at
    // its default (cause-fix.ts).
    const right = unwrap(write.right);
    if (!name || (ts.isIdentifier(right) && right.text === name.text)) return false;
    const v = evaluate(name, file);
    if (v.kind !== 'lit') return false;
    // `!== 0` lets `undefined` and `null` through; `> 0` and a bare name do not.
    const bare = !ts.isBinaryExpression(test) || test.operatorToken.kind === ts.SyntaxKind.GreaterThanToken;
    return v.value === 0 || (bare && (v.value === undefined || v.value === null || v.value === false || v.value === ''));
  }
  return false;
}

function sameBinding(entry: Chained, binding: Binding | null, file: FileCtx): boolean {
  if (entry.binding === undefined) entry.binding = file.resolver.resolve(entry.root);
  return entry.binding === binding;
}

/** The keys a merge copies: each source's, or any key (contract) from a source the analysis cannot see into. */
function copyOnto(out: Obj, sources: readonly ts.Expression[], file: FileCtx): void {
  for (const src of sources) {
    const v = ts.isSpreadElement(src) ? undefined : evaluate(src, file);
    if (v?.kind === 'object') {
      for (const [k, p] of v.props) out.props.set(k, p);
      if (v.open) out.open = true;
    } else if (!(v?.kind === 'lit' && (v.value === undefined || v.value === null))) {
      out.open = true;
    }
  }
}

/** The writes of `list` under `prefix` on `binding`, applied in source order. */
function collect(list: Chained[], prefix: readonly string[], binding: Binding | null, file: FileCtx): Val | undefined {
  const out: Obj = { kind: 'object', props: new Map(), open: false };
  for (const entry of list) {
    const { write, names } = entry;
    if (entry.sources) {
      if (names.length === prefix.length && prefix.every((n, i) => names[i] === n) && sameBinding(entry, binding, file)) copyOnto(out, entry.sources, file);
      continue;
    }
    if (!ts.isBinaryExpression(write)) continue;
    const depth = names.length - prefix.length + (entry.anyKey ? 1 : 0);
    if (depth < 1 || depth > MAX_PATH || !prefix.every((n, i) => names[i] === n)) continue;
    if (!sameBinding(entry, binding, file)) continue;
    // A key filled in with nothing where it holds nothing (`if (o.signal === undefined) o.signal = null`) keeps what it held.
    if (writesNothing(write.right) && underTestOfItself(write, file.sf)) continue;
    if (skippedByItsTest(write, file)) continue;
    let obj = out;
    const path = names.slice(prefix.length);
    for (const key of entry.anyKey ? path : path.slice(0, -1)) obj = nestedAt(obj, key, write, file);
    // contract: a key the analysis cannot read may be any key, the timeout's too.
    if (entry.anyKey) obj.open = true;
    else obj.props.set(path[path.length - 1]!, { expr: write.right, node: write, file });
  }
  return out.props.size || out.open ? out : undefined;
}
