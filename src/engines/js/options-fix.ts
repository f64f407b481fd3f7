// Fixes that add the missing options at a request or at the call that creates an instance.
import { ts } from './typescript';
import type { JsClientSpec } from '../../catalogue/define-client';
import type { EngineSettings, Finding, Fix } from '../../model/finding';
import type { Call, Request } from './detect';
import type { Verdict } from './evaluate';
import type { FileCtx } from './file';
import { type Entry, type SpreadHolds, entriesMergedWith, entriesText, insertArgument, insertOption, keyedValues, moveUnderKey, objectText, replaceNode, writesNothing } from './fix';
import { incomingRequest } from './incoming';
import { objectFallback, returnsOf, unwrap } from './parse';
import { localFunction } from './local-function';
import { madePerRun } from './per-run';
import { type Carrier, combinedWith, heldRequest, readAgain, signalCarrier, signalEntry, signalProperty, signalRead } from './signal-fix';
import { typedParameters } from './typed-fetch';
import { specialFix, specialKeysTarget } from './special/index';
import { streamedBody } from './streamed';
import { mergedOptions, nullishAllowed } from './syntax-level';
import { evaluate } from './values';
import { isCallback, madeRequestObject, mergedObjects } from './calls';
import { functionOf } from './walk';

/** What a suggestion adds where a total is only offered (`streamedBody`). */
export const STREAMED = 'the request streams its response (or sends it on) or uploads a file, form or stream, and this also ends a transfer that takes longer; size it for the longest one';

/** The request's response streams: by its shape (`streams`), or read as a stream where a request is written. */
export function streamsBody(site: Site, file: FileCtx, spec: JsClientSpec): boolean {
  return !!site.shape.streams || (!site.instance && streamedBody(site.node, file, !!spec.pipe));
}

/**
 * The request's input is a name the literal's place can read: a parameter, or a `const`/`let`/`var` declared before
 * the literal in a scope that holds it (`const request = new Request(u); const init = {…}`), not after it.
 */
function readableAt(site: Site, literal: ts.Node, file: FileCtx): boolean {
  const input = site.node.arguments?.[site.shape.urlArg ?? 0];
  const e = input && unwrap(input);
  const b = e && ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
  if (b?.kind === 'param') return b.param.pos <= literal.pos && literal.end <= (b.param.parent as ts.Node).end;
  return b?.kind === 'var' && b.name.end <= literal.pos && b.scope.pos <= literal.pos && literal.end <= b.scope.end;
}

/** What a suggestion adds where an ES5 file merges options by Object.assign (`mergedOptions`). */
const ASSIGNED = ', merged by Object.assign (ES2015: an older browser needs a polyfill)';

/**
 * `fetch(this.either(url, init))`: a Request a function of the file returns, made from an init it does not write
 * there (a caller's), may carry a signal, which one in the call's options would replace; the call cannot be read
 * twice to keep it, so the fix is only offered.
 */
function callerRequestReturned(input: ts.Expression | undefined, file: FileCtx): boolean {
  const call = input && unwrap(input);
  if (!call || !ts.isCallExpression(call)) return false;
  const fn = evaluate(call.expression, file);
  const decl = fn.kind === 'local' ? fn.decl : localFunction(call.expression, file);
  if (!decl) return false;
  return returnsOf(decl).exprs.some((r) => {
    const made = unwrap(r);
    const init = ts.isNewExpression(made) ? made.arguments?.[1] : undefined;
    return !!init && !ts.isObjectLiteralExpression(unwrap(init));
  });
}

/** Where a fix goes: a request, or (`instance`) the call that creates an instance, made once for many requests. */
export type Site = { node: Call; options: Request['options']; shape: Request['shape']; instance?: boolean };

export function render(template: string, s: EngineSettings & { totalMsText?: string }): string {
  // JS clients take milliseconds (http-clients.md, "Units"); a race's own delay may be a name (report.ts raceSettings).
  return template
    .replace(/\{\{totalMs\}\}/g, s.totalMsText ?? String(Math.round(s.totalTimeout * 1000)))
    .replace(/\{\{connectMs\}\}/g, String(Math.round(s.connectTimeout * 1000)));
}

export function entriesFor(spec: JsClientSpec, v: Verdict, settings: EngineSettings): Entry[] {
  const { total, connect } = spec.fix;
  const out: Entry[] = [];
  if (v.messageId !== 'missingConnectTimeout') {
    for (const e of [...(spec.fix.also ?? []), total]) out.push({ path: e.path.split('.'), value: render(e.value, settings) });
  }
  if (connect && spec.connect && v.connect.state === 'absent' && v.messageId !== 'missingTotalTimeout') {
    out.push({ path: connect.path.split('.'), value: render(connect.value, settings) });
  }
  return out;
}

/**
 * What a spread in an options literal may bring: a parameter (or a part of one destructured from it) is the
 * caller's options whatever its default (`config = {}`), so a new key goes before it; a known object decides by its keys.
 */
export function spreadHolds(file: FileCtx): SpreadHolds {
  return (spread, key) => {
    const v = evaluate(spread, file);
    if (v.kind === 'object' && v.props.has(key)) return 'yes';
    // `...(options || {})`: the parameter, or an object of the code's where the caller left it out.
    const e = objectFallback(spread)?.given ?? unwrap(spread);
    const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
    if (b?.kind === 'param') return 'maybe';
    // `const { headers, ...rest } = options` (or `= options || {}`): a part of a parameter is the caller's too.
    const init = b?.kind === 'var' && b.path.length && b.init ? b.init : undefined;
    const from = init && (objectFallback(init)?.given ?? unwrap(init));
    if (from && ts.isIdentifier(from) && file.resolver.resolve(from)?.kind === 'param') return 'maybe';
    if (v.kind === 'lit' && (v.value === undefined || v.value === null)) return 'no';
    return v.kind === 'object' && !v.open ? 'no' : 'maybe';
  };
}

/**
 * A value made by a call (`AbortSignal.timeout(ms)`) written into a literal outside the request's function is made
 * once; a function written there (redaxios's `fetch: (input, init) => …`) makes its calls' values on each use.
 */
function madeOnce(entries: readonly Entry[], literal: ts.Node, site: Site): boolean {
  return entries.some(madeByCall) && functionOf(literal) !== functionOf(site.node);
}

/** An entry whose value calls something where it is written: not a function, whose calls run on each use. */
function madeByCall(e: Entry): boolean {
  return e.value.includes('(') && !/^\([\w\s,]*\)\s*=>/.test(e.value);
}

/** `init` naming a whole parameter of the function it is in (not a destructured part of one), or `init || {}`. */
function wholeParameter(node: ts.Expression, file: FileCtx): boolean {
  const e = objectFallback(node)?.given ?? unwrap(node);
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
  return b?.kind === 'param' && !b.path.length && !b.param.dotDotDotToken;
}

/**
 * `fetch(event.request)`, `fetch(request)` with `request: Request` or `const request = new Request(url, init)`: a
 * signal in the init replaces the Request's own (a client's disconnect, a caller's cancel would no longer abort
 * the call), so the fix's signal keeps it with `AbortSignal.any`; a name written again may hold something else,
 * whose `signal` is read only when it has one.
 */
function keepRequestSignal(site: Site, entries: Entry[], file: FileCtx): Entry[] {
  const call = site.node;
  const at = site.shape.urlArg ?? 0;
  const input = call.arguments?.[at] && unwrap(call.arguments[at]);
  if (!input || !entries.some((e) => e.path.length === 1 && e.path[0] === 'signal')) return entries;
  // Only a call that takes a Request as its input (fetch) reads a name's `new Request(…)` or an `input`.
  const held = incomingRequest(input, file) ? 'certain' : site.shape.requestObject === 'Request' ? heldRequest(input, file) : undefined;
  if (!held) return entries;
  const text = input.getText(file.sf);
  const value = (v: string) => (held === 'certain' ? `AbortSignal.any([${text}.signal, ${v}])` : combinedWith(text, true, v));
  return entries.map((e) => (e.path.length === 1 && e.path[0] === 'signal' ? { ...e, value: value(e.value) } : e));
}

/**
 * The fix's signal in a literal that spreads a caller's options (or another object that may hold a signal):
 * written after the spread, keeping the caller's with `AbortSignal.any`. Before it, `{ signal: undefined }` from
 * the caller (`{ signal: params?.signal }`) would take the timeout away; after it alone, the caller's cancel or
 * longer timeout would be lost. `'unsafe'`: the spread cannot be read again, so the key keeps today's place and
 * is only offered.
 */
function intoLiteral(
  sf: ts.SourceFile, lit: ts.ObjectLiteralExpression, written: Entry[], file: FileCtx, keptWritten = written,
): { fix?: Fix; unsafe?: boolean } {
  // A literal typed by nothing, or by a type that gives its keys no function type (`as Record<string, unknown>`).
  const entries = typedParameters(written, lit, file);
  const kept = typedParameters(keptWritten, lit, file);
  const holds = spreadHolds(file);
  const entry = signalEntry(entries);
  const passed = entry ? passedSignal(sf, lit, entry.value) : undefined;
  if (passed) return { fix: passed };
  const carrier: Carrier | undefined = entry ? signalCarrier(lit, holds, file) : undefined;
  if (!entry || !carrier) return { fix: insertOption(sf, lit, kept, holds) };
  if (carrier === 'unsafe') return { fix: insertOption(sf, lit, kept, holds), unsafe: true };
  // The spread's signal, when there is one, replaces the Request's (fetch reads the init's first).
  const value = combinedWith(carrier.text, carrier.optional, entry.value, signalEntry(kept)?.value ?? entry.value);
  return { fix: insertOption(sf, lit, [{ ...entry, value }], () => 'no') };
}

/**
 * A request whose options carry a signal made once, outside its function (a module-level controller that Ctrl-C
 * aborts, `const OPTIONS = { signal: c.signal }`): a timeout written there would fire once and fail every later
 * request. The request gets its own, beside that one: `{ ...OPTIONS, signal: AbortSignal.any([OPTIONS.signal, T]) }`
 * for options passed by name, `signal: AbortSignal.any([DEFAULTS.signal, T])` after the spread that brings it.
 * Undefined where the carrier cannot be read again (a call, a condition).
 */
export function ownSignalBeside(site: Site, value: string, file: FileCtx): Fix | undefined {
  const { sf } = file;
  const o = site.options.node && unwrap(site.options.node);
  if (!o) return undefined;
  const beside = (x: string) => `AbortSignal.any([${x}.signal, ${value}])`;
  if (!ts.isObjectLiteralExpression(o)) return readAgain(o) ? replaceNode(sf, site.options.node!, `{ ...${o.getText(sf)}, signal: ${beside(o.getText(sf))} }`) : undefined;
  if (signalProperty(o)) return undefined;
  const holds = spreadHolds(file);
  const carrier = o.properties.filter(ts.isSpreadAssignment).findLast((p) => holds(p.expression, 'signal') === 'yes');
  if (!carrier || !readAgain(carrier.expression)) return undefined;
  return insertOption(sf, o, [{ path: ['signal'], value: beside(unwrap(carrier.expression).getText(sf)) }], () => 'no');
}

const CONDITIONAL = new Set([ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken]);

/**
 * A value written under a condition the request is not under too (`if (token) { …; init.signal = c.signal; }`,
 * `token && (init.signal = …)`, one arm of `? :`): a path may reach the request without it.
 */
export function writtenOnOnePath(write: ts.Node, request: ts.Node): boolean {
  for (let n = write.parent; n && !ts.isFunctionLike(n) && !ts.isSourceFile(n); n = n.parent) {
    if (n.pos <= request.pos && request.end <= n.end) return false;
    if (ts.isIfStatement(n) || ts.isConditionalExpression(n) || ts.isCaseClause(n) || ts.isDefaultClause(n) || ts.isIterationStatement(n, false)) return true;
    if (ts.isBinaryExpression(n) && CONDITIONAL.has(n.operatorToken.kind)) return true;
  }
  return false;
}

/**
 * Options held by a name whose signal one path alone writes: fixed there, the other path would keep no bound. The
 * request gets the timeout beside whatever signal the name carries then:
 * `{ ...init, signal: init.signal ? AbortSignal.any([init.signal, T]) : T }`. Undefined where the options cannot be
 * read again, or are written in the call.
 */
export function signalBesideAny(site: Site, value: string, file: FileCtx): Fix | undefined {
  const o = site.options.node && unwrap(site.options.node);
  if (!o || ts.isObjectLiteralExpression(o) || !readAgain(o)) return undefined;
  const text = o.getText(file.sf);
  return replaceNode(file.sf, site.options.node!, `{ ...${text}, signal: ${combinedWith(text, false, value)} }`);
}

/**
 * `{ signal: opts.signal }`, `{ signal }` of a parameter: a signal the caller may pass or leave out. Kept where
 * there is one, beside the timeout T, which alone holds where there is none: `signal: X ? AbortSignal.any([X, T]) : T`.
 * Only where X can be read again (a name, a chain of property reads).
 */
function passedSignal(sf: ts.SourceFile, lit: ts.ObjectLiteralExpression, value: string): Fix | undefined {
  const p = signalProperty(lit);
  if (!p) return undefined;
  const x = ts.isShorthandPropertyAssignment(p) ? p.name : ts.isPropertyAssignment(p) ? unwrap(p.initializer) : undefined;
  if (!x || !readAgain(x) || (ts.isIdentifier(x) && x.text === 'undefined')) return undefined;
  const text = x.getText(sf);
  return replaceNode(sf, p, `signal: ${text} ? AbortSignal.any([${text}, ${value}]) : ${value}`);
}

/**
 * The options a name holds, merged with the entries into a new object: `{ timeout: 30000, ...init }` (`before`: the
 * caller's keys win) or `{ ...init, timeout: 30000 }`. A signal a caller may pass is kept beside the fix's (after
 * their spread: a `signal: undefined` of theirs would otherwise take the timeout away); `offered` where only a
 * suggestion is safe: the caller's signal cannot be told, or an ES5 file merges by Object.assign (`mergedOptions`).
 * A signal is merged by a spread whatever the file: a runtime with AbortSignal.timeout parses ES2018.
 */
function mergedFix(node: ts.Expression, entries: Entry[], before: boolean, site: Site, file: FileCtx): { fix: Fix | undefined; desc?: string; offered?: boolean } {
  const { sf } = file;
  const entry = signalEntry(entries);
  const read = entry ? signalRead(node, file) : 'no';
  // `init || {}` is spread as `init` (a spread of nothing adds nothing); `init || { method }` whole, in parentheses.
  const or = objectFallback(node);
  const text = !or ? node.getText(sf) : or.fallback.properties.length ? `(${unwrap(node).getText(sf)})` : or.given.getText(sf);
  if (typeof read === 'object') return { fix: replaceNode(sf, node, `{ ...${text}, signal: ${combinedWith(read.text, read.optional, entry!.value)} }`) };
  // A nested key the options surely hold (got's `timeout` object) is merged with theirs, after them.
  const held = heldNested(node, entries, file);
  if (held.size) return { fix: spreadThenMerged(sf, node, entries, held) };
  const props = entriesText(entries);
  if (entry) return { fix: replaceNode(sf, node, before ? `{ ${props.join(', ')}, ...${text} }` : `{ ...${text}, ${props.join(', ')} }`), offered: read === 'unknown' };
  const kept = before ? keptUnlessNullish(node, text, entries, file) : undefined;
  if (kept) return { fix: replaceNode(sf, node, kept) };
  const merged = mergedOptions(site.node, text, props, before, file);
  return { fix: replaceNode(sf, node, merged.text), desc: merged.offered ? ASSIGNED : undefined, offered: merged.offered };
}

/**
 * `{ ...config, timeout: config?.timeout ?? 30000 }`: the caller's value kept, and the fix's where they pass none or
 * `timeout: undefined` (`{ timeout: opts.timeout }`), which `{ timeout: 30000, ...config }` would let through and
 * axios's mergeConfig then reads as its default, 0. Where the file may write `?.` and `??` (`nullishAllowed`) and
 * TypeScript lets the fix read each key (`signalRead`); where the type has none, the caller cannot pass one.
 */
function keptUnlessNullish(node: ts.Expression, text: string, entries: Entry[], file: FileCtx): string | undefined {
  const keyed = keyedValues(entries);
  if (!nullishAllowed(file) || !keyed.every(([k]) => /^[A-Za-z_$][\w$]*$/.test(k))) return undefined;
  const reads = keyed.map(([k]) => signalRead(node, file, k));
  if (!reads.every((r) => typeof r === 'object')) return undefined;
  const parts = keyed.map(([k, v], i) => `${k}: ${text}${(reads[i] as { optional: boolean }).optional ? '?.' : '.'}${k} ?? ${v}`);
  return `{ ...${text}, ${parts.join(', ')} }`;
}

/**
 * The object literal a merge call written in the request (`Object.assign`, `$.extend`) copies last, when there are
 * objects before it: what it holds wins over theirs. Not where an entry is a signal that one of them may hold (a
 * caller's cancel it would replace).
 */
function lastMergedLiteral(options: ts.Expression, entries: readonly Entry[], file: FileCtx): ts.ObjectLiteralExpression | undefined {
  const objects = mergedObjects(options, file);
  const last = objects && objects.length > 1 ? unwrap(objects[objects.length - 1]!) : undefined;
  if (!last || !ts.isObjectLiteralExpression(last)) return undefined;
  const holds = spreadHolds(file);
  const signal = signalEntry([...entries]);
  if (signal && objects!.slice(0, -1).some((x) => ts.isSpreadElement(x) || holds(x, 'signal') !== 'no')) return undefined;
  return last;
}

/** A value written as one the client reads as "never" (`0`, `null`, `false`). */
export function neverLiteral(e: ts.Expression, file: FileCtx, spec: JsClientSpec): boolean {
  const v = evaluate(e, file);
  return v.kind === 'lit' && spec.total.never.some((n) => n === v.value);
}

/** The first keys of nested entries (`timeout` of `timeout.connect`) that the options passed by name surely hold. */
function heldNested(options: ts.Expression, entries: readonly Entry[], file: FileCtx): Set<string> {
  const holds = spreadHolds(file);
  return new Set(entries.filter((e) => e.path.length > 1 && holds(options, e.path[0]!) === 'yes').map((e) => e.path[0]!));
}

/**
 * `{ ...opts, timeout: { connect: 10000, ...opts.timeout } }` for options passed by name that hold `timeout`: a new
 * `timeout` in front of them would be replaced by theirs, one after them would replace theirs. Other keys stay in
 * front, where the caller's win. Undefined when the options cannot be read again (a call).
 */
function spreadThenMerged(sf: ts.SourceFile, options: ts.Expression, entries: readonly Entry[], held: ReadonlySet<string>): Fix | undefined {
  if (!readAgain(options)) return undefined;
  const text = options.getText(sf);
  const front = entriesText(entries.filter((e) => !held.has(e.path[0]!)));
  const merged = entriesMergedWith(entries.filter((e) => held.has(e.path[0]!)), text);
  return replaceNode(sf, options, `{ ${[...front, `...${text}`, ...merged].join(', ')} }`);
}

/**
 * Whether the argument where the options go moves on when they are inserted before it: a callback (Node-style
 * APIs take it after the options), or any argument the call also takes one place later (`shape.movesOn`). Any
 * other (`axios.post(url, body, 'Content-Type: …')`) would land where nothing reads it.
 */
function movesOn(site: Site, file: FileCtx): boolean {
  const args = site.node.arguments ?? [];
  const at = site.shape.insertAt === null ? undefined : args[site.shape.insertAt];
  return !at || !!site.shape.movesOn || isCallback(at, evaluate(at, file), file, at === args[args.length - 1]);
}

/** The edit that adds the missing options at a call or an instance's creation. */
export function optionsFix(site: Site, entries: Entry[], file: FileCtx, spec: JsClientSpec, settings: EngineSettings): Pick<Finding, 'fix' | 'suggestions'> {
  const { sf } = file;
  if (spec.fix.kind === 'none') return {};
  // A request a function returns (`httpResource(() => ({ url }))`) is no Observable: its option is written there.
  if (site.shape.requestReturned && spec.fix.kind !== 'insertOption') {
    spec = { ...spec, fix: { kind: 'insertOption', total: spec.fix.alternative ?? spec.fix.total, level: 'suggestion' } };
  }
  const note = spec.fix.total.note ? ` (${spec.fix.total.note})` : '';
  let desc = `Add ${entries.map((e) => e.path.join('.')).join(' and ')}${note}`;
  const o = site.options;
  if (site.instance && entries.some(madeByCall)) return {};
  // The options sit under a key of the argument (`createFetch({ defaults })`): the entries are written there.
  const key = site.shape.optionsKey;
  if (key) entries = entries.map((e) => ({ ...e, path: [key, ...e.path] }));
  let fix: Fix | undefined;
  let level = spec.fix.level;
  // `request(req)` with a `new HttpRequest(…)` made here: its options go into the init it is made with.
  const request = o.node ? madeRequestObject(o.node, file) : undefined;
  // `$.ajax($.extend({}, defaults, { url }))`: the last object merged, written here, wins over the others.
  const mergedInto = o.node ? lastMergedLiteral(o.node, entries, file) : undefined;
  if (spec.fix.kind !== 'insertOption' && !entries.some((e) => e.path.join('.') === spec.fix.total.path)) {
    // A chained call or a statement cannot set one key without the other, unless the special names keys that
    // already hold part of the bounds (superagent's `.timeout({ deadline })`).
    const keys = site.instance ? undefined : specialKeysTarget(spec, site.node);
    if (!keys) return {};
    fix = insertOption(sf, keys, entries, spreadHolds(file));
  } else if (spec.fix.kind !== 'insertOption') {
    const text = render(spec.fix.template ?? '', settings).replace('{{options}}', objectText(entries));
    const made = specialFix(spec, site.node, file, text);
    fix = made?.fix;
    desc = made?.desc ?? desc;
    level = made?.level ?? level;
  } else if (o.index === null) {
    const kept = keepRequestSignal(site, entries, file);
    fix = site.shape.insertAt === null ? undefined : insertArgument(sf, site.node, site.shape.insertAt, objectText(kept), movesOn(site, file));
    if (site.shape.requestObject === 'Request' && callerRequestReturned(site.node.arguments?.[site.shape.urlArg ?? 0], file)) {
      level = 'suggestion';
      desc += ': the Request the call passes may carry its caller\'s signal, which this one replaces';
    }
  } else if (o.value.kind === 'object' && o.value.literal && o.node && o.value.literal === unwrap(o.node)) {
    // A timeout written beside `defaults` is moved under it, with the author's ms, rather than left there unread.
    const moved = key ? moveUnderKey(sf, o.value.literal, key, entries, (e) => !neverLiteral(e, file, spec)) : undefined;
    const kept = keepRequestSignal(site, entries, file);
    const into = moved ? { fix: moved } : intoLiteral(sf, o.value.literal, entries, file, kept);
    fix = into.fix;
    if (into.unsafe) level = 'suggestion';
  } else if (mergedInto) {
    const into = intoLiteral(sf, mergedInto, entries, file, keepRequestSignal(site, entries, file));
    fix = into.fix;
    if (into.unsafe) level = 'suggestion';
  } else if (o.node && writesNothing(o.node) && o.node.parent === site.node) {
    // `axios.get(url, undefined)`, `fetch(url, null)`: an options argument that holds nothing is written over.
    fix = replaceNode(sf, o.node, objectText(keepRequestSignal(site, entries, file)));
  } else if (o.node && wholeParameter(o.node, file)) {
    // `init` or `init = {}`: a caller's options, when passed, keep their signal beside the fix's (after their
    // spread: a `signal: undefined` of theirs would otherwise take the timeout away); a type with no signal
    // keeps the new keys before the spread, where the caller's other options still win.
    const made = mergedFix(o.node, entries, true, site, file);
    fix = made.fix;
    if (made.desc) desc += made.desc;
    if (made.offered) level = 'suggestion';
  } else if (o.value.kind === 'object' && o.value.literal && o.value.literal.getSourceFile() === sf && !madeOnce(entries, o.value.literal, site)) {
    // STYLE 3.2: an options object built elsewhere is only a suggestion; one this request alone takes, made on
    // each run of its function, is its own, as options written in the call are.
    // Where the request's own signal is kept beside the fix's (`fetch(request, init)`), the Request is read where the
    // literal is made: only a name declared before it, in a scope around it, is there then.
    const kept = keepRequestSignal(site, entries, file);
    const own = !!o.node && (kept === entries || readableAt(site, o.value.literal, file)) &&
      madePerRun(o.value.literal, o.node, site.node, file, entries.some(madeByCall));
    const into = intoLiteral(sf, o.value.literal, entries, file, own ? kept : entries);
    fix = into.fix;
    if (!own || into.unsafe) level = 'suggestion';
  } else if (request) {
    // `new HttpRequest('GET', url)`: the init it is made with is where its options go (a name written again may
    // hold another).
    const { made, init, constant } = request;
    const given = made.arguments?.[init];
    fix = given || !constant ? undefined : insertArgument(sf, made, init, objectText(entries));
    level = 'suggestion';
  } else if (o.node) {
    const made = mergedFix(o.node, entries, false, site, file);
    fix = made.fix;
    if (made.desc) desc += made.desc;
    level = 'suggestion';
  }
  if (!fix) return {};
  // A total also ends a long download or event stream that is alive: there it is only offered, to be sized.
  if (spec.fix.total.endsBody && entries.some((e) => e.path.join('.') === spec.fix.total.path) && streamsBody(site, file, spec)) {
    level = 'suggestion';
    desc += `: ${STREAMED}`;
  }
  const out: Pick<Finding, 'fix' | 'suggestions'> = level === 'fix' ? { fix } : { suggestions: [{ desc, fix }] };
  const alt = spec.fix.alternative;
  // A signal in an instance's options is made once, when the instance is: it fires once and then fails every request.
  if (alt && entries.length && !site.instance) {
    const altEntries = [{ path: alt.path.split('.'), value: alt.value.replace(/\{\{totalMs\}\}/g, entries[0]!.value) }];
    // The alternative is an option in the options object, whatever kind of fix the client's own is.
    const altSpec: JsClientSpec = { ...spec, fix: { kind: 'insertOption', total: alt, level: 'suggestion' } };
    const altFix = optionsFix(site, altEntries, file, altSpec, settings);
    out.suggestions = [...(out.suggestions ?? []), ...(altFix.suggestions ?? [])];
  }
  return out;
}
