import type { BoundSpec } from '../../../catalogue/define-client';
import type { OptionsClientSpec } from '../../../catalogue/php-specs';
import { lineOf } from '../../../core/positions';
import { formatMessage, INI_BOUND_RISK, UNREAD_CONNECT } from '../../../model/messages';
import type { EngineSettings, Finding, Fix } from '../../../model/finding';
import type { MessageId } from '../../../model/message-ids';
import { appendArguments, insertEntries, insertStatementsAfter, mergeFixes } from '../../../fix/helpers';
import { readBound, secondsOf, type BoundReading } from '../evaluate';
import { argumentRanges, endOf, isLiteralInPlace, rangeOf, startOf, type PhpNode } from '../parse';
import { normaliseKey, refsOf, type Value } from '../values';
import type { Anchor } from './anchor';
import type { IniTracker } from './ini';
import type { OptionsClientTracker } from './options-client';
import { HandlerStack, OptionsObject, TransportObject, type Client, type OptionsArg, type Request } from './options-records';
import { readTransportTotal, transportOf, type TransportReading } from './options-transport';
import { sentWithin, type Moment } from './special';

export interface OptionsJudgeContext {
  text: string;
  starts: number[];
  settings: EngineSettings;
  ini: IniTracker;
}

interface Layer {
  entries: Map<string, { value: Value; node: PhpNode | null }>;
  open: boolean;
  /** Where these options are written: the call that carries them. */
  call: PhpNode;
  /** Set by a setter method: the call is `->timeout(0)`, not an options array. */
  setter?: boolean;
  /** When the request these options are read for was met (layerOf). */
  at?: Moment;
}

type Reading = TransportReading<Layer>;

function layerOf(opts: OptionsArg | null, call: PhpNode, at?: Moment): Layer {
  const layer: Layer = { entries: new Map(), open: false, call, at };
  const v = asOptions(opts, at);
  if (!v) return layer;
  // `''` or null written as the options (`$mcurl->post($url, $data, '')`): no option at all, not options unseen.
  if (v.kind === 'lit' && (v.value === null || v.value === '')) return layer;
  if (v.kind !== 'array') return { ...layer, open: true };
  layer.open = v.open;
  for (const e of v.entries) {
    if (!e.key || e.lost) {
      layer.open ||= !e.key;
      continue;
    }
    const key = String(normaliseKey(e.key.value));
    // A handler stack whose middleware the analysis cannot see may set any option (options-client.ts).
    layer.open ||= refsOf(e.value).some((r) => r instanceof HandlerStack && (r.opaque || r.reaches(at)) && r.key === key);
    layer.entries.set(key, { value: e.value, node: e.valueNode });
  }
  return layer;
}

/**
 * Options given as an options object (`new Registry([...])`) that the function giving it made and holds in a
 * variable: the keys set on it, as an array. One made in another function, or given from a property, where code
 * the analysis does not order against the request may set keys, counts as set.
 */
function asOptions(opts: OptionsArg | null, at?: Moment): Value | null {
  const v = opts?.value ?? null;
  const refs = refsOf(v ?? undefined);
  if (v?.kind !== 'obj' || !refs.every((r) => r instanceof OptionsObject)) return v;
  const objects = refs as OptionsObject[];
  const own = !v.orNone && (opts!.node?.kind === 'variable' || opts!.node?.kind === 'new') && objects.every((o) => o.units.has(opts!.unit));
  if (!own) return { kind: 'array', entries: [], open: true };
  const arrays = objects.map((o) => o.asArray(at));
  // Several objects (one from each branch): options the analysis cannot read as one array, counted as set.
  return arrays.length === 1 ? arrays[0]! : { kind: 'array', entries: [], open: true };
}

/**
 * One client's own layers: its setters, last first, then its options. For a request met at `at`, the setters its
 * own walk met before it come first: a client held in a property is one object for the whole class, and what
 * another method sets may run before or after, but not between a setter and the request that follows it.
 */
function ownLayers(c: Client, at?: Moment, readAt = at): Layer[] {
  const before = (s: Client['setters'][number]): boolean => !!at && !!s.at && at.walk >= 0 && s.at.walk === at.walk && s.at.seq < at.seq;
  // One set in an arm a caller leaving a parameter at its default never runs holds for a request sent inside it only.
  const setters = c.setters.filter((s) => sentWithin(s.keptOut, at?.keptOut)).reverse();
  const layers: Layer[] = [...setters.filter(before), ...setters.filter((s) => !before(s))].map((s) => ({
    entries: new Map(s.option === null ? [] : [[s.option, { value: s.value, node: s.valueNode }]]),
    open: s.option === null,
    call: s.call,
    setter: true,
  }));
  return c.options ? [...layers, layerOf(c.options, c.options.call, readAt)] : layers;
}

/**
 * Option layers in the order they win: the request's, then each client's setters and options up the chain,
 * then the templates' (Httpful `Request::ini()`); a template the analysis cannot see may set anything. An options
 * object is read as it is when the request is sent, or, for a client alone, at `readAt` (its last request).
 */
function layersOf(client: Client | null, request: Request | null, templates: ReadonlyMap<string, Client | null>, readAt?: Moment): { layers: Layer[]; opaque: boolean } {
  const layers: Layer[] = request ? [layerOf(request.options, request.node, request.at)] : [];
  let opaque = false;
  for (let c = client, i = 0; c && i < 20; c = c.parent, i++) {
    layers.push(...ownLayers(c, request?.at, request?.at ?? readAt));
    opaque ||= c.injected;
  }
  for (const t of templates.values()) {
    if (t) for (let c: Client | null = t, i = 0; c && i < 20; c = c.parent, i++) layers.push(...ownLayers(c));
    opaque ||= !t;
  }
  return { layers, opaque };
}

/** The spec as it reads a client's options: some kinds of client read the total option their own way (`creates`). */
function specOf(spec: OptionsClientSpec, client: Client | null): OptionsClientSpec {
  const total = client?.root().total;
  return total ? { ...spec, total } : spec;
}

function read(layers: Layer[], bound: BoundSpec | null | undefined, opaque: boolean): Reading | null {
  if (!bound) return null;
  const keys = bound.options.map((o) => o.name);
  for (const layer of layers) {
    for (const o of bound.options) {
      // A curl option is also written by its constant, whose value is its code (Yii `[CURLOPT_TIMEOUT => 5]`).
      const hit = layer.entries.get(o.name) ?? (o.code === undefined ? undefined : layer.entries.get(String(o.code)));
      if (hit) return { reading: readBound(hit.value, bound), layer, value: hit, key: o.name };
    }
    // contract: options the analysis cannot see count as set.
    if (layer.open) return { reading: 'set', layer, value: null, key: keys[0]! };
  }
  return { reading: opaque ? 'set' : 'unset', layer: null, value: null, key: keys[0]! };
}

/** What a set of layers lacks: the finding it is owed, if any, and the bounds to add. */
type Slot = 'connect' | 'idle' | 'total';

/**
 * A total that covers the connect (`coversConnect`) and is no longer than the connect timeout the config asks for:
 * a connect timeout of its own would stop nothing sooner.
 */
function boundsConnect(bound: BoundSpec, total: Reading, connectSeconds: number): boolean {
  const unit = total.unit ?? bound.options.find((o) => o.name === total.key)?.unit;
  const seconds = bound.coversConnect && total.reading === 'set' && total.value && unit ? secondsOf(total.value.value, unit) : null;
  return seconds !== null && seconds > 0 && seconds <= connectSeconds;
}

/**
 * The total bound; a "never" value only where the options name a transport that reads it so (`totalNeverWith`). Curl
 * options the transport sets after the client's own (`curlOptions`) decide it where they hold one.
 */
function readTotal(spec: OptionsClientSpec, layers: Layer[], opaque: boolean): Reading {
  const total = curlTotal(spec, layers) ?? readTransportTotal(spec, layers, opaque) ?? read(layers, spec.total, opaque)!;
  const by = spec.totalNeverWith;
  // Another transport reads no "never", or (`missingToo`) bounds a request that sets no total with its own default.
  const elsewhere = total.reading === 'never' || (total.reading === 'unset' && by?.missingToo);
  const v = total.value?.value;
  const negative = !!by?.negativeEverywhere && v?.kind === 'lit' && typeof v.value === 'number' && v.value < 0;
  return by && elsewhere && !negative && !neverRead(by, layers) ? { ...total, reading: 'set' } : total;
}

/**
 * The total as the curl options the transport sets last make it (`curlOptions`, the first layer that gives them):
 * the last of `codes` written there wins over the client's own total. 0 (null, false, a fraction: curl_setopt() casts
 * to an integer) turns it off; libcurl refuses a negative value, which leaves the client's. Curl options the analysis
 * cannot read whole may set it. Null: they do not touch the total.
 */
function curlTotal(spec: OptionsClientSpec, layers: Layer[]): Reading | null {
  const by = spec.curlOptions;
  if (!by) return null;
  for (const layer of layers) {
    const hit = layer.entries.get(by.key);
    if (!hit) {
      // contract: options the analysis cannot see count as set; the client's own reading says so.
      if (layer.open) return null;
      continue;
    }
    const v = hit.value;
    if (v.kind !== 'array' || v.open || v.entries.some((e) => !e.key)) return { reading: 'set', layer, value: null, key: by.key };
    const last = [...v.entries].reverse().find((e) => !e.lost && by.options.some((o) => o.code === e.key!.value));
    if (!last) return null;
    const option = by.options.find((o) => o.code === last.key!.value)!;
    const reading = readBound(last.value, { options: [option], never: [0, null, false], unset: [], negative: 'ignored', integerValues: true });
    return reading === 'unset' ? null : { reading, layer, value: { value: last.value, node: last.valueNode }, key: option.name };
  }
  return null;
}

/** A missing total on a transport whose waits php.ini's default_socket_timeout bounds (`iniBoundWith`): what waits. */
function riskOf(spec: OptionsClientSpec, layers: Layer[], id: MessageId | null): Record<string, string> {
  const by = spec.totalNeverWith;
  const ini = by?.iniBoundWith;
  if (!by || !ini || (id !== 'missingTimeout' && id !== 'missingTotalTimeout')) return {};
  const t = transportOf(by.key, layers);
  return (t === null && ini.byDefault) || (typeof t === 'string' && ini.values.includes(t)) ? { risk: INI_BOUND_RISK } : {};
}

/** The message's words for what a verdict owes: its risk (riskOf), and what is known of a connect it counts as set. */
function wordsOf(spec: OptionsClientSpec, layers: Layer[], v: Verdict): Record<string, string> {
  // Counted as set only because the options cannot be read (an open layer, an injected client): not seen to be.
  const unread = v.id === 'missingTotalTimeout' && v.connect?.reading === 'set' && !v.connect.value;
  return { ...riskOf(spec, layers, v.id), ...(unread && UNREAD_CONNECT) };
}

function neverRead(by: NonNullable<OptionsClientSpec['totalNeverWith']>, layers: Layer[]): boolean {
  for (const layer of layers) {
    const hit = layer.entries.get(by.key);
    if (hit) {
      const v = hit.value;
      if (v.kind === 'obj') return refsOf(v).every((r) => r instanceof TransportObject && !r.touched && !r.reaches(layer.at) && by.values.includes(r.cls));
      // A config array (Yii's `['class' => CurlTransport::class]`) names its class under 'class'.
      const named = v.kind === 'array' && !v.open ? [...v.entries].reverse().find((e) => e.key?.value === 'class')?.value : v;
      return named?.kind === 'lit' && typeof named.value === 'string' && by.values.includes(named.value.replace(/^\\/, '').toLowerCase());
    }
    // contract: options the analysis cannot see may name another transport.
    if (layer.open) return false;
  }
  // None named: the library's default transport, which reads them so only where it is one of them (`byDefault`).
  return !!by.byDefault;
}

/** The options send the request through a handler that reads no connect option (`connectUnreadWith`). */
function connectUnread(spec: OptionsClientSpec, layers: Layer[]): boolean {
  const by = spec.connectUnreadWith;
  if (!by || layers.some((l) => l.entries.has(by.unless))) return false;
  for (const layer of layers) {
    const hit = layer.entries.get(by.key);
    if (hit) return hit.value.kind === 'lit' && !!hit.value.value && hit.value.value !== '0';
    if (layer.open) return false;
  }
  return false;
}

function verdict(spec: OptionsClientSpec, layers: Layer[], opaque: boolean, ini: IniTracker, connectSeconds: number) {
  let total = readTotal(spec, layers, opaque);
  if (spec.totalFromIni) total = { ...total, reading: ini.isSet() || opaque ? 'set' : ini.disabling() ? 'never' : 'unset' };
  const unread = connectUnread(spec, layers);
  const connect = unread ? null : read(layers, spec.connect, opaque);
  const idle = read(layers, spec.idle, opaque);
  const connectMissing = connect !== null && connect.reading !== 'set' && !(spec.totalFromIni && ini.isSet()) && !(connect.reading === 'unset' && boundsConnect(spec.total, total, connectSeconds));
  const totalMissing = total.reading === 'unset' && idle?.reading !== 'set';
  let id: MessageId | null = null;
  if (totalMissing && (connectMissing || (connect === null && (unread || !spec.connectDefault))) && idle?.reading !== 'set') id = 'missingTimeout';
  else if (totalMissing) id = 'missingTotalTimeout';
  else if (connectMissing && total.reading !== 'never') id = 'missingConnectTimeout';
  const add: Slot[] = [
    ...(connectMissing && connect?.reading === 'unset' && !connect.value ? ['connect' as const] : []),
    ...(totalMissing && spec.idle && !idle?.value ? ['idle' as const] : []),
    // A key another transport reads as the total (`'TIMEOUT' => 5` on Yii's StreamTransport) is what the code meant: no
    // second key beside it.
    ...(totalMissing && !spec.totalFromIni && !total.note ? ['total' as const] : []),
  ];
  // With the connect option unread, the total is all that is owed, and all the message names.
  const option = unread && id === 'missingTimeout' ? labelOf(spec, spec.total.options[0]!.name) : undefined;
  return { id, total, connect, idle, add, option, note: total.note ?? '' };
}

/**
 * `olderDefault`: the file's packages give a version of the library before its default bound came (the spec's
 * `libraryDefault.since`), said in the message: the spec is judged as one with no default.
 */
export function judgeOptionsClients(tracker: OptionsClientTracker, ctx: OptionsJudgeContext, olderDefault?: string): Finding[] {
  const { templates } = tracker;
  const base = olderDefault ? { ...tracker.spec, libraryDefault: null } : tracker.spec;
  const out: Finding[] = [];
  const reported = new Set<string>();
  const report = (messageId: MessageId, node: PhpNode, data: Record<string, string>, fix?: Fix | Suggested | Suggested[], related: Finding['related'] = []) => {
    // A setter that disables the bound is reported once, for its requests and its client alike.
    const key = `${messageId}:${startOf(node)}`;
    if (messageId === 'disabledTimeout' && reported.has(key)) return;
    reported.add(key);
    const f: Finding = { ruleId: base.id, messageId, range: rangeOf(node), data: { client: base.client, where: '', note: '', ...data }, related };
    if (Array.isArray(fix)) {
      if (fix.length) f.suggestions = fix.map((s) => ({ desc: s.desc, fix: s.fix }));
    } else if (fix && 'desc' in fix) f.suggestions = [{ desc: fix.desc, fix: fix.fix }];
    // A client whose options may not reach the request (a shared instance made earlier keeps its own): offered only.
    else if (fix && base.fix.level === 'suggestion') f.suggestions = [{ desc: 'Set the timeouts in these options', fix }];
    else if (fix) f.fix = fix;
    out.push(f);
  };
  const names = optionNames(base);
  const disabled = (spec: OptionsClientSpec, layers: Layer[], opaque: boolean, own: (l: Layer) => boolean) => {
    const total = readTotal(spec, layers, opaque);
    // An idle bound turned off (Symfony 'timeout' => -1, two days) costs nothing under a total bound that
    // holds ('max_duration' => 10 ends the request anyway).
    const idle = total?.reading === 'set' ? null : read(layers, spec.idle, opaque);
    for (const r of [total, idle]) {
      if (r?.reading !== 'never' || !r.layer || !own(r.layer) || !r.value) continue;
      const written = writtenAt(r.value);
      const fix = replaceLiteral(r.value, spec, r.key, ctx, r.unit);
      const at = written ? [{ range: rangeOf(written), note: 'timeout disabled here' }] : [];
      // A curl option among the transport's (`CURLOPT_TIMEOUT => 0` in 'transport.curl'), named as such.
      const curl = spec.curlOptions && ![spec.total, spec.idle].some((b) => b?.options.some((o) => o.name === r.key)) ? ` in '${spec.curlOptions.key}'` : null;
      const value = r.layer.setter ? setterText(r.layer.call, ctx.text)
        : curl ? `${r.key} => ${shownValue(r.value, written, ctx.text)}${curl}` : `${r.shown ?? `'${r.key}'`} => ${shownValue(r.value, written, ctx.text)}`;
      report('disabledTimeout', r.layer.call, { option: curl ? `${r.key}${curl}` : r.shown ?? labelOf(spec, r.key), value }, fix, at);
    }
  };
  // default_socket_timeout < 0 in code: the reads (and a connect with no timeout of its own) wait forever.
  const iniDisabled = (node: PhpNode, v: ReturnType<typeof verdict>, opts: OptionsArg | null) => {
    const off = ctx.ini.disabling()!;
    // php-parser's call may end with its statement's `;`.
    const at: [number, number] = [startOf(off.call), startOf(off.call) + ctx.text.slice(startOf(off.call), endOf(off.call)).replace(/[\s;]+$/, '').length];
    const option = v.add.includes('connect') ? `${names.missingConnectTimeout} and ${names.disabledTimeout}` : names.disabledTimeout;
    report('disabledTimeout', node, { option, value: ctx.text.slice(...at) }, addFix(opts, null, v, base, ctx), [{ range: at, note: 'timeout disabled here' }]);
  };
  for (const req of tracker.requests.values()) {
    const spec = specOf(base, req.client);
    const { layers, opaque } = layersOf(req.client, req, templates);
    if (nonBlocking(spec, layers[0])) continue;
    // A setter the request's own walk met before it may disable it where the client's last setter does not.
    disabled(spec, layers, opaque, (l) => l.call === req.node || !!l.setter);
    if (spec.libraryDefault) continue;
    const v = verdict(spec, layers, opaque, ctx.ini, ctx.settings.connectTimeout);
    if (req.client) {
      // A bounded client's request whose own options take a bound back (`['connect_timeout' => 0]`); a client
      // that lacks the bound itself is reported where it is made, below.
      const client = layersOf(req.client, null, templates);
      if (v.id && v.total.reading !== 'never' && !verdict(spec, client.layers, client.opaque, ctx.ini, ctx.settings.connectTimeout).id) {
        report(v.id, req.node, { option: v.option ?? names[v.id], note: v.note, ...wordsOf(spec, layers, v) }, addFix(req.options, null, v, spec, ctx));
      } else if (olderDefault && v.id && v.total.reading !== 'never' && madeByFacade(req.client)) {
        // A facade's pending request has only the library's defaults, which this version does not set.
        report(v.id, req.node, { option: v.option ?? names[v.id], note: `${v.note} ${olderDefault}.`, ...wordsOf(spec, layers, v) }, chainedFix(req, v, spec, ctx));
      }
      continue;
    }
    if (spec.totalFromIni && v.total.reading === 'never') iniDisabled(req.node, v, req.options);
    if (v.id && v.total.reading !== 'never') report(v.id, req.node, { option: v.option ?? names[v.id], note: v.note, ...wordsOf(spec, layers, v) }, addFix(req.options, null, v, spec, ctx));
  }
  const seen = new Set<Client>();
  for (const client of tracker.clients.values()) {
    if (seen.has(client)) continue;
    seen.add(client);
    const spec = specOf(base, client);
    const requests = [...tracker.requests.values()].filter((r) => r.client?.root() === client);
    const { layers, opaque } = layersOf(client, null, templates, requests.at(-1)?.at);
    disabled(spec, layers, opaque, (l) => l.call === client.site || client.setters.some((s) => s.call === l.call));
    if (client.injected || client.parent || !client.site || spec.libraryDefault) continue;
    const v = verdict(spec, layers, opaque, ctx.ini, ctx.settings.connectTimeout);
    if (spec.totalFromIni && v.total.reading === 'never') iniDisabled(client.site, v, client.options);
    if (!v.id || v.total.reading === 'never') continue;
    // The requests the client's lack reaches: those whose own options do not bound them.
    const unbounded = requests.flatMap((r) => {
      const l = layersOf(r.client, r, templates);
      const rv = verdict(spec, l.layers, l.opaque, ctx.ini, ctx.settings.connectTimeout);
      return rv.id === null ? [] : [{ request: r, verdict: rv }];
    });
    if (requests.length > 0 && !unbounded.length && !spec.createIsRequest) continue;
    if (requests.length === 0 && (client.leftToCallers || client.sendsNothing || client.containerMade)) continue;
    // A request's own options may bound part of what the client lacks (`->get($u, ['timeout' => 10])`): when
    // every request the lack reaches lacks the same, that is what the client owes, and all its fix adds.
    const lacks = new Set(unbounded.map((u) => u.verdict.id));
    const owed = !spec.createIsRequest && lacks.size === 1 ? unbounded[0]!.verdict : v;
    const ignored = spec.ignoredKeys.find((k) => layers.some((l) => l.entries.has(k.key)));
    // A request met for several callers is sent from one place.
    const sent = [...new Set(unbounded.map((u) => u.request.node))].sort((a, b) => startOf(a) - startOf(b));
    const data = {
      option: owed.option ?? names[owed.id!], note: `${owed.note}${ignored ? ` ${ignored.why}.` : ''}`, where: sent[0] ? ` (sent on line ${lineOf(ctx.starts, startOf(sent[0]))})` : '',
      ...wordsOf(spec, layers, owed),
    };
    const related = sent.map((n) => ({ range: rangeOf(n), note: 'request sent here' }));
    const fix = client.noArrayOptions ? ownTimeouts(unbounded.map((u) => u.request), ctx)
      : client.arrayOptionsSince ? sinceFixes(client.arrayOptionsSince, unbounded.map((u) => u.request), addFix(client.options, client.site, owed, spec, ctx), ctx)
        : addFix(client.options, client.site, owed, spec, ctx, intoCall(client, unbounded.map((u) => u.request), spec), client.anchor);
    report(owed.id!, client.site, data, fix, related);
  }
  return out;
}

/** A request that does not wait for its answer (WordPress `'blocking' => false`) cannot hang on it. */
function nonBlocking(spec: OptionsClientSpec, layer: Layer | undefined): boolean {
  const hit = spec.nonBlocking && layer?.entries.get(spec.nonBlocking.key);
  return !!hit && hit.value.kind === 'lit' && hit.value.value === spec.nonBlocking!.value;
}

/** How messages name an option: its label (`->timeout()`), or its key in the options array. */
function labelOf(spec: OptionsClientSpec, name: string): string {
  return spec.labels?.[name] ?? `'${name}'`;
}

/** `->timeout(0)`: a setter call without its receiver; a static one keeps its class (`Http::timeout(0)`). */
function setterText(call: PhpNode, text: string): string {
  const what = call.what as PhpNode | undefined;
  const receiver = what?.kind === 'staticlookup' ? undefined : (what?.what as PhpNode | undefined);
  const from = receiver ? endOf(receiver) : startOf(call);
  return text.slice(from, endOf(call)).replace(/[\s;]+$/, '').trim();
}

function optionNames(spec: OptionsClientSpec): Record<MessageId, string> {
  const total = spec.totalFromIni ? `ini_set('${spec.totalFromIni}', …)` : labelOf(spec, spec.total.options[0]!.name);
  const connect = spec.connect ? labelOf(spec, spec.connect.options[0]!.name) : spec.idle ? labelOf(spec, spec.idle.options[0]!.name) : '';
  const both = connect ? `${connect} and ${total}` : total;
  return { missingTimeout: both, missingTotalTimeout: total, missingConnectTimeout: connect, disabledTimeout: total };
}

/** Where a value is written: in the options array, else as the literal it holds (`$off = 0;`) when there is one. */
function writtenAt(v: { value: Value; node: PhpNode | null }): PhpNode | null {
  return v.node ?? (v.value.kind === 'lit' ? v.value.node : null);
}

/** The value as the message shows it: its text where written, else the value worked out (`$t = 0; $t += 0;`). */
function shownValue(v: { value: Value }, written: PhpNode | null, text: string): string {
  if (written) return text.slice(startOf(written), endOf(written));
  const value = v.value.kind === 'lit' ? v.value.value : null;
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function secondsText(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/**
 * The literal written in place, or the fallback the value came from (`$options['timeout'] ?? 0`, the arm a decided
 * `isset($options['timeout']) ? … : 0` takes): replaced.
 */
function replaceLiteral(v: { value: Value; node: PhpNode | null }, spec: OptionsClientSpec, key: string, ctx: OptionsJudgeContext, known?: 's' | 'ms'): Fix | undefined {
  if (!v.node || v.value.kind !== 'lit' || !v.value.node || !isLiteralInPlace(v.node, v.value.node)) return undefined;
  const seconds = key === spec.connect?.options[0]?.name ? ctx.settings.connectTimeout : ctx.settings.totalTimeout;
  const unit = known ?? [spec.total, spec.idle, spec.connect].flatMap((b) => b?.options ?? []).concat(spec.curlOptions?.options ?? []).find((o) => o.name === key)?.unit;
  return { range: rangeOf(v.value.node), text: unit === 'ms' ? String(Math.round(seconds * 1000)) : secondsText(seconds) };
}

type Verdict = ReturnType<typeof verdict>;

/** A fix only offered: keys added to an array that other code of the function uses too. */
type Suggested = { desc: string; fix: Fix };

/**
 * The fix for what a verdict lacks: calls chained on the call that made the client (`site`), or the missing keys
 * in the options array literal, or the whole options argument when there is none.
 */
function addFix(
  opts: OptionsArg | null, site: PhpNode | null, v: Verdict, spec: OptionsClientSpec, ctx: OptionsJudgeContext, into?: Client['arrays'][number],
  anchor?: Anchor | null,
): Fix | Suggested | undefined {
  const { fix } = spec;
  if (fix.kind === 'statementAfter') return statementFix(anchor ?? null, v, fix, ctx, into?.literal);
  if (fix.kind === 'appendCall') {
    if (into) return chainFix(into.call, v, fix, ctx, into.literal);
    // A client the framework makes for a constructor is written as a type: there is no call to chain on.
    return site && (site.kind === 'call' || site.kind === 'new') ? chainFix(site, v, fix, ctx) : undefined;
  }
  if (!opts || !v.add.length) return undefined;
  const entries = entriesOf(v, spec, ctx);
  const held = opts.node && !defaultsLiteral(opts.node) ? heldHere(opts.held, ctx.text) : null;
  const literal = opts.node ? (defaultsLiteral(opts.node) ?? held?.literal) : null;
  if (literal) {
    const items = ((literal.items as (PhpNode | null)[]) ?? []).filter((i): i is PhpNode => !!i?.loc);
    const last = items.length ? endOf(items[items.length - 1]!) : null;
    const fix = insertEntries(ctx.text, startOf(literal), endOf(literal), last, entries);
    if (!held?.shared) return fix;
    return { desc: `Add ${entries.join(', ')} to the array $${opts.held!.name} holds; the function uses it elsewhere too, where the keys would go as well`, fix };
  }
  if (opts.node || opts.index === null) return undefined;
  return appendArguments(ctx.text, startOf(opts.call), endOf(opts.call), argumentRanges(opts.call), [`[${entries.join(', ')}]`]);
}

/** The options array entries that add what the verdict finds missing (`fix.entry` of each). */
function entriesOf(v: Verdict, spec: OptionsClientSpec, ctx: OptionsJudgeContext): string[] {
  const { fix } = spec;
  if (fix.kind !== 'insertOption') return [];
  return v.add.map((slot) => formatMessage(fix.entry, {
    option: (slot === 'total' ? spec.total : slot === 'idle' ? spec.idle! : spec.connect!).options[0]!.name,
    value: secondsText(slot === 'total' ? ctx.settings.totalTimeout : ctx.settings.connectTimeout),
  }));
}

/** A client a facade's call made (`Http::get()`, `Http::withOptions([…])->get()`), which has only the library's defaults. */
function madeByFacade(client: Client): boolean {
  const root = client.root();
  return !root.site && !root.injected;
}

/**
 * The fix of a facade's request: the options go into the array its chain gives (`withOptions([…])`), or, with none,
 * into one the spec's `chain` call gives, chained before the request's method (`Http::withOptions([…])->get($u)`).
 */
function chainedFix(req: Request, v: Verdict, spec: OptionsClientSpec, ctx: OptionsJudgeContext): Fix | Suggested | undefined {
  for (let c: Client | null = req.client, i = 0; c && i < 20; c = c.parent, i++) {
    if (c.options?.node) return addFix(c.options, c.site, v, spec, ctx);
  }
  const { fix } = spec;
  const method = (req.node.what as PhpNode | undefined)?.offset as PhpNode | undefined;
  if (fix.kind !== 'insertOption' || !fix.chain || !v.add.length || method?.kind !== 'identifier' || !method.loc) return undefined;
  const at = startOf(method);
  return { range: [at, at], text: `${formatMessage(fix.chain, { entries: entriesOf(v, spec, ctx).join(', ') })}->` };
}

/**
 * A client whose options must be an object (Joomla 3's `JHttpFactory::getHttp(Registry $options)`): each request
 * it leaves unbounded is offered a timeout argument of its own (`->get($url, [], 30)`), with the headers array
 * written before it where left out, or in place of a null given there; none where the call spreads or names its
 * arguments.
 */
function ownTimeouts(requests: Request[], ctx: OptionsJudgeContext): Suggested[] {
  const seen = new Set<PhpNode>();
  return requests.flatMap((r) => {
    const at = r.timeoutArg;
    const args = (r.node.arguments as PhpNode[] | undefined) ?? [];
    if (at === undefined || seen.has(r.node) || args.some((a) => a.kind === 'variadic' || a.kind === 'spread' || a.kind === 'namedargument')) return [];
    seen.add(r.node);
    const given = args[at];
    const isNull = !!given && /^null$/i.test(ctx.text.slice(startOf(given), endOf(given)).trim());
    if (!isNull && args.length !== at && args.length !== at - 1) return [];
    const seconds = secondsText(ctx.settings.totalTimeout);
    const line = lineOf(ctx.starts, startOf(r.node));
    const fix = isNull ? { range: rangeOf(given!), text: seconds }
      : appendArguments(ctx.text, startOf(r.node), endOf(r.node), argumentRanges(r.node), [...(args.length < at ? ['[]'] : []), seconds]);
    return [{ desc: `Give the request on line ${line} a timeout of its own: Joomla 3's client takes its options as a Registry, not an array`, fix }];
  });
}

/**
 * A client whose options argument takes an array only from `since` on: the requests' own timeouts first, read by
 * every version, then the options array, named for the versions that take it.
 */
function sinceFixes(since: string, requests: Request[], array: Fix | Suggested | undefined, ctx: OptionsJudgeContext): Suggested[] {
  const own = ownTimeouts(requests, ctx).map((s) => ({ ...s, desc: s.desc.replace(/: .*$/, '') }));
  if (!array) return own;
  const fix = 'desc' in array ? array.fix : array;
  return [...own, { desc: `Set the timeouts in these options (${since} on; before it the client takes a Registry, not an array)`, fix }];
}

/**
 * The array setter call whose literal a fix writes the total into (`into`): the last one met before every request the
 * client leaves unbounded (none after them in their own walk).
 */
function intoCall(client: Client, requests: Request[], spec: OptionsClientSpec): Client['arrays'][number] | undefined {
  const into = spec.fix.kind === 'appendCall' || spec.fix.kind === 'statementAfter' ? spec.fix.into : undefined;
  if (!into) return undefined;
  const after = (a: Client['arrays'][number], r: Request) => !!a.at && !!r.at && a.at.walk === r.at.walk && a.at.seq > r.at.seq;
  const fit = client.arrays.filter((a) => into.methods.includes(a.method) && requests.every((r) => !after(a, r) && sentWithin(a.keptOut, r.at?.keptOut)));
  return fit.sort((a, b) => startOf(a.call) - startOf(b.call)).at(-1);
}

/**
 * `Request::get($u)` becomes `Request::get($u)->timeout(30)`: only bounds no call sets at all, so a later setter does
 * not undo it. With `literal`, an array given to `site`, the total goes into it as `into.entry`, the rest after `site`.
 */
function chainFix(site: PhpNode, v: Verdict, fix: Extract<OptionsClientSpec['fix'], { kind: 'appendCall' }>, ctx: OptionsJudgeContext, literal?: PhpNode): Fix | undefined {
  const entry = literal && fix.into && v.add.includes('total') && !v.total.value
    ? formatMessage(fix.into.entry, { value: secondsText(ctx.settings.totalTimeout) }) : null;
  const calls = v.add.flatMap((slot) => {
    if (slot === 'total' && !v.total.value && !entry) return [formatMessage(fix.total, { value: secondsText(ctx.settings.totalTimeout) })];
    if (slot === 'connect' && fix.connect) return [formatMessage(fix.connect, { value: secondsText(ctx.settings.connectTimeout) })];
    return [];
  });
  if (!calls.length && !entry) return undefined;
  // php-parser's call may end with its statement's `;`.
  const end = startOf(site) + ctx.text.slice(startOf(site), endOf(site)).replace(/[\s;]+$/, '').length;
  if (!entry || !literal) return site.kind === 'new' ? chainOnNew(site, end, calls.join(''), ctx.text) : { range: [end, end], text: calls.join('') };
  const items = ((literal.items as (PhpNode | null)[]) ?? []).filter((i): i is PhpNode => !!i?.loc);
  const added = insertEntries(ctx.text, startOf(literal), endOf(literal), items.length ? endOf(items[items.length - 1]!) : null, [entry]);
  // One edit: the entry, the call's text up to its end, then the calls chained on it.
  return { range: [added.range[0], end], text: added.text + ctx.text.slice(added.range[1], end) + calls.join('') };
}

/**
 * `$c = new curl();` gets `$c->setopt(['CURLOPT_TIMEOUT' => 30]);` after it: only bounds no call sets at all. With
 * `literal`, an array an array setter is given, the total goes into it as `into.entry` instead.
 */
function statementFix(anchor: Anchor | null, v: Verdict, fix: Extract<OptionsClientSpec['fix'], { kind: 'statementAfter' }>, ctx: OptionsJudgeContext, literal?: PhpNode): Fix | undefined {
  const entry = literal && fix.into && v.add.includes('total') && !v.total.value
    ? formatMessage(fix.into.entry, { value: secondsText(ctx.settings.totalTimeout) }) : null;
  const client = anchor ? ctx.text.slice(startOf(anchor.handle), endOf(anchor.handle)) : '';
  const statements = v.add.flatMap((slot) => {
    if (slot === 'total' && !v.total.value && !entry) return [formatMessage(fix.total, { client, value: secondsText(ctx.settings.totalTimeout) })];
    if (slot === 'connect' && fix.connect) return [formatMessage(fix.connect, { client, value: secondsText(ctx.settings.connectTimeout) })];
    return [];
  });
  const fixes: Fix[] = [];
  if (entry && literal) {
    const items = ((literal.items as (PhpNode | null)[]) ?? []).filter((i): i is PhpNode => !!i?.loc);
    fixes.push(insertEntries(ctx.text, startOf(literal), endOf(literal), items.length ? endOf(items[items.length - 1]!) : null, [entry]));
  }
  // A client stored nowhere a statement can name again (`(new curl())->get($u)`, `return new curl();`): no fix.
  if (statements.length) {
    if (!anchor) return undefined;
    fixes.push(insertStatementsAfter(ctx.text, startOf(anchor.statement), endOf(anchor.statement), statements));
  }
  return fixes.length ? mergeFixes(ctx.text, fixes) : undefined;
}

/** `new Curl()` becomes `(new Curl())->setConfig(…)`: before PHP 8.4 a `new` takes no call unparenthesized. */
function chainOnNew(site: PhpNode, end: number, calls: string, text: string): Fix {
  const close = /^\s*\)/.exec(text.slice(end));
  if (site.parenthesizedExpression && close) return { range: [end + close[0].length, end + close[0].length], text: calls };
  return { range: [startOf(site), end], text: `(${text.slice(startOf(site), end)})${calls}` };
}

/**
 * `$options = [...]; new Client($options);`: the literal, when the function names the variable nowhere else (assigned
 * once, given to this call only), so the keys added there reach this call and no other code.
 */
export function heldHere(held: OptionsArg['held'], text: string): { literal: PhpNode; shared: boolean } | null {
  if (!held || startOf(held.literal) < held.within[0] || endOf(held.literal) > held.within[1]) return null;
  const body = text.slice(held.within[0], held.within[1]);
  const uses = body.match(new RegExp(`\\$${held.name}(?![\\w\\x80-\\uffff])`, 'g'))?.length ?? 0;
  const assigned = new RegExp(`\\$${held.name}\\s*=\\s*$`).test(text.slice(held.within[0], startOf(held.literal)));
  return assigned ? { literal: held.literal, shared: uses !== 2 } : null;
}

/** The array literal the missing keys go in: the options themselves, or the defaults of `$config + [...]` (the caller's keys win). */
function defaultsLiteral(node: PhpNode): PhpNode | null {
  if (node.kind === 'array') return node;
  const right = node.right as PhpNode | undefined;
  return node.kind === 'bin' && node.type === '+' && right?.kind === 'array' ? right : null;
}
