import type { OptionsClientSpec } from '../../../catalogue/php-specs';
import type { Finding } from '../../../model/finding';
import { readBound } from '../evaluate';
import type { Interpreter, Scope } from '../interpreter';
import { literalOf } from '../decided';
import { identifierName } from '../names';
import { fileClass } from '../program';
import { childrenOf, endOf, rangeOf, startOf, type PhpNode } from '../parse';
import { lit, normaliseKey, refsOf, UNKNOWN, type Tracked, type Value } from '../values';
import type { CallSite, Special } from './special';

type Hook = NonNullable<OptionsClientSpec['filters']>['hooks'][number];
type HandleHooks = NonNullable<NonNullable<OptionsClientSpec['filters']>['handleHooks']>;

interface Disabling {
  call: PhpNode;
  hook: Hook;
  value: Value;
  valueNode: PhpNode | null;
  /** The named callback that returns the value (`'__return_zero'`), when it is one. */
  named: string | null;
}

/** An object that registers handle hooks (`registers`: Requests' Hooks), whatever becomes of it. */
class HookRegistry implements Tracked {
  escape(): void {}
}

/** The transport's handle a handle hook's callback is run with: the writes made on it are recorded. */
class HookHandle implements Tracked {
  readonly writes: HandleWrite[] = [];
  /** `base`: how many functions the walk was in where the callback runs. */
  constructor(readonly base: number) {}
  escape(): void {}
}

interface HandleWrite {
  option: HandleHooks['options'][number];
  value: Value;
  valueNode: PhpNode;
  /**
   * Where it is written: the calls that lead to it from the callback's body, one in each function they run, then the
   * value (`[helper($h) in the callback, 0 in helper()]`); `bodies`: the body of the function each call runs. No path:
   * one the analysis cannot tell.
   */
  path: PhpNode[] | null;
  bodies: PhpNode[];
}

/**
 * Hooks that change the options of every request (WordPress `add_filter('http_request_timeout', fn () => 0)`):
 * the callback is run with the options, or the option's value, it is given, and what it returns is judged.
 */
export class FilterTracker implements Special {
  readonly found = new Map<number, Disabling>();
  /** Handle hooks that write a never value (`onHandleHook`), by where they are added. */
  readonly handleFound = new Map<number, { call: PhpNode; hook: string; noun: string; option: HandleHooks['options'][number]; valueNode: PhpNode; streams: boolean; inPlace: boolean }>();
  /** Callbacks being run: one that registers itself again (`remove_filter`, then `add_filter`) is run once. */
  private readonly running = new Set<PhpNode>();
  /** The handle of the handle hook being run, if any. */
  private handle: HookHandle | null = null;

  constructor(readonly spec: OptionsClientSpec) {}

  call(site: CallSite, interp: Interpreter): Value | undefined {
    const filters = this.spec.filters;
    const name = site.values[0];
    if (this.handle && filters?.handleHooks && this.onHandleWrite(this.handle, filters.handleHooks, site)) return UNKNOWN;
    if (filters?.handleHooks && this.onHandleHook(filters.handleHooks, site, interp)) return UNKNOWN;
    // A function of the file's own by that name is not WordPress's.
    if (!filters?.fn || site.name !== filters.fn || name?.kind !== 'lit' || interp.program.functions.has(filters.fn.toLowerCase())) return undefined;
    const hook = filters.hooks.find((h) => h.name === name.value);
    const callback = site.args[1];
    if (!hook || !callback) return undefined;
    const given: Value = hook.returns === 'options' ? { kind: 'array', entries: [], open: true } : UNKNOWN;
    const named = site.values[1]?.kind === 'lit' && typeof site.values[1].value === 'string' ? site.values[1].value.replace(/^\\/, '') : null;
    const known = named !== null ? filters.known[named.toLowerCase()] : undefined;
    const returns = known !== undefined ? [lit(known)] : this.run(callback, named, given, site.scope, interp);
    for (const r of returns) {
      const option = hook.returns === 'options' ? optionIn(r, this.spec.total.options[0]!.name) : { value: r, valueNode: r.kind === 'lit' ? r.node : null };
      if (option && readBound(option.value, this.spec.total) === 'never' && !this.found.has(startOf(site.node))) {
        this.found.set(startOf(site.node), { call: site.node, hook, ...option, named: known !== undefined ? named : null });
      }
    }
    return UNKNOWN;
  }

  /**
   * `add_action('http_api_curl', $cb)`: a never value the callback writes for a timeout option on the handle it is
   * given, with the setter called in its own body. Whether the hook was one of these.
   */
  private onHandleHook(hooks: HandleHooks, site: CallSite, interp: Interpreter): boolean {
    if (!hooks.fns.includes(site.name) || interp.program.functions.has(site.name)) return false;
    return this.handleHook(hooks, site, interp, 'action');
  }

  newObject(cls: string): Value | undefined {
    return this.spec.filters?.handleHooks?.registers?.classes.includes(cls) ? { kind: 'obj', ref: new HookRegistry() } : undefined;
  }

  /** `$hooks->register('curl.before_send', $cb)` on a Hooks object this file makes. */
  methodCall(target: Tracked, site: CallSite, interp: Interpreter): Value | undefined {
    const hooks = this.spec.filters?.handleHooks;
    if (!(target instanceof HookRegistry) || !hooks?.registers || site.name !== hooks.registers.method) return undefined;
    this.handleHook(hooks, site, interp, 'hook');
    return UNKNOWN;
  }

  private handleHook(hooks: HandleHooks, site: CallSite, interp: Interpreter, noun: string): boolean {
    const name = site.values[0];
    if (name?.kind !== 'lit' || !hooks.hooks.includes(String(name.value))) return false;
    const named = site.values[1]?.kind === 'lit' && typeof site.values[1].value === 'string' ? site.values[1].value.replace(/^\\/, '') : null;
    const fn = site.args[1] ? callbackNode(site.args[1], named, site.scope, interp) : undefined;
    const handle = ((fn?.arguments as PhpNode[] | undefined) ?? [])[0];
    const param = handle ? identifierName(handle.name as PhpNode) : null;
    // CURLOPT_TIMEOUT and CURLOPT_TIMEOUT_MS set one bound: a never value holds unless a write sure to run after it
    // replaces it. The writes in the callback's own body are read as written; those the callback makes as it runs
    // (a value held in a variable, a copy of the handle, a function of the file it calls, an array built first)
    // are read by running it with the handle, in the order they are made: two writes order in the first body where
    // the calls that lead to them part (a helper's two writes in the helper's body).
    const body = fn?.body as PhpNode | undefined;
    const written = param && body ? timeoutWrites(body, param, hooks).map((w) => ({ ...w, path: [w.valueNode], bodies: [] })) : [];
    const ran = fn && body ? this.runWithHandle(fn, site.scope, interp) : [];
    const isNever = (w: HandleWrite) => {
      const v = literalOf(w.valueNode) ?? (w.value.kind === 'lit' ? { value: w.value.value } : null);
      return !!v && hooks.never.includes(v.value);
    };
    const own = written.map((w) => ({ ...w, value: UNKNOWN }));
    const all = [...own, ...ran];
    const unbounded = (writes: readonly HandleWrite[]) => writes.find((w) => isNever(w) && !all.some((l) => surelyAfter(body!, w, l)));
    const kept = unbounded(own) ?? unbounded(ran);
    if (kept && !this.handleFound.has(startOf(site.node))) {
      this.handleFound.set(startOf(site.node), {
        call: site.node, hook: String(name.value), noun, option: kept.option, valueNode: kept.valueNode, streams: names(body!, hooks.streams ?? []),
        // The literal written in the callback's own body: a value from elsewhere (a variable, a helper that other
        // code may call) is not the hook's alone to change.
        inPlace: !!literalOf(kept.valueNode) && startOf(body!) <= startOf(kept.valueNode) && endOf(kept.valueNode) <= endOf(body!),
      });
    }
    return true;
  }

  /** Runs a handle hook's callback with a handle of its own: the timeout writes made on it, in the order met. */
  private runWithHandle(fn: PhpNode, scope: Scope, interp: Interpreter): HandleWrite[] {
    if (this.running.has(fn) || this.handle) return [];
    const handle = new HookHandle(scope.stack.length);
    this.running.add(fn);
    this.handle = handle;
    try {
      interp.callback(fn, [{ kind: 'obj', ref: handle }], scope);
    } finally {
      this.running.delete(fn);
      this.handle = null;
    }
    return handle.writes;
  }

  /** `curl_setopt($handle, CURLOPT_TIMEOUT, $v)` or `curl_setopt_array($handle, [...])` on the hook's handle. */
  private onHandleWrite(handle: HookHandle, hooks: HandleHooks, site: CallSite): boolean {
    if ((site.name !== hooks.set && site.name !== hooks.setArray) || !refsOf(site.values[0]).includes(handle)) return false;
    const calls = site.scope.calls.slice(handle.base);
    const bodies = site.scope.stack.slice(handle.base).map((f) => f.node.body as PhpNode);
    const at = (valueNode: PhpNode) => ({ path: calls.every((c) => c !== null) ? [...(calls as PhpNode[]), valueNode] : null, bodies });
    const optionOf = (node: PhpNode | null | undefined, key: Value | undefined) => {
      const name = node?.kind === 'name' ? String(node.name).replace(/^\\/, '') : null;
      return hooks.options.find((o) => o.name === name || (key?.kind === 'lit' && o.code !== undefined && key.value === o.code));
    };
    if (site.name === hooks.set) {
      const option = optionOf(site.args[1], site.values[1]);
      if (option && site.args[2]) handle.writes.push({ option, value: site.values[2] ?? UNKNOWN, valueNode: site.args[2], ...at(site.args[2]) });
      return true;
    }
    const arr = site.values[1];
    for (const e of arr?.kind === 'array' ? arr.entries : []) {
      const option = e.key && !e.lost ? optionOf(null, e.key) : undefined;
      if (option) handle.writes.push({ option, value: e.value, valueNode: e.valueNode ?? site.args[1]!, ...at(e.valueNode ?? site.args[1]!) });
    }
    return true;
  }

  /** What the callback may return: a closure, a function of this file, or a method of this class (`[$this, 'm']`). */
  private run(callback: PhpNode, named: string | null, given: Value, scope: Scope, interp: Interpreter): Value[] {
    const fn = callbackNode(callback, named, scope, interp);
    if (!fn || this.running.has(fn)) return [];
    this.running.add(fn);
    try {
      return interp.callback(fn, [given], scope);
    } finally {
      this.running.delete(fn);
    }
  }
}

/** The function a callback names: a closure, a function of this file, or a method of this class (`[$this, 'm']`). */
function callbackNode(callback: PhpNode, named: string | null, scope: Scope, interp: Interpreter): PhpNode | undefined {
  if (callback.kind === 'closure' || callback.kind === 'arrowfunc') return callback;
  // 'Tuner::tune': a static method of a class of this file.
  if (named?.includes('::')) {
    const [cls, method] = named.split('::');
    return fileClass(interp.program, cls!)?.methods.get(method!.toLowerCase())?.node;
  }
  const items = callback.kind === 'array' ? ((callback.items as PhpNode[]) ?? []) : [];
  const method = items.length === 2 && (items[1]?.value as PhpNode | undefined)?.kind === 'string' ? String((items[1]!.value as PhpNode).value) : null;
  // ['Tuner', 'tune'] or [Tuner::class, 'tune']: a class of this file by name; [$this, 'm'], [self::class, 'm'] and
  // [__CLASS__, 'm'] name the class the call is in.
  const first = items[0]?.value as PhpNode | undefined;
  const what = first?.kind === 'staticlookup' ? (first.what as PhpNode | undefined) : undefined;
  const className = first?.kind === 'string' ? String(first.value)
    : what?.kind === 'name' && !['self', 'static'].includes(String(what.name).toLowerCase()) ? String(what.name) : null;
  const cls = className !== null ? fileClass(interp.program, className) : scope.cls;
  return (named !== null ? interp.program.functions.get(named.toLowerCase()) : method !== null ? cls?.methods.get(method.toLowerCase()) : undefined)?.node;
}

/** `set($handle, OPTION, value)` and `setArray($handle, [OPTION => value])` in `body`, outside nested functions, in order. */
function timeoutWrites(body: PhpNode, handle: string, hooks: HandleHooks): { option: HandleHooks['options'][number]; valueNode: PhpNode }[] {
  const out: { option: HandleHooks['options'][number]; valueNode: PhpNode }[] = [];
  const optionNamed = (n: PhpNode | undefined) => (n?.kind === 'name' ? hooks.options.find((o) => o.name === String(n.name).replace(/^\\/, '')) : undefined);
  const todo = [body];
  while (todo.length) {
    const n = todo.pop()!;
    if (n !== body && NESTED.has(n.kind)) continue;
    const fn = n.kind === 'call' && (n.what as PhpNode)?.kind === 'name' ? String((n.what as PhpNode).name).replace(/^\\/, '').toLowerCase() : null;
    const args = fn ? ((n.arguments as PhpNode[]) ?? []) : [];
    const onHandle = args[0]?.kind === 'variable' && args[0].name === handle;
    const option = onHandle && fn === hooks.set ? optionNamed(args[1]) : undefined;
    if (option && args[2]) out.push({ option, valueNode: args[2] });
    if (onHandle && fn === hooks.setArray && args[1]?.kind === 'array') {
      for (const e of (args[1].items as PhpNode[]) ?? []) {
        const entry = e?.kind === 'entry' ? optionNamed(e.key as PhpNode) : undefined;
        if (entry) out.push({ option: entry, valueNode: e.value as PhpNode });
      }
    }
    todo.push(...childrenOf(n));
  }
  return out.sort((a, b) => startOf(a.valueNode) - startOf(b.valueNode));
}

/** Whether `body` names one of these constants (`CURLOPT_FILE`), outside nested functions. */
function names(body: PhpNode, constants: readonly string[]): boolean {
  if (body.kind === 'name' && constants.includes(String(body.name).replace(/^\\/, ''))) return true;
  return childrenOf(body).some((n) => !NESTED.has(n.kind) && names(n, constants));
}

const NESTED = new Set(['closure', 'arrowfunc', 'function', 'class', 'method']);
const LEAVES = new Set(['return', 'throw', 'exit']);

/**
 * Whether `later`, written after `first` in a callback's `body`, surely runs after it: both in one statement of the
 * body's own list (an array's later entry, a later argument), or `later` in a statement of its own after the one that
 * holds `first`, which no `return`, `throw` or `exit` can leave. A write in a branch or after an early return may not.
 */
function runsAfter(body: PhpNode, first: PhpNode, later: PhpNode): boolean {
  const list = body.kind === 'block' ? ((body.children as PhpNode[]) ?? []) : [body];
  const at = (n: PhpNode) => list.findIndex((s) => startOf(s) <= startOf(n) && startOf(n) < endOf(s));
  const i = at(first);
  const j = at(later);
  if (i < 0 || j < 0) return false;
  if (i === j) return list[i]!.kind === 'expressionstatement';
  return j > i && list[j]!.kind === 'expressionstatement' && !mayLeave(list[i]!);
}

/**
 * Whether write `later` surely runs after `first` in a callback's `body`: compared where the calls that lead to them
 * part, in the body of the function the calls they share run (`runsAfter`).
 */
function surelyAfter(body: PhpNode, first: HandleWrite, later: HandleWrite): boolean {
  if (!first.path || !later.path) return false;
  let within = body;
  for (let i = 0; i < first.path.length && i < later.path.length; i++) {
    const [a, b] = [first.path[i]!, later.path[i]!];
    if (a !== b) return runsAfter(within, a, b);
    const next = first.bodies[i];
    if (!next || next !== later.bodies[i]) return false;
    within = next;
  }
  return false;
}

/** A `return`, `throw` or `exit` anywhere in `n` but a nested function (narrowing.ts `leaves` asks whether it always leaves). */
function mayLeave(n: PhpNode): boolean {
  if (LEAVES.has(n.kind)) return true;
  return !NESTED.has(n.kind) && childrenOf(n).some(mayLeave);
}

function optionIn(options: Value, key: string): { value: Value; valueNode: PhpNode | null } | null {
  if (options.kind !== 'array') return null;
  const hit = [...options.entries].reverse().find((e) => e.key && !e.lost && normaliseKey(e.key.value) === key);
  return hit ? { value: hit.value, valueNode: hit.valueNode } : null;
}

/** A filter that turns every request's timeout off. */
export function judgeFilters(tracker: FilterTracker, ctx: { text: string; totalTimeout: number }): Finding[] {
  const { spec } = tracker;
  const option = spec.total.options[0]!.name;
  return [...tracker.found.values()].map((d) => {
    const written = d.valueNode ? ctx.text.slice(startOf(d.valueNode), endOf(d.valueNode)) : 'a disabled value';
    const shown = d.named ? `${String(d.value.kind === 'lit' ? d.value.value : written)} ('${d.named}')` : written;
    const value = d.hook.returns === 'options' ? `the '${d.hook.name}' filter setting '${option}' to ${shown}` : `the '${d.hook.name}' filter returning ${shown}`;
    const f: Finding = {
      ruleId: spec.id,
      messageId: 'disabledTimeout',
      range: rangeOf(d.call),
      data: { client: spec.client, where: '', note: ' The filter applies to every request.', option: `'${option}'`, value },
      related: d.valueNode ? [{ range: rangeOf(d.valueNode), note: 'timeout disabled here' }] : [],
    };
    // Only a literal written where the callback returns it may be replaced ('__return_zero' has none).
    if (d.valueNode && d.value.kind === 'lit' && d.value.node === d.valueNode) {
      f.fix = { range: rangeOf(d.valueNode), text: String(ctx.totalTimeout) };
    }
    return f;
  }).concat([...tracker.handleFound.values()].map((d) => {
    const fix = { range: rangeOf(d.valueNode), text: String(d.option.unit === 'ms' ? Math.round(ctx.totalTimeout * 1000) : Math.max(1, Math.round(ctx.totalTimeout))) };
    const f: Finding = {
      ruleId: spec.id,
      messageId: 'disabledTimeout',
      range: rangeOf(d.call),
      data: {
        client: spec.client, where: '', note: ` ${spec.filters!.handleHooks!.note}`, option: d.option.name,
        value: `the '${d.hook}' ${d.noun} setting ${d.option.name} to ${ctx.text.slice(startOf(d.valueNode), endOf(d.valueNode))}`,
      },
      related: [{ range: rangeOf(d.valueNode), note: 'timeout disabled here' }],
    };
    // A total also ends a body still streaming to a file or a callback: sized by hand.
    if (d.streams) f.suggestions = [{ desc: `Set ${d.option.name} to a finite value long enough for the transfer it streams`, fix }];
    else if (!d.inPlace) f.suggestions = [{ desc: `Write a finite ${d.option.name} here`, fix }];
    else f.fix = fix;
    return f;
  }));
}
