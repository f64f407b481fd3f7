import type { CurlHandleSpec, Literal, TimeoutOption } from '../../../catalogue/define-client';
import type { Interpreter } from '../interpreter';
import { assignmentAnchor, isSimpleTarget, type Anchor } from './anchor';
import { heldReaches, madeOnlyAfter, sentWithin, type CallSite, type Special } from './special';
import type { PhpNode } from '../parse';
import { refsOf, UNKNOWN, type Arr, type Tracked, type Value } from '../values';

export type Slot = 'total' | 'connect' | 'idle';

export interface OptionWrite {
  slot: Slot;
  option: TimeoutOption;
  value: Value;
  /** The argument or array entry that holds the value. */
  valueNode: PhpNode | null;
  seq: number;
  /** The walk that made the write (Interpreter.currentWalk()): sequence numbers compare within one walk. */
  walk: number;
  /** The kept-out arm it was written in, on a handle made before that arm: it holds only for a run inside (sentWithin). */
  keptOut?: object;
}

/** A call that runs the handle, and when the walk met it. */
export interface Execution {
  node: PhpNode;
  fn: string;
  seq: number;
  walk: number;
  /** The kept-out arms the walk was in (Interpreter.keptOutNow). */
  keptOut: readonly object[];
  /**
   * When the request goes, when that is later than the call (curl_multi_add_handle: at the next curl_multi_exec):
   * options set before then apply. Infinity while the walk has met no such call after it.
   */
  sends?: number;
}

/** When a run sends its request: options the walk met before then apply to it. */
function sendsAt(run: Execution): number {
  return run.sends ?? run.seq;
}

/** A curl handle as the code builds it: where it was made and what was set on it before it ran. */
export class Handle implements Tracked {
  readonly writes = new Map<string, OptionWrite>();
  readonly executions = new Map<number, Execution>();
  /** `curl_setopt_array` calls on this handle with an array literal written in place. */
  readonly arrayLiterals: { array: PhpNode; unit: string; seq: number; walk: number }[] = [];
  /**
   * Every time the walk met the call that makes the handle, met a write or ran it: one site met twice in a
   * walk (a function inlined for each of its callers, a loop unrolled) makes a new handle each time.
   */
  readonly made: { seq: number; walk: number }[] = [];
  readonly metWrites: OptionWrite[] = [];
  readonly runs: Execution[] = [];
  opaque = false;
  /** When the walk made the handle opaque, so that a run in a walk of its own can tell whether that touched it. */
  readonly opaqueAt: { seq: number; walk: number }[] = [];
  /** When a method the file does not show ran on the object holding it (escapeHeld). */
  readonly heldAt: { seq: number; walk: number }[] = [];
  /** Unseen code got the handle only after it ran: that run stays as judged, but a later copy may differ. */
  escapedAfterRun = false;
  lost: string | null = null;
  /** An option of `spec.handle.streams` set on it: its body is streamed. */
  streams: string | null = null;
  /** The kept-out arm the walk was in when it last made the handle (Interpreter.keptOutFor). */
  madeIn: object | null = null;
  /** Where the walk is now, to order an escape against the runs; set by the tracker. */
  now: (() => { seq: number; walk: number }) | null = null;

  constructor(
    readonly site: PhpNode,
    readonly kind: 'create' | 'copy' | 'reset',
    /** The statement holding the creation, and the expression naming the handle, when a statement can follow it. */
    readonly anchor: Anchor | null,
    readonly unit: string,
    readonly copiedFrom: Handle | null,
  ) {}

  /** Forgets what a walk saw, for a later pass to see it again with more known. */
  forget(): void {
    this.writes.clear();
    this.executions.clear();
    this.arrayLiterals.length = 0;
    this.made.length = 0;
    this.metWrites.length = 0;
    this.runs.length = 0;
    this.opaque = false;
    this.opaqueAt.length = 0;
    this.heldAt.length = 0;
    this.escapedAfterRun = false;
    this.lost = null;
    this.streams = null;
  }

  escape(): void {
    // Code that gets the handle after curl_exec() cannot bound the request that already ran.
    const now = this.now?.();
    if (now && this.executions.size > 0 && !this.beforeRuns(now)) this.escapedAfterRun = true;
    else this.makeOpaque(now ?? { seq: -1, walk: -1 });
  }

  escapeHeld(): void {
    const now = this.now?.();
    if (now) this.heldAt.push(now);
  }

  /** A method the file does not show, run on the object holding it, may have set its options before `run` went. */
  private heldSet(run: Execution): boolean {
    return this.heldAt.some((at) => heldReaches(at, this.made, { seq: sendsAt(run), walk: run.walk }));
  }

  makeOpaque(at: { seq: number; walk: number }): void {
    this.opaque = true;
    this.opaqueAt.push(at);
  }

  /**
   * Writes in effect, its source's first for a copy, in the order they happened. A write the same walk
   * meets only after a curl_exec of this handle is too late for that request (http-clients.md: set
   * "before curl_exec or curl_multi_add_handle"); writes in other walks or closures cannot be ordered.
   */
  effectiveWrites(): OptionWrite[] {
    // A write in an arm a caller leaving a parameter at its default never runs is in effect where every run is in it.
    return this.allWrites().filter((w) => this.beforeRuns(w) && this.runs.every((r) => sentWithin(w.keptOut, r.keptOut)));
  }

  /**
   * Where a run is sent in an arm a caller leaving a parameter at its default never runs and a write was made in
   * such an arm, the writes in effect for each run, each judged on its own: the merged view keeps a write made in
   * a kept-out arm only where every run is inside it, so a handle sent in two such arms (`elseif`, or nested), each
   * setting its own total, would have neither. A run's writes are those the walk met before it on the handle it
   * ran (other walks: unordered), made outside any kept-out arm or in one the run is in. Null where no run or no
   * write is in such an arm: the merged view speaks for them.
   */
  keptOutRuns(): { writes: OptionWrite[]; run: Execution }[] | null {
    if (!this.runs.some((r) => r.keptOut.length) || !this.metWrites.some((w) => w.keptOut)) return null;
    const inherited = this.copiedFrom ? this.copiedFrom.allWrites(1) : [];
    const before = (w: OptionWrite, run: Execution) =>
      w.walk !== run.walk || (w.seq < sendsAt(run) && !this.made.some((m) => m.walk === run.walk && m.seq > w.seq && m.seq < run.seq));
    return this.runs.map((run) => ({
      writes: [...inherited, ...this.metWrites.filter((w) => before(w, run) && sentWithin(w.keptOut, run.keptOut)).sort((a, b) => a.seq - b.seq)],
      run,
    }));
  }

  /**
   * For each run of a handle made anew for each caller, the writes in effect for that one, and whether code the
   * walk cannot see may have set more: what the walk met between making it and running it, and what closures
   * and walks that did not make it met (unordered). A handle is made anew when one walk makes it more than once
   * (a function inlined for each caller), or more than one walk makes it: a method run on its own, with
   * parameters callers elsewhere give, and for a caller of this file (Sabre\DAV\Client::curlRequest(), given
   * request()'s options). To effectiveWrites(), a later caller's options come after an earlier caller's run, too
   * late; of the writes of all walks the last wins; and the own walk's unknown options hide every caller's.
   */
  freshWrites(): { writes: OptionWrite[]; opaque: boolean; run: Execution }[] {
    const out: { writes: OptionWrite[]; opaque: boolean; run: Execution }[] = [];
    const from = this.copiedFrom;
    const inherited = from ? from.allWrites(1) : [];
    const firstMade = new Map<number, number>();
    for (const m of this.made) if (!firstMade.has(m.walk)) firstMade.set(m.walk, m.seq);
    // A write of a walk that did not make the handle (before it did) may be on any of the handles made.
    const shared = (at: { seq: number; walk: number }) => at.walk < 0 || !(at.seq > (firstMade.get(at.walk) ?? Infinity));
    for (const run of this.runs) {
      if (run.walk < 0 || (firstMade.size < 2 && this.made.filter((m) => m.walk === run.walk).length < 2)) continue;
      const made = this.made.filter((m) => m.walk === run.walk && m.seq < run.seq).pop();
      if (!made) continue;
      // Up to the request, or to the next handle made there, if it was made before the request went (curl_multi).
      const next = this.made.find((m) => m.walk === run.walk && m.seq > run.seq);
      const end = Math.min(sendsAt(run), next?.seq ?? Infinity);
      const inRun = (at: { seq: number; walk: number }) => shared(at) || (at.walk === run.walk && at.seq > made.seq && at.seq < end);
      const own = this.metWrites.filter((w) => inRun(w) && sentWithin(w.keptOut, run.keptOut));
      const opaque = this.opaqueAt.some(inRun) || this.heldSet(run) || (from !== null && (from.escapedAfterRun || from.isOpaque()));
      out.push({ writes: [...inherited, ...own.sort((a, b) => a.seq - b.seq)], opaque, run });
    }
    return out;
  }

  private allWrites(depth = 0): OptionWrite[] {
    const inherited = this.copiedFrom && depth < 8 ? this.copiedFrom.allWrites(depth + 1) : [];
    return [...inherited, ...[...this.writes.values()].sort((a, b) => a.seq - b.seq)];
  }

  /**
   * Nothing ran this handle before the walk met `at`, as far as the walk can order them. A run the walk met before
   * it made the handle again (a helper that makes it, inlined for each of two callers a third function calls) ran
   * the handle made before: the one `at` is on has not run yet.
   */
  beforeRuns(at: { seq: number; walk: number }): boolean {
    for (const e of this.runs) {
      if (e.walk < 0 || e.walk !== at.walk || sendsAt(e) > at.seq) continue;
      if (!this.made.some((m) => m.walk === at.walk && m.seq > e.seq && m.seq < at.seq)) return false;
    }
    return true;
  }

  isOpaque(depth = 0): boolean {
    const from = this.copiedFrom;
    const own = this.opaque && this.opaqueAt.some((at) => !madeOnlyAfter(at, this.made));
    // A method the file does not show counts where it may have set the options of every request the walk met.
    const held = this.runs.length > 0 && this.runs.every((run) => this.heldSet(run));
    return own || held || (from !== null && depth < 8 && (from.escapedAfterRun || from.isOpaque(depth + 1)));
  }
}

/** Follows curl handles through the walk; judging them is ./curl-judge.ts's job. */
export class CurlTracker implements Special {
  private readonly constants: ReadonlyMap<string, Literal>;
  readonly handles = new Map<string, Handle>();
  private readonly byCode = new Map<number, { slot: Slot; option: TimeoutOption }>();
  private readonly owned: Set<string>;
  private readonly inertNames: Set<string>;
  /** Calls that send the requests queued by an `execute` call with `sentBy` (curl_multi_exec). */
  private readonly senders: Set<string>;
  /** Runs queued whose request the walk has not seen sent yet. */
  private queued: Execution[] = [];
  private seq = 0;

  constructor(readonly spec: CurlHandleSpec) {
    const constants = new Map<string, Literal>();
    for (const slot of ['total', 'connect'] as const) {
      for (const option of spec[slot]?.options ?? []) {
        if (option.code === undefined) continue;
        constants.set(option.name, option.code);
        this.byCode.set(option.code, { slot, option });
      }
    }
    for (const option of spec.idle) {
      if (option.code === undefined) continue;
      constants.set(option.name, option.code);
      this.byCode.set(option.code, { slot: 'idle', option });
    }
    this.constants = constants;
    const h = spec.handle;
    this.senders = new Set(h.execute.flatMap((e) => e.sentBy ?? []));
    this.owned = new Set([...h.create, ...h.copy, ...h.reset, ...h.setOption, ...h.setOptions, ...h.execute.map((e) => e.fn), ...this.senders]);
    this.inertNames = new Set(h.inert);
  }

  constant(name: string): Literal | undefined {
    const code = this.constants.get(name);
    if (code !== undefined) return code;
    // Another option of the library: not a timeout, so setting it hides nothing.
    const h = this.spec.handle;
    return h.optionPrefixes.some((p) => name.startsWith(p)) || h.otherOptions?.includes(name) ? name : undefined;
  }

  inert(name: string): boolean {
    return this.inertNames.has(name);
  }

  boundKey(key: Literal): boolean {
    return typeof key === 'number' && this.byCode.has(key);
  }

  // The first pass may walk a function before the call that shows what its parameters hold (a method
  // written above its caller): the last pass alone decides, as for the options of a client.
  newPass(): void {
    this.queued = [];
    for (const h of this.handles.values()) h.forget();
  }

  call(site: CallSite, interp: Interpreter): Value | undefined {
    if (!this.owned.has(site.name)) return undefined;
    const h = this.spec.handle;
    const targets = handlesIn(site.values[0]);
    if (h.create.includes(site.name)) return { kind: 'obj', ref: this.handleAt(site, interp, 'create', null) };
    if (h.copy.includes(site.name)) return targets[0] ? { kind: 'obj', ref: this.handleAt(site, interp, 'copy', targets[0]) } : UNKNOWN;
    const exec = h.execute.find((e) => e.fn === site.name);
    if (exec) {
      const run: Execution = { node: site.node, fn: site.name, seq: this.seq++, walk: interp.currentWalk(), keptOut: interp.keptOutNow() };
      if (exec.sentBy?.length) {
        run.sends = Infinity;
        this.queued.push(run);
      }
      for (const t of handlesIn(site.values[exec.arg])) {
        t.executions.set(site.node.loc!.start.offset, run);
        t.runs.push(run);
      }
      return UNKNOWN;
    }
    if (this.senders.has(site.name)) {
      // The request of every handle this walk queued goes now (any multi handle's: which one the walk cannot tell).
      const walk = interp.currentWalk();
      const now = this.seq++;
      for (const run of this.queued) if (run.walk === walk && run.sends === Infinity && h.execute.some((e) => e.fn === run.fn && e.sentBy?.includes(site.name))) run.sends = now;
      this.queued = this.queued.filter((r) => r.sends === Infinity);
      return UNKNOWN;
    }
    if (!targets.length) return UNKNOWN;
    if (h.reset.includes(site.name)) {
      const fresh = this.handleAt(site, interp, 'reset', null);
      // Stored over the old handle on purpose: after a reset the old options are gone.
      const place = interp.placeOf(site.args[0]!, site.scope);
      if (place) place.store.set(place.key, { kind: 'obj', ref: fresh });
    } else if (h.setOption.includes(site.name)) {
      for (const t of targets) this.setOption(t, site.values[1] ?? UNKNOWN, site.values[2] ?? UNKNOWN, site.args[2] ?? null, site, interp);
    } else if (h.setOptions.includes(site.name)) {
      for (const t of targets) this.setOptions(t, site, interp);
    }
    return UNKNOWN;
  }

  private moment(interp: Interpreter): { seq: number; walk: number } {
    return { seq: this.seq++, walk: interp.currentWalk() };
  }

  private handleAt(site: CallSite, interp: Interpreter, kind: Handle['kind'], from: Handle | null): Handle {
    const key = `${site.node.loc!.start.offset}`;
    let handle = this.handles.get(key);
    if (!handle) {
      handle = new Handle(site.node, kind, anchorOf(interp, site, kind), site.scope.unit, from);
      handle.now = () => ({ seq: this.seq++, walk: interp.currentWalk() });
      this.handles.set(key, handle);
    }
    handle.made.push({ seq: this.seq++, walk: interp.currentWalk() });
    handle.madeIn = interp.keptOutArm();
    return handle;
  }

  private setOption(h: Handle, key: Value, value: Value, valueNode: PhpNode | null, site: CallSite, interp: Interpreter): void {
    if (key.kind !== 'lit') {
      h.makeOpaque(this.moment(interp)); // an option the analysis cannot name may be a timeout
      return;
    }
    if (typeof key.value === 'string' && this.spec.handle.streams?.includes(key.value)) h.streams ??= key.value;
    const known = typeof key.value === 'number' ? this.byCode.get(key.value) : undefined;
    if (!known) return;
    // Written in an arm a caller leaving a parameter at its default never runs, on a handle made before it: not
    // written for that caller, who sends no request inside the arm.
    const keptOut = interp.keptOutFor(h.madeIn);
    const id = `${site.node.loc!.start.offset}:${known.option.name}:${valueNode?.loc?.start.offset}`;
    const write: OptionWrite = { ...known, value, valueNode, seq: this.seq++, walk: interp.currentWalk(), ...(keptOut && { keptOut }) };
    h.writes.set(id, write);
    h.metWrites.push(write);
  }

  private setOptions(h: Handle, site: CallSite, interp: Interpreter): void {
    const arr = site.values[1];
    const node = site.args[1];
    if (!arr || arr.kind !== 'array') {
      h.makeOpaque(this.moment(interp));
      return;
    }
    if (node?.kind === 'array' && interp.inList.has(interp.statement!)) {
      // A later walk over the same code meets it again: keep its latest place in the order, as for writes.
      const kept = h.arrayLiterals.filter((a) => a.array !== node);
      h.arrayLiterals.splice(0, Infinity, ...kept, { array: node, unit: site.scope.unit, seq: this.seq++, walk: interp.currentWalk() });
    }
    if (arr.open) h.makeOpaque(this.moment(interp));
    this.applyArray(h, arr, site, interp);
  }

  private applyArray(h: Handle, arr: Arr, site: CallSite, interp: Interpreter): void {
    for (const e of arr.entries) {
      if (!e.key) {
        h.makeOpaque(this.moment(interp));
        continue;
      }
      const code = e.key.value;
      if (e.lost) {
        if (typeof code === 'number' && this.byCode.has(code)) h.lost = e.lost;
        continue;
      }
      this.setOption(h, e.key, e.value, e.valueNode, site, interp);
    }
  }
}

function handlesIn(v: Value | undefined): Handle[] {
  return refsOf(v).filter((r): r is Handle => r instanceof Handle);
}

/** `$ch = curl_init(...);` or `curl_reset($ch);` alone in a statement list: a statement can follow it. */
function anchorOf(interp: Interpreter, site: CallSite, kind: Handle['kind']): Anchor | null {
  if (kind !== 'reset') return assignmentAnchor(interp, site.node);
  const stmt = interp.statement;
  const target = site.args[0];
  return stmt && interp.inList.has(stmt) && stmt.expression === site.node && target && isSimpleTarget(target) ? { statement: stmt, handle: target } : null;
}
