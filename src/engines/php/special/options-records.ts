import type { BoundSpec } from '../../../catalogue/define-client';
import type { OptionsClientSpec } from '../../../catalogue/php-specs';
import { readBound } from '../evaluate';
import type { PhpNode } from '../parse';
import type { Anchor } from './anchor';
import { heldReaches, type Moment } from './special';
import { normaliseKey, UNKNOWN, type Arr, type ArrayEntry, type Tracked, type Value } from '../values';

// What the options-client tracker records (clients, handler stacks, requests), and readings of their options arrays.

/** Options as the code writes them: the array (if the analysis could read it) and where it is written. */
export interface OptionsArg {
  value: Value | null;
  /** The argument node, when the call has one. */
  node: PhpNode | null;
  /** The call, and the index the options argument would have. */
  call: PhpNode;
  index: number | null;
  unit: string;
  anchored: boolean;
  /** The array literal a variable given as the options holds, its name, and the function it is in. */
  held?: { literal: PhpNode; name: string; within: [number, number] };
}

/** A client object: made here (with its options), made elsewhere (injected), or derived from another. */
export class Client implements Tracked {
  readonly requests: Request[] = [];
  /**
   * Options set one by one with setter methods (Laravel `timeout(0)`), in the order met, each with when the walk met
   * it; option null: one the analysis cannot name; `keptOut`: the kept-out arm it was set in on a client made before
   * (Interpreter.keptOutFor).
   */
  readonly setters: { option: string | null; value: Value; valueNode: PhpNode | null; call: PhpNode; at?: Moment; keptOut?: object }[] = [];
  /** The array literals given to its array setters (`setConfig([...])`), in the order met; `keptOut` as for setters. */
  readonly arrays: { method: string; call: PhpNode; literal: PhpNode; at?: Moment; keptOut?: object }[] = [];
  /** This client's own reading of the total option, when its kind reads it unlike the spec (see `creates`). */
  total: BoundSpec | null = null;
  /** Made by a create that takes no options array (see `creates`). */
  noArrayOptions = false;
  /** Made by a create that takes an options array only from this version on (see `creates`). */
  arrayOptionsSince: string | null = null;
  /** Made by a create whose requests take no client options (see `creates`). */
  takesNoRequestOptions = false;
  /** A service container that only gives clients (see `creates`): it sends nothing itself. */
  container = false;
  escaped = false;
  /** The kept-out arm the walk was in when it last made the client (Interpreter.keptOutFor). */
  madeIn: object | null = null;
  /** The pass of the walk that read `options`. */
  pass = 0;
  /** An object each method call of which starts a fresh client (Laravel's `Pool`), not a client itself. */
  perCall = false;
  /** Made in its function's own walk, whose callers made clients of their own there (madeKey): they speak for it. */
  leftToCallers = false;
  /** Its options were read in its function's own walk, with no caller's arguments. */
  readAlone = false;
  /** Made in place for a call that sends nothing through it (a Guzzle Pool of callables). */
  sendsNothing = false;
  /** Made by the framework for a constructor's parameter (`containerMade`): judged only by requests in sight. */
  containerMade = false;
  /** The statement that makes it and stores it (`$c = new curl();`), where a fix can put one after (`statementAfter`). */
  anchor: Anchor | null = null;

  constructor(
    readonly site: PhpNode | null,
    public options: OptionsArg | null,
    readonly parent: Client | null,
    readonly injected: boolean,
  ) {}

  escape(): void {
    this.escaped = true;
  }

  /** The client made in code that this one derives from, or itself. */
  root(): Client {
    let c: Client = this;
    for (let i = 0; c.parent && i < 20; i++) c = c.parent;
    return c;
  }
}

/** An injected factory whose `method` makes a fresh client with no options (`factories`: Magento's `CurlFactory`). */
export class ClientFactory implements Tracked {
  constructor(readonly method: string) {}
  escape(): void {}
}

/** Middleware of a class that passes the options on unchanged (Guzzle's Oauth1 only signs the request). */
export class QuietMiddleware implements Tracked {
  readonly mark = true;
  escape(): void {}
}

/**
 * When the walk made an object a property may hold, and when a method the file does not show ran on the object holding
 * it (calls.ts escapeHeld): such a call counts for a request only where special.ts heldReaches orders it before.
 */
export class Held {
  readonly made: Moment[] = [];
  readonly heldAt: Moment[] = [];

  escapeHeld(at: Moment): void {
    this.heldAt.push(at);
  }

  /** Whether such a call may have reached the object before a request met at `met`. */
  reaches(met: Moment | undefined): boolean {
    return !!met && this.heldAt.some((at) => heldReaches(at, this.made, met));
  }
}

/**
 * An options object made in code (`optionsObjects`: Joomla's `new Registry([...])`), with the keys its data and
 * its `set()` calls give it, from every walk that met them; `open` once it may hold keys the analysis cannot see.
 */
export class OptionsObject extends Held implements Tracked {
  /** Each key set (by its data or a `set()` call), where the walk met it, in the order met. */
  readonly sets: { key: string; entry: ArrayEntry; at: Moment }[] = [];
  open = false;
  /** The functions (Scope.unit) whose code made it. */
  readonly units = new Set<string>();
  escape(): void {
    this.open = true;
  }

  /**
   * The options it holds, as an array: for a request met at `at`, what the sets its walk met before it gave (the
   * client reads the object when it sends); else, or where that walk met none, the last set met of each key.
   */
  asArray(at?: Moment): Value {
    const walk = at && at.walk >= 0 ? this.sets.filter((s) => s.at.walk === at.walk) : [];
    const sets = walk.length ? walk.filter((s) => s.at.seq < at!.seq) : this.sets;
    const entries = new Map<string, ArrayEntry>();
    for (const s of sets) entries.set(s.key, s.entry);
    return { kind: 'array', entries: [...entries.values()], open: this.open || this.reaches(at) };
  }
}

/**
 * An object of a transport class the options name (`totalNeverWith`): `touched` once it may have set the total, or for
 * a request a method the file does not show may have reached it before (Held).
 */
export class TransportObject extends Held implements Tracked {
  touched = false;
  constructor(readonly cls: string) {
    super();
  }
  escape(): void {
    this.touched = true;
  }
}

/**
 * A handler stack (Guzzle's HandlerStack): `opaque` once it may hold middleware that sets request options, or for a
 * request a method the file does not show may have reached it before (Held).
 */
export class HandlerStack extends Held implements Tracked {
  opaque = false;

  /** `key`: the option under which a client takes it. */
  constructor(readonly key: string) {
    super();
  }

  escape(): void {
    this.opaque = true; // code we cannot see may push middleware onto it
  }
}

export interface Request {
  node: PhpNode;
  options: OptionsArg | null;
  client: Client | null;
  /** The pass of the walk that read `options`. */
  pass: number;
  /** When that walk met it. */
  at?: Moment;
  /** The argument that gives it a timeout of its own, when it takes one (see `requests`). */
  timeoutArg?: number;
}

/**
 * Options by URL pattern (`['https://api\\.example\\.test/' => ['max_duration' => 30]]`) as one options array:
 * a bound is kept when every pattern sets it (the weakest value wins) or one disables it, so a request is
 * judged by the pattern least in its favour. A pattern map or options that cannot be read count as set.
 */
export function scopedOptions(value: Value | null, spec: OptionsClientSpec): Value {
  if (value?.kind !== 'array' || value.open) return UNKNOWN;
  const scopes = value.entries.map((e) => e.value);
  if (scopes.some((v) => v.kind !== 'array' || v.open)) return UNKNOWN;
  const entries: ArrayEntry[] = [];
  for (const bound of [spec.total, spec.idle, spec.connect]) {
    for (const option of bound?.options ?? []) {
      const found = scopes.map((v) => (v as Arr).entries.find((e) => e.key && !e.lost && normaliseKey(e.key.value) === option.name));
      const rank = (e: ArrayEntry | undefined) => (e ? ['set', 'unset', 'never'].indexOf(readBound(e.value, bound!)) : -1);
      const weakest = found.reduce((a, b) => (rank(b) > rank(a) ? b : a), found[0]);
      if (weakest && (found.every(Boolean) || rank(weakest) === 2)) entries.push(weakest);
    }
  }
  return { kind: 'array', entries, open: false };
}

/**
 * Shared options without the bounds every listed request sets under `key` itself (Requests merges a request's
 * own options over the shared ones). A list or a request that cannot be read leaves the shared options whole; a
 * request's options that cannot be read count as setting every bound (contract: unevaluable counts as set).
 */
export function withoutOverridden(options: OptionsArg | null, list: Value | undefined, key: string, spec: OptionsClientSpec): OptionsArg | null {
  const v = options?.value;
  if (!options || v?.kind !== 'array' || list?.kind !== 'array' || list.open || !list.entries.length) return options;
  const requests = list.entries.map((e) => e.value);
  if (requests.some((r) => r.kind !== 'array' || r.open)) return options;
  const own = requests.map((r) => [...(r as Arr).entries].reverse().find((e) => e.key && !e.lost && normaliseKey(e.key.value) === key)?.value);
  const sets = (o: Value | undefined, name: string) =>
    !!o && (o.kind !== 'array' || o.open || o.entries.some((e) => !e.key || (!e.lost && normaliseKey(e.key.value) === name)));
  const names = [spec.total, spec.idle, spec.connect].flatMap((b) => b?.options ?? []).map((o) => o.name);
  const everywhere = new Set(names.filter((name) => own.every((o) => sets(o, name))));
  if (!everywhere.size) return options;
  const entries = v.entries.filter((e) => !e.key || !everywhere.has(normaliseKey(e.key.value) as string));
  return { ...options, value: { ...v, entries } };
}

/** The options under `key` of an options argument (`['options' => [...]]`); a fix may write only into a literal there. */
export function optionsUnder(options: OptionsArg | null, key: string): OptionsArg | null {
  const v = options?.value;
  if (!options || !v) return options && { ...options, index: null };
  const hit = v.kind === 'array' ? [...v.entries].reverse().find((e) => e.key && !e.lost && normaliseKey(e.key.value) === key) : undefined;
  const value: Value | null = hit ? hit.value : v.kind === 'array' && !v.open ? null : UNKNOWN;
  return { ...options, value, node: hit?.valueNode?.kind === 'array' ? hit.valueNode : null, index: null };
}

/** The entries of an options value, last write first; `open` when parts cannot be seen. */
export function entriesOf(value: Value | null): { arr: Arr | null; open: boolean } {
  if (!value) return { arr: null, open: false };
  if (value.kind !== 'array') return { arr: null, open: true };
  return { arr: value, open: value.open };
}

/**
 * The options under the keys of `path` in a config argument, with the argument's own entries under `keep` beside them
 * (Yii's `['transport' => …, 'requestConfig' => ['options' => [...]]]`). A config the analysis cannot read counts as
 * setting everything; a fix writes only into an options literal written there.
 */
export function nestedOptions(options: OptionsArg | null, path: readonly string[], keep: readonly string[]): OptionsArg | null {
  const top = options?.value;
  if (!options || !top) return options && { ...options, index: null };
  if (top.kind !== 'array') return { ...options, value: UNKNOWN, node: null, index: null, held: undefined };
  const kept = top.entries.filter((e) => e.key && !e.lost && keep.includes(String(normaliseKey(e.key.value))));
  let inner: OptionsArg = { ...options, held: undefined };
  for (const key of path) inner = optionsUnder(inner, key)!;
  const v = inner.value;
  const entries = [...kept, ...(v?.kind === 'array' ? v.entries : [])];
  const open = top.open || (!!v && (v.kind !== 'array' || v.open));
  return { ...inner, value: { kind: 'array', entries, open }, index: null };
}
