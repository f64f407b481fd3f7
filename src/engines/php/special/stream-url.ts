import type { StreamSpec } from '../../../catalogue/php-specs';
import { castValue } from '../evaluate';
import type { Interpreter, Scope } from '../interpreter';
import { usesNamedArguments } from '../builtin-params';
import { closureBetween, endOf, startOf, type PhpNode } from '../parse';
import { knownPrefix, lit, normaliseKey, refsOf, UNKNOWN, type Tracked, type Value } from '../values';
import type { FeofLoop } from './feof-loop';
import type { ReadBoundable } from './ini';
import { assignmentAnchor, type Anchor } from './anchor';
import { bodyOf, type ArmsOfIf, type CallSite, type Moment, type Special } from './special';

/** One wrapper option written into a context: where, and with what. */
export interface ContextWrite {
  value: Value;
  node: PhpNode | null;
  /** When the walk met it: a write met after a request comes too late for it. */
  at: Moment[];
  /** The writes of the same option met before this one, in the order met: a request between them reads theirs. */
  earlier?: ContextWrite[];
}

/** A stream context from stream_context_create(), with what the code writes into it. */
export class StreamContext implements Tracked {
  /** wrapper key ('http', 'https', …) -> option -> write. */
  readonly options = new Map<string, Map<string, ContextWrite>>();
  /** When options the analysis cannot see came in (an array not seen whole, code that got the context). */
  readonly opened: Moment[] = [];
  /** Each time the walk met the call that makes it. */
  readonly made: Moment[] = [];
  /** When a method the file does not show ran on the object holding it (escapeHeld, special.ts heldReaches). */
  readonly heldAt: Moment[] = [];
  /** Where the walk is now, to order an escape; set by the tracker. */
  now: (() => Moment) | null = null;

  /** `$opts = [...]; … stream_context_create($opts)`: the literal the variable holds, its name, and the function it is in. */
  held?: { literal: PhpNode; name: string; within: [number, number] };

  constructor(
    readonly site: PhpNode,
    /** The array literal given to stream_context_create(), if written in place. */
    readonly literal: PhpNode | null,
    readonly anchor: Anchor | null,
  ) {}

  escape(): void {
    this.opened.push(this.now?.() ?? { seq: 0, walk: -1 });
  }

  escapeHeld(): void {
    const now = this.now?.();
    if (now) this.heldAt.push(now);
  }

  apply(arr: Value, at: Moment): void {
    if (arr.kind !== 'array' || arr.open) this.opened.push(at);
    if (arr.kind !== 'array') return;
    for (const e of arr.entries) {
      if (!e.key || e.value.kind !== 'array') {
        this.opened.push(at);
        continue;
      }
      const wrapper = String(normaliseKey(e.key.value)).toLowerCase();
      if (e.value.open) this.opened.push(at);
      for (const o of e.value.entries) if (o.key) this.set(wrapper, String(o.key.value), { value: o.value, node: o.valueNode, at: [at] });
    }
  }

  /**
   * Context parameters (stream_context_set_params(), the second argument of stream_context_create()): their
   * 'options' are options ([EXP] PHP 8.2: ['options' => ['http' => ['timeout' => 1]]] stopped a silent server at 1 s).
   */
  applyParams(params: Value, at: Moment): void {
    if (params.kind !== 'array') return void this.opened.push(at);
    if (params.open || params.entries.some((e) => !e.key)) this.opened.push(at);
    for (const e of params.entries) if (e.key && String(normaliseKey(e.key.value)) === 'options') this.apply(e.value, at);
  }

  set(wrapper: string, option: string, write: ContextWrite): void {
    if (!this.options.has(wrapper)) this.options.set(wrapper, new Map());
    const writes = this.options.get(wrapper)!;
    const old = writes.get(option);
    if (!old) return void writes.set(option, write);
    const all = [...(old.earlier ?? []), { ...old, earlier: undefined }];
    // The same write met again (a later pass, a loop, another caller): one write, met at each moment.
    const same = write.node ? all.findIndex((w) => w.node === write.node) : -1;
    const last = same < 0 ? write : { ...write, at: [...all[same]!.at, ...write.at] };
    if (same >= 0) all.splice(same, 1);
    writes.set(option, { ...last, earlier: all });
  }
}

/**
 * The stream an fopen() returns. fopen() of a URL connects, sends the request and waits for the response headers
 * (ftp: logs in, starts RETR) before it returns ([EXP] PHP 8.2, a silent server: fopen returned false after the
 * ini value): stream_set_timeout() on the stream, or code it is handed to, bounds only later reads, never that wait.
 */
export class OpenedStream implements Tracked, ReadBoundable {
  readBound = false;
  read = false;
  /** stream_set_timeout() was called on it: it bounds the reads after fopen() only. */
  timeoutSet?: boolean;
  feofLoops?: FeofLoop[];
  escape(): void {
    this.readBound = true; // code we cannot see may bound its reads (not the wait inside fopen())
  }
}

export interface StreamCall {
  node: PhpNode;
  fn: StreamSpec['calls'][number] | null;
  url: Value;
  /** undefined: no context argument; null: the default context of libxml. */
  context: Value | undefined;
  args: PhpNode[];
  stream: OpenedStream | null;
  anchored: boolean;
  /** The moments the walk met it. */
  met: Moment[];
  /** The function it is written in, or the file's top code (bodyOf). */
  body: PhpNode;
  /**
   * Called with arguments that are not written as the call's own (`array_map('file_get_contents', $urls)`,
   * `call_user_func_array('file_get_contents', [$url])`): none can be added in place.
   */
  mapped: boolean;
  /**
   * Contexts the variable given holds when a loop around the call has run its body once (`foreach (…) {
   * file_get_contents($u, false, $ctx); $ctx = stream_context_create(…); }`): the later passes read through them,
   * with what the body wrote to them by the moments `laterAt`.
   */
  later?: { contexts: Set<StreamContext>; at: Moment[] };
}

/** A call that hands the default context back (stream_context_get_default(), …_set_default()), and where it is. */
export interface DefaultSite {
  node: PhpNode;
  /** `$ctx = stream_context_get_default();`: the statement, and what it names. */
  anchor: Anchor | null;
  /** The function it is written in, or the file's top code (bodyOf): a variable of the same name elsewhere is another. */
  body: PhpNode;
  /** Each time the walk met it. */
  at: Moment[];
}

/** Follows URL reads through stream wrappers, their contexts and the default context. */
export class StreamTracker implements Special {
  readonly calls = new Map<string, StreamCall>();
  readonly contexts = new Map<string, StreamContext>();
  readonly defaults = new StreamContext({ kind: 'default' }, null, null);
  /** The calls that set default options (stream_context_set_default(), stream_context_get_default() given some), by where they are written. */
  readonly defaultCalls = new Map<number, PhpNode>();
  /** Every call that hands the default context back, by where it is written. */
  readonly defaultSites = new Map<number, DefaultSite>();
  /** The interpreter's arms of `if`s with an else (Interpreter.armsOfIf), once a default is set. */
  armsOfIf: ReadonlyMap<string, ArmsOfIf> = new Map();
  libxml: Value | undefined;
  private readonly byName: Map<string, StreamSpec['calls'][number]>;
  /** Constructors that open their argument as fopen() does, read as a call of that shape named by the class. */
  private readonly openers: Map<string, StreamSpec['calls'][number]>;

  constructor(readonly spec: StreamSpec) {
    this.byName = new Map(spec.calls.map((c) => [c.fn, c]));
    this.openers = new Map(spec.constructors.map((c) => [c.new, { fn: c.new, url: c.url, context: c.context, fill: c.fill }]));
  }

  call(site: CallSite, interp: Interpreter): Value | undefined {
    switch (site.name) {
      case 'stream_context_create':
        return { kind: 'obj', ref: this.context(site, interp) };
      case 'stream_context_set_option':
        this.setOption(site, interp.now());
        return UNKNOWN;
      // php.net: stream_context_set_options($ctx, $options) (PHP 8.3) is the array form of stream_context_set_option().
      case 'stream_context_set_options':
        for (const ctx of refsOf(site.values[0])) if (ctx instanceof StreamContext) ctx.apply(site.values[1] ?? UNKNOWN, interp.now());
        return UNKNOWN;
      case 'stream_context_set_params':
        for (const ctx of refsOf(site.values[0])) if (ctx instanceof StreamContext) ctx.applyParams(site.values[1] ?? UNKNOWN, interp.now());
        return UNKNOWN;
      // php-src streamsfuncs.c: given options, stream_context_get_default() sets them on the default context as
      // stream_context_set_default() does; with none it only hands the context back.
      case 'stream_context_set_default':
      case 'stream_context_get_default': {
        this.defaults.now ??= () => interp.now();
        this.armsOfIf = interp.armsOfIf;
        // php.net: options may be null (PHP 8), which sets none.
        const options = site.values[0]?.kind === 'lit' && site.values[0].value === null ? undefined : site.values[0];
        if (site.name === 'stream_context_set_default' || options) this.defaultCalls.set(startOf(site.node), site.node);
        if (options) this.defaults.apply(options, interp.now());
        this.defaultSite(site, interp);
        return { kind: 'obj', ref: this.defaults };
      }
      case 'libxml_set_streams_context':
        this.libxml = site.values[0];
        return UNKNOWN;
    }
    const mapper = this.spec.mappers.find((m) => m.fn === site.name);
    if (mapper) return this.mapped(site, interp, mapper.callback);
    const invoker = this.spec.invokers.find((m) => m.fn === site.name);
    if (invoker) return this.invoked(site, interp, invoker);
    const fn = this.byName.get(site.name);
    // A function the file declares by that name is its own, not a library's (simple_html_dom's file_get_html()),
    // unless the call names the global one (`\get_headers()` in a namespace that declares its own get_headers()).
    const global = String((site.node.what as PhpNode | undefined)?.name ?? '').startsWith('\\');
    if (!fn || (!global && interp.program.functions.has(site.name))) return undefined;
    const libxml = this.spec.libxmlFunctions.includes(site.name);
    return this.record(site, interp, fn, site.values[fn.url] ?? UNKNOWN, libxml ? null : this.contextGiven(site, fn.context));
  }

  /** The context argument at `index`, if given; undefined for the default context. */
  private contextGiven(site: CallSite, index: number | null): Value | undefined {
    const given = index !== null && site.args[index] ? site.values[index] : undefined;
    // A null context is the default one (php-src: php_stream_context_from_zval(NULL) is FG(default_context)).
    return given?.kind === 'lit' && given.value === null ? undefined : given;
  }

  newObject(cls: string, site: CallSite, interp: Interpreter): Value | undefined {
    const opens = this.openers.get(cls);
    if (opens) {
      this.record(site, interp, opens, site.values[opens.url] ?? UNKNOWN, this.contextGiven(site, opens.context));
      return UNKNOWN;
    }
    const reads = this.spec.libxmlConstructors.find((c) => c.new === cls);
    if (reads) {
      // A flag left out is false; one the analysis cannot read may be true.
      const isUrl = castValue(site.values[reads.isUrl] ?? lit(false), 'bool');
      if (isUrl.kind === 'lit' && !isUrl.value) return undefined;
      this.record(site, interp, null, site.values[reads.url] ?? UNKNOWN, null);
      return UNKNOWN;
    }
    if (!this.spec.libxmlMethods.some((m) => m.cls === cls)) return undefined;
    return { kind: 'obj', ref: new LibxmlReader(cls) };
  }

  methodCall(target: Tracked, site: CallSite, interp: Interpreter): Value | undefined {
    if (!(target instanceof LibxmlReader)) return undefined;
    const m = this.spec.libxmlMethods.find((x) => x.cls === target.cls && x.method === site.name);
    return m ? this.record(site, interp, null, site.values[m.url] ?? UNKNOWN, null) : undefined;
  }

  staticCall(cls: string, site: CallSite, interp: Interpreter): Value | undefined {
    const m = this.spec.libxmlMethods.find((x) => x.cls === cls && x.method === site.name);
    return m ? this.record(site, interp, null, site.values[m.url] ?? UNKNOWN, null) : undefined;
  }

  isRemote(url: Value): boolean {
    const start = this.reached(url).start?.toLowerCase();
    return start !== undefined && start !== null && this.spec.remoteSchemes.some((s) => start.startsWith(s));
  }

  /**
   * The start of the URL a read reaches, known as far as the analysis sees it, through the wrappers around it
   * (`compress.zlib://https://…`): null when it is not seen; `context` false when a wrapper on the way does not
   * hand the stream context on (`wrapper` names it).
   */
  reached(url: Value): { start: string | null; context: boolean; wrapper?: string } {
    let start = knownPrefix(url);
    let wrapper: string | undefined;
    for (let guard = 0; start !== null && guard < 8; guard++) {
      const lower = start.toLowerCase();
      const w = this.spec.innerUrls.find((x) => lower.startsWith(x.prefix));
      if (!w) break;
      const at = w.inner ? lower.indexOf(w.inner, w.prefix.length - 1) : w.prefix.length;
      // `'compress.zlib://' . $url`: what it wraps is not seen.
      start = at < 0 || at + (w.inner?.length ?? 0) >= start.length ? null : start.slice(at + (w.inner?.length ?? 0));
      if (!w.context) wrapper ??= w.prefix.endsWith('://') ? w.prefix : w.prefix.replace(/\/$/, '');
    }
    return { start, context: wrapper === undefined, wrapper };
  }

  /**
   * `array_map('file_get_contents', $urls)`, `array_map(file_get_contents(...), $urls)`: the reader runs on each
   * element with the default context, unless an array of contexts follows. The URL is one seen to be remote, if any.
   */
  private mapped(site: CallSite, interp: Interpreter, callback: number): Value | undefined {
    if (site.args.some((a) => a?.kind === 'variadic')) return undefined;
    const arrays = site.values.slice(callback + 1);
    const written = site.args[callback];
    if (written?.kind === 'closure' || written?.kind === 'arrowfunc') return this.mappedClosure(written, site, interp, arrays[0]);
    const fn = this.reader(site.values[callback]);
    if (!fn) return undefined;
    const libxml = this.spec.libxmlFunctions.includes(fn.fn);
    const context = libxml ? null : fn.context !== null && arrays.length > fn.context ? UNKNOWN : undefined;
    this.record(site, interp, fn, this.urlAmong(arrays[fn.url]), context, true);
    return UNKNOWN;
  }

  /** The reader a callback names: `'file_get_contents'`, `'\\file'`, `file_get_contents(...)`. */
  private reader(named: Value | undefined): StreamSpec['calls'][number] | undefined {
    return named?.kind === 'lit' && typeof named.value === 'string' ? this.byName.get(named.value.replace(/^\\/, '').toLowerCase()) : undefined;
  }

  /**
   * `call_user_func('file_get_contents', $url, false, $ctx)`: read as the reader's own call, its arguments after
   * the callback. `call_user_func_array('file_get_contents', [$url])`: the elements of a list the analysis reads
   * whole; a context cannot be added in place there.
   */
  private invoked(site: CallSite, interp: Interpreter, invoker: StreamSpec['invokers'][number]): Value | undefined {
    const fn = this.reader(site.values[invoker.callback]);
    if (!fn || site.args.some((a) => a?.kind === 'variadic' || a?.kind === 'spread') || usesNamedArguments(site.node)) return undefined;
    let args = site.args.slice(invoker.callback + 1);
    let values = site.values.slice(invoker.callback + 1);
    if (invoker.argsArray) {
      const list = values[0];
      // Positional elements only: a string key is a named argument, another integer key leaves a gap.
      if (list?.kind !== 'array' || list.open || list.entries.some((e, i) => e.lost || (e.key && normaliseKey(e.key.value) !== i))) return undefined;
      values = list.entries.map((e) => e.value);
      args = list.entries.map((e) => e.valueNode!);
    }
    const given = fn.context !== null && values.length > fn.context ? values[fn.context] : undefined;
    const libxml = this.spec.libxmlFunctions.includes(fn.fn);
    const context = libxml ? null : given?.kind === 'lit' && given.value === null ? undefined : given;
    const call = { ...site, name: fn.fn, args, values };
    return this.record(call, interp, fn, values[fn.url] ?? UNKNOWN, context, !!invoker.argsArray);
  }

  /**
   * `array_map(fn ($u) => file_get_contents($u), $urls)`: the closure runs on each element, so its first parameter
   * holds the URLs; the reads inside it are ordinary calls. Its other parameters stay as the walk left them.
   */
  private mappedClosure(fn: PhpNode, site: CallSite, interp: Interpreter, urls: Value | undefined): undefined {
    const params = (fn.arguments as PhpNode[]) ?? [];
    if (!params[0] || params[0].variadic) return undefined;
    const rest = params.slice(1).map((p) => (p.type ? interp.typedValue(p.type as PhpNode) : undefined) ?? UNKNOWN);
    interp.callback(fn, [this.urlAmong(urls), ...rest], site.scope);
    return undefined;
  }

  /** An element of an array of URLs: a remote one, or else one the analysis cannot see, if any. */
  private urlAmong(urls: Value | undefined): Value {
    if (urls?.kind !== 'array') return UNKNOWN;
    const remote = urls.entries.find((e) => this.isRemote(e.value));
    if (remote) return remote.value;
    return urls.open || urls.entries.some((e) => this.reached(e.value).start === null) ? UNKNOWN : (urls.entries[0]?.value ?? lit(''));
  }

  loopRan(body: PhpNode, scope: Scope, interp: Interpreter): void {
    for (const call of this.calls.values()) {
      if (startOf(call.node) < startOf(body) || endOf(call.node) > endOf(body)) continue;
      if (call.context === undefined) {
        this.defaultsWrittenAfter(call, interp);
        continue;
      }
      const arg = call.fn?.context == null ? undefined : call.args[call.fn.context];
      if (arg?.kind !== 'variable' || typeof arg.name !== 'string') continue;
      const had = new Set(refsOf(call.context));
      const fresh = refsOf(scope.vars.get(arg.name)).filter((r): r is StreamContext => r instanceof StreamContext && !had.has(r));
      if (!fresh.length) continue;
      call.later ??= { contexts: new Set(), at: [] };
      for (const c of fresh) call.later.contexts.add(c);
      call.later.at.push(interp.now());
    }
  }

  /** The default context's timeout written in the loop's body after the read (`stream_context_set_default()` below it). */
  private defaultsWrittenAfter(call: StreamCall, interp: Interpreter): void {
    const last = call.met.at(-1);
    const written = this.defaults.options.get(this.spec.contextKey)?.get('timeout');
    const writes = written ? [written, ...(written.earlier ?? [])] : [];
    if (!last || last.walk < 0 || !writes.some((w) => w.at.some((a) => a.walk === last.walk && a.seq > last.seq))) return;
    call.later ??= { contexts: new Set(), at: [] };
    call.later.contexts.add(this.defaults);
    call.later.at.push(interp.now());
  }

  private record(site: CallSite, interp: Interpreter, fn: StreamCall['fn'], url: Value, context: Value | undefined | null, mapped = false): Value {
    const key = `${site.node.loc!.start.offset}`;
    let call = this.calls.get(key);
    if (!call) {
      const stmt = interp.statement;
      call = {
        node: site.node, fn, url, args: site.args, context: context === null ? (this.libxml ?? undefined) : context,
        stream: site.name === 'fopen' ? new OpenedStream() : null, anchored: !!stmt && interp.inList.has(stmt), met: [], mapped,
        body: bodyOf(site, interp).node,
      };
      this.calls.set(key, call);
    }
    // Met again with a remote URL (a closure's parameter bound by a mapper after the walk met it unknown): that one.
    else if (!this.isRemote(call.url) && this.isRemote(url)) call.url = url;
    call.met.push(interp.now());
    return call.stream ? { kind: 'obj', ref: call.stream } : UNKNOWN;
  }

  private defaultSite(site: CallSite, interp: Interpreter): void {
    const key = startOf(site.node);
    let found = this.defaultSites.get(key);
    if (!found) this.defaultSites.set(key, (found = { node: site.node, anchor: assignmentAnchor(interp, site.node), body: bodyOf(site, interp).node, at: [] }));
    found.at.push(interp.now());
  }

  private context(site: CallSite, interp: Interpreter): StreamContext {
    const key = `${site.node.loc!.start.offset}`;
    let ctx = this.contexts.get(key);
    if (ctx) ctx.made.push(interp.now());
    else {
      const arg = site.args[0];
      // No options given, but params by name (`stream_context_create(params: [...])`): there is no `()` to fill.
      const bare = !((site.node.arguments as PhpNode[] | undefined) ?? []).length;
      ctx = new StreamContext(site.node, arg?.kind === 'array' ? arg : bare ? site.node : null, assignmentAnchor(interp, site.node));
      ctx.now = () => interp.now();
      const held = site.values[0];
      const body = bodyOf(site, interp);
      if (arg?.kind === 'variable' && typeof arg.name === 'string' && held?.kind === 'array' && held.literal && !closureBetween(body.node, held.literal, site.node, arg.name)) {
        ctx.held = { literal: held.literal, name: arg.name, within: body.within };
      }
      ctx.made.push(interp.now());
      if (site.values[0]) ctx.apply(site.values[0], interp.now());
      // php-src stream_context_create(): the parameters are read after the options, so theirs win.
      if (site.values[1]) ctx.applyParams(site.values[1], interp.now());
      this.contexts.set(key, ctx);
    }
    return ctx;
  }

  private setOption(site: CallSite, at: Moment): void {
    const [, wrapper, option, value] = site.values;
    for (const ctx of refsOf(site.values[0])) {
      if (!(ctx instanceof StreamContext)) continue;
      if (site.values.length === 2 && wrapper) ctx.apply(wrapper, at);
      else if (wrapper?.kind === 'lit' && option?.kind === 'lit') {
        ctx.set(String(wrapper.value).toLowerCase(), String(option.value), { value: value ?? UNKNOWN, node: site.args[3] ?? null, at: [at] });
      } else ctx.opened.push(at);
    }
  }
}

class LibxmlReader implements Tracked {
  constructor(readonly cls: string) {}
  escape(): void {}
}


