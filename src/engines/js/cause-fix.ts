// Fixes at the value that takes a timeout away: a never value, an idle value that only emits, a signal no timer aborts.
import { ts } from './typescript';
import type { JsClientSpec } from '../../catalogue/define-client';
import type { EngineSettings, Finding } from '../../model/finding';
import type { OptionState, Verdict } from './evaluate';
import { signalPackage } from './controller';
import type { FileCtx } from './file';
import { replaceNode } from './fix';
import { es5Only } from './syntax-level';
import { render } from './options-fix';
import { type Origin, chainOf, declaredOrigin, parameterOrigin } from './origin';
import { staticName, unwrap } from './parse';
import { heldList, relaysEach } from './relay';
import { phaseOf } from './response-phase';
import { readAgain } from './signal-fix';
import { type Env, evaluate } from './values';
import { functionOf } from './walk';

/**
 * A never value is replaced where it is written. One that comes in through a parameter keeps the parameter
 * working: its default (or the same-file argument) gets the timeout, not the use. Where that place cannot be
 * told, `value || ms` keeps the caller's value only if every falsy value means "no timeout" for the client
 * (0 among its never values; ky's 0 fails at once), and it is a suggestion.
 */
function neverFix(cause: Extract<OptionState, { state: 'never' }>, ms: number, never: readonly unknown[], file: FileCtx): Pick<Finding, 'fix' | 'suggestions'> {
  const { expr, node, env } = cause.prop!;
  const origin = parameterOrigin(expr, file, env) ?? neverDeclared(expr, never, file, env);
  if (origin && origin !== 'unknown' && origin.file === file) return { fix: replaceNode(file.sf, origin.node, String(ms)) };
  // `if (t > 0) xhr.timeout = t`: written there, the timeout would still be skipped whenever the test fails, and
  // every value a caller gives overwritten.
  if (guardedBy(expr, file)) return {};
  if (!origin) return ts.isShorthandPropertyAssignment(node) ? {} : { fix: replaceNode(file.sf, expr, String(ms)) };
  if (!never.includes(0)) return {};
  const text = expr.getText(file.sf);
  const fix = ts.isShorthandPropertyAssignment(node) ? replaceNode(file.sf, node, `${text}: ${text} || ${ms}`) : replaceNode(file.sf, expr, `${text} || ${ms}`);
  return { suggestions: [{ desc: `Fall back to ${ms} when ${text} is not set`, fix }] };
}

/**
 * `const { timeoutMs = 0 } = opts`: where a name declared here takes its never value, when that is a never literal
 * written there (the default a caller's own value replaces).
 */
function neverDeclared(expr: ts.Expression, never: readonly unknown[], file: FileCtx, env: Env | undefined): Origin | undefined {
  const origin = declaredOrigin(expr, file, env);
  if (!origin || origin === 'unknown' || origin.file !== file) return undefined;
  const v = evaluate(origin.node, file);
  const x = unwrap(origin.node);
  const literal = ts.isLiteralExpression(x) || x.kind === ts.SyntaxKind.NullKeyword || x.kind === ts.SyntaxKind.FalseKeyword;
  return literal && v.kind === 'lit' && never.includes(v.value) ? origin : undefined;
}

/**
 * The value is a name (or a member of one) that a test the write sits under reads: `if (t > 0) xhr.timeout = t`,
 * `t ? { timeout: t } : {}`, `t && (opts.timeout = t)`.
 */
function guardedBy(expr: ts.Expression, file: FileCtx): boolean {
  const chain = chainOf(expr);
  if (!chain) return false;
  const b = file.resolver.resolve(chain.root);
  const same = (id: ts.Identifier) => id.text === chain.root.text && file.resolver.resolve(id) === b;
  const reads = (test: ts.Node): boolean => (ts.isIdentifier(test) && same(test)) || !!ts.forEachChild(test, (c) => (reads(c) ? true : undefined));
  for (let n: ts.Node = expr; n.parent && !ts.isFunctionLike(n) && !ts.isSourceFile(n); n = n.parent) {
    const p = n.parent;
    const test =
      ts.isIfStatement(p) && p.expression !== n ? p.expression
      : ts.isConditionalExpression(p) && p.condition !== n ? p.condition
      : ts.isBinaryExpression(p) && p.right === n && (p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || p.operatorToken.kind === ts.SyntaxKind.BarBarToken) ? p.left
      : undefined;
    if (test && reads(test)) return true;
  }
  return false;
}

/**
 * `timeout: 0` of an idle option that only emits an event (node:http): another idle value stops nothing without
 * a handler, so the property becomes the total option (`signal: AbortSignal.timeout(ms)`). Only where that is
 * safe: the object is written in the call (a signal made per request; one made at module load would fire once),
 * holds no other signal or spread, and the file listens for no `'timeout'` event (a handler makes the idle
 * value work, and a total bound would cut a long transfer it lets run). Elsewhere the value is replaced.
 */
function emitsOnlyFix(cause: Extract<OptionState, { state: 'never' }>, v: Verdict, file: FileCtx, spec: JsClientSpec, settings: EngineSettings): Pick<Finding, 'fix'> | undefined {
  const { node } = cause.prop!;
  const entry = spec.fix.total;
  if (v.total.state !== 'absent' || !ts.isPropertyAssignment(node) || !entry.path || entry.path.includes('.')) return undefined;
  const object = node.parent;
  if (!ts.isObjectLiteralExpression(object) || !ts.isCallExpression(object.parent) || !object.parent.arguments.includes(object)) return undefined;
  if (object.properties.some((p) => ts.isSpreadAssignment(p) || (p !== node && p.name && staticName(p.name) === entry.path))) return undefined;
  if (handled(file, cause)) return undefined;
  return { fix: replaceNode(file.sf, node, `${entry.path}: ${render(entry.value, settings)}`) };
}

/**
 * `req.setTimeout(0)` or `socket.setTimeout(0)` where nothing listens for `'timeout'`: an idle value alone only
 * emits the event, so the fix gives the call a callback that destroys its receiver (`req.setTimeout(30000, () =>
 * req.destroy(new Error('timed out')))`), when the receiver is a name it can write again. An idle value in options
 * stops nothing without such a handler: it is only a suggestion.
 */
function destroyOnIdle(cause: Extract<OptionState, { state: 'never' }>, ms: number, file: FileCtx): Pick<Finding, 'fix' | 'suggestions'> {
  const { node, expr } = cause.prop!;
  const callee = ts.isCallExpression(node) ? unwrap(node.expression) : undefined;
  const receiver = callee && ts.isPropertyAccessExpression(callee) ? unwrap(callee.expression) : undefined;
  if (receiver && (node as ts.CallExpression).arguments.length === 1) {
    // A listener runs with `this` the emitter: a chain's request (`get(u).on('error', f).setTimeout(0)`) has no
    // name, and TypeScript would want `this` typed, so there a function is written only in JS.
    const destroy = `${ts.isIdentifier(receiver) ? receiver.text : 'this'}.destroy(new Error('timed out'))`;
    if (ts.isIdentifier(receiver)) return { fix: replaceNode(file.sf, expr, es5Only(file) ? `${ms}, function () { ${destroy}; }` : `${ms}, () => ${destroy}`) };
    if (!/\.[mc]?tsx?$/i.test(file.path)) return { fix: replaceNode(file.sf, expr, `${ms}, function () { ${destroy}; }`) };
  }
  const restore = neverFix(cause, ms, [0], file);
  const fix = restore.fix ?? restore.suggestions?.[0]?.fix;
  const desc = `Set ${ms} ms; it only emits 'timeout', so add a handler that destroys the request`;
  return fix ? { suggestions: [{ desc, fix }] } : {};
}

const LISTENERS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/** Whether the file adds a listener for `event` anywhere (`req.on('timeout', …)`). */
function listensFor(file: FileCtx, event: string): boolean {
  return file.callNodes.some((c) => {
    const callee = unwrap(c.expression);
    const first = ts.isCallExpression(c) ? c.arguments[0] : undefined;
    return ts.isPropertyAccessExpression(callee) && LISTENERS.has(callee.name.text) && !!first && ts.isStringLiteralLike(first) && first.text === event;
  });
}

/**
 * Whether an idle value of the request would be acted on: the file listens for its event, and the request is not one
 * whose listeners end it on no such event (response-phase.ts).
 */
function handled(file: FileCtx, cause: Extract<OptionState, { state: 'never' }>): boolean {
  return listensFor(file, cause.option) && !phaseOf(cause.layer.at)?.unheard.includes(cause.option);
}

/**
 * `{ signal, timeout: 8000 }` to a client that skips its timeout when given a signal (ofetch): the ms written
 * there, which the fix's timeout signal keeps.
 */
function skippedTimeoutMs(signalProp: ts.Node, spec: JsClientSpec): number | undefined {
  const lit = signalProp.parent;
  const option = spec.total.options.find((o) => o.ignoredWith === 'signal' && o.unit === 'ms');
  if (!option || !ts.isObjectLiteralExpression(lit)) return undefined;
  const prop = lit.properties.find((p) => ts.isPropertyAssignment(p) && staticName(p.name) === option.name) as ts.PropertyAssignment | undefined;
  const value = prop && unwrap(prop.initializer);
  const ms = value && ts.isNumericLiteral(value) ? Number(value.text.replace(/_/g, '')) : undefined;
  return ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** Whether the timer's ms, a number or a name, can be written at `at`: a name declared before it (a `const` after is not yet set). */
function seenAt(ms: string | undefined, at: ts.Node, file: FileCtx): boolean {
  if (ms === undefined || /^\d/.test(ms)) return true;
  const b = file.resolver.lookup(ms, at);
  return !!b && (b.kind === 'param' || (b.kind === 'var' && b.name.end <= at.getStart(file.sf)));
}

/** A never value is replaced; a signal that never fires is combined with a timeout (issue #3 fixes). */
export function causeFix(cause: OptionState | undefined, v: Verdict, file: FileCtx, spec: JsClientSpec, settings: EngineSettings): Pick<Finding, 'fix' | 'suggestions'> {
  if (!cause || (cause.state !== 'never' && cause.state !== 'untimed') || !cause.prop || cause.prop.file !== file) return {};
  // Fix kind `none`: the client takes no edit (report.ts fixesFor).
  if (spec.fix.kind === 'none') return {};
  const connect = cause === v.connect;
  const ms = Math.round((connect ? settings.connectTimeout : settings.totalTimeout) * 1000);
  const emitsOnly = cause.state === 'never' && spec.idle?.some((o) => o.name === cause.option && o.emitsOnly);
  const signalFix = emitsOnly ? emitsOnlyFix(cause as Extract<OptionState, { state: 'never' }>, v, file, spec, settings) : undefined;
  if (signalFix) return signalFix;
  if (emitsOnly && !handled(file, cause)) return destroyOnIdle(cause as Extract<OptionState, { state: 'never' }>, ms, file);
  if (cause.state === 'never') return neverFix(cause, ms, (connect ? spec.connect?.never : spec.total.never) ?? [], file);
  // Only an AbortSignal can be merged with AbortSignal.any (a cancel token cannot).
  if (cause.option !== 'signal') return {};
  // `ext ?? c.signal` in the request's function: the controller's side gets the timeout, the caller's is kept as it is.
  const side = cause.cleared?.side && functionOf(cause.cleared.side) === functionOf(cause.prop.node) && seenAt(cause.cleared.armedMs, cause.cleared.side, file) ? cause.cleared.side : undefined;
  const expr = side ?? cause.prop.expr;
  const node = side ?? cause.prop.node;
  // A timer cleared once the headers arrive keeps its own ms: the added timeout is never cleared, so a shorter one
  // would cut the bound the code gives the request.
  const own = cause.cleared?.armedMs ?? skippedTimeoutMs(node, spec);
  const timeout = `AbortSignal.timeout(${own ?? Math.round(settings.totalTimeout * 1000)})`;
  // `{ signal }` becomes `signal: …`, naming the same binding.
  const shorthand = ts.isShorthandPropertyAssignment(node) ? node : undefined;
  if (shorthand?.objectAssignmentInitializer) return {};
  const replace = (text: string) => (shorthand ? replaceNode(file.sf, shorthand, `${shorthand.name.text}: ${text}`) : replaceNode(file.sf, expr, text));
  if (cause.shared) return { suggestions: [{ desc: 'Create the timeout signal per request', fix: replace(timeout) }] };
  // The timer's own ms cannot be written at the request (`const { ms = 45000 } = opts`, `opts.ms ?? 20000`): the
  // configured total could cut the bound the code means, so the fix is offered, not applied.
  if (cause.cleared && own === undefined) {
    const fix = replace(`AbortSignal.any([${expr.getText(file.sf)}, ${timeout}])`);
    return { suggestions: [{ desc: `Add ${timeout} beside the controller's signal (check the total: the timer's own ms is not known here)`, fix }] };
  }
  // A polyfill's signal (`require('abort-controller')`) is no AbortSignal of the platform: Node's AbortSignal.any
  // takes it but never follows its abort, so a cancel the code makes through it would be lost.
  const made = signalPackage(evaluate(expr, file));
  if (made) {
    const fix = replace(`AbortSignal.any([${expr.getText(file.sf)}, ${timeout}])`);
    return { suggestions: [{ desc: `Add ${timeout} beside the controller's signal (check its other aborts: ${made}'s signal is not the platform's AbortSignal, and AbortSignal.any does not follow it in Node)`, fix }] };
  }
  const any = unwrap(expr);
  const list = ts.isCallExpression(any) && any.arguments[0] && ownList(any.arguments[0], file);
  if (list && list.elements.length && combinesEach(any as ts.CallExpression, file)) {
    const end = list.elements[list.elements.length - 1]!.end;
    return { fix: { range: [end, end], text: `, ${timeout}` } };
  }
  // `params?.signal` may be undefined, which AbortSignal.any throws on: the timeout alone then.
  const text = expr.getText(file.sf);
  if (ts.isPropertyAccessExpression(any) && any.questionDotToken && readAgain(any)) {
    return { fix: replace(`${text} ? AbortSignal.any([${text.replace(/\?\.(?=signal$)/, '.')}, ${timeout}]) : ${timeout}`) };
  }
  return { fix: replace(`AbortSignal.any([${text}, ${timeout}])`) };
}

/**
 * The array literal a combining call is given, written there or held by a name that only this call reads and
 * that is declared in the same function, outside no loop the call is in: a timeout added to it then bounds this request alone, and starts with it.
 */
function ownList(arg: ts.Expression, file: FileCtx): ts.ArrayLiteralExpression | undefined {
  const uses = { count: 0 };
  const list = heldList(arg, file, uses);
  if (!list || list === unwrap(arg)) return list;
  if (uses.count !== 1 || functionOf(list) !== functionOf(arg) || functionOf(list) === undefined) return undefined;
  // A loop between the declaration and the call would share the one timer among its requests.
  for (let n = arg.parent; !(n.pos <= list.pos && list.end <= n.end); n = n.parent) if (ts.isIterationStatement(n, false)) return undefined;
  return list;
}

/** `AbortSignal.any([…])`, or a same-file helper that relays the abort of each signal of the list it is given. */
function combinesEach(call: ts.CallExpression, file: FileCtx): boolean {
  const callee = evaluate(call.expression, file);
  if (callee.kind === 'local') return relaysEach(callee.decl, 0, callee.file);
  return callee.kind === 'ref' && 'global' in callee.base && callee.base.global === 'AbortSignal' && callee.path.join('.') === 'any';
}
