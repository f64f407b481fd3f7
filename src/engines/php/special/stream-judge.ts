import type { StreamSpec } from '../../../catalogue/php-specs';
import { formatMessage } from '../../../model/messages';
import type { EngineSettings, Finding, Fix, Related } from '../../../model/finding';
import { appendArguments, insertEntries, insertStatementsAfter, mergeFixes } from '../../../fix/helpers';
import { feofLoopFix, feofLoopNote, type FeofLoop } from './feof-loop';
import { readBound } from '../evaluate';
import { argumentRanges, closureBetween, endOf, rangeOf, startOf, type PhpNode } from '../parse';
import { builtinConstructorParams, builtinParams, usesNamedArguments } from '../builtin-params';
import { argsOf } from '../calls';
import { refsOf } from '../values';
import type { IniTracker } from './ini';
import { heldHere } from './options-judge';
import { heldReaches, inPlaceFor, madeOnlyAfter, onEveryPathTo, type Moment } from './special';
import { StreamContext, type ContextWrite, type StreamCall, type StreamTracker } from './stream-url';

export interface StreamJudgeContext {
  text: string;
  settings: EngineSettings;
  ini: IniTracker;
}

type ContextReading = { reading: 'set' | 'never' | 'unset'; write?: { node: PhpNode | null }; wrongKey?: string };

/**
 * The context's timeout for a request the walk met at `met`: what is written into it only after that is too late.
 * The default context is the process's, as default_socket_timeout is: set in an arm of an `if`, it bounds only the
 * reads inside it, or after it when every arm of an if/else sets it (`onEveryPathTo`).
 */
function readContext(ctx: StreamContext, tracker: StreamTracker, met: readonly Moment[]): ContextReading {
  const { spec } = tracker;
  // A default set by a function the request's walk calls is ordered there (setFirst), as the fix reads it.
  const inPlace = (at: readonly Moment[]): boolean =>
    ctx === tracker.defaults ? setFirst(at, met, tracker) : at.some((a) => inPlaceFor(a, met));
  const written = ctx.options.get(spec.contextKey)?.get('timeout');
  // Each write holds for the requests after it until the next: the one met last of those in place for the request.
  // Met before it in a walk that meets the request comes first: moments of other walks cannot be ordered against
  // those (their order is the order the file declares its functions in).
  const before = (a: Moment): boolean => met.some((m) => m.walk >= 0 && m.walk === a.walk && a.seq < m.seq);
  const latest = (w: ContextWrite): [number, number] => {
    const ordered = w.at.filter(before);
    return ordered.length ? [1, Math.max(...ordered.map((a) => a.seq))] : [0, Math.max(...w.at.filter((a) => inPlaceFor(a, met)).map((a) => a.seq))];
  };
  const later = (a: ContextWrite, b: ContextWrite): boolean => {
    const [x, y] = [latest(a), latest(b)];
    return x[0] !== y[0] ? x[0] > y[0] : x[1] > y[1];
  };
  const write = [...(written?.earlier ?? []), ...(written ? [written] : [])]
    .filter((w) => inPlace(w.at))
    .reduce<ContextWrite | undefined>((a, w) => (a && later(a, w) ? a : w), undefined);
  // `'timeout' => (int) ini_get('default_socket_timeout')` is the php.ini value the context takes without one.
  if (write && !(write.value.kind === 'unknown' && write.value.ini)) return { reading: readBound(write.value, spec.total), write };
  // contract: what cannot be seen counts as set.
  if (inPlace(ctx.opened.filter((a) => !madeOnlyAfter(a, ctx.made)))) return { reading: 'set' };
  if (met.length && met.every((m) => ctx.heldAt.some((a) => heldReaches(a, ctx.made, m)))) return { reading: 'set' };
  const wrongKey = spec.wrongContextKeys.find((k) => ctx.options.get(k)?.has('timeout'));
  return { reading: 'unset', wrongKey };
}

/**
 * The contexts a call may read through: each the variable may hold, and the default one when a path leaves it
 * null (`$ctx = null; if ($proxy) { $ctx = stream_context_create(…); }`).
 */
function contextsOf(call: StreamCall, tracker: StreamTracker): (StreamContext | 'unknown')[] {
  const first = firstContexts(call, tracker);
  return [...first, ...[...(call.later?.contexts ?? [])].filter((c) => !first.includes(c))];
}

/** The contexts the walk saw the call read through, the first time a loop around it ran. */
function firstContexts(call: StreamCall, tracker: StreamTracker): (StreamContext | 'unknown')[] {
  if (call.context === undefined) return [tracker.defaults];
  if (call.context.kind !== 'obj') return ['unknown'];
  const refs = refsOf(call.context).map((r) => (r instanceof StreamContext ? r : 'unknown' as const));
  return call.context.orNone && !refs.includes(tracker.defaults) ? [...refs, tracker.defaults] : refs;
}

const WORST = { never: 0, unset: 1, set: 2 } as const;

/** The path with the weakest bound: a disabled one, else one with none; null when every path may be bounded. */
function weakest(call: StreamCall, tracker: StreamTracker): { context: StreamContext; r: ContextReading; unset: StreamContext[] } | null {
  const seen = firstContexts(call, tracker);
  const later = call.later;
  // A context a loop's later passes read through (StreamCall.later) is read as the body left it; one the first pass
  // read through too, as it was then as well.
  const read = contextsOf(call, tracker)
    .filter((c): c is StreamContext => c !== 'unknown')
    .flatMap((context) => [
      ...(seen.includes(context) ? [{ context, r: readContext(context, tracker, call.met) }] : []),
      ...(later?.contexts.has(context) ? [{ context, r: readContext(context, tracker, later.at) }] : []),
    ])
    .sort((a, b) => WORST[a.r.reading] - WORST[b.r.reading]);
  const first = read[0];
  if (!first || first.r.reading === 'set') return null;
  return { ...first, unset: read.filter((x) => x.r.reading === 'unset').map((x) => x.context) };
}

/**
 * A context timeout replaces default_socket_timeout for its request: a negative one waits forever whatever
 * ini_set() gave ([EXP] PHP 8.2: 'timeout' => -1 under an ini value of 2 was still waiting at 6 s). Not for a
 * scheme that reads the ini value only.
 */
function disabledByContext(call: StreamCall, tracker: StreamTracker): boolean {
  const reached = tracker.reached(call.url);
  const scheme = reached.start?.toLowerCase() ?? '';
  if (!reached.context || tracker.spec.iniOnlySchemes.some((s) => scheme.startsWith(s)) || readsNoContext(call, tracker.spec)) return false;
  return weakest(call, tracker)?.r.reading === 'never';
}

/** A reader that opens the URL with no context at all, not even the default one (getimagesize(), md5_file() …). */
function readsNoContext(call: StreamCall, spec: StreamSpec): boolean {
  return !!call.fn && spec.iniOnlyCalls.includes(call.fn.fn);
}

/** A URL seen to start with a remote scheme, or one read through a context that carries http options. */
function isRemote(call: StreamCall, tracker: StreamTracker): boolean {
  if (tracker.isRemote(call.url)) return true;
  const seen = tracker.reached(call.url).start !== null;
  if (call.fn?.urlOnly && !seen) return true;
  if (call.context === undefined || seen) return false;
  const contexts = contextsOf(call, tracker).filter((c): c is StreamContext => c !== 'unknown' && c !== tracker.defaults);
  if (!contexts.length) return false;
  // Options under a wrapper's key (`http`, or `https` by mistake) are for an HTTP URL; under another key (`ssl`)
  // only a timeout is, written there by the same mistake.
  const { spec } = tracker;
  const wrapperKey = (k: string): boolean => k === spec.contextKey || spec.remoteSchemes.includes(`${k}://`);
  return contexts.some((c) => [spec.contextKey, ...spec.wrongContextKeys].some((k) => (wrapperKey(k) ? (c.options.get(k)?.size ?? 0) > 0 : c.options.get(k)?.has('timeout'))));
}

export function judgeStreams(tracker: StreamTracker, ctx: StreamJudgeContext): Finding[] {
  const { spec } = tracker;
  const out: Finding[] = [];
  for (const call of tracker.calls.values()) {
    if (!isRemote(call, tracker)) continue;
    const loops = call.stream?.feofLoops ?? [];
    const data = { client: spec.client, where: '', note: '', option: `a stream context 'http' => ['timeout' => …]`, value: '' };
    // Bounded reads: a loop that ends on feof() only still never ends (feof-loop.ts).
    const bounded = (): void => {
      if (loops.length) out.push(loopFinding(call, loops, spec, ctx));
    };
    // fopen() waits for the response headers before it returns: stream_set_timeout() after it, or a caller handed
    // the stream, bounds only the reads that follow, not the request. Only a context or ini_set() before it does.
    if (ctx.ini.isSet(call.met) && !disabledByContext(call, tracker)) {
      bounded();
      continue;
    }
    const lateTimeout = call.stream?.timeoutSet
      ? ' stream_set_timeout() bounds only the reads after fopen(), which has already connected and waited for the response headers.'
      : '';
    const reached = tracker.reached(call.url);
    const scheme = reached.start?.toLowerCase() ?? '';
    const iniScheme = spec.iniOnlySchemes.some((s) => scheme.startsWith(s));
    if (!reached.context || iniScheme || readsNoContext(call, spec)) {
      data.option = `ini_set('default_socket_timeout', …), or use curl`;
      data.note = reached.wrapper
        ? ` ${reached.wrapper} opens the URL inside it without the stream context; only default_socket_timeout applies.${lateTimeout}`
        : iniScheme
          ? ` ${scheme.split('//')[0]}// ignores stream context timeouts; only default_socket_timeout applies.${lateTimeout}`
          : ` ${call.fn!.fn}() opens the URL with no stream context, not even the default one; only default_socket_timeout applies.`;
      out.push({ ruleId: spec.id, messageId: 'missingTimeout', range: rangeOf(call.node), data });
      continue;
    }
    const path = weakest(call, tracker);
    if (!path) {
      bounded();
      continue;
    }
    const { context, r } = path;
    const finding: Finding = { ruleId: spec.id, messageId: r.reading === 'never' ? 'disabledTimeout' : 'missingTimeout', range: rangeOf(call.node), data };
    if (r.reading === 'never' && r.write?.node) {
      const shown = ctx.text.slice(startOf(r.write.node), endOf(r.write.node));
      data.value = `'timeout' => ${shown}`;
      data.note = ' A negative stream timeout means no timeout.';
      finding.related = [{ range: rangeOf(r.write.node), note: 'timeout disabled here' }];
      if (/^-?[\d.]+$/.test(shown.trim())) finding.fix = { range: rangeOf(r.write.node), text: String(ctx.settings.totalTimeout) };
    } else {
      if (r.wrongKey) data.note = ` A 'timeout' under '${r.wrongKey}' is not read: http:// and https:// URLs take theirs from '${spec.contextKey}'.`;
      if (path.unset.includes(tracker.defaults) && call.context?.kind === 'obj' && call.context.orNone) data.note += ' On a path where the context is null or false, the call reads through the default context.';
      if (path.unset.includes(tracker.defaults) && passesDefault(call, tracker)) data.note += DEFAULT_PASSED;
      data.note += lateTimeout;
      if (context === tracker.defaults && (!call.fn || call.fn.context === null || call.mapped)) data.option = noContextOption(call, spec);
      const fix = boundEveryPath(call, path.unset, tracker, ctx);
      if (fix) finding.fix = fix;
    }
    if (loops.length) {
      // The timeout alone leaves the loop running: it is fixed with it, or not at all.
      data.note += feofLoopNote(ctx.text, loops);
      if (finding.messageId !== 'disabledTimeout') data.option += ` and ${LOOP_OPTION}`;
      finding.related = [...(finding.related ?? []), ...loopsRelated(loops)];
      if (finding.fix) finding.fix = mergeFixes(ctx.text, [finding.fix, ...loops.map((l) => feofLoopFix(ctx.text, l))]);
    }
    out.push(finding);
  }
  return out;
}

const LOOP_OPTION = `the loop to stop on stream_get_meta_data()['timed_out']`;

const loopsRelated = (loops: readonly FeofLoop[]): Related[] => loops.map((l) => ({ range: rangeOf(l.loop), note: 'this loop does not stop when a read times out' }));

/** A stream whose reads are bounded, read in a loop that ends on feof() only. */
function loopFinding(call: StreamCall, loops: readonly FeofLoop[], spec: StreamSpec, ctx: StreamJudgeContext): Finding {
  const data = { client: spec.client, where: '', note: feofLoopNote(ctx.text, loops), option: LOOP_OPTION, value: '' };
  const fix = mergeFixes(ctx.text, loops.map((l) => feofLoopFix(ctx.text, l)));
  return { ruleId: spec.id, messageId: 'missingTotalTimeout', range: rangeOf(call.node), data, related: loopsRelated(loops), fix };
}

/** For a reader that takes no context: where its timeout comes from instead. */
function noContextOption(call: StreamCall, spec: StreamSpec): string {
  const libxml = !call.fn || spec.libxmlFunctions.includes(call.fn.fn);
  const ctx = `'${spec.contextKey}' => ['timeout' => …]`;
  return libxml ? `libxml_set_streams_context() with a context of ${ctx}` : `stream_context_set_default([${ctx}])`;
}

function timeoutText(spec: StreamSpec, ctx: StreamJudgeContext): Record<string, string> {
  return { value: String(ctx.settings.totalTimeout), key: spec.contextKey };
}

/** `file_get_contents($url)` -> `file_get_contents($url, false, stream_context_create([...]))`. */
function addContextArgument(call: StreamCall, spec: StreamSpec, ctx: StreamJudgeContext): Fix | undefined {
  const fn = call.fn;
  // A mapped reader's arguments are array elements: a context would have to be an array of them (see rules/php/stream.md).
  if (!fn || fn.context === null || call.mapped || call.args.some((a) => a?.kind === 'variadic')) return undefined;
  const context = formatMessage(spec.fix.context, timeoutText(spec, ctx));
  const given = call.args[fn.context];
  // A context argument that reads as the default context is null. Written in place (`file_get_contents($u,
  // false, null, 0, 99)`), it is replaced; a variable may hold other contexts on other paths, so it is not.
  if (given) return call.context === undefined && given.kind === 'nullkeyword' ? { range: rangeOf(given), text: context } : undefined;
  if (usesNamedArguments(call.node)) {
    // A positional argument after a named one is a fatal error: name it too.
    const name = (call.node.kind === 'new' ? builtinConstructorParams : builtinParams)(fn.fn)?.[fn.context];
    return name ? appendArguments(ctx.text, startOf(call.node), endOf(call.node), argumentRanges(call.node), [`${name}: ${context}`]) : undefined;
  }
  if (call.args.length > fn.context) return undefined;
  const missing: string[] = [];
  for (let i = call.args.length; i < fn.context; i++) {
    const fill = fn.fill[i - fn.url - 1];
    if (!fill) return undefined; // a required argument is missing: not ours to invent
    missing.push(fill);
  }
  return appendArguments(ctx.text, startOf(call.node), endOf(call.node), argumentRanges(call.node), [...missing, context]);
}

/**
 * The defaults are set on every path to the read. A function that sets them, called only after the read
 * (`file_get_contents($u); setup();`), is also walked on its own, where it cannot be ordered against the read:
 * each walk that meets both orders them, and the fix must hold on each such path.
 */
function setFirst(setAt: readonly Moment[], met: readonly Moment[], tracker: StreamTracker): boolean {
  const walks = [...new Set(met.map((m) => m.walk).filter((w) => w >= 0 && setAt.some((a) => a.walk === w)))];
  if (!walks.length) return onEveryPathTo(setAt, met, tracker.armsOfIf);
  return walks.every((w) => onEveryPathTo(setAt.filter((a) => a.walk === w), met.filter((m) => m.walk === w), tracker.armsOfIf));
}

/**
 * For a call that uses the default context. A context passed to the call replaces the default one with all its
 * options (a HEAD method, ssl settings): when the file sets default options before the call, the timeout goes in
 * among them, if one stream_context_set_default() with an array written in place sets them all.
 */
function addToDefaults(call: StreamCall, tracker: StreamTracker, ctx: StreamJudgeContext, ownContext: () => Fix | undefined): Fix | undefined {
  const { spec, defaults } = tracker;
  const sets = [...tracker.defaultCalls.values()];
  // Defaults set only further down (`file_get_contents()` before `stream_context_set_default()`), or on some paths
  // alone (in an arm of an `if`), are not there on every path: a timeout among them would leave a path unbounded.
  const setAt = [...defaults.options.values()].flatMap((o) => [...o.values()]).flatMap((w) => [w, ...(w.earlier ?? [])]).flatMap((w) => w.at);
  if (!defaults.options.size || sets.every((set) => startOf(set) > startOf(call.node)) || !setFirst(setAt, call.met, tracker)) return ownContext();
  // Both take one parameter, `options`, which may be named (`stream_context_set_default(options: [...])`).
  const literal = sets.length === 1 ? (argsOf(sets[0]!, ['options'])[0] ?? null) : null;
  return literal?.kind === 'array' ? addToContext(new StreamContext(sets[0]!, literal, null), spec, ctx) : undefined;
}

/**
 * The timeout for each path that lacks one. A variable that may hold null on one path gets a context of its own
 * there, at the call (`$ctx ?: stream_context_create([…])`); where the file sets default options, which that would
 * drop, the timeout goes in among them (addToDefaults).
 */
function boundEveryPath(call: StreamCall, unset: readonly StreamContext[], tracker: StreamTracker, ctx: StreamJudgeContext): Fix | undefined {
  const fixes: Fix[] = [];
  for (const context of unset) {
    const own = (): Fix | undefined => call.context === undefined ? addContextArgument(call, tracker.spec, ctx)
      : passesDefault(call, tracker) ? boundWhereGot(call, tracker, ctx) : contextWhenNone(call, tracker.spec, ctx);
    const fix = context !== tracker.defaults ? addToContext(context, tracker.spec, ctx) : addToDefaults(call, tracker, ctx, own);
    if (!fix) return undefined;
    fixes.push(fix);
  }
  return fixes.length > 1 ? mergeFixes(ctx.text, fixes) : fixes[0];
}

const DEFAULT_PASSED = " The context passed is the default context, which sets no 'timeout'; one set on it bounds every stream that uses it.";

/** The context argument holds the default context itself (`$ctx = stream_context_get_default();`), not null or false. */
function passesDefault(call: StreamCall, tracker: StreamTracker): boolean {
  return call.context !== undefined && (refsOf(call.context).includes(tracker.defaults) || !!call.later?.contexts.has(tracker.defaults));
}

/**
 * The default context passed by value is never null or false, so a context of the call's own in its place (`?:`)
 * would never be taken: the timeout goes on the default context where the code gets it, written in the argument
 * or assigned, in the function of the call, to the variable given (`$ctx = stream_context_get_default();` ->
 * `stream_context_get_default(['http' => ['timeout' => 30]])`, which sets it, keeping its other options). That
 * bounds every stream on the default context after it. Each such call gets it, if each comes before the read on
 * every path to it; else there is no fix.
 */
function boundWhereGot(call: StreamCall, tracker: StreamTracker, ctx: StreamJudgeContext): Fix | undefined {
  const given = call.fn?.context != null && !call.mapped ? call.args[call.fn.context] : undefined;
  const name = given?.kind === 'variable' && typeof given.name === 'string' ? given.name : null;
  const sites = [...tracker.defaultSites.values()].filter((s) => s.node === given || (name !== null && s.body === call.body
    && (s.anchor?.handle as PhpNode | undefined)?.kind === 'variable' && s.anchor!.handle.name === name
    && !closureBetween(s.body, s.node, call.node, name) && !closureBetween(s.body, call.node, s.node, name)));
  // As readContext reads each write to the default context: one alone must come first on every path.
  if (!sites.length || !sites.every((s) => setFirst(s.at, call.met, tracker))) return undefined;
  const fixes: Fix[] = [];
  for (const site of sites) {
    const fix = optionsForDefault(site.node, tracker.spec, ctx);
    if (!fix) return undefined;
    fixes.push(fix);
  }
  return fixes.length > 1 ? mergeFixes(ctx.text, fixes) : fixes[0];
}

/** The timeout given to stream_context_get_default() or …_set_default(): as its options, or among those written there. */
function optionsForDefault(node: PhpNode, spec: StreamSpec, ctx: StreamJudgeContext): Fix | undefined {
  const options = argsOf(node, ['options'])[0];
  if (!options) return addToContext(new StreamContext(node, node, null), spec, ctx);
  if (options.kind === 'nullkeyword') return { range: rangeOf(options), text: `['${spec.contextKey}' => [${formatMessage(spec.fix.entry, timeoutText(spec, ctx))}]]` };
  return options.kind === 'array' ? addToContext(new StreamContext(node, options, null), spec, ctx) : undefined;
}

// Operands `?:` takes without parentheses (a ternary beside it is a fatal error in PHP 8).
const PLAIN = new Set(['variable', 'propertylookup', 'nullsafepropertylookup', 'staticlookup', 'offsetlookup', 'call']);

/** `file_get_contents($u, false, $ctx)` -> `…, $ctx ?: stream_context_create([...])`: null and false are the default context. */
function contextWhenNone(call: StreamCall, spec: StreamSpec, ctx: StreamJudgeContext): Fix | undefined {
  const given = call.fn?.context != null && !call.mapped ? call.args[call.fn.context] : undefined;
  // Named (`context: $ctx`), the argument written is the name's value.
  const written = ((call.node.arguments as PhpNode[]) ?? []).find((a) => a === given || (a?.kind === 'namedargument' && a.value === given));
  if (!given?.loc || !written) return undefined;
  const arg = written.kind === 'namedargument' ? (written.value as PhpNode) : written;
  const text = ctx.text.slice(startOf(arg), endOf(arg));
  const context = formatMessage(spec.fix.context, timeoutText(spec, ctx));
  return { range: rangeOf(arg), text: `${PLAIN.has(arg.kind) ? text : `(${text})`} ?: ${context}` };
}

/** Adds the timeout to a context created in this file. */
function addToContext(context: StreamContext, spec: StreamSpec, ctx: StreamJudgeContext): Fix | undefined {
  const values = timeoutText(spec, ctx);
  const entry = formatMessage(spec.fix.entry, values);
  // The php.ini value written as the timeout gives way to one of the code's own.
  const ini = context.options.get(spec.contextKey)?.get('timeout');
  if (ini?.node && ini.value.kind === 'unknown' && ini.value.ini) return { range: rangeOf(ini.node), text: values.value! };
  const literal = context.literal;
  if (literal && literal === context.site) {
    // stream_context_create() with no argument
    const end = endOf(literal);
    return { range: [end - 1, end - 1], text: `[${formatMessage("'{{key}}' => [{{entry}}]", { ...values, entry })}]` };
  }
  if (literal?.kind === 'array') {
    const items = ((literal.items as (PhpNode | null)[]) ?? []).filter((i): i is PhpNode => !!i?.loc);
    const http = items.find((i) => (i.key as PhpNode | null)?.kind === 'string' && (i.key as PhpNode).value === spec.contextKey);
    const inner = http?.value as PhpNode | undefined;
    if (inner?.kind === 'array') {
      const innerItems = ((inner.items as (PhpNode | null)[]) ?? []).filter((i): i is PhpNode => !!i?.loc);
      return insertEntries(ctx.text, startOf(inner), endOf(inner), innerItems.length ? endOf(innerItems[innerItems.length - 1]!) : null, [entry]);
    }
    if (!http) {
      const last = items.length ? endOf(items[items.length - 1]!) : null;
      return insertEntries(ctx.text, startOf(literal), endOf(literal), last, [formatMessage("'{{key}}' => [{{entry}}]", { ...values, entry })]);
    }
  }
  if (!context.anchor) {
    // `file_get_contents($u, false, stream_context_create($opts))` after `$opts = [...];`, the function naming
    // `$opts` nowhere else: the timeout goes in that literal, where it reaches this context and no other code.
    const held = heldHere(context.held, ctx.text);
    return held && !held.shared && held.literal.kind === 'array' ? addToContext(new StreamContext(context.site, held.literal, null), spec, ctx) : undefined;
  }
  const handle = ctx.text.slice(startOf(context.anchor.handle), endOf(context.anchor.handle));
  const statement = `stream_context_set_option(${handle}, '${spec.contextKey}', 'timeout', ${values.value});`;
  return insertStatementsAfter(ctx.text, startOf(context.anchor.statement), endOf(context.anchor.statement), [statement]);
}
