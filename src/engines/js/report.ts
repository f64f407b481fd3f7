// Findings for one file: requests, instances, listed roots and written defaults, judged, with their messages and fixes.
import { ts } from './typescript';
import type { JsCallShape, JsClientSpec, JsFixEntry, TimeoutOption } from '../../catalogue/define-client';
import { type NodeVersion, nodeHas, packageMajors, packageVersions } from '../../core/package-version';
import type { EngineSettings, Finding, Fix } from '../../model/finding';
import type { MessageId } from '../../model/message-ids';
import { handsBackInstance } from './calls';
import { causeFix } from './cause-fix';
import { agentIdleNote } from './handle';
import { dispatched, withDispatcher } from './dispatcher';
import { type PhaseSettings, phaseNote, phaseSettings, sizedByCode } from './phase-note';
import { type OwnBound, reactNative, withoutMissingApi } from './api-guard';
import { type Call, type Request, findRequests, instanceLayers, replacesParentKey, requestLayers } from './detect';
import { type Layer, type LeftOut, type OptionState, type Verdict, judge } from './evaluate';
import { interceptorLayers, rootLayers, writtenDefaults } from './defaults';
import { isConstant, namesIn, nodeFloorOf, type FileCtx } from './file';
import { type Entry, insertArgument, insertOption, objectText, removeProperty, replaceNode } from './fix';
import { mergeFixes } from '../../fix/helpers';
import { type Listed, findListed } from './listed';
import { type Site, STREAMED, entriesFor, streamsBody, neverLiteral, optionsFix, ownSignalBeside, render, signalBesideAny, spreadHolds, writtenOnOnePath } from './options-fix';
import { staticName, unwrap } from './parse';
import type { Instance } from './values';
import { creationCall } from './types';
import { specFor } from './catalogue';
import { delayMs, delayMsArgument } from './controller';
import { functionOf, lineAt, outermost, outermostAwaited } from './walk';

/** The connect timeout a fix would write, ms: a total from the start no longer than it leaves none owed. */
function connectMsOf(s: EngineSettings): number {
  return s.connectTimeout * 1000;
}

function optionName(e: JsFixEntry): string {
  return e.value.includes('(') ? `${e.path}: ${e.value.replace(/\{\{\w+\}\}/g, 'ms')}` : `${e.path} (ms)`;
}

function rangeOf(node: Call, sf: ts.SourceFile): [number, number] {
  const callee = ts.isNewExpression(node) ? node : node.expression;
  return [callee.getStart(sf), callee.end];
}

function finding(spec: JsClientSpec, v: Verdict, range: [number, number], where: string, extra: Pick<Finding, 'fix' | 'suggestions'>, site?: Site, file?: FileCtx): Finding {
  const messageId = v.messageId as MessageId;
  const entry = messageId === 'missingConnectTimeout' && spec.fix.connect ? spec.fix.connect : spec.fix.total;
  const never = v.cause && v.cause.state === 'never' ? v.cause : undefined;
  // A disabled option is named as written: needle's `open_timeout: 0` is not its read_timeout.
  const named = never && !spec.total.options.some((o) => o.name === never.option);
  // A signal no timer aborts, beside an option the client then skips: only the signal can bound the request. A
  // controller whose timer is cleared at the headers is kept too: the timeout goes beside it.
  const untimed = v.cause && v.cause.state === 'untimed' ? v.cause : undefined;
  const skipping = untimed && (!!untimed.cleared || spec.total.options.some((o) => o.ignoredWith === untimed.option));
  const shapeRemedy = site && (site.options.index === null || site.shape.requestReturned) ? site.shape.remedy : undefined;
  const versionRemedy = site && file && totalIgnored(site.shape, spec, file) ? (sinceHas(site.shape, file) === 'none' ? site.shape.totalSince : site.shape.totalBefore)!.remedy : undefined;
  const remedy = messageId === 'missingTimeout' ? versionRemedy ?? shapeRemedy ?? spec.fix.remedy : undefined;
  const option = named ? `${never.option} (ms)` : skipping ? `${untimed.option}: AbortSignal.any([…, AbortSignal.timeout(ms)])` : remedy ?? optionName(entry);
  const data = { client: spec.client, option, value: never?.value ?? '', where, note: v.note };
  return { ruleId: spec.id, messageId, range, data, ...extra };
}

function fixesFor(site: Site, spec: JsClientSpec, v: Verdict, file: FileCtx, settings: EngineSettings): Pick<Finding, 'fix' | 'suggestions'> {
  // The option the fix writes is one this version of the library ignores: writing it would bound nothing (one a later
  // version added is offered while it is not written: `sinceSpec`); a client with fix kind `none`, or a call whose
  // options the fix would put in place of the factory's own, takes no edit at all (the message says what to write).
  const offered = sinceSpec(site, spec, file);
  if (!offered || (offered === spec && totalIgnored(site.shape, spec, file)) || spec.fix.kind === 'none' || site.shape.fixless) return {};
  spec = offered;
  const c = v.cause;
  // A cancel token no timer cancels: the request gets the client's own timeout, as one with none would.
  const token = c?.state === 'untimed' && c.option !== 'signal' && !c.shared;
  // A signal written outside the request's function (a module-level options object) is made once: a timeout
  // written there would fire once, and every later request would fail at once. The request gets a signal of its own
  // (kept beside one a spread or the options it passes carry: signal-fix.ts); an instance, made once too, none.
  if (c?.state === 'untimed' && c.prop && (c.shared || c.option === 'signal') && (site.instance || functionOf(c.prop.node) !== functionOf(site.node))) {
    if (site.instance || c.option !== 'signal') return {};
    const timeout = render('AbortSignal.timeout({{totalMs}})', settings);
    if (!c.shared) {
      // A cancel made once (no timer aborts it) is kept beside the request's own timeout; where one path alone
      // writes it, only when it is there (`AbortSignal.any` of an undefined signal throws).
      const fix = writtenOnOnePath(c.prop.node, site.node) ? signalBesideAny(site, timeout, file) : ownSignalBeside(site, timeout, file);
      if (fix) return offeredIfStreamed({ fix }, site, spec, file);
      // Carried by the request object the call passes on (`fetch(input)`, a Request its callers make): the options the
      // call gets keep that object's signal beside the timeout, as for any request object passed in.
      return site.options.node ? {} : optionsFix(site, entriesFor(spec, v, settings), file, spec, settings);
    }
    const own = [{ path: ['signal'], value: timeout }];
    return optionsFix(site, own, file, { ...spec, fix: { ...spec.fix, alternative: undefined } }, settings);
  }
  // A signal one path alone writes (`if (token) init.signal = c.signal`): fixed there, the other would stay unbounded.
  if (c?.state === 'untimed' && c.option === 'signal' && c.prop && !site.instance && writtenOnOnePath(c.prop.node, site.node)) {
    const fix = signalBesideAny(site, render('AbortSignal.timeout({{totalMs}})', settings), file);
    return fix ? offeredIfStreamed({ fix }, site, spec, file) : {};
  }
  if (c && c.state !== 'set' && c.state !== 'absent' && !token) return offeredIfStreamed(causeFix(c, v, file, spec, settings), site, spec, file);
  const left = !c && v.total.state === 'absent' ? v.total.leftOut : undefined;
  // The option the fix writes (another, axios's `signal`, gets the fix's own option beside it, as the message says).
  if (left?.option === spec.fix.total.path) return offeredIfStreamed(leftOutFix(left, render(spec.fix.total.value, settings), file), site, spec, file);
  return optionsFix(site, entriesFor(spec, v, settings), file, spec, settings);
}

/**
 * The option a wrapper's parameter holds, which its one call leaves out: the call passes it (`get(u, 30000)`), in
 * place of a `null` or `undefined` written there, or as its next argument. Past arguments it also leaves out, the
 * gap is filled with `undefined` (as leaving them out gives), which reads as a mistake: only offered. The options
 * object is not edited: a value written there would take the parameter's place for every caller.
 */
function leftOutFix(left: LeftOut, text: string, file: FileCtx): Pick<Finding, 'fix' | 'suggestions'> {
  const { call, index, arg } = left.passed;
  const fix = left.passed.file === file ? insertArgument(file.sf, call, index, text, false) : undefined;
  if (!fix) return {};
  if (arg || index === (call.arguments?.length ?? 0)) return { fix };
  return { suggestions: [{ desc: `Pass ${text} as argument ${index + 1} on line ${lineAt(file.sf, call.getStart(file.sf))}`, fix }] };
}

/**
 * A timeout combined with a signal that a Stop button aborts (`AbortSignal.any([stop.signal, …])`) also ends a
 * streamed body that is still arriving (a chat's token stream): there it is only offered, to be sized.
 */
function offeredIfStreamed(made: Pick<Finding, 'fix' | 'suggestions'>, site: Site, spec: JsClientSpec, file: FileCtx): Pick<Finding, 'fix' | 'suggestions'> {
  if (!made.fix || !spec.fix.total.endsBody || !streamsBody(site, file, spec)) return made;
  const desc = `Add a timeout to ${spec.fix.total.path}: ${STREAMED}`;
  return { suggestions: [{ desc, fix: made.fix }, ...(made.suggestions ?? [])] };
}

/**
 * True when every reference to the instance's binding is a request made in this file, or the receiver of an
 * instance made from it here (`base.extend(…)`), which is judged, and reported, with its own uses (so none escapes).
 */
function allUsesSeen(inst: Instance, uses: readonly Request[], children: readonly Instance[]): boolean {
  // The receivers and instance arguments of the calls that made the children: `base.extend(…)`, `got.extend(base, …)`;
  // a class made by a factory, the callee itself (`new MyOctokit(…)`).
  const madeFrom = new Set<ts.Node>(children.flatMap((c) => {
    const call = creationCall(c);
    const callee = call && unwrap(call.expression);
    const receiver = callee && c.parent === inst ? [ts.isPropertyAccessExpression(callee) ? unwrap(callee.expression) : callee] : [];
    const args = (c.merged ?? []).filter((a) => a.value.kind === 'instance' && a.value.inst === inst && a.node).map((a) => unwrap(a.node!));
    return [...receiver, ...args];
  }));
  // Made inline where it is used: `ky.create(…).extend(…)`, `axios.create(…).get(url, config)` have no other use.
  if (madeFrom.has(inst.create)) return true;
  if (uses.some((u) => { const c = unwrap(u.call.expression); return ts.isPropertyAccessExpression(c) && unwrap(c.expression) === inst.create; })) return true;
  // Kept as an add-on hands it back: `const api = setupCache(axios.create())`.
  let made: ts.Node = inst.create;
  while (ts.isCallExpression(made.parent) && made.parent.arguments[0] === made && handsBackInstance(made.parent, inst.file)) made = made.parent;
  const decl = made.parent;
  if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return false;
  const b = inst.file.resolver.resolve(decl.name);
  if (!b || b.kind !== 'var' || !isConstant(b, inst.file)) return false;
  const statement = decl.parent.parent;
  if (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return false;
  const calls = new Set<ts.Node>([...uses.map((u) => unwrap(u.call.expression)), ...madeFrom]);
  return namesIn(inst.file, b.scope, decl.name.text).every((n) => {
    if (n === decl.name || inst.file.resolver.resolve(n) !== b) return true;
    // `octokit.rest.issues.create(…)`: the name is the callee's receiver a few properties down.
    for (let e: ts.Node = n; ; e = e.parent) {
      if (calls.has(e)) return true;
      if (!ts.isPropertyAccessExpression(e.parent) || e.parent.expression !== e) return false;
    }
  });
}

function instanceFinding(inst: Instance, uses: Request[], children: Instance[], file: FileCtx, settings: EngineSettings): Finding | undefined {
  const create = creationCall(inst);
  if (!create || inst.shape.perRequest) return undefined;
  const spec = specFor(inst.spec, inst.shape);
  // Judged where its requests are sent: a signal made once at module load bounds none sent later, from a function.
  const v = judge(spec, [...instanceLayers(inst), ...interceptorLayers(spec, { inst })], uses.find((u) => functionOf(u.call))?.call ?? create, honouredTotal(inst.shape, file), connectMsOf(settings));
  if (!v.messageId) return undefined;
  const unbounded = uses.filter((u) => !u.shape.inert && judge(u.spec, requestLayers(u), u.call, honouredTotal(u.shape, file), connectMsOf(settings)).messageId);
  // A call's own value wins in every client: when each use in the file bounds itself, the instance's missing or
  // disabled timeout reaches no request.
  if (!unbounded.length && allUsesSeen(inst, uses, children)) return undefined;
  // Taken away after creation (`api.defaults.timeout = 0`, an interceptor): reported and fixed where that is
  // written, once, as a request of the instance is (reportFile).
  const cause = v.cause && 'prop' in v.cause ? v.cause : undefined;
  const at = cause?.layer.kind === 'defaults' ? defaultsSite(cause, file) : undefined;
  if (at) return finding(spec, v, [at.getStart(file.sf), at.end], '', at === cause!.prop?.node ? causeFix(cause, v, file, spec, settings) : {});
  const used = unbounded.length ? `used on line ${lineAt(file.sf, unbounded[0]!.call.getStart(file.sf))}` : '';
  // Disabled by a value this call does not write (the instance it extends, `base.extend({ retry: 0 })`): named by line.
  const node = v.messageId === 'disabledTimeout' && cause?.prop?.file === file ? cause.prop.node : undefined;
  // A factory's parameter whose one call passes the value (`make(0)`): "passed", as for a request's.
  const passed = node && (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent)) && node.parent.arguments?.includes(node as ts.Expression);
  const elsewhere = node && !(create.pos <= node.pos && node.end <= create.end) ? `${passed ? 'passed' : 'set'} on line ${lineAt(file.sf, node.getStart(file.sf))}` : '';
  const where = used || elsewhere ? ` (${[elsewhere, used].filter(Boolean).join(', ')})` : '';
  const site: Site = { node: create, options: inst.arg, shape: inst.shape, instance: true };
  const extra = replacesParentKey(inst) ? {} : fixesFor(site, spec, v, file, settings);
  return totalIgnored(inst.shape, spec, file) ? finding(spec, v, rangeOf(create, file.sf), where, extra, site, file) : finding(spec, v, rangeOf(create, file.sf), where, extra);
}

/** A root a framework makes an instance of with no options (`imports: [HttpModule]`): fixed by calling its factory. */
function listedFinding(l: Listed, file: FileCtx, settings: EngineSettings): Finding | undefined {
  const none: Layer = { value: { kind: 'object', props: new Map(), open: false }, kind: 'instance', at: l.node, file };
  const v = judge(l.spec, [...rootLayers(l.spec, l.root, file, [], l.node), none], l.node, [], connectMsOf(settings));
  if (!v.messageId) return undefined;
  const fix = replaceNode(file.sf, l.node, `${l.node.getText(file.sf)}.${l.factory}(${objectText(entriesFor(l.spec, v, settings))})`);
  const extra = l.spec.fix.level === 'fix' ? { fix } : { suggestions: [{ desc: `Call ${l.factory}() with the options`, fix }] };
  return finding(l.spec, v, [l.node.getStart(file.sf), l.node.end], '', extra);
}

/**
 * Where this file reports defaults that take a timeout away: the value, when it is written here; else the write
 * of the defaults that brings it in from another module (`Object.assign(api.defaults, settings)`); else nowhere.
 */
function defaultsSite(cause: OptionState, file: FileCtx): ts.Node | undefined {
  if (!('prop' in cause) || !cause.prop) return undefined;
  if (cause.prop.file === file) return cause.prop.node;
  return cause.layer.file === file ? cause.layer.at : undefined;
}

/** `needle('get', url, { read_timeout: 5000 })`: timeout options written in the data argument, which is sent, not read. */
function timeoutsInData(r: Request): { data: ts.ObjectLiteralExpression; props: ts.PropertyAssignment[] } | undefined {
  const arg = r.shape.dataArg === undefined ? undefined : r.call.arguments?.[r.shape.dataArg];
  const data = arg && unwrap(arg);
  if (!data || !ts.isObjectLiteralExpression(data)) return undefined;
  const names = new Set([...r.spec.total.options, ...(r.spec.connect?.options ?? []), ...(r.spec.idle ?? [])].map((o) => o.name));
  const props = data.properties.filter((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && names.has(staticName(p.name) ?? ''));
  return props.length ? { data, props } : undefined;
}

/**
 * The timeouts move from the data into the options, with the author's values (a never value gets the entry's),
 * beside the entries still missing; data left with nothing becomes `null`. Only into a new options argument or a
 * literal written in the call, and not out of a data literal with a spread.
 */
function moveFromData(r: Request, found: NonNullable<ReturnType<typeof timeoutsInData>>, entries: readonly Entry[], file: FileCtx): Fix | undefined {
  const { sf } = file;
  const { data, props } = found;
  if (data.properties.some(ts.isSpreadAssignment)) return undefined;
  const moved = props.map((p) => {
    const name = staticName(p.name)!;
    const own = entries.find((e) => e.path.length === 1 && e.path[0] === name);
    return { path: [name], value: !neverLiteral(p.initializer, file, r.spec) ? p.initializer.getText(sf) : own?.value };
  });
  // `open_timeout: 0` moved would turn the connect default off; the fix writes no value of its own for it.
  if (moved.some((m) => m.value === undefined)) return undefined;
  const all = [...(moved as Entry[]), ...entries.filter((e) => !moved.some((m) => m.path[0] === e.path[0]))];
  const o = r.options;
  let into: Fix | undefined;
  if (o.index === null) into = r.shape.insertAt === r.shape.dataArg! + 1 ? insertArgument(sf, r.call, r.shape.insertAt, objectText(all)) : undefined;
  else if (o.value.kind === 'object' && o.value.literal && o.node && o.value.literal === unwrap(o.node)) into = insertOption(sf, o.value.literal, all, spreadHolds(file));
  if (!into) return undefined;
  const out = props.length === data.properties.length ? [replaceNode(sf, r.call.arguments![r.shape.dataArg!]!, 'null')] : props.map((p) => removeProperty(sf, data, p));
  return mergeFixes(sf.text, [...out, into]);
}

/** A request whose timeouts sit in its data argument: the message says so, and the fix moves them where they are read. */
function dataFinding(r: Request, spec: JsClientSpec, v: Verdict, file: FileCtx, settings: EngineSettings): Finding | undefined {
  const found = v.messageId && v.messageId !== 'disabledTimeout' ? timeoutsInData(r) : undefined;
  if (!found) return undefined;
  const names = found.props.map((p) => `\`${staticName(p.name)}\``).join(', ');
  const f = finding(spec, v, rangeOf(r.call, file.sf), '', {});
  f.data.note += ` ${names} in argument ${r.shape.dataArg! + 1} ${found.props.length > 1 ? 'are' : 'is'} data: ${spec.client} sends ${found.props.length > 1 ? 'them' : 'it'} with the request and reads no timeout there.`;
  f.data.option += ` in the options argument (argument ${r.shape.insertAt! + 1})`;
  const fix = moveFromData(r, found, entriesFor(spec, v, settings), file);
  return fix ? { ...f, fix } : { ...f, ...fixesFor({ node: r.call, options: r.options, shape: r.shape }, spec, v, file, settings) };
}

/**
 * `Promise.race([fetch(u), timeout(5000)])`: the race stops waiting but leaves the request running, so the finding
 * stands; its fix bounds the request with the race's own ms (the shortest delay it reads), as the author chose.
 */
type RaceSettings = PhaseSettings & { named?: { in: ts.Node; otherwise: EngineSettings } };

/** The array of a `Promise.race([…])` that `n` is an element of. */
function raceList(n: ts.Node, file: FileCtx): ts.ArrayLiteralExpression | undefined {
  const list = n.parent;
  const race = list && ts.isArrayLiteralExpression(list) ? list.parent : undefined;
  return race && ts.isCallExpression(race) && race.arguments[0] === list && unwrap(race.expression).getText(file.sf) === 'Promise.race' ? (list as ts.ArrayLiteralExpression) : undefined;
}

/**
 * The element of a race the request's promise is, and the race's array: written in the race, or held by a const
 * the race names (`const p = axios.get(u); … Promise.race([p, timer])`) and nothing else reads. A promise read
 * again after the race (`await p` once a spinner's delay is over) is waited for in full: the race's delay is no
 * bound the author chose for it.
 */
function raceElement(call: Call, file: FileCtx): { element: ts.Node; list: ts.ArrayLiteralExpression } | undefined {
  let n: ts.Node = call;
  // `fetch(u).then((r) => r.json())` in the race: the chain is the element.
  while (ts.isPropertyAccessExpression(n.parent) && ts.isCallExpression(n.parent.parent) && n.parent.parent.expression === n.parent) n = n.parent.parent;
  n = outermostAwaited(n);
  const list = raceList(n, file);
  if (list) return { element: n, list };
  const d = n.parent;
  if (!ts.isVariableDeclaration(d) || d.initializer !== n || !ts.isIdentifier(d.name) || !(ts.getCombinedNodeFlags(d) & ts.NodeFlags.Const)) return undefined;
  const b = file.resolver.resolve(d.name);
  if (!b) return undefined;
  const uses = namesIn(file, functionOf(d) ?? file.sf, d.name.text).filter((u) => u !== d.name && file.resolver.resolve(u) === b);
  if (uses.length !== 1) return undefined;
  const element = outermost(uses[0]!);
  const held = raceList(element, file);
  return held && { element, list: held };
}

function raceSettings(call: Call, file: FileCtx, settings: PhaseSettings): RaceSettings {
  const race = raceElement(call, file);
  if (!race) return settings;
  const others = race.list.elements.filter((x) => x !== race.element).map((x) => heldPromise(x, file));
  // `setTimeout(resolve, timeout)` with `timeout = 3000` a parameter: the caller may ask for more, so the fix
  // writes the name, which the request's function sees, rather than the default.
  const ms = others.map((x) => delayMs(x, file)).filter((x): x is number => x !== undefined);
  const timed = ms.length ? { ...settings, totalTimeout: Math.min(...ms) / 1000 } : settings;
  const named = others.length === 1 ? delayParameter(others[0]!, call, file) : undefined;
  return named ? { ...timed, totalMsText: named.name, named: { in: named.fn, otherwise: timed } } : timed;
}

/** Whether every edit of the finding, fix or suggestion, is written inside `node`, where its names are in scope. */
function editsWithin(f: Finding, node: ts.Node, sf: ts.SourceFile): boolean {
  const edits = [...(f.fix ? [f.fix] : []), ...(f.suggestions ?? []).map((x) => x.fix)];
  return edits.every((e) => e.range[0] >= node.getStart(sf) && e.range[1] <= node.end);
}

/** `timer` of `const timer = new Promise(…)` in the race: the promise the const holds. */
function heldPromise(x: ts.Expression, file: FileCtx): ts.Expression {
  const e = unwrap(x);
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
  return b?.kind === 'var' && !b.path.length && b.init && isConstant(b, file) ? b.init : x;
}

/**
 * The name of a parameter with a default that a delay waits (`(url, timeout = 3000) => … setTimeout(r, timeout)`),
 * when the request is in that parameter's function and no name between declares it again.
 */
function delayParameter(delay: ts.Expression, call: Call, file: FileCtx): { name: string; fn: ts.Node } | undefined {
  const ms = delayMsArgument(delay, file);
  const e = ms && unwrap(ms);
  const b = e && ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
  if (b?.kind !== 'param' || b.path.length || !b.param.initializer || !ts.isIdentifier(b.param.name)) return undefined;
  const fn = b.param.parent;
  let inside = false;
  for (let p: ts.Node | undefined = call.parent; p && !inside; p = p.parent) inside = p === fn;
  const own = namesIn(file, fn, b.param.name.text).filter((x) => file.resolver.resolve(x) !== b);
  return inside && !own.length ? { name: b.param.name.text, fn } : undefined;
}

/** The majors of a package the file runs with, read once per file (`packageMajors`). */
function majorsOf(module: string, file: FileCtx): [number, number] | null {
  const key = `majors:${module}`;
  if (!file.cache.has(key)) file.cache.set(key, packageMajors(file.path, module));
  return file.cache.get(key) as [number, number] | null;
}

/** The [major, minor] versions of a package the file runs with, read once per file (`packageVersions`). */
function versionsOf(module: string, file: FileCtx): [NodeVersion, NodeVersion] | null {
  const key = `versions:${module}`;
  if (!file.cache.has(key)) file.cache.set(key, packageVersions(file.path, module));
  return file.cache.get(key) as [NodeVersion, NodeVersion] | null;
}

/**
 * Which of the versions the file runs with have the call shape's `totalSince` options: all (also when nothing says,
 * or the shape names none), some (a range such as `^1.8.0`), or none.
 */
function sinceHas(shape: JsCallShape, file: FileCtx): 'all' | 'some' | 'none' {
  const since = shape.totalSince;
  const versions = since && versionsOf(since.module, file);
  if (!since || !versions) return 'all';
  const older = (v: NodeVersion): boolean => v[0] < since.version[0] || (v[0] === since.version[0] && v[1] < since.version[1]);
  return older(versions[1]) ? 'none' : older(versions[0]) ? 'some' : 'all';
}

/**
 * The spec a fix is made with under the versions the file runs with (`totalSince`): where one of them predates the
 * option the fix writes, it is only offered, naming the version it needs; where all do and the option is written
 * already, null: an upgrade is owed, not an edit.
 */
function sinceSpec(site: Site, spec: JsClientSpec, file: FileCtx): JsClientSpec | null {
  const since = site.shape.totalSince;
  const has = sinceHas(site.shape, file);
  if (!since || has === 'all') return spec;
  const o = site.options.value;
  if (has === 'none' && !(o.kind === 'object' && !o.open && !o.props.has(spec.fix.total.path))) return null;
  const total = { ...spec.fix.total, note: `${since.module} ${since.version.join('.')} or later` };
  return { ...spec, fix: { ...spec.fix, total, level: 'suggestion' } };
}

/**
 * The call shape's own total options, unless the package version the file runs with ignores them (`totalBefore`,
 * `totalSince`).
 */
function honouredTotal(shape: JsCallShape, file: FileCtx): readonly TimeoutOption[] | undefined {
  if (shape.total && sinceHas(shape, file) === 'none') return [];
  const before = shape.totalBefore;
  if (!shape.total || !before) return shape.total;
  const majors = majorsOf(before.module, file);
  return majors && majors[0] >= before.major ? [] : shape.total;
}

/**
 * The call's own total option, which needs no abort API, for a request where the code runs without it (`if
 * (!AbortController) return nodeFetch(url)`: node-fetch v2's `timeout`). Applied where the version the file runs with
 * honours it (or no version ignores it); only offered where no version is read, as a later one ignores it.
 */
function ownBound(site: Site, spec: JsClientSpec, v: Verdict, file: FileCtx, settings: EngineSettings): OwnBound | undefined {
  const own = v.messageId === 'missingTimeout' ? honouredTotal(site.shape, file)?.find((o) => o.name !== spec.fix.total.path) : undefined;
  if (!own) return undefined;
  const before = site.shape.totalBefore;
  const majors = before ? majorsOf(before.module, file) : null;
  const known = !before || (majors !== null && majors[1] < before.major);
  const note = before && !known ? `${before.module} before ${before.major} only` : undefined;
  const total: JsFixEntry = { path: own.name, value: own.unit === 's' ? String(settings.totalTimeout) : '{{totalMs}}', endsBody: true, ...(note ? { note } : {}) };
  const ownSpec: JsClientSpec = { ...spec, fix: { kind: 'insertOption', total, level: known ? 'fix' : 'suggestion' } };
  const extra = optionsFix(site, [{ path: own.name.split('.'), value: render(total.value, settings) }], file, ownSpec, settings);
  return { extra, option: optionName(total), ...(note ? { note } : {}) };
}

/** The fix's total option is one of the shape's own that this file's version of the library ignores (`totalBefore`, `totalSince`). */
function totalIgnored(shape: JsCallShape, spec: JsClientSpec, file: FileCtx): boolean {
  if (!(shape.totalBefore || shape.totalSince) || !shape.total?.some((o) => o.name === spec.fix.total.path)) return false;
  return !honouredTotal(shape, file)?.length;
}

/** APIs a fix may write that Node added late, with the first version of each line that has them, oldest first. */
const NODE_APIS: readonly { call: string; since: readonly NodeVersion[] }[] = [
  { call: 'AbortSignal.timeout(', since: [[16, 14], [17, 3]] },
  { call: 'AbortSignal.any(', since: [[18, 17], [20, 3]] },
];

/**
 * A fix that calls an API older Node versions lack, in a package whose `engines.node` allows one of them, would
 * throw there: it is only offered, saying which Node it needs.
 */
function runnable(f: Finding, file: FileCtx): Finding {
  const text = f.fix?.text;
  // The one Node added last is named (`AbortSignal.any([…, AbortSignal.timeout(ms)])` needs `any`'s versions).
  const api = text && NODE_APIS.findLast((a) => text.includes(a.call));
  if (api && reactNative(file)) {
    const desc = `Bound the request with ${api.call.slice(0, -1)} (React Native has no AbortSignal.timeout nor .any: only where the app polyfills them)`;
    const { fix, ...rest } = f;
    return { ...rest, suggestions: [{ desc, fix: fix! }, ...(f.suggestions ?? [])] };
  }
  // The floor is read only for a fix that calls one of them.
  const floor = text && NODE_APIS.some((a) => text.includes(a.call)) ? nodeFloorOf(file) : null;
  const missing = floor && NODE_APIS.findLast((a) => text!.includes(a.call) && !nodeHas(floor, a.since));
  if (!missing) return f;
  const needs = missing.since.map((v) => v.join('.')).join(' or ');
  const desc = `Bound the request with ${missing.call.slice(0, -1)} (Node ${needs} and later; engines.node in package.json allows ${floor.join('.')})`;
  const { fix, ...rest } = f;
  return { ...rest, suggestions: [{ desc, fix: fix! }, ...(f.suggestions ?? [])] };
}

/** Findings for one file: requests judged on their layers, instances at their creation. */
export function reportFile(file: FileCtx, settings: EngineSettings): Finding[] {
  const { requests, created } = findRequests(file, settings.clients);
  const out: Finding[] = [];
  const seen = new Set<string>();
  const push = (f: Finding | undefined) => {
    const key = `${f?.range.join(':')}|${f?.messageId}`;
    if (f && !seen.has(key)) out.push(f), seen.add(key);
  };
  for (const r of requests) {
    if (r.shape.inert) continue;
    const spec = specFor(r.spec, r.shape);
    const layers = requestLayers(r);
    const v = judge(spec, layers, r.call, honouredTotal(r.shape, file), connectMsOf(settings));
    if (!v.messageId) continue;
    const layer = v.cause && 'layer' in v.cause ? v.cause.layer : undefined;
    if (r.inst && !r.inst.shape.perRequest && (!layer || layer.kind === 'instance')) continue;
    if (layer && layer.kind === 'defaults' && v.cause && 'prop' in v.cause && v.cause.prop) {
      const at = defaultsSite(v.cause, file);
      if (at) push(finding(spec, v, [at.getStart(file.sf), at.end], '', at === v.cause.prop.node ? causeFix(v.cause, v, file, spec, settings) : {}));
      continue;
    }
    // A bound the response callback leaves out (response-phase.ts): said, and its own ms kept by the fix.
    const phased = v.messageId === 'missingTimeout' && !v.cause;
    if (v.messageId === 'missingTimeout') v.note += agentIdleNote(r) + (phased ? phaseNote(r, layers) : '');
    const site: Site = { node: r.call, options: r.options, shape: r.shape };
    // Turned off by a value a caller passes (`get(url, { timeout: 0 })` to a wrapper that hands its options on).
    const off = v.messageId === 'disabledTimeout' && v.cause && 'prop' in v.cause ? v.cause.prop?.node : undefined;
    const passed = off && off.getSourceFile() === file.sf && !(r.call.pos <= off.pos && off.end <= r.call.end) ? ` (passed on line ${lineAt(file.sf, off.getStart(file.sf))})` : '';
    const made = (s: PhaseSettings) => dataFinding(r, spec, v, file, s) ?? finding(spec, v, rangeOf(r.call, file.sf), passed, fixesFor(site, spec, v, file, s), site, file);
    const phase = phased ? phaseSettings(r, layers, settings) : settings;
    // A dispatcher the request names (undici's): its bounds said, and the fix's total no shorter than they are.
    const sent = v.messageId === 'missingTimeout' ? dispatched(r, layers, phase) : undefined;
    const s = raceSettings(r.call, file, sent?.settings ?? phase);
    const sized = sizedByCode(made(s), s, file, () => made({ ...s, totalMsText: undefined }));
    const f = sent ? withDispatcher(sized, sent) : sized;
    // A parameter's name written where it is not in scope (an options object outside its function): the ms instead.
    push(withoutMissingApi(s.named && !editsWithin(f, s.named.in, file.sf) ? made(s.named.otherwise) : f, r.call, file, () => ownBound(site, spec, v, file, s)));
  }
  // Instances made inside a same-file factory function are judged with the factory's arguments too.
  const viaRequests = requests.flatMap((r) => (r.inst ? [r.inst] : []));
  const all = new Set([...created, ...viaRequests]);
  for (const inst of all) {
    // Judged by its requests alone (a connection, a jQuery collection): nothing to report where it is made.
    if (inst.shape.perRequest || inst.file !== file) continue;
    const children = [...all].filter((c) => (c.parent === inst || c.merged?.some((a) => a.value.kind === 'instance' && a.value.inst === inst)) && !c.typed && c.file === file);
    push(instanceFinding(inst, requests.filter((r) => r.inst === inst), children, file, settings));
  }
  for (const l of findListed(file)) push(listedFinding(l, file, settings));
  // A module that only configures a client still turns its timeout off for every request that follows.
  for (const { spec, layers } of writtenDefaults(file)) {
    const v = judge(spec, layers, layers[0]!.at, [], connectMsOf(settings));
    const cause = v.messageId === 'disabledTimeout' && v.cause && 'prop' in v.cause ? v.cause : undefined;
    if (!cause?.prop || cause.prop.file !== file) continue;
    push(finding(spec, v, [cause.prop.node.getStart(file.sf), cause.prop.node.end], '', causeFix(cause, v, file, spec, settings)));
  }
  return out.map((f) => runnable(f, file));
}
