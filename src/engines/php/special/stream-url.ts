import type { StreamSpec } from '../../../catalogue/php-specs';
import type { Interpreter } from '../interpreter';
import { startOf, type PhpNode } from '../parse';
import { knownPrefix, normaliseKey, refsOf, UNKNOWN, type Tracked, type Value } from '../values';
import type { ReadBoundable } from './ini';
import { assignmentAnchor, type Anchor } from './anchor';
import type { CallSite, Special } from './special';

/** One wrapper option written into a context: where, and with what. */
export interface ContextWrite {
  value: Value;
  node: PhpNode | null;
}

/** A stream context from stream_context_create(), with what the code writes into it. */
export class StreamContext implements Tracked {
  /** wrapper key ('http', 'https', …) -> option -> write. */
  readonly options = new Map<string, Map<string, ContextWrite>>();
  open = false;
  escaped = false;

  constructor(
    readonly site: PhpNode,
    /** The array literal given to stream_context_create(), if written in place. */
    readonly literal: PhpNode | null,
    readonly anchor: Anchor | null,
  ) {}

  escape(): void {
    this.escaped = true;
  }

  apply(arr: Value): void {
    if (arr.kind !== 'array') {
      this.open = true;
      return;
    }
    this.open ||= arr.open;
    for (const e of arr.entries) {
      if (!e.key) {
        this.open = true;
        continue;
      }
      const wrapper = String(normaliseKey(e.key.value)).toLowerCase();
      if (e.value.kind !== 'array') {
        this.open = true;
        continue;
      }
      this.open ||= e.value.open;
      for (const o of e.value.entries) if (o.key) this.set(wrapper, String(o.key.value), { value: o.value, node: o.valueNode });
    }
  }

  set(wrapper: string, option: string, write: ContextWrite): void {
    if (!this.options.has(wrapper)) this.options.set(wrapper, new Map());
    this.options.get(wrapper)!.set(option, write);
  }
}

/** The stream an fopen() returns. */
export class OpenedStream implements Tracked, ReadBoundable {
  readBound = false;
  read = false;
  escape(): void {
    this.readBound = true; // code we cannot see may bound it
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
}

/** Follows URL reads through stream wrappers, their contexts and the default context. */
export class StreamTracker implements Special {
  readonly calls = new Map<string, StreamCall>();
  readonly contexts = new Map<string, StreamContext>();
  readonly defaults = new StreamContext({ kind: 'default' }, null, null);
  /** The stream_context_set_default() calls met, by where they are written. */
  readonly defaultCalls = new Map<number, PhpNode>();
  libxml: Value | undefined;
  private readonly byName: Map<string, StreamSpec['calls'][number]>;

  constructor(readonly spec: StreamSpec) {
    this.byName = new Map(spec.calls.map((c) => [c.fn, c]));
  }

  call(site: CallSite, interp: Interpreter): Value | undefined {
    switch (site.name) {
      case 'stream_context_create':
        return { kind: 'obj', ref: this.context(site, interp) };
      case 'stream_context_set_option':
        this.setOption(site);
        return UNKNOWN;
      case 'stream_context_set_default':
        this.defaultCalls.set(startOf(site.node), site.node);
        if (site.values[0]) this.defaults.apply(site.values[0]);
        return { kind: 'obj', ref: this.defaults };
      case 'stream_context_get_default':
        return { kind: 'obj', ref: this.defaults };
      case 'libxml_set_streams_context':
        this.libxml = site.values[0];
        return UNKNOWN;
    }
    const fn = this.byName.get(site.name);
    if (!fn) return undefined;
    const libxml = this.spec.libxmlFunctions.includes(site.name);
    const given = fn.context !== null && site.args[fn.context] ? site.values[fn.context] : undefined;
    // A null context is the default one (php-src: php_stream_context_from_zval(NULL) is FG(default_context)).
    const context = libxml ? null : given?.kind === 'lit' && given.value === null ? undefined : given;
    return this.record(site, interp, fn, site.values[fn.url] ?? UNKNOWN, context);
  }

  newObject(cls: string): Value | undefined {
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
    const start = knownPrefix(url)?.toLowerCase();
    return start !== undefined && this.spec.remoteSchemes.some((s) => start.startsWith(s));
  }

  private record(site: CallSite, interp: Interpreter, fn: StreamCall['fn'], url: Value, context: Value | undefined | null): Value {
    const key = `${site.node.loc!.start.offset}`;
    let call = this.calls.get(key);
    if (!call) {
      const stmt = interp.statement;
      call = {
        node: site.node, fn, url, args: site.args, context: context === null ? (this.libxml ?? undefined) : context,
        stream: site.name === 'fopen' ? new OpenedStream() : null, anchored: !!stmt && interp.inList.has(stmt),
      };
      this.calls.set(key, call);
    }
    return call.stream ? { kind: 'obj', ref: call.stream } : UNKNOWN;
  }

  private context(site: CallSite, interp: Interpreter): StreamContext {
    const key = `${site.node.loc!.start.offset}`;
    let ctx = this.contexts.get(key);
    if (!ctx) {
      const arg = site.args[0];
      ctx = new StreamContext(site.node, arg?.kind === 'array' ? arg : arg ? null : site.node, assignmentAnchor(interp, site.node));
      if (site.values[0]) ctx.apply(site.values[0]);
      this.contexts.set(key, ctx);
    }
    return ctx;
  }

  private setOption(site: CallSite): void {
    const [, wrapper, option, value] = site.values;
    for (const ctx of refsOf(site.values[0])) {
      if (!(ctx instanceof StreamContext)) continue;
      if (site.values.length === 2 && wrapper) ctx.apply(wrapper);
      else if (wrapper?.kind === 'lit' && option?.kind === 'lit') {
        ctx.set(String(wrapper.value).toLowerCase(), String(option.value), { value: value ?? UNKNOWN, node: site.args[3] ?? null });
      } else ctx.open = true;
    }
  }
}

class LibxmlReader implements Tracked {
  constructor(readonly cls: string) {}
  escape(): void {}
}


