import type { BoundSpec, Literal } from '../../../catalogue/define-client';
import type { CallShape, OptionsClientSpec, RequestsOverride } from '../../../catalogue/php-specs';
import { usesNamedArguments } from '../builtin-params';
import { isServiceId } from '../names';
import type { Interpreter } from '../interpreter';
import { childrenOf, closureBetween, endOf, startOf, type PhpNode } from '../parse';
import { knownPrefix, lit, normaliseKey, refsOf, trackedIn, UNKNOWN, type ArrayEntry, type Tracked, type Value } from '../values';
import { Client, ClientFactory, HandlerStack, OptionsObject, QuietMiddleware, TransportObject, nestedOptions, optionsUnder, scopedOptions, withoutOverridden, type OptionsArg, type Request } from './options-records';
import { transportReadsKey } from './options-transport';
import { assignmentAnchor } from './anchor';
import { bodyOf, type CallSite, type Special } from './special';

// The options-client tracker: the calls that make clients and handler stacks, set their options and send requests.

/** A shape's `firstArg`, if any, is the call's first argument (`isServiceId`). */
function firstArgMatches(shape: { firstArg?: string }, site: CallSite): boolean {
  const first = site.values[0];
  return shape.firstArg === undefined || (first?.kind === 'lit' && isServiceId(first.value, shape.firstArg));
}

function matchesStatic(shape: CallShape, cls: string, site: CallSite): boolean {
  if (!('static' in shape) || shape.static[0] !== cls || (shape.static[1] !== site.name && shape.static[1] !== '*')) return false;
  return firstArgMatches(shape, site);
}

/** Follows clients configured by options arrays; ./options-judge.ts decides what is owed. */
export class OptionsClientTracker implements Special {
  readonly clients = new Map<string, Client>();
  /** The clients this tracker made: another client spec's objects are not its to answer for. */
  private readonly made = new Set<Client>();
  readonly requests = new Map<string, Request>();
  private readonly ids = new Map<Client, number>();
  /** Templates of every client the file makes, by call; null: one the analysis cannot see. */
  readonly templates = new Map<string, Client | null>();
  private readonly injected: Set<string>;
  private readonly facades: Set<string>;
  /**
   * Where each creating call was last met, and how often in that walk (madeKey); `alone`: its first client was
   * made in its function's own walk.
   */
  private readonly meetings = new Map<string, { pass: number; walk: number; count: number; alone: boolean }>();
  /** The same for requests met in a caller's run of their function (callerKey). */
  private readonly requestMeetings = new Map<string, { pass: number; walk: number; count: number }>();

  private readonly requestShapes: OptionsClientSpec['requests'];
  /**
   * The global functions, the classes made with `new` and the classes called statically that its hooks answer:
   * every call of a file asks every client, so the others are turned away by name.
   */
  private readonly functions: ReadonlySet<string>;
  private readonly newClasses: ReadonlySet<string>;
  private readonly staticClasses: ReadonlySet<string>;
  /** The methods of objects the walk does not follow that make a client (`creates`: a container's `get`). */
  private readonly unseenMethods: ReadonlySet<string>;
  /** The handler stacks this tracker made, by where they are made. */
  private readonly stacks = new Map<number, HandlerStack>();
  private readonly ownStacks = new Set<HandlerStack>();
  /** The options objects this tracker made (`optionsObjects`), by where they are made. */
  private readonly objects = new Set<OptionsObject>();
  private readonly objectsAt = new Map<number, OptionsObject>();
  /** The transport objects this tracker made (`totalNeverWith`). */
  private readonly transports = new Set<TransportObject>();
  /** The factories of clients this tracker follows (`factories`), by where their type is written. */
  private readonly factoriesAt = new Map<number, ClientFactory>();

  /** `declared`: in-house calls that config says to check like this client's requests. */
  constructor(readonly spec: OptionsClientSpec, declared: readonly CallShape[] = []) {
    this.requestShapes = [...spec.requests, ...declared];
    this.injected = new Set(spec.injected);
    this.facades = new Set(spec.facades);
    const shapes: readonly CallShape[] = [
      ...this.requestShapes, ...(spec.templates ?? []), ...spec.creates, ...(spec.wraps ?? []), ...(spec.handlerStack?.makes ?? []),
    ];
    this.functions = new Set(shapes.flatMap((s) => ('fn' in s ? [s.fn] : [])));
    this.newClasses = new Set([
      ...shapes.flatMap((s) => ('new' in s ? [s.new] : [])), ...(spec.totalNeverWith?.values ?? []), ...(spec.handlerStack?.quietObjects ?? []),
      ...(spec.optionsObjects?.classes ?? []), ...(spec.totalNeverWith?.iniBoundWith?.values ?? []),
    ]);
    this.unseenMethods = new Set(spec.creates.flatMap((s) => ('method' in s ? [s.method] : [])));
    this.staticClasses = new Set([...shapes.flatMap((s) => ('static' in s ? [s.static[0]] : [])), ...this.facades, ...(spec.handlerStack?.quiet ?? [])]);
  }

  classConstant(cls: string, name: string): Literal | undefined {
    return this.spec.keyConstants[`${cls}::${name.toLowerCase()}`];
  }

  typed(cls: string, node: PhpNode, _interp: Interpreter, constructor = false): Value | undefined {
    // Magento's object manager makes the client a constructor asks for, with no options: a client made there.
    if (constructor && this.spec.containerMade?.includes(cls)) {
      const made = this.memo(`made:${startOf(node)}`, () => new Client(node, null, null, false));
      made.containerMade = true;
      return { kind: 'obj', ref: made };
    }
    const factory = this.spec.factories?.find((f) => f.type === cls);
    if (factory) {
      let made = this.factoriesAt.get(startOf(node));
      if (!made) this.factoriesAt.set(startOf(node), (made = new ClientFactory(factory.method)));
      return { kind: 'obj', ref: made };
    }
    if (this.injected.has(cls)) return { kind: 'obj', ref: this.memo(`typed:${node.loc!.start.offset}`, () => new Client(null, null, null, true)) };
    return this.facades.has(cls) ? { kind: 'obj', ref: this.facadeObject(`typed:${node.loc!.start.offset}`) } : undefined;
  }

  newObject(cls: string, site: CallSite, interp: Interpreter): Value | undefined {
    if (!this.newClasses.has(cls)) return undefined;
    if (this.spec.totalNeverWith?.values.includes(cls) || this.spec.totalNeverWith?.iniBoundWith?.values.includes(cls)) {
      const made = new TransportObject(cls);
      made.made.push(interp.now());
      this.transports.add(made);
      return { kind: 'obj', ref: made };
    }
    if (this.spec.optionsObjects?.classes.includes(cls)) return this.optionsObject(site, interp);
    if (this.spec.handlerStack?.makes.some((s) => 'new' in s && s.new === cls)) return this.handlerStack(site, interp);
    if (this.spec.handlerStack?.quietObjects?.includes(cls)) return { kind: 'obj', ref: new QuietMiddleware() };
    const req = this.requestShapes.find((s) => 'new' in s && s.new === cls);
    if (req) return this.request(null, req.optionsArg, site, interp, req);
    const wrap = this.spec.wraps?.find((s) => 'new' in s && s.new === cls);
    if (wrap) return this.wrap(wrap, site, interp);
    const shape = this.spec.creates.find((s) => 'new' in s && s.new === cls);
    return shape ? this.create(shape, site, interp) : undefined;
  }

  call(site: CallSite, interp: Interpreter): Value | undefined {
    if (!this.functions.has(site.name)) return undefined;
    const req = this.requestShapes.find((s) => 'fn' in s && s.fn === site.name);
    // download_url($url, $timeout): a timeout given as an argument of its own.
    if (req) return this.request(null, req.optionsArg, site, interp, 'timeoutArg' in req && req.timeoutArg !== undefined ? { timeoutArg: req.timeoutArg } : undefined);
    const template = this.spec.templates?.find((s) => 'fn' in s && s.fn === site.name);
    if (template) return this.template(template.arg, site);
    const make = this.spec.creates.find((s) => 'fn' in s && s.fn === site.name && firstArgMatches(s, site));
    return make ? this.create(make, site, interp) : undefined;
  }

  staticCall(cls: string, site: CallSite, interp: Interpreter): Value | undefined {
    if (!this.staticClasses.has(cls)) return undefined;
    if (this.facades.has(cls)) {
      const fresh = this.memo(`facade:${site.node.loc!.start.offset}`, () => new Client(null, null, null, false));
      return this.onClient(fresh, site, interp);
    }
    if (this.spec.handlerStack?.makes.some((s) => matchesStatic(s, cls, site))) return this.handlerStack(site, interp);
    // `$history = Middleware::history($c);` … `$stack->push($history)`: the quiet middleware, kept in a variable.
    if (this.spec.handlerStack?.quiet.includes(cls)) {
      for (const v of site.values) for (const t of trackedIn(v)) t.escape();
      return { kind: 'obj', ref: new QuietMiddleware() };
    }
    const req = this.requestShapes.find((s) => matchesStatic(s, cls, site));
    if (req) return this.request(null, req.optionsArg, site, interp, req);
    const wrap = this.spec.wraps?.find((s) => matchesStatic(s, cls, site));
    if (wrap) return this.wrap(wrap, site, interp);
    const template = this.spec.templates?.find((s) => matchesStatic(s, cls, site));
    if (template) return this.template(template.arg, site);
    const make = this.spec.creates.find((s) => matchesStatic(s, cls, site));
    return make ? this.create(make, site, interp) : undefined;
  }

  /** `$container->get('http_client')`: a service the spec names, of a container the walk does not follow. */
  unseenMethodCall(site: CallSite, interp: Interpreter): Value | undefined {
    if (!this.unseenMethods.has(site.name)) return undefined;
    const make = this.spec.creates.find((s) => 'method' in s && s.method === site.name && firstArgMatches(s, site));
    return make ? this.create(make, site, interp) : undefined;
  }

  /** `Request::ini($template)`: the client given (or one the analysis cannot see) sets the defaults of all. */
  private template(arg: number, site: CallSite): Value {
    const made = refsOf(site.values[arg]).find((r): r is Client => r instanceof Client && this.made.has(r) && !r.perCall);
    this.templates.set(`${startOf(site.node)}`, made ?? null);
    return UNKNOWN;
  }

  private handlerStack(site: CallSite, interp: Interpreter): Value {
    const at = startOf(site.node);
    let stack = this.stacks.get(at);
    if (!stack) {
      stack = new HandlerStack(this.spec.handlerStack!.key);
      this.stacks.set(at, stack);
      this.ownStacks.add(stack);
    }
    stack.made.push(interp.now());
    return { kind: 'obj', ref: stack };
  }

  /** `$stack->push($middleware)`: middleware of a class the spec does not call quiet may set any option. */
  private onHandlerStack(stack: HandlerStack, site: CallSite, interp: Interpreter): Value {
    const spec = this.spec.handlerStack!;
    const add = spec.add.find((a) => a.method === site.name);
    const middleware = add ? site.args[add.arg] : undefined;
    const quietObject = add && refsOf(site.values[add.arg]).length > 0 && refsOf(site.values[add.arg]).every((r) => r instanceof QuietMiddleware);
    if (add && !quietObject && !(middleware && this.quietMiddleware(middleware, interp))) stack.opaque = true;
    return UNKNOWN;
  }

  /** `Middleware::retry(…)`: a static call on one of the quiet classes. */
  private quietMiddleware(node: PhpNode, interp: Interpreter): boolean {
    const what = node.kind === 'call' ? (node.what as PhpNode | undefined) : undefined;
    const cls = what?.kind === 'staticlookup' ? (what.what as PhpNode | undefined) : undefined;
    return cls?.kind === 'name' && this.spec.handlerStack!.quiet.includes(interp.resolve(String(cls.name)));
  }

  methodCall(target: Tracked, site: CallSite, interp: Interpreter): Value | undefined {
    if (target instanceof OptionsObject) return this.objects.has(target) ? this.onOptionsObject(target, site, interp) : undefined;
    if (target instanceof TransportObject) return this.transports.has(target) ? this.onTransport(target, site) : undefined;
    if (target instanceof HandlerStack && this.ownStacks.has(target)) return this.onHandlerStack(target, site, interp);
    if (target instanceof ClientFactory) {
      if (![...this.factoriesAt.values()].includes(target)) return undefined;
      return site.name === target.method ? this.create({ optionsArg: null }, site, interp) : UNKNOWN;
    }
    if (!(target instanceof Client) || !this.made.has(target)) return undefined;
    if (!target.perCall) return this.onClient(target, site, interp);
    const fresh = this.memo(`facade:${site.node.loc!.start.offset}`, () => new Client(null, null, null, false));
    return this.onClient(fresh, site, interp);
  }

  /** `new Registry(['userAgent' => …])`: one object for each place it is made, in every walk. */
  private optionsObject(site: CallSite, interp: Interpreter): Value {
    const at = startOf(site.node);
    let made = this.objectsAt.get(at);
    if (!made) {
      made = new OptionsObject();
      this.objectsAt.set(at, made);
      this.objects.add(made);
    }
    made.units.add(site.scope.unit);
    made.made.push(interp.now());
    const by = this.spec.optionsObjects!;
    const data = site.args[by.arg] ? (site.values[by.arg] ?? UNKNOWN) : null;
    if (data && (data.kind !== 'array' || data.open)) made.open = true;
    for (const e of data?.kind === 'array' ? data.entries : []) this.setOn(made, e.key, e.value, e.valueNode, interp);
    return { kind: 'obj', ref: made };
  }

  /** `$options->set('userAgent', …)` sets a key; another call may set any. */
  private onOptionsObject(target: OptionsObject, site: CallSite, interp: Interpreter): Value {
    const by = this.spec.optionsObjects!;
    if (site.name === by.set && site.args.length >= 2) {
      const key = site.values[0];
      this.setOn(target, key?.kind === 'lit' ? key : null, site.values[1] ?? UNKNOWN, site.args[1] ?? null, interp);
    } else if (!by.reads.includes(site.name)) target.open = true;
    for (const v of site.values.slice(1)) for (const t of trackedIn(v)) t.escape();
    return UNKNOWN;
  }

  private setOn(target: OptionsObject, key: ArrayEntry['key'], value: Value, valueNode: PhpNode | null, interp: Interpreter): void {
    const sep = this.spec.optionsObjects!.separator;
    if (!key || typeof key.value !== 'string' || key.value.includes(sep)) {
      target.open = true;
      return;
    }
    target.sets.push({ key: key.value, entry: { key, value, valueNode }, at: interp.now() });
  }

  /** `$adapter->setCurlOption(CURLOPT_USERPWD, …)` leaves the total alone; another call may set it. */
  private onTransport(target: TransportObject, site: CallSite): Value {
    const keeps = this.spec.totalNeverWith?.objectCalls;
    const arg = keeps ? site.args[keeps.arg] : undefined;
    const name = arg?.kind === 'name' ? String(arg.name).replace(/^\\/, '') : null;
    const kept = !!keeps && site.name === keeps.method && name !== null && name.startsWith(keeps.prefix) && !keeps.except.includes(name);
    if (!kept) target.touched = true;
    return { kind: 'obj', ref: target };
  }

  private facadeObject(key: string): Client {
    const c = this.memo(key, () => new Client(null, null, null, false));
    c.perCall = true;
    return c;
  }

  private onClient(client: Client, site: CallSite, interp: Interpreter): Value {
    // A timeout set in an arm a caller leaving a parameter at its default never runs (guards.ts decidedByDefault), on
    // a client made before it: not set for that caller, and set for a request sent inside the arm (sentWithin).
    const keptOut = this.setsOnlyBounds(site) ? interp.keptOutFor(client.madeIn) : null;
    const [setters, arrays] = [client.setters.length, client.arrays.length];
    const out = this.onClientCall(client, site, interp);
    if (keptOut) for (const s of [...client.setters.slice(setters), ...client.arrays.slice(arrays)]) s.keptOut = keptOut;
    return out;
  }

  private onClientCall(client: Client, site: CallSite, interp: Interpreter): Value {
    const setter = this.spec.setters.find((s) => s.method === site.name);
    if (setter) {
      // `timeout(null)` on a method typed `int|float` throws before it sets anything: no request follows to judge.
      const given = site.values[0];
      const value = !given || (setter.numeric && given.kind === 'lit' && given.value === null) ? UNKNOWN : given;
      client.setters.push({ option: setter.option, value, valueNode: site.args[0] ?? null, call: site.node, at: interp.now() });
      return { kind: 'obj', ref: client };
    }
    // A method that takes a key and a value, or an array of both (HTTP_Request2 `setConfig()`), read as it is given.
    const asArray = this.spec.arraySetters?.includes(site.name) && site.values[0]?.kind === 'array';
    if (this.spec.keyedSetters?.includes(site.name) && !asArray) {
      const option = this.optionNamed(site.values[0]);
      if (option !== undefined) client.setters.push({ option, value: site.values[1] ?? UNKNOWN, valueNode: site.args[1] ?? null, call: site.node, at: interp.now() });
      return { kind: 'obj', ref: client };
    }
    if (this.spec.replacers?.includes(site.name)) {
      client.setters.push({ option: null, value: UNKNOWN, valueNode: null, call: site.node, at: interp.now() });
      return UNKNOWN;
    }
    if (this.spec.arraySetters?.includes(site.name)) {
      const arr = site.values[0];
      if (site.args[0]?.kind === 'array') client.arrays.push({ method: site.name, call: site.node, literal: site.args[0], at: interp.now() });
      if (arr?.kind !== 'array' || arr.open) client.setters.push({ option: null, value: UNKNOWN, valueNode: null, call: site.node, at: interp.now() });
      const given = new Set<string | null>();
      for (const e of arr?.kind === 'array' ? arr.entries.filter((x) => !x.lost) : []) {
        const option = e.key ? this.optionNamed(e.key) : null;
        given.add(option ?? null);
        if (option !== undefined) client.setters.push({ option, value: e.value, valueNode: e.valueNode, call: site.node, at: interp.now() });
      }
      // The array replaces the options keyed and array setters gave before (Magento `$_curlUserOptions = $arr`): one
      // it leaves out is no longer what they made it, and counts as set (what then applies is not followed). A
      // merging setter leaves them as they are.
      if (this.spec.mergingSetters?.includes(site.name)) return { kind: 'obj', ref: client };
      const keyed = new Set(client.setters.filter((x) => x.call !== site.node && this.isKeyedSetter(x.call)).map((x) => x.option));
      for (const option of keyed) {
        if (option !== null && !given.has(option)) client.setters.push({ option, value: UNKNOWN, valueNode: null, call: site.node, at: interp.now() });
      }
      return { kind: 'obj', ref: client };
    }
    const derive = this.spec.derives.find((d) => d.method === site.name && firstArgMatches(d, site));
    if (derive) {
      // As a made client: one for each caller of the function it is derived in, with that caller's options.
      const child = this.memo(this.madeKey(`derive:${site.node.loc!.start.offset}`, site, interp), () => new Client(site.node, null, client, false));
      if (child.pass !== interp.currentPass() || !child.options) {
        child.options = this.optionsOf(derive.optionsArg, site, interp);
        child.pass = interp.currentPass();
        child.readAlone = interp.runsAlone(site.scope);
      }
      return { kind: 'obj', ref: child };
    }
    if (client.container) return UNKNOWN;
    const req = this.requestShapes.find((s) => 'method' in s && s.method === site.name);
    if (req) return this.request(client, client.takesNoRequestOptions ? null : req.optionsArg, site, interp, req);
    const callback = this.spec.callbacks?.find((c) => c.method === site.name);
    const fn = callback ? site.args[callback.arg] : undefined;
    if (fn?.kind === 'closure' || fn?.kind === 'arrowfunc') {
      interp.callback(fn, [{ kind: 'obj', ref: this.facadeObject(`callback:${startOf(fn)}`) }], site.scope);
      return UNKNOWN;
    }
    return this.spec.fluent ? { kind: 'obj', ref: client } : UNKNOWN;
  }

  boundKey(key: Literal): boolean {
    const name = this.optionNamed(lit(key));
    return name !== null && name !== undefined && this.boundNames.has(name);
  }

  /** The names of the options that bound a request (total, connect, idle). */
  private get boundNames(): Set<string> {
    return new Set([this.spec.total, this.spec.connect, this.spec.idle].flatMap((b) => b?.options.map((o) => o.name) ?? []));
  }

  /** A setter call that sets timeouts and nothing else: `->timeout($t)`, `->setOption('timeout', $t)`, `->setopt(['timeout' => $t])`. */
  private setsOnlyBounds(site: CallSite): boolean {
    const bound = this.boundNames;
    const setter = this.spec.setters.find((s) => s.method === site.name);
    if (setter) return bound.has(setter.option);
    const arr = site.values[0];
    if (this.spec.arraySetters?.includes(site.name) && arr?.kind === 'array') {
      return !arr.open && arr.entries.length > 0 && arr.entries.every((e) => e.key && this.boundKey(e.key.value));
    }
    return !!this.spec.keyedSetters?.includes(site.name) && !!arr && arr.kind === 'lit' && this.boundKey(arr.value);
  }

  /** Whether `call` is a method call of a keyed or array setter (`setOption(…)`, `setOptions([…])`). */
  private isKeyedSetter(call: PhpNode): boolean {
    const offset = (call.what as PhpNode | undefined)?.offset as PhpNode | undefined;
    const name = offset?.kind === 'identifier' ? String(offset.name).toLowerCase() : undefined;
    return name !== undefined && (!!this.spec.keyedSetters?.includes(name) || !!this.spec.arraySetters?.includes(name));
  }

  /** An options array with its keys folded as the client folds them (`keyFold`). */
  private folded(value: Value | null): Value | null {
    const fold = this.spec.keyFold;
    if (!fold || value?.kind !== 'array') return value;
    return { ...value, entries: value.entries.map((e) => (typeof e.key?.value === 'string' ? { ...e, key: { ...e.key, value: this.foldKey(e.key.value) } } : e)) };
  }

  private foldKey(key: string): string {
    const fold = this.spec.keyFold;
    if (!fold) return key;
    const drop = new Set(fold.drop ?? '');
    const folded = [...(fold.case === 'lower' ? key.toLowerCase() : key.toUpperCase())].filter((c) => !drop.has(c)).join('');
    return fold.prefix && !folded.includes(fold.prefix) ? fold.prefix + folded : folded;
  }

  /** The timeout option a key names (by name or code), null for a key the analysis cannot read, undefined for another option. */
  private optionNamed(raw: Value | undefined): string | null | undefined {
    const key = raw?.kind === 'lit' && typeof raw.value === 'string' ? { ...raw, value: this.foldKey(raw.value) } : raw;
    if (key?.kind !== 'lit') return null;
    const options = [this.spec.total, this.spec.connect, this.spec.idle].flatMap((b) => b?.options ?? []);
    const by = this.spec.totalNeverWith;
    // The options that decide how the total is read (Laminas `setOptions(['adapter' => Curl::class])`).
    const reading = [by?.key, this.spec.curlOptions?.key].find((k) => k !== undefined && k === key.value);
    if (reading) return reading;
    // A key a transport reads its own way (Yii's `'TIMEOUT'`) is kept as written; the judge reads it for the transport.
    if (transportReadsKey(this.spec, key.value)) return String(normaliseKey(key.value));
    return options.find((o) => o.name === key.value || (o.code !== undefined && o.code === key.value))?.name;
  }

  /**
   * The memo key of a client made at this call: the call met again in the walk that met it (a function inlined
   * for its next caller, a loop unrolled) makes another client, with that caller's options. Kept to one, the
   * first caller's options would speak for all (`build()` then `build(['timeout' => 0])`).
   */
  private madeKey(key: string, site: CallSite, interp: Interpreter): string {
    const pass = interp.currentPass();
    const walk = interp.currentWalk();
    const alone = interp.runsAlone(site.scope);
    const m = this.meetings.get(key);
    // A caller met after the function ran on its own (a method of a class written above its caller's) gets a
    // client of its own: the lone walk's parameters, which no caller gave, would speak for it.
    if (m && m.pass === pass && m.alone && !alone && walk >= 0 && m.walk !== walk) {
      m.walk = walk;
      const lone = this.clients.get(key);
      // Only a client whose options that walk read: one a caller made first (top-level code) keeps that caller's.
      if (lone?.readAlone) lone.leftToCallers = true;
      return `${key}#${++m.count}`;
    }
    if (!m || m.pass !== pass || m.walk !== walk || walk < 0) {
      this.meetings.set(key, { pass, walk, count: 0, alone });
      return key;
    }
    return `${key}#${++m.count}`;
  }

  /**
   * The key of a request met in a function a caller of this file runs (a wrapper, `send($m, $u, $options)`):
   * one request per meeting, so that each caller's options are judged, not the first caller's for all.
   */
  private callerKey(key: string, site: CallSite, interp: Interpreter): string {
    const walk = interp.currentWalk();
    if (walk < 0 || !site.scope.stack.length || interp.runsAlone(site.scope)) return key;
    const pass = interp.currentPass();
    const m = this.requestMeetings.get(key);
    if (!m || m.pass !== pass || m.walk !== walk) {
      this.requestMeetings.set(key, { pass, walk, count: 0 });
      return `${key}@${walk}`;
    }
    return `${key}@${walk}#${++m.count}`;
  }

  // The clients made again for later callers (madeKey) are made anew by the next pass, which meets them again.
  newPass(): void {
    for (const [key, c] of this.clients) {
      if (!key.includes('#')) continue;
      this.clients.delete(key);
      this.made.delete(c);
    }
    for (const [key, r] of this.requests) if (key.includes('@') || (r.client && !this.made.has(r.client.root()))) this.requests.delete(key);
    this.meetings.clear();
    this.requestMeetings.clear();
  }

  private create(
    shape: {
      optionsArg: number | null; total?: BoundSpec; arrayOnly?: boolean; sentBy?: { method: string; urlArg: number };
      unlessArg?: number; unlessKey?: { arg: number; key: string }; requestsTakeNoOptions?: boolean;
      optionsPath?: { keys: readonly string[]; keep: readonly string[] }; noArrayOptions?: boolean; arrayOptionsSince?: string;
      container?: boolean;
    },
    site: CallSite, interp: Interpreter,
  ): Value | undefined {
    const { optionsArg } = shape;
    // `new HttpBrowser($client)`: the browser sends through the client given, not one of its own.
    if (shape.unlessArg !== undefined && site.args[shape.unlessArg]) {
      const given = site.values[shape.unlessArg];
      if (!(given?.kind === 'lit' && given.value === null)) return undefined;
    }
    // `new GenericProvider($options, ['httpClient' => $client])`: so does a provider given its client.
    if (shape.unlessKey && site.args[shape.unlessKey.arg]) {
      const given = site.values[shape.unlessKey.arg];
      const key = shape.unlessKey.key;
      if (given?.kind !== 'array' || given.open || given.entries.some((e) => e.key === null || e.key.value === key)) return undefined;
    }
    // `new soapclient($url, true, …)`: ext/soap would throw a TypeError on that; it is NuSOAP's class of that name.
    if (shape.arrayOnly && optionsArg !== null && site.args[optionsArg] && site.values[optionsArg]?.kind === 'lit') return undefined;
    // A subclass that sends the requests itself: the client only loads its URL (a WSDL), a request if remote.
    if (shape.sentBy && site.overrides?.has(shape.sentBy.method) && !HTTP_URL.test(knownPrefix(site.values[shape.sentBy.urlArg] ?? UNKNOWN) ?? '')) return undefined;
    const key = this.madeKey(`new:${site.node.loc!.start.offset}`, site, interp);
    const read = () => {
      const options = this.optionsOf(optionsArg, site, interp);
      return shape.optionsPath ? nestedOptions(options, shape.optionsPath.keys, shape.optionsPath.keep) : options;
    };
    const client = this.memo(key, () => new Client(site.node, read(), null, false));
    client.total = shape.total ?? null;
    client.takesNoRequestOptions = !!shape.requestsTakeNoOptions;
    client.container = !!shape.container;
    client.noArrayOptions = !!shape.noArrayOptions;
    client.arrayOptionsSince = shape.arrayOptionsSince ?? null;
    client.madeIn = interp.keptOutArm();
    // The first walk of the last pass decides the options: a later pass sees values stored by methods written
    // further down, and the parameter defaults that calls further down use.
    if (client.pass !== interp.currentPass()) {
      client.options = read();
      client.pass = interp.currentPass();
      client.readAlone = interp.runsAlone(site.scope);
      client.anchor = assignmentAnchor(interp, site.node);
    }
    return { kind: 'obj', ref: client };
  }

  /** A client that wraps another: its options over the wrapped one's; one the analysis cannot see counts as set. */
  private wrap(shape: CallShape & { clientArg: number; byPattern?: boolean }, site: CallSite, interp: Interpreter): Value {
    const inner = refsOf(site.values[shape.clientArg]).find((r): r is Client => r instanceof Client && this.made.has(r) && !r.perCall);
    const client = this.memo(`wrap:${startOf(site.node)}`, () => new Client(site.node, null, inner ?? null, !inner));
    if (client.pass !== interp.currentPass() || !client.options) {
      const options = this.optionsOf(shape.optionsArg, site, interp);
      client.options = options && shape.byPattern ? { ...options, value: scopedOptions(options.value, this.spec), node: null, index: null } : options;
      client.pass = interp.currentPass();
    }
    return { kind: 'obj', ref: client };
  }

  private request(
    receiver: Client | null, optionsArg: number | null, site: CallSite, interp: Interpreter,
    shape?: { clientArg?: number; optionsKey?: string; requestsArg?: number; overriddenBy?: RequestsOverride; timeoutArg?: number; listArg?: number },
  ): Value {
    if (shape?.listArg !== undefined) return this.listed(receiver, shape.listArg, site, interp);
    if (shape?.requestsArg !== undefined && callablesOnly(site.args[shape.requestsArg], site, interp)) {
      // A client made in place for it (`new Pool(new Client(), $requests())`) serves nothing else: it sends nothing.
      if (shape.clientArg !== undefined && site.args[shape.clientArg]?.kind === 'new') this.clientArg(site, shape.clientArg).sendsNothing = true;
      return UNKNOWN;
    }
    // One request for each client the receiver may be (objects from several branches), and for each caller.
    const key = this.callerKey(`${site.node.loc!.start.offset}:${receiver ? this.idOf(receiver) : ''}`, site, interp);
    const known = this.requests.get(key);
    // As for a client's options, the first walk of the last pass decides (a caller written further down may
    // show what a parameter holds).
    if (known && known.pass === interp.currentPass()) return UNKNOWN;
    const options = shape?.timeoutArg !== undefined ? this.timeoutOf(shape.timeoutArg, site, interp)
      : optionsArg === null ? null : this.optionsOf(optionsArg, site, interp);
    const under = shape?.optionsKey ? optionsUnder(options, shape.optionsKey) : options;
    const read = shape?.overriddenBy ? withoutOverridden(under, site.values[shape.overriddenBy.arg], shape.overriddenBy.key, this.spec) : under;
    if (this.spec.requestOptionsStay && receiver && read?.node) this.keepOptions(receiver, read, site, interp);
    if (known) {
      known.options = read;
      known.pass = interp.currentPass();
      known.at = interp.now();
      return UNKNOWN;
    }
    // Yii's Client::send($request) sends the request given; Request::send() takes none, and sends itself.
    const client = shape?.clientArg === undefined || !site.args[shape.clientArg] ? receiver : this.clientArg(site, shape.clientArg);
    const r: Request = { node: site.node, options: read, client, pass: interp.currentPass(), at: interp.now(), timeoutArg: shape?.timeoutArg };
    this.requests.set(key, r);
    client?.requests.push(r);
    return UNKNOWN;
  }

  /**
   * A request's options that stay on its client (`requestOptionsStay`), noted as a merging setter's array given at the
   * request: its own judgement reads them as its options, a later request of the client as set before it.
   */
  private keepOptions(client: Client, options: OptionsArg, site: CallSite, interp: Interpreter): void {
    const arr = options.value;
    const at = interp.now();
    // setopt() reads an array only: a string or null given as the options sets nothing; an unknown one counts as set.
    if (arr?.kind !== 'array' && arr?.kind !== 'unknown') return;
    if (arr?.kind !== 'array' || arr.open) {
      client.setters.push({ option: null, value: UNKNOWN, valueNode: null, call: site.node, at });
      return;
    }
    for (const e of arr.entries.filter((x) => !x.lost)) {
      const option = e.key ? this.optionNamed(e.key) : null;
      if (option !== undefined) client.setters.push({ option, value: e.value, valueNode: e.valueNode, call: site.node, at });
    }
  }

  /**
   * `batchSend($requests)`: each request listed that this tracker made is sent here with its own options (those a
   * loop appends included); what else the list may hold, requests made elsewhere or entries the analysis cannot
   * see, is sent with options it cannot see (counted as set).
   */
  private listed(receiver: Client | null, arg: number, site: CallSite, interp: Interpreter): Value {
    const list = site.values[arg];
    const made = (refs: Tracked[]) => refs.length > 0 && refs.every((r) => r instanceof Client && this.made.has(r) && !r.perCall);
    const items = list?.kind === 'array' ? list.entries.map((e) => refsOf(e.value)) : [];
    for (const client of new Set(items.filter(made).flat() as Client[])) this.request(client, null, site, interp);
    if (list?.kind === 'array' && !list.open && items.every(made)) return UNKNOWN;
    const unseen: OptionsArg = { value: UNKNOWN, node: null, call: site.node, index: null, unit: site.scope.unit, anchored: false };
    const key = this.callerKey(`${startOf(site.node)}:list`, site, interp);
    const r: Request = { node: site.node, options: unseen, client: receiver, pass: interp.currentPass(), at: interp.now() };
    if (!this.requests.has(key)) receiver?.requests.push(r);
    this.requests.set(key, r);
    return UNKNOWN;
  }

  /** The client a call is given as an argument; one made elsewhere has options the analysis cannot see. */
  private clientArg(site: CallSite, index: number): Client {
    const made = refsOf(site.values[index]).find((r): r is Client => r instanceof Client && this.made.has(r) && !r.perCall);
    return made ?? this.memo(`given:${startOf(site.node)}`, () => new Client(null, null, null, true));
  }

  /**
   * A total given as an argument of its own, read as options that hold it alone; none (or null) leaves the client's.
   * A spread or named arguments may give it: options the analysis cannot see.
   */
  private timeoutOf(index: number, site: CallSite, interp: Interpreter): OptionsArg | null {
    const unseen = site.args.some((a) => a.kind === 'variadic' || a.kind === 'spread') || usesNamedArguments(site.node);
    const node = site.args[index];
    const value = site.values[index] ?? UNKNOWN;
    if (!unseen && (!node || (value.kind === 'lit' && value.value === null))) return null;
    const entries = unseen ? [] : [{ key: lit(this.spec.total.options[0]!.name), value, valueNode: node! }];
    const stmt = interp.statement;
    return {
      value: { kind: 'array', entries, open: unseen }, node: null, call: site.node, index: null, unit: site.scope.unit,
      anchored: stmt !== null && interp.inList.has(stmt),
    };
  }

  private optionsOf(index: number | null, site: CallSite, interp: Interpreter): OptionsArg | null {
    if (index === null) return null;
    const node = site.args[index] ?? null;
    const spread = site.args.some((a) => a.kind === 'variadic' || a.kind === 'spread');
    const stmt = interp.statement;
    return {
      value: this.folded(node ? (site.values[index] ?? UNKNOWN) : spread ? UNKNOWN : null),
      node,
      call: site.node,
      // An options array appended after a named argument would not parse (`new SoapClient(wsdl: $w)`).
      index: spread || site.args.length < index || usesNamedArguments(site.node) ? null : index,
      unit: site.scope.unit,
      anchored: stmt !== null && interp.inList.has(stmt),
      held: node ? heldLiteral(node, site, interp) : undefined,
    };
  }

  private idOf(client: Client): number {
    let id = this.ids.get(client);
    if (id === undefined) this.ids.set(client, (id = this.ids.size));
    return id;
  }

  private memo(key: string, make: () => Client): Client {
    let c = this.clients.get(key);
    if (!c) {
      c = make();
      this.clients.set(key, c);
      this.made.add(c);
    }
    return c;
  }
}

const CALLABLE = new Set(['closure', 'arrowfunc']);
const HTTP_URL = /^https?:\/\//i;

/** A closure that takes nothing: the options a Guzzle Pool passes its callables cannot reach what it sends. */
const sendsOnItsOwn = (n: PhpNode | null | undefined): boolean => !!n && CALLABLE.has(n.kind) && !((n.arguments as PhpNode[] | undefined)?.length);

/**
 * Requests given as callables only, each sending one of its own, with options of its own (it takes no parameter, so
 * not the pool's 'options'): an array of closures written in place, or the generator a closure makes, called in place
 * or held by a variable the function (or the file's top code) gives it once, every `yield` of which gives a closure
 * (`yield function () use ($client) { return $client->getAsync($u); };`).
 */
function callablesOnly(arg: PhpNode | undefined, site: CallSite, interp: Interpreter): boolean {
  if (!arg) return false;
  if (arg.kind === 'array') {
    const items = ((arg.items as (PhpNode | null)[]) ?? []).map((i) => (i?.kind === 'entry' ? (i.value as PhpNode) : i));
    return items.length > 0 && items.every(sendsOnItsOwn);
  }
  if (arg.kind !== 'call') return false;
  const what = arg.what as PhpNode;
  let generator: PhpNode | undefined = what.kind === 'closure' ? what : undefined;
  if (what.kind === 'variable' && typeof what.name === 'string') {
    const fn = site.scope.stack.at(-1);
    const assigned = assignmentsTo(what.name, fn ? childrenOf(fn.node) : interp.program.top);
    generator = assigned.length === 1 && assigned[0]!.kind === 'closure' ? assigned[0] : undefined;
  }
  if (!generator) return false;
  const yields: PhpNode[] = [];
  const todo = [...childrenOf(generator)];
  while (todo.length) {
    const n = todo.pop()!;
    if (n.kind === 'yieldfrom') return false;
    if (n.kind === 'yield') yields.push(n);
    // A nested function's yields are its own.
    if (!CALLABLE.has(n.kind) && n.kind !== 'function' && n.kind !== 'class') todo.push(...childrenOf(n));
  }
  return yields.length > 0 && yields.every((y) => sendsOnItsOwn(y.value as PhpNode | null));
}

/** What `$name = …` statements below `nodes` give the variable, outside nested functions. */
function assignmentsTo(name: string, nodes: readonly PhpNode[]): PhpNode[] {
  const out: PhpNode[] = [];
  const todo = [...nodes];
  while (todo.length) {
    const n = todo.pop()!;
    const left = n.left as PhpNode | undefined;
    if (n.kind === 'assign' && left?.kind === 'variable' && left.name === name) out.push(n.right as PhpNode);
    if (!CALLABLE.has(n.kind) && n.kind !== 'function' && n.kind !== 'class') todo.push(...childrenOf(n));
  }
  return out;
}

/** `$options = [...]; new Client($options);` in a function or the file's top code: the literal the variable holds, and where. */
function heldLiteral(node: PhpNode, site: CallSite, interp: Interpreter): OptionsArg['held'] {
  const value = site.values[site.args.indexOf(node)];
  if (node.kind !== 'variable' || typeof node.name !== 'string' || value?.kind !== 'array' || !value.literal) return undefined;
  const body = bodyOf(site, interp);
  if (closureBetween(body.node, value.literal, site.node, node.name)) return undefined;
  return { literal: value.literal, name: node.name, within: body.within };
}
