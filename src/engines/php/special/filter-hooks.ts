import type { OptionsClientSpec } from '../../../catalogue/php-specs';
import type { Finding } from '../../../model/finding';
import { readBound } from '../evaluate';
import type { Interpreter, Scope } from '../interpreter';
import { literalOf } from '../decided';
import { identifierName } from '../names';
import { childrenOf, endOf, rangeOf, startOf, type PhpNode } from '../parse';
import { lit, normaliseKey, UNKNOWN, type Tracked, type Value } from '../values';
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

/**
 * Hooks that change the options of every request (WordPress `add_filter('http_request_timeout', fn () => 0)`):
 * the callback is run with the options, or the option's value, it is given, and what it returns is judged.
 */
export class FilterTracker implements Special {
  readonly found = new Map<number, Disabling>();
  /** Handle hooks that write a never value (`onHandleHook`), by where they are added. */
  readonly handleFound = new Map<number, { call: PhpNode; hook: string; noun: string; option: HandleHooks['options'][number]; valueNode: PhpNode; streams: boolean }>();
  /** Callbacks being run: one that registers itself again (`remove_filter`, then `add_filter`) is run once. */
  private readonly running = new Set<PhpNode>();

  constructor(readonly spec: OptionsClientSpec) {}

  call(site: CallSite, interp: Interpreter): Value | undefined {
    const filters = this.spec.filters;
    const name = site.values[0];
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
    // replaces it.
    const body = fn?.body as PhpNode | undefined;
    const writes = param && body ? timeoutWrites(body, param, hooks) : [];
    const kept = writes.find((w, i) => {
      const never = literalOf(w.valueNode);
      return never && hooks.never.includes(never.value) && !writes.slice(i + 1).some((l) => runsAfter(body!, w.valueNode, l.valueNode));
    });
    if (kept && !this.handleFound.has(startOf(site.node))) this.handleFound.set(startOf(site.node), { call: site.node, hook: String(name.value), noun, ...kept, streams: names(body!, hooks.streams ?? []) });
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
  const items = callback.kind === 'array' ? ((callback.items as PhpNode[]) ?? []) : [];
  const method = items.length === 2 && (items[1]?.value as PhpNode | undefined)?.kind === 'string' ? String((items[1]!.value as PhpNode).value) : null;
  return (named !== null ? interp.program.functions.get(named.toLowerCase()) : method !== null ? scope.cls?.methods.get(method.toLowerCase()) : undefined)?.node;
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
    else f.fix = fix;
    return f;
  }));
}
