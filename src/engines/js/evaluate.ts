import { ts } from './typescript';
import type { BoundSpec, JsClientSpec, Literal, TimeoutOption } from '../../catalogue/define-client';
import type { MessageId } from '../../model/message-ids';
import { signalState } from './calls';
import { clientsOf } from './catalogue';
import { clearedAtHeaders } from './cleared-timer';
import { type FileCtx, isConstant } from './file';
import { type PassedScalar, passedScalar } from './caller-scalar';
import { type Instance, type Prop, type Val, evaluate } from './values';
import { functionOf, lineAt } from './walk';
import { singleReturn, unwrap } from './parse';

/** One source of options, in merge order: library defaults set in code, instance options, the call's own. */
export interface Layer {
  value: Val;
  kind: 'defaults' | 'instance' | 'call';
  at: ts.Node;
  file: FileCtx;
  inst?: Instance;
  /** A timer ends the request in every phase here (`req.abort()`): bounded whole, whatever the client's options. */
  ended?: boolean;
  /** Idle options that only emit their event, which no listener ends the request on: set, they bound nothing. */
  unheard?: readonly string[];
}

export type OptionState =
  // assumed: the option may be set on an instance known only by its type (made elsewhere, issue #3).
  // leftOut: absent because the one call of the file leaves the parameter that holds it out (or passes null/undefined).
  | { state: 'set' | 'absent' | 'assumed'; ms?: number; leftOut?: LeftOut }
  | { state: 'never'; value: string; prop?: Prop; layer: Layer; option: string }
  // cleared: a controller's timer cleared once the headers arrive, armed with `armedMs` where the request can write it.
  // side: the controller's signal where it stands in for the caller's (`ext ?? c.signal`), which a fix bounds alone.
  | { state: 'untimed'; note: string; prop?: Prop; layer: Layer; shared?: boolean; option: string; cleared?: { armedMs?: string; side?: ts.Expression } };

/** What the options of one request bound, and the finding it is owed (null: none). */
export interface Verdict {
  messageId: MessageId | null;
  total: OptionState;
  connect: OptionState;
  note: string;
  /** The option state that earned the finding: a never value or a signal that never fires. */
  cause?: OptionState;
}

/** An option a wrapper's parameter holds, which the wrapper's one call in the file leaves out (`get(u)`). */
export interface LeftOut {
  option: string;
  passed: PassedScalar;
}

type Found = { val: Val; prop?: Prop; passed?: PassedScalar } | 'absent' | 'unknown' | { leftOut: PassedScalar };

function lookupIn(v: Val, keys: readonly string[]): Found {
  let cur = v;
  let prop: Prop | undefined;
  for (const key of keys) {
    if (cur.kind === 'lit' && (cur.value === undefined || cur.value === null)) return 'absent';
    if (cur.kind !== 'object') return 'unknown';
    const p = cur.props.get(key);
    if (!p) return cur.open ? 'unknown' : 'absent';
    prop = p;
    cur = p.value ?? evaluate(p.expr, p.file, 0, p.env);
  }
  // A parameter (`timeout: ms`) the function's one call in the file leaves out or gives a literal: that value,
  // read where the call writes it (a fix writes there too).
  const passed = cur.kind === 'unknown' && prop && !prop.value ? passedScalar(prop.expr, prop.file, prop.env) : undefined;
  if (passed) {
    cur = passed.value;
    if (passed.arg) prop = { expr: passed.arg, node: passed.arg, file: prop!.file };
  }
  // A key written `undefined` sets nothing: axios's mergeConfig (and the clients' own merges) take the layer below.
  if (cur.kind === 'lit' && cur.value === undefined) return passed ? { leftOut: passed } : 'absent';
  return { val: cur, prop, passed };
}

/** The value of a dotted option over the layers: the last layer that has it wins, as every client merges. */
export function lookup(layers: readonly Layer[], option: string): { found: Exclude<Found, { leftOut: PassedScalar }>; layer?: Layer; leftOut?: PassedScalar } {
  const keys = option.split('.');
  let leftOut: PassedScalar | undefined;
  for (let i = layers.length - 1; i >= 0; i--) {
    const found = lookupIn(layers[i]!.value, keys);
    if (typeof found === 'object' && 'leftOut' in found) leftOut ??= found.leftOut;
    else if (found !== 'absent') return { found, layer: layers[i] };
  }
  return { found: 'absent', leftOut };
}

function sameLiteral(value: unknown, never: readonly Literal[]): boolean {
  // axios parses a string timeout with parseInt (http-clients.md): '0' is 0.
  const v = typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  return never.some((n) => n === v);
}

/** A note's `on line N` about code of another module than the request's names that module: `on line N of api.ts`. */
function placed(note: string, at: FileCtx, request: ts.Node): string {
  if (at.sf === request.getSourceFile()) return note;
  const name = at.path.slice(Math.max(at.path.lastIndexOf('/'), at.path.lastIndexOf('\\')) + 1);
  return note.replace(/ on line (\d+)/, ` on line $1 of ${name}`);
}

function signalOption(option: string, v: Val, prop: Prop | undefined, layer: Layer, request: ts.Node, shared = false, headers?: readonly string[]): OptionState {
  const state = signalState(v);
  if (state === 'absent') return { state: 'absent' };
  if (state === 'untimed' && v.kind === 'signal') return { state: 'untimed', note: placed(v.note ?? '', v.file, request), prop, layer, option };
  // issue #3: an AbortSignal.timeout() made once at module scope fires once; every later request then fails at once.
  // Said first: a timer of such a controller cleared at the headers is the lesser fault, and a fix beside it would
  // keep the signal that has fired.
  if (state === 'timed' && v.kind === 'signal' && !v.standIn && ((v.moduleScope && functionOf(request) !== undefined) || shared)) {
    const line = v.file.sf.getLineAndCharacterOfPosition(v.node.getStart(v.file.sf)).line + 1;
    const made = ts.isNewExpression(v.node) ? v.node.expression.getText(v.file.sf) : ts.isCallExpression(v.node) ? `${v.node.expression.getText(v.file.sf)}()` : 'signal';
    const once = shared ? 'is handed to every request this makes and fires once' : 'is created once at module load and fires once';
    const note = ` The ${made} on line ${line} ${once}: every request made after it fails at once, and none has a timeout of its own.`;
    return { state: 'untimed', note: placed(note, v.file, request), prop, layer, shared: true, option };
  }
  // A controller's timer cleared once the headers arrive bounds no body read after: as if no timer aborted it.
  const cleared = state === 'timed' && headers ? clearedAtHeaders(v, request, headers) : undefined;
  if (cleared) return { state: 'untimed', note: cleared.note, prop, layer, option, cleared: { armedMs: cleared.ms, side: cleared.side } };
  return { state: 'set', ms: v.kind === 'signal' ? timeoutMs(v) : undefined };
}

/** The ms of `AbortSignal.timeout(ms)` written with a number the analysis can read, as a bound's length. */
function timeoutMs(v: Extract<Val, { kind: 'signal' }>): number | undefined {
  const call = v.node;
  if (!ts.isCallExpression(call) || call.arguments.length !== 1) return undefined;
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'timeout') return undefined;
  const ms = evaluate(call.arguments[0]!, v.file, 0);
  return ms.kind === 'lit' && typeof ms.value === 'number' && ms.value > 0 ? ms.value : undefined;
}

/** The state of one timeout option. Contract: an unevaluable value counts as set unless it is visibly "never". */
function optionState(option: TimeoutOption, bound: BoundSpec, layers: readonly Layer[], request: ts.Node, headers?: readonly string[]): OptionState {
  // An option the library skips when another is passed sets nothing then, whatever its value.
  if (option.ignoredWith && lookup(layers, option.ignoredWith).found !== 'absent') return { state: 'absent' };
  const { found, layer, leftOut } = lookup(layers, option.name);
  if (found === 'absent') return leftOut ? { state: 'absent', leftOut: { option: option.name, passed: leftOut } } : { state: 'absent' };
  if (found === 'unknown' || !layer) return { state: layer?.inst?.typed ? 'assumed' : 'set' };
  const s = valueState(option, bound, found, layer, request, headers);
  // `getJson(u, null)` to `fetch(url, { signal })`: no signal, as the call writes it.
  return s.state === 'absent' && found.passed ? { state: 'absent', leftOut: { option: option.name, passed: found.passed } } : s;
}

function valueState(option: TimeoutOption, bound: BoundSpec, found: { val: Val; prop?: Prop }, layer: Layer, request: ts.Node, headers?: readonly string[]): OptionState {
  // A signal, or what behaves like one (axios's cancelToken from CancelToken.source()), is judged by what fires it.
  if (option.name === 'signal' || option.sharedSignal || found.val.kind === 'signal') return signalOption(option.name, found.val, found.prop, layer, request, option.sharedSignal, headers);
  const v = found.val;
  // A plain fetch where the library wants one of the caller's own (`fetch: fetch`, node-fetch's): nothing bounds it.
  if (option.plainClients && ((v.kind === 'ref' && isClientFunction(v, option.plainClients)) || passesThrough(found.prop, option.plainClients))) return { state: 'absent' };
  const fallback = v.kind === 'lit' ? undefined : neverFallback(found.prop, bound);
  if (fallback) return { state: 'never', value: found.prop!.expr.getText(found.prop!.file.sf), prop: { ...found.prop!, expr: fallback }, layer, option: option.name };
  if (v.kind !== 'lit') return { state: 'set' };
  const negative = typeof v.value === 'number' && v.value < 0 ? bound.negative : undefined;
  if (negative === 'ignored') return { state: 'absent' };
  if (sameLiteral(v.value, bound.never) || negative === 'never') {
    const text = found.prop && ts.isPropertyAssignment(found.prop.node) ? found.prop.node.initializer.getText(found.prop.file.sf) : String(v.value);
    return { state: 'never', value: text, prop: found.prop, layer, option: option.name };
  }
  if (sameLiteral(v.value, bound.unset)) return { state: 'absent' };
  return typeof v.value === 'number' ? { state: 'set', ms: option.unit === 's' ? v.value * 1000 : v.value } : { state: 'set' };
}

/** A reference to the function one of `ids`' calls call: the global `fetch`, node-fetch's default export. */
function isClientFunction(v: Extract<Val, { kind: 'ref' }>, ids: readonly string[]): boolean {
  return clientsOf(v.base, v.path).some((c) => ids.includes(c.spec.id) && c.spec.calls.some((k) => k.callee.length === c.path.length + 1 && k.callee[0] === c.root && c.path.every((p, i) => k.callee[i + 1] === p)));
}

/**
 * `(input, init) => fetch(input, init)`, `(...args) => fetch(...args)`: a function written in place that only hands
 * its arguments, as they are, to the function of one of `ids`. It adds nothing: a plain fetch.
 */
function passesThrough(prop: Prop | undefined, ids: readonly string[]): boolean {
  const fn = prop && !prop.value ? unwrap(prop.expr) : undefined;
  if (!fn || (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn))) return false;
  const call = singleReturn(fn);
  const made = call && unwrap(call);
  if (!made || !ts.isCallExpression(made) || made.arguments.length !== fn.parameters.length) return false;
  const handed = made.arguments.every((a, i) => {
    const p = fn.parameters[i]!;
    const x = ts.isSpreadElement(a) ? a.expression : a;
    return ts.isIdentifier(p.name) && !p.initializer && ts.isIdentifier(x) && x.text === p.name.text && ts.isSpreadElement(a) === !!p.dotDotDotToken;
  });
  const callee = handed ? evaluate(made.expression, prop!.file, 0, prop!.env) : undefined;
  return callee?.kind === 'ref' && isClientFunction(callee, ids);
}

/**
 * `Number(process.env.T) || 0`, `env.T ?? 0`, `prod ? 5000 : 0`: a value the analysis cannot see, with a "never"
 * written as what it falls back to or as one branch. Whenever that part is taken, nothing bounds the request.
 */
function neverFallback(prop: Prop | undefined, bound: BoundSpec): ts.Expression | undefined {
  if (!prop) return undefined;
  const e = constValue(unwrap(prop.expr), prop.file);
  const isNever = (x: ts.Expression): boolean => {
    const v = evaluate(x, prop.file, 1, prop.env);
    return v.kind === 'lit' && sameLiteral(v.value, bound.never) && (ts.isLiteralExpression(unwrap(x)) || unwrap(x).kind === ts.SyntaxKind.NullKeyword);
  };
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    return isNever(e.right) ? e.right : undefined;
  }
  return ts.isConditionalExpression(e) ? [e.whenTrue, e.whenFalse].find(isNever) : undefined;
}

/** `T` of `const T = process.env.T ?? 0`: the expression a const names, through a few consts; else `e`. */
function constValue(e: ts.Expression, file: FileCtx): ts.Expression {
  for (let i = 0; ts.isIdentifier(e) && i < 4; i++) {
    const b = file.resolver.resolve(e);
    if (b?.kind !== 'var' || !isConstant(b, file) || b.path.length || !b.init) break;
    e = unwrap(b.init);
  }
  return e;
}

const RANK = { set: 4, untimed: 3, never: 2, assumed: 1, absent: 0 } as const;

/** The strongest state among a bound's options: one set option bounds the request. */
function boundState(bound: BoundSpec | null | undefined, extra: readonly TimeoutOption[], layers: readonly Layer[], request: ts.Node, headers?: readonly string[]): OptionState {
  let best: OptionState = { state: 'absent' };
  let assumed = false;
  for (const o of [...(bound?.options ?? []), ...extra]) {
    const s = optionState(o, bound!, layers, request, headers);
    assumed ||= s.state === 'assumed';
    // Of options none sets, one a call leaves out is named (the message says which call, the fix writes there).
    if (RANK[s.state] > RANK[best.state] || (s.state === 'absent' && s.leftOut && best.state === 'absent' && !best.leftOut)) best = s;
  }
  // A typed instance may bound what this request leaves out, but a never value written here still disables.
  return assumed && best.state !== 'set' && best.state !== 'never' ? { state: 'assumed' } : best;
}

/** True when an option holds a value that takes the request out of scope (`spec.unchecked`). */
function unchecked(spec: JsClientSpec, layers: readonly Layer[]): boolean {
  return (spec.unchecked ?? []).some((u) => {
    const { found } = lookup(layers, u.name);
    if ('absent' in u) return found === 'absent';
    return typeof found === 'object' && found.val.kind === 'lit' && found.val.value === u.value;
  });
}

/** ` get() on line 7 leaves out ms, so the request's timeout is undefined.`: the call that gives a wrapper's parameter no value. */
function leftOutNote(s: OptionState, request: ts.Node): string {
  const left = 'leftOut' in s ? s.leftOut : undefined;
  if (!left) return '';
  const { call, param, arg, file } = left.passed;
  const sf = file.sf;
  const callee = `${ts.isNewExpression(call) ? 'new ' : ''}${call.expression.getText(sf).replace(/\s*\n\s*/g, '')}()`;
  const name = param.name.getText(sf);
  const what = arg ? `passes ${arg.getText(sf)} for ${name}` : `leaves out ${name}`;
  return placed(` ${callee} on line ${lineAt(sf, call.getStart(sf))} ${what}, so the request's ${left.option} is ${arg ? arg.getText(sf) : 'undefined'}.`, file, request);
}

function ignoredNote(spec: JsClientSpec, layers: readonly Layer[]): string {
  for (const ig of spec.ignored ?? []) if (lookup(layers, ig.name).found !== 'absent') return ` ${ig.note}`;
  return '';
}

/** An option the library skipped for the one that leaves the request unbounded (ofetch: `timeout` for a `signal`). */
function skippedFor(spec: JsClientSpec, layers: readonly Layer[], by: string): TimeoutOption | undefined {
  return spec.total.options.find((o) => o.ignoredWith === by && lookup(layers, o.name).found !== 'absent');
}

function skippedNote(spec: JsClientSpec, layers: readonly Layer[], by: string): string {
  const skipped = skippedFor(spec, layers, by);
  return skipped ? ` ${spec.client} ignores \`${skipped.name}\` when \`${by}\` is passed.` : '';
}

/**
 * The finding one request is owed, per the contract (issue #2): a never value -> disabledTimeout; nothing
 * bounding it -> missingTimeout (missingTotalTimeout when only connect is set); a library with a finite default
 * is owed nothing unless disabled; idle-only options count as set (no error); a whole-request bound without
 * the client's connect option -> missingConnectTimeout.
 */
export function judge(spec: JsClientSpec, layers: readonly Layer[], request: ts.Node, extra: readonly TimeoutOption[] = [], connectMs = Infinity): Verdict {
  const total = layers.some((l) => l.ended) ? ({ state: 'set' } as OptionState) : boundState(spec.total, extra, layers, request, spec.response?.headerMembers);
  const idleBound: BoundSpec = { options: spec.idle ?? [], never: spec.total.never, unset: [] };
  const unheard = new Set(layers.flatMap((l) => l.unheard ?? []));
  const idle = boundState({ ...idleBound, options: idleBound.options.filter((o) => !unheard.has(o.name)) }, [], layers, request);
  // Idle options bound one phase each (undici: headers, then body): one set to never leaves its phase unbounded.
  const idleNever = idleBound.options.map((o) => optionState(o, idleBound, layers, request)).find((s) => s.state === 'never');
  const connect = spec.connect ? boundState(spec.connect, [], layers, request) : ({ state: 'set' } as OptionState);
  const verdict = (messageId: MessageId | null, note = '', cause?: OptionState): Verdict => ({ messageId, total, connect, note, cause });
  if (unchecked(spec, layers)) return verdict(null);
  if (total.state === 'set' || total.state === 'assumed') {
    // A total that runs from the start bounds the connect as well; one only assumed may be anything.
    if (connect.state === 'never' && !(total.state === 'set' && spec.total.coversConnect)) return verdict('disabledTimeout', '', connect);
    if (total.state === 'assumed' && idleNever) return verdict('disabledTimeout', '', idleNever);
    // A total from the start no longer than the connect timeout the config asks for stops a connect as soon.
    const shortTotal = spec.total.coversConnect && total.state === 'set' && total.ms !== undefined && total.ms > 0 && total.ms <= connectMs;
    return verdict(connect.state === 'absent' && !spec.connectDefault && !shortTotal ? 'missingConnectTimeout' : null);
  }
  // A signal that bounds nothing beside a connect timeout leaves the request as one with only the connect bound.
  if (total.state === 'untimed') return verdict(connect.state === 'set' && spec.connect ? 'missingTotalTimeout' : 'missingTimeout', total.note + skippedNote(spec, layers, total.option), total);
  const never = [total, idleNever, connect].find((s) => s?.state === 'never');
  if (never) return verdict('disabledTimeout', '', never);
  if (idle.state === 'set' || idle.state === 'assumed' || spec.libraryDefault) return verdict(null);
  if (connect.state === 'set' && spec.connect) return verdict('missingTotalTimeout', leftOutNote(total, request));
  return verdict('missingTimeout', leftOutNote(total, request) + ignoredNote(spec, layers));
}
