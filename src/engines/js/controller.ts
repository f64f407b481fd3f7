import { ts } from './typescript';
import { controllerPackage } from './catalogue';
import { isConstant, isGlobal, namesIn, type FileCtx } from './file';
import { singleReturn, staticName, unwrap } from './parse';
import { followedState, relayedFrom } from './relay';
import type { Binding } from './resolve';
import { evaluate, type ControllerApi, type Env, type SignalState, type Val } from './values';
import { holderOf, invokedInPlace, outermost, walk } from './walk';

/** Made by code outside any function (but one invoked in place) or class: once, when the module loads. */
function madeAtModuleLoad(node: ts.Node): boolean {
  for (let n = node.parent; n; n = n.parent) if ((ts.isFunctionLike(n) && !invokedInPlace(n)) || ts.isClassLike(n)) return false;
  return true;
}

/** A signal made at `node`; a timed one made at module load is shared by every later request (issue #3). */
export function signalOf(node: ts.Node, file: FileCtx, state: SignalState, note?: string): Val {
  const moduleScope = state === 'timed' && madeAtModuleLoad(node) ? true : undefined;
  return { kind: 'signal', state, node, file, note, moduleScope };
}

export function calleeName(call: ts.CallExpression | ts.NewExpression): string {
  const c = unwrap(call.expression);
  return ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) ? c.name.text : '';
}

const TIMER_PROMISES = new Set(['timers/promises', 'node:timers/promises']);

/**
 * A promise that settles after a delay: `setTimeout(ms)` or `scheduler.wait(ms)` of `node:timers/promises`,
 * `new Promise((r) => setTimeout(r, ms))`, or a function of this file that returns one (`sleep(ms)`).
 */
function isDelay(expr: ts.Expression, file: FileCtx, depth = 0): boolean {
  const e = unwrap(expr);
  if (depth > 3 || !(ts.isCallExpression(e) || ts.isNewExpression(e))) return false;
  if (ts.isNewExpression(e)) {
    const executor = e.arguments?.[0];
    if (calleeName(e) !== 'Promise' || !executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) return false;
    let timer = false;
    walk(executor, (n) => !(timer ||= ts.isCallExpression(n) && calleeName(n) === 'setTimeout'));
    return timer;
  }
  const callee = evaluate(e.expression, file, depth + 1);
  if (callee.kind === 'ref' && 'module' in callee.base && TIMER_PROMISES.has(callee.base.module)) {
    const path = callee.path.join('.');
    return path === 'setTimeout' || path === 'scheduler.wait';
  }
  const fn = localFunction(e.expression, file);
  const returned = fn && singleReturn(fn);
  return !!returned && isDelay(returned, file, depth + 1);
}

/**
 * Where a delay's ms is written: the second argument of the executor's setTimeout, the first of `setTimeout(ms)`
 * of timers/promises, or for a local function (`sleep(5000)`) the argument its parameter passes on.
 */
function delayMsExpression(e: ts.CallExpression | ts.NewExpression, file: FileCtx, depth: number): ts.Expression | undefined {
  if (depth > 3) return undefined;
  if (ts.isNewExpression(e)) {
    let timer: ts.CallExpression | undefined;
    walk(e.arguments![0]!, (n) => !(timer ||= ts.isCallExpression(n) && calleeName(n) === 'setTimeout' ? n : undefined));
    return timer?.arguments[1];
  }
  const fn = localFunction(e.expression, file);
  if (!fn) return e.arguments[0];
  const returned = singleReturn(fn);
  const inner = returned && unwrap(returned);
  const ms = inner && (ts.isCallExpression(inner) || ts.isNewExpression(inner)) ? delayMsExpression(inner, file, depth + 1) : undefined;
  const b = ms && ts.isIdentifier(unwrap(ms)) ? file.resolver.resolve(unwrap(ms) as ts.Identifier) : undefined;
  if (b?.kind !== 'param') return ms;
  const i = fn.parameters.indexOf(b.param);
  return i >= 0 && !b.path.length && !b.param.dotDotDotToken ? e.arguments[i] : undefined;
}

/** Where a delay (see isDelay) writes its ms: `5000` of `new Promise((r) => setTimeout(r, 5000))`. */
export function delayMsArgument(expr: ts.Expression, file: FileCtx): ts.Expression | undefined {
  const e = unwrap(expr);
  return (ts.isCallExpression(e) || ts.isNewExpression(e)) && isDelay(e, file) ? delayMsExpression(e, file, 0) : undefined;
}

/** The ms a delay (see isDelay) waits, where the engine reads it as a number: `new Promise((r) => setTimeout(r, 5000))`. */
export function delayMs(expr: ts.Expression, file: FileCtx): number | undefined {
  const e = unwrap(expr);
  const scaled = ts.isCallExpression(e) && isDelay(e, file) ? scaledDelayMs(e, file) : undefined;
  if (scaled !== undefined) return scaled;
  const ms = delayMsArgument(expr, file);
  const v = ms && evaluate(ms, file);
  return v && v.kind === 'lit' && typeof v.value === 'number' && Number.isFinite(v.value) && v.value > 0 ? v.value : undefined;
}

/**
 * `timeout(10)` of a helper that waits its parameter times a factor (`setTimeout(…, s * 1000)`, seconds): the
 * argument's number times the factor.
 */
function scaledDelayMs(e: ts.CallExpression, file: FileCtx): number | undefined {
  const fn = localFunction(e.expression, file);
  const returned = fn && singleReturn(fn);
  const inner = returned && unwrap(returned);
  const ms = inner && (ts.isCallExpression(inner) || ts.isNewExpression(inner)) ? delayMsExpression(inner, file, 1) : undefined;
  const m = ms && unwrap(ms);
  if (!fn || !m || !ts.isBinaryExpression(m) || m.operatorToken.kind !== ts.SyntaxKind.AsteriskToken) return undefined;
  const [name, factor] = ts.isNumericLiteral(m.right) ? [m.left, m.right] : ts.isNumericLiteral(m.left) ? [m.right, m.left] : [];
  const id = name && unwrap(name);
  const b = id && ts.isIdentifier(id) ? file.resolver.resolve(id) : undefined;
  if (b?.kind !== 'param' || b.path.length || b.param.dotDotDotToken || !factor) return undefined;
  const arg = e.arguments[fn.parameters.indexOf(b.param)];
  const v = arg && evaluate(arg, file);
  const product = v?.kind === 'lit' && typeof v.value === 'number' ? v.value * Number(factor.text.replace(/_/g, '')) : NaN;
  return Number.isFinite(product) && product > 0 ? product : undefined;
}

/** The function of this file a callee names: `function sleep() {}`, `const sleep = (ms) => …`. */
function localFunction(callee: ts.Expression, file: FileCtx): ts.SignatureDeclaration | undefined {
  const c = unwrap(callee);
  const b = ts.isIdentifier(c) ? file.resolver.resolve(c) : undefined;
  if (b?.kind === 'function') return b.decl;
  const init = b?.kind === 'var' && isConstant(b, file) && !b.path.length && b.init ? unwrap(b.init) : undefined;
  return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
}

/** The statements of the block that holds `stmt` and come before it. */
function statementsBefore(stmt: ts.Statement): readonly ts.Statement[] {
  const block = stmt.parent;
  if (!ts.isBlock(block) && !ts.isSourceFile(block)) return [];
  return block.statements.slice(0, block.statements.indexOf(stmt));
}

/** `function later(fn, ms) { const t = setTimeout(fn, ms); t.unref?.(); return t }`: the parameter at `index` goes to setTimeout. */
function forwardsToTimer(call: ts.CallExpression, index: number, file: FileCtx): boolean {
  const fn = localFunction(call.expression, file);
  const param = fn?.parameters[index];
  const body = fn && 'body' in fn ? (fn.body as ts.Node | undefined) : undefined;
  if (!body || !param || !ts.isIdentifier(param.name)) return false;
  const name = param.name.text;
  let found = false;
  walk(body, (n) => {
    if (ts.isCallExpression(n) && calleeName(n) === 'setTimeout' && n.arguments[0] && ts.isIdentifier(unwrap(n.arguments[0]))) {
      const arg = unwrap(n.arguments[0]) as ts.Identifier;
      const b = file.resolver.resolve(arg);
      found ||= arg.text === name && b?.kind === 'param' && b.param === param;
    }
    return !found;
  });
  return found;
}

/**
 * True when `node` runs on a timer: in the callback of `setTimeout(...)` or of a function of the file that hands
 * it to setTimeout, of a delay's `.then(...)` (`sleep(ms).then(() => c.abort())`), or after an `await` of a delay
 * in its block (`await sleep(ms); c.abort()`).
 */
function inTimer(node: ts.Node, stop: ts.Node, file: FileCtx): boolean {
  for (let n: ts.Node = node; n !== stop && n.parent; n = n.parent) {
    const p = n.parent;
    if (ts.isCallExpression(p) && p.arguments[0] === n) {
      if (calleeName(p) === 'setTimeout' || forwardsToTimer(p, 0, file)) return true;
      const c = unwrap(p.expression);
      if (ts.isPropertyAccessExpression(c) && (c.name.text === 'then' || c.name.text === 'finally') && isDelay(c.expression, file)) return true;
    }
    if (ts.isExpressionStatement(n) || ts.isReturnStatement(n) || ts.isThrowStatement(n)) {
      const waited = statementsBefore(n).some((st) => ts.isExpressionStatement(st) && ts.isAwaitExpression(st.expression) && isDelay(st.expression, file));
      if (waited) return true;
    }
  }
  return false;
}

/**
 * `c.abort()`, `c.abort.bind(c)`, `c.abort.call(c)`: abort runs on its controller. A bare `c.abort` handed to
 * setTimeout runs with `this` the timer, and throws (Node: private member #signal; browsers: Illegal invocation).
 */
function isBoundCall(abort: ts.PropertyAccessExpression): boolean {
  const p = abort.parent;
  if (ts.isCallExpression(p) && p.expression === abort) return true;
  return ts.isPropertyAccessExpression(p) && p.expression === abort && ['bind', 'call', 'apply'].includes(p.name.text);
}

/** `const { token, cancel } = source()`: an abort function taken out of the controller, which the walk cannot follow. */
function abortTakenOut(ctrl: Extract<Val, { kind: 'controller' }>): boolean {
  const d = ctrl.node.parent;
  if (!ts.isVariableDeclaration(d) || !ts.isObjectBindingPattern(d.name)) return false;
  return d.name.elements.some((el) => el.dotDotDotToken || staticName(el.propertyName ?? el.name) === ctrl.api.abort);
}

/** `const { signal } = controller`: only the signal is taken out, so the controller does not escape. */
function takesSignalOnly(use: ts.Identifier, api: ControllerApi): boolean {
  const d = use.parent;
  if (!ts.isVariableDeclaration(d) || d.initializer !== use || !ts.isObjectBindingPattern(d.name)) return false;
  return d.name.elements.every((el) => !el.dotDotDotToken && staticName(el.propertyName ?? el.name) === api.signal);
}

/**
 * `const abort = () => controller.abort(); setTimeout(abort, ms)`: the abort sits in a named function of the
 * controller's scope, and a timer runs that function (handed to it, or called from its callback).
 */
function timerRunsHolder(access: ts.Node, scope: ts.Node, file: FileCtx): boolean {
  let fn: ts.Node | undefined = access.parent;
  while (fn && fn !== scope && !ts.isFunctionLike(fn)) fn = fn.parent;
  const name = fn && fn !== scope ? holderOf(fn) : undefined;
  const b = name && file.resolver.resolve(name);
  if (!name || !b) return false;
  return namesIn(file, scope, name.text).some((n) => n !== name && inTimer(n, scope, file) && file.resolver.resolve(n) === b);
}

/**
 * `safeSetTimeout(() => c.abort(), ms)` with a function of another module: handed the abort and what may be a delay
 * (not a list, an object or a function, as `useEffect(fn, [deps])` and `onExit(fn, { … })` are), it may run it on a
 * timer; contract: what the analysis cannot see counts as set.
 */
function handedToUnseen(access: ts.Node, scope: ts.Node, file: FileCtx): boolean {
  let fn: ts.Node | undefined = access.parent;
  while (fn && fn !== scope && !ts.isFunctionLike(fn)) fn = fn.parent;
  const call = fn && fn !== scope ? fn.parent : undefined;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== fn || call.arguments.length !== 2) return false;
  const delay = unwrap(call.arguments[1]!);
  if (ts.isArrayLiteralExpression(delay) || ts.isObjectLiteralExpression(delay) || ts.isFunctionLike(delay) || ts.isStringLiteralLike(delay)) return false;
  const callee = evaluate(call.expression, file);
  return callee.kind === 'ref' && 'module' in callee.base;
}

/**
 * How a call of another object's abort method (`xhr.abort()`) bounds it: run by a timer, or by a helper of
 * another module handed a delay, or when another signal aborts (bounded as that one is); null: not at all.
 * `closure`: the abort is a function that works unbound (`setTimeout(abort, ms)`, a bare name: `abort()`).
 */
export function abortCallState(access: ts.PropertyAccessExpression | ts.Identifier, scope: ts.Node, file: FileCtx, closure = false): 'timed' | 'unknown' | null {
  if (inTimer(access, scope, file) || timerRunsHolder(access, scope, file)) return closure || (ts.isPropertyAccessExpression(access) && isBoundCall(access)) ? 'timed' : null;
  if (handedToUnseen(access, scope, file)) return 'unknown';
  const source = relayedFrom(access, scope, file);
  return source ? followedState(source, file, access) : null;
}

/** What the uses of a controller's names tell: a timer aborts it, it is handed where the analysis cannot see, or setTimeout calls its abort unbound. */
interface Uses {
  timed: boolean;
  escaped: boolean;
  unbound: boolean;
}

/**
 * `if (ctrl)`, `!ctrl`, `ctrl && …`, `ctrl === null`, `typeof ctrl`: a test of the name, which hands the controller
 * nowhere (`ctrl && x` gives `ctrl` only when it is falsy, no controller).
 */
export function onlyTested(n: ts.Expression): boolean {
  const p = n.parent;
  if ((ts.isIfStatement(p) || ts.isWhileStatement(p) || ts.isDoStatement(p)) && p.expression === n) return true;
  if (ts.isConditionalExpression(p)) return p.condition === n;
  if (ts.isPrefixUnaryExpression(p)) return p.operator === ts.SyntaxKind.ExclamationToken;
  if (ts.isTypeOfExpression(p)) return true;
  if (!ts.isBinaryExpression(p)) return false;
  const op = p.operatorToken.kind;
  if (op === ts.SyntaxKind.AmpersandAmpersandToken) return p.left === n;
  return op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
    op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
}

/** `ctrl = …`: a write of the name (a `let` that holds one controller after another), no use of what it held. */
function writtenTo(n: ts.Identifier): boolean {
  const p = n.parent;
  return ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

/** `console.log('source:', source)`: handed to the global console, which prints it and aborts nothing. */
function logged(n: ts.Identifier, file: FileCtx): boolean {
  const x = outermost(n);
  const call = x.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(x as ts.Expression)) return false;
  const callee = unwrap(call.expression);
  return ts.isPropertyAccessExpression(callee) && isGlobal(unwrap(callee.expression), 'console', file);
}

/**
 * `current = controller`, `const c = controller`: another name of this file that holds the controller, whose uses
 * are the controller's ("abort the previous search": `current?.abort()` on the next call is no timer). Not a
 * name the module exports, which code elsewhere may abort.
 */
function holderOfValue(n: ts.Identifier, file: FileCtx): Extract<Binding, { kind: 'var' }> | undefined {
  const p = n.parent;
  const name = ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken ? unwrap(p.left)
    : ts.isVariableDeclaration(p) && p.initializer === n ? p.name : undefined;
  const b = name && ts.isIdentifier(name) ? file.resolver.resolve(name) : undefined;
  if (b?.kind !== 'var' || b.path.length) return undefined;
  const statement = b.name.parent.parent?.parent;
  const exported = statement && ts.isVariableStatement(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  return exported ? undefined : b;
}

function scanUses(ctrl: Extract<Val, { kind: 'controller' }>, b: Extract<Binding, { kind: 'var' }>, out: Uses, seen: Set<Binding>): void {
  const { api } = ctrl;
  // A property name (`x.source`, `{ source: 1 }`) is no use of the binding: namesIn leaves it out.
  for (const n of namesIn(ctrl.file, b.scope, b.name.text)) {
    if (n === b.name || ctrl.file.resolver.resolve(n) !== b) continue;
    const p = n.parent;
    const access = ts.isPropertyAccessExpression(p) && p.expression === n ? p : undefined;
    const use = access ? access.name.text : '';
    if (access && use === api.abort && (inTimer(access, b.scope, ctrl.file) || timerRunsHolder(access, b.scope, ctrl.file))) {
      if (api.closure || isBoundCall(access)) out.timed = true;
      else out.unbound = true;
    } else if (use !== api.signal && use !== api.abort && !takesSignalOnly(n, api)) {
      if (onlyTested(n) || writtenTo(n) || logged(n, ctrl.file)) continue;
      const holder = holderOfValue(n, ctrl.file);
      if (!holder) out.escaped = true;
      else if (!seen.has(holder)) {
        seen.add(holder);
        scanUses(ctrl, holder, out, seen);
      }
    } else if (access && use === api.abort) {
      // Aborted when another signal aborts: bounded as that signal is.
      const source = relayedFrom(access, b.scope, ctrl.file);
      const state = source && followedState(source, ctrl.file, ctrl.node, ctrl.env);
      if (state === 'timed') out.timed = true;
      else if (state === 'unknown' || handedToUnseen(access, b.scope, ctrl.file)) out.escaped = true;
    }
  }
}

/**
 * A controller made in place of one the caller may give (`ext ?? new AbortController()`, `ext || …`, `ext ? ext :
 * …`): the value the whole expression stands for, which holds the caller's where given.
 */
export function standsIn(made: ts.Node): ts.Node | undefined {
  let n = outermost(made);
  for (let p = n.parent; ; p = n.parent) {
    const fallback = ts.isBinaryExpression(p) && p.right === n && (p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || p.operatorToken.kind === ts.SyntaxKind.BarBarToken);
    if (!fallback && !(ts.isConditionalExpression(p) && p.condition !== n)) break;
    n = outermost(p);
  }
  return n === outermost(made) ? undefined : n;
}

/**
 * `ext ?? c.signal` (`||`, `cond ? ext : c.signal`): the signal of a controller a timer aborts, given where the
 * caller's is not. As `ext ?? new AbortController()` (standsIn), the request is judged on that path, which is the
 * only one the analysis sees; `when` names it. Undefined for any other value: the caller's may be bounded (contract).
 */
export function standInSignal(v: Val, side: ts.Expression, when: ts.Expression, holds: boolean | 'given'): Val | undefined {
  if (v.kind !== 'signal' || v.state !== 'timed' || !ts.isNewExpression(v.node) || v.standIn) return undefined;
  const text = when.getText(v.file.sf);
  const short = text.length <= 40 && !text.includes('\n');
  const path = holds === 'given' ? (short ? `\`${text}\` is not given` : 'none is given') : short ? `\`${text}\` ${holds ? 'holds' : 'does not hold'}` : `its condition ${holds ? 'holds' : 'does not hold'}`;
  return { ...v, moduleScope: undefined, standIn: { side, when: path } };
}

/** fetch docs (http-clients.md): a controller bounds a request only if a timer calls its abort(). */
export function controllerSignal(ctrl: Extract<Val, { kind: 'controller' }>): Val {
  const b = ctrl.binding;
  const { api } = ctrl;
  if (!b && api.closure && abortTakenOut(ctrl)) return signalOf(ctrl.node, ctrl.file, 'unknown');
  if (!b || b.kind !== 'var') return signalOf(ctrl.node, ctrl.file, b ? 'unknown' : 'untimed');
  const out: Uses = { timed: false, escaped: false, unbound: false };
  scanUses(ctrl, b, out, new Set([b]));
  if (out.timed || out.escaped) return signalOf(ctrl.node, ctrl.file, out.timed ? 'timed' : 'unknown');
  // With no timer of its own, the caller's controller, where given, may be bounded: counts as set (contract).
  if (standsIn(ctrl.node)) return signalOf(ctrl.node, ctrl.file, 'unknown');
  return signalOf(ctrl.node, ctrl.file, 'untimed', neverNote(ctrl, out.unbound));
}

function neverNote(ctrl: Extract<Val, { kind: 'controller' }>, unbound: boolean): string {
  const { api } = ctrl;
  const line = ctrl.file.sf.getLineAndCharacterOfPosition(ctrl.node.getStart(ctrl.file.sf)).line + 1;
  return unbound
    ? ` The ${api.name} on line ${line} is never ${api.verb}: setTimeout calls its ${api.abort} unbound, which throws; use () => controller.${api.abort}().`
    : ` The ${api.name} on line ${line} is never ${api.verb} by a timer.`;
}


/** `ref.current`, `this.controller`, `state.search.controller`: a chain of property names off a name or `this`. */
function chainOf(e: ts.Expression): { root: ts.Expression; path: string[] } | undefined {
  const path: string[] = [];
  let x = unwrap(e);
  while (ts.isPropertyAccessExpression(x) && ts.isIdentifier(x.name)) {
    path.unshift(x.name.text);
    x = unwrap(x.expression);
  }
  return path.length && (ts.isIdentifier(x) || x.kind === ts.SyntaxKind.ThisKeyword) ? { root: x, path } : undefined;
}

/** The class whose instance `this` is at `node`: through arrow functions, up to a method, accessor, constructor or field. */
function thisClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isArrowFunction(n)) continue;
    if (ts.isClassLike(n)) return n;
    if (ts.isFunctionLike(n) || ts.isPropertyDeclaration(n) || ts.isClassStaticBlockDeclaration(n)) {
      return (ts.isMethodDeclaration(n) || ts.isConstructorDeclaration(n) || ts.isAccessor(n) || ts.isPropertyDeclaration(n)) && n.parent && ts.isClassLike(n.parent) ? n.parent : undefined;
    }
  }
  return undefined;
}

/** What holds a controller: `this` of one class, or a const of the file no export names, and where it is used. */
type Holder = { root: ts.ClassLikeDeclaration | Binding; path: string[]; scope: ts.Node };

function holderAt(e: ts.Expression, file: FileCtx): Holder | undefined {
  const chain = chainOf(e);
  if (!chain) return undefined;
  if (chain.root.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = thisClass(chain.root);
    return cls ? { root: cls, path: chain.path, scope: cls } : undefined;
  }
  const b = file.resolver.resolve(chain.root as ts.Identifier);
  if (b?.kind !== 'var' || b.path.length || !b.init || !isConstant(b, file)) return undefined;
  const statement = b.name.parent.parent?.parent;
  if (statement && ts.isVariableStatement(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return undefined;
  return { root: b, path: chain.path, scope: b.scope };
}

/** A const of the file that holds an object literal: no instance of a class. */
function plainObject(e: ts.Expression, file: FileCtx): boolean {
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
  return b?.kind === 'var' && !b.path.length && !!b.init && isConstant(b, file) && ts.isObjectLiteralExpression(unwrap(b.init));
}

function sameHolder(e: ts.Expression, h: Holder, file: FileCtx): boolean {
  const chain = chainOf(e);
  if (!chain || chain.path.length !== h.path.length || chain.path.some((p, i) => p !== h.path[i])) return false;
  if (chain.root.kind === ts.SyntaxKind.ThisKeyword) return thisClass(chain.root) === h.root;
  return ts.isIdentifier(chain.root) && file.resolver.resolve(chain.root) === h.root;
}

function isNewController(e: ts.Expression, file: FileCtx): boolean {
  const x = unwrap(e);
  return ts.isNewExpression(x) && isControllerClass(x.expression, file);
}

/**
 * `AbortController` (also as `globalThis.AbortController`), or a class given in its place beside it, which is made
 * to its API: `Impl || AbortController`, `AbortController ?? Polyfill`, `c ? Impl : AbortController`, and a constant
 * that holds one of these.
 */
export function isControllerClass(e: ts.Expression, file: FileCtx, depth = 0, env?: Env, hops = 0): boolean {
  const x = unwrap(e);
  if (hops > 8) return false;
  const either = (a: ts.Expression, b: ts.Expression) => isControllerClass(a, file, depth, env, hops + 1) || isControllerClass(b, file, depth, env, hops + 1);
  if (ts.isBinaryExpression(x) && (x.operatorToken.kind === ts.SyntaxKind.BarBarToken || x.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) return either(x.left, x.right);
  if (ts.isConditionalExpression(x)) return either(x.whenTrue, x.whenFalse);
  const b = ts.isIdentifier(x) ? file.resolver.resolve(x) : undefined;
  if (b?.kind === 'var' && isConstant(b, file) && !b.path.length && b.init) return isControllerClass(b.init, file, depth, env, hops + 1);
  const v = evaluate(x, file, depth + 1, env);
  return (v.kind === 'ref' && 'global' in v.base && v.base.global === 'AbortController' && !v.path.length) || controllerPackage(v) !== undefined;
}

/** The package whose controller class a signal's controller was made from (`new (require('abort-controller'))()`). */
export function signalPackage(signal: Val): string | undefined {
  if (signal.kind !== 'signal' || !ts.isNewExpression(signal.node)) return undefined;
  const { file } = signal;
  let x = unwrap(signal.node.expression);
  for (let i = 0; ts.isIdentifier(x) && i < 8; i++) {
    const b = file.resolver.resolve(x);
    if (b?.kind !== 'var' || !isConstant(b, file) || b.path.length || !b.init) break;
    x = unwrap(b.init);
  }
  return controllerPackage(evaluate(x, file));
}

/** `h = new AbortController()` written as a statement of its own. */
function writesNew(st: ts.Statement, h: Holder, file: FileCtx): boolean {
  if (!ts.isExpressionStatement(st)) return false;
  const x = unwrap(st.expression);
  return ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.EqualsToken && sameHolder(x.left, h, file) && isNewController(x.right, file);
}

/**
 * `h?.abort(); h = new AbortController();`: the abort ends the previous request as the next one starts (also
 * under `if (h) { … }`), in the same block as the write that follows it.
 */
function abortsPrevious(call: ts.Node, h: Holder, file: FileCtx): boolean {
  let n = outermost(call).parent;
  if (!ts.isExpressionStatement(n)) return false;
  for (;;) {
    const p: ts.Node = n.parent;
    if (ts.isBlock(p) || ts.isSourceFile(p)) {
      const after = p.statements.slice(p.statements.indexOf(n as ts.Statement) + 1);
      if (after.some((st) => writesNew(st, h, file))) return true;
      if (!ts.isBlock(p) || !ts.isIfStatement(p.parent) || p.parent.thenStatement !== p) return false;
      n = p.parent;
    } else if (ts.isIfStatement(p) && p.thenStatement === n) {
      n = p;
    } else {
      return false;
    }
  }
}

/**
 * `ref.current?.abort(); ref.current = new AbortController(); fetch(u, { signal: ref.current.signal })`, also with
 * `this.controller` or an object's property: a controller held by a property that every write gives a new
 * AbortController (or clears), whose every abort is the previous one's as the next request starts, bounds no
 * request: nothing aborts it on a silent server. A timer's abort bounds it; any other abort or use (handed
 * anywhere, a cleanup, a cancel button) may, and leaves the holder unread (undefined).
 */
export function heldControllerSignal(holder: ts.Expression, file: FileCtx): Val | undefined {
  const h = holderAt(holder, file);
  if (!h) return undefined;
  let known = file.cache.get('heldController') as Map<object, Map<string, Val | undefined>> | undefined;
  if (!known) file.cache.set('heldController', (known = new Map()));
  let byPath = known.get(h.root);
  if (!byPath) known.set(h.root, (byPath = new Map()));
  const key = h.path.join('.');
  if (!byPath.has(key)) byPath.set(key, heldSignal(holder, h, file));
  return byPath.get(key);
}

function heldSignal(holder: ts.Expression, h: Holder, file: FileCtx): Val | undefined {
  let made: ts.Node | undefined;
  let timed = false;
  let bail = false;
  const root = h.root;
  // The const itself handed anywhere may reach code that aborts it.
  if (!ts.isClassLike(root as ts.Node)) {
    const b = root as Extract<Binding, { kind: 'var' }>;
    for (const n of namesIn(file, b.scope, b.name.text)) {
      if (n === b.name || file.resolver.resolve(n) !== b) continue;
      if (!ts.isPropertyAccessExpression(n.parent) || n.parent.expression !== n) return undefined;
    }
  }
  // A class extended in the file: its subclasses' methods may abort it too; so may code that reaches the field
  // on an instance (`searcher.controller.abort()`).
  if (ts.isClassLike(root as ts.Node)) {
    const name = (root as ts.ClassLikeDeclaration).name?.text;
    const key = h.path.join('.');
    let other = !name;
    walk(file.sf, (n) => {
      other ||= ts.isHeritageClause(n) && n.types.some((t) => ts.isIdentifier(t.expression) && t.expression.text === name);
      if (!other && ts.isPropertyAccessExpression(n) && n.name.text === 'abort') {
        const chain = chainOf(n.expression);
        other = !!chain && chain.root.kind !== ts.SyntaxKind.ThisKeyword && chain.path.join('.').endsWith(key) && !plainObject(chain.root, file);
      }
      return !other;
    });
    if (other) return undefined;
  }
  walk(h.scope, (n) => {
    if (bail) return false;
    if (!ts.isPropertyAccessExpression(n)) return true;
    if (!sameHolder(n, h, file)) {
      // `function () { this.controller.abort() }` in a method: a `this` the analysis cannot tie to the class.
      const chain = chainOf(n);
      bail = !!chain && chain.root.kind === ts.SyntaxKind.ThisKeyword && chain.path.join('.') === h.path.join('.') && ts.isClassLike(root as ts.Node);
      return !bail;
    }
    const o = outermost(n);
    const p = o.parent;
    if (ts.isBinaryExpression(p) && p.left === o && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const v = unwrap(p.right);
      if (isNewController(v, file)) made ??= v;
      else if (!(v.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(v) && v.text === 'undefined'))) bail = true;
    } else if (ts.isPropertyAccessExpression(p) && p.expression === o && p.name.text === 'signal') {
      // the signal handed to a request
    } else if (ts.isPropertyAccessExpression(p) && p.expression === o && p.name.text === 'abort' && ts.isCallExpression(p.parent) && p.parent.expression === p) {
      if (inTimer(p, h.scope, file) || timerRunsHolder(p, h.scope, file)) timed = true;
      else if (!abortsPrevious(p.parent, h, file)) bail = true;
    } else if (!onlyTested(o as ts.Expression)) bail = true;
    return false;
  });
  if (bail || !made) return undefined;
  if (timed) return signalOf(made, file, 'timed');
  const line = file.sf.getLineAndCharacterOfPosition(made.getStart(file.sf)).line + 1;
  const text = unwrap(holder).getText(file.sf);
  return signalOf(made, file, 'untimed', ` The AbortController on line ${line}, held in ${text}, is aborted only when the next request starts, and never by a timer.`);
}
