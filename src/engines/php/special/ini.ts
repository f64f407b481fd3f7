import type { Literal } from '../../../catalogue/define-client';
import { castValue, numericValue } from '../evaluate';
import type { Interpreter } from '../interpreter';
import type { PhpNode } from '../parse';
import { refsOf, trackedIn, UNKNOWN, type Value } from '../values';
import { onEveryPathTo, pathOf, type ArmsOfIf, type CallSite, type Moment, type Special } from './special';
import { STREAM_READS, type FeofLoop, type LoopFacts } from './feof-loop';

/** `ini_set('default_socket_timeout', N)` in code: a bound for streams, sockets and SOAP reads. */
export class IniTracker implements Special {
  /** Each write, met at these moments of the walk; one place in the code, met with two values, is two writes. */
  readonly writes: { value: Value; node: PhpNode; call: PhpNode; at: Moment[] }[] = [];
  private readonly byOffset = new Map<string, IniTracker['writes'][number]>();

  /** The interpreter's arms of `if`s with an else (Interpreter.armsOfIf), once a call is met. */
  private armsOfIf: ReadonlyMap<string, ArmsOfIf> = new Map();

  constructor(private readonly setting: string) {}

  call(site: CallSite, interp: Interpreter): Value | undefined {
    this.armsOfIf = interp.armsOfIf;
    if (site.name === 'ini_get') return this.isSetting(site.values[0]) ? { kind: 'unknown', ini: this.setting } : undefined;
    // php.net: ini_restore() gives the setting its php.ini value back, as `ini_set(…, $old)` with a saved value does.
    if (site.name === 'ini_restore') {
      if (this.isSetting(site.values[0]) && site.args[0]) this.record(site, { kind: 'unknown', ini: this.setting }, site.args[0], interp);
      return UNKNOWN;
    }
    if (site.name !== 'ini_set') return undefined;
    if (!this.isSetting(site.values[0]) || !site.args[1]) return UNKNOWN;
    this.record(site, site.values[1] ?? UNKNOWN, site.args[1], interp);
    // ini_set() gives back the value it replaces: what a later `ini_set(…, $old)` restores (isSet()).
    return { kind: 'unknown', ini: this.setting };
  }

  /**
   * A write of the setting at `site` (one per place in the code and kind of value, met at each moment the walk
   * meets it): `ini_set(…, $old)` in a helper restores the saved value where a caller passes it, and sets one
   * the analysis cannot see where the helper is walked on its own.
   */
  private record(site: CallSite, value: Value, node: PhpNode, interp: Interpreter): void {
    const kind = this.isIniValue(value) ? 'ini' : value.kind === 'lit' ? `lit:${String(value.value)}` : 'other';
    const offset = `${site.node.loc!.start.offset}:${kind}`;
    let write = this.byOffset.get(offset);
    if (!write) {
      write = { value, node, call: site.node, at: [] };
      this.byOffset.set(offset, write);
      this.writes.push(write);
    }
    write.at.push(interp.now());
  }

  /**
   * Set in code to anything but a visibly non-positive value or the php.ini one; with `met`, the moments a request
   * was met at, only by writes in place for it on every path (an ini_set() the walk meets after the request comes
   * too late for it; one in an `if` that the request is not in leaves the other path without it, unless each arm of
   * an if/else has one), and not given back before it: `$old = ini_get(…); ini_set(…, 5); …; ini_set(…, $old);`
   * restores the value the 5 replaced, for the requests the same walk meets after the restore.
   */
  isSet(met?: readonly Moment[]): boolean {
    const bounding = this.writes.filter((w) => !this.isIniValue(w.value) && (w.value.kind !== 'lit' || numeric(w.value.value) > 0));
    if (!bounding.length) return false;
    if (!met) return true;
    // A write the request's walk meets (a helper it calls) is ordered there: what the helper's walk of its own met
    // at that place, where it cannot be ordered against the request, does not count for it.
    const walks = new Set(met.map((m) => m.walk).filter((w) => w >= 0));
    const metThere = new Set(this.writes.filter((w) => w.at.some((a) => walks.has(a.walk))).map((w) => w.call));
    const ats = bounding.flatMap((w) => (metThere.has(w.call) ? w.at.filter((a) => walks.has(a.walk)) : w.at));
    // Given back (the php.ini value), or set negative (no timeout) after it: a later write that ends the bound.
    const restores = this.writes.filter((w) => this.isIniValue(w.value) || (w.value.kind === 'lit' && numeric(w.value.value) < 0)).flatMap((w) => w.at);
    return onEveryPathTo(ats.filter((a) => !restoredBefore(a, ats, restores, met)), met, this.armsOfIf);
  }

  /** `ini_get('default_socket_timeout')`: the php.ini value, the one in force when code passes none. */
  isIniValue(v: Value | null | undefined): boolean {
    return v?.kind === 'unknown' && v.ini === this.setting;
  }

  private isSetting(v: Value | undefined): boolean {
    return v?.kind === 'lit' && v.value === this.setting;
  }

  /**
   * Some write of the file may leave the setting unbounded: a negative value, or one the analysis cannot read (the
   * php.ini value given back aside). Where none does, what php.ini holds still bounds each wait.
   */
  mayUnbound(): boolean {
    return this.writes.some((w) => !this.isIniValue(w.value) && (w.value.kind !== 'lit' || !(numeric(w.value.value) >= 0)));
  }

  /** The write that turns the timeout off, when nothing else sets it: a negative value waits forever (0 fails at once). */
  disabling(): { node: PhpNode; call: PhpNode } | null {
    if (this.isSet()) return null;
    return this.writes.find((w) => w.value.kind === 'lit' && numeric(w.value.value) < 0) ?? null;
  }
}

/**
 * The write at `a` is given back (a restore at `b` of the same walk, the next write after it) before a request
 * met at `met` in that walk, on every path to the request: the restore is in no `if` arm the request is not in.
 */
function restoredBefore(a: Moment, writes: readonly Moment[], restores: readonly Moment[], met: readonly Moment[]): boolean {
  return restores.some((b) => b.walk === a.walk && a.seq < b.seq && !writes.some((c) => c.walk === a.walk && a.seq < c.seq && c.seq < b.seq)
    && met.some((m) => m.walk === b.walk && b.seq < m.seq && pathOf(b).every((arm, i) => pathOf(m)[i] === arm)));
}

function numeric(v: Literal): number {
  return typeof v === 'number' ? v : Number(v);
}

/** An opened stream or socket whose reads can be bounded by stream_set_timeout(). */
export interface ReadBoundable {
  readBound: boolean;
  /** Something reads from it (a port probe that only connects never waits on a read). */
  read: boolean;
  /** The walk that last made it, when it is told (`Interpreter.currentWalk`). */
  madeInWalk?: number;
  /**
   * Read in the walk that made it before anything bounded its reads (`fgets` before `stream_set_timeout`), by a
   * read that waits: one of a blocking socket, not feof().
   */
  readUnbounded?: boolean;
  /** stream_set_timeout() was called on it, with a bound. */
  timeoutSet?: boolean;
  /** stream_set_timeout() was called on it with negative seconds: its reads never time out. */
  readDisabled?: { call: PhpNode; seconds: PhpNode };
  /** Set to non-blocking mode: a read returns at once. */
  nonBlocking?: boolean;
  /** Waited on by a stream_select() with a finite timeout. */
  selected?: boolean;
  /** Read in a loop that ends on feof() only, which a timed-out read never makes true (feof-loop.ts). */
  feofLoops?: FeofLoop[];
}

function boundables(v: Value | undefined): ReadBoundable[] {
  return trackedIn(v ?? UNKNOWN).filter((r) => 'readBound' in r) as unknown as ReadBoundable[];
}

/**
 * A non-blocking read never waits, and stream_select() waits at most its timeout: together they bound
 * a read as stream_set_timeout() does ([EXP] PHP 8.2, a silent server: select(…, 2) returned 0 after 2.0 s
 * and a non-blocking fread returned '' at once; a blocking fread after the same select still waited).
 * A null timeout waits forever; a negative one is a ValueError.
 */
function noteWaits(site: CallSite, interp: Interpreter, leaving: ReadonlySet<number>): void {
  if (BLOCKING.has(site.name)) {
    const mode = castValue(site.values[1] ?? UNKNOWN, 'bool');
    // `if (!$blocking) { stream_set_blocking($fp, 0); fclose($fp); return …; }`: the mode ends with its block.
    if (mode.kind === 'lit' && mode.value === false && !(interp.statement && leaving.has(interp.statement.loc!.start.offset))) for (const b of boundables(site.values[0])) b.nonBlocking = true;
  } else if (site.name === 'stream_select') {
    const sec = site.values[3];
    const finite = sec !== undefined && (sec.kind !== 'lit' || (sec.value !== null && Number(sec.value) >= 0));
    if (finite) for (const b of boundables(site.values[0])) b.selected = true;
  } else return;
  for (const b of boundables(site.values[0])) if (b.nonBlocking && b.selected) b.readBound = true;
}

const BLOCKING = new Set(['stream_set_blocking', 'socket_set_blocking']);

const READS = new Set([...STREAM_READS, 'fpassthru', 'stream_copy_to_stream', 'feof']);

// PHP's own stream functions: they use a stream or socket without changing how long its reads may wait.
const STREAM_IO = new Set([
  'fwrite', 'fputs', 'fgets', 'fgetc', 'fread', 'feof', 'fclose', 'fflush', 'fpassthru', 'ftell', 'fseek', 'rewind',
  'fstat', 'flock', 'ftruncate', 'fscanf', 'fgetcsv', 'fputcsv', 'stream_get_contents', 'stream_get_line',
  'stream_get_meta_data', 'stream_set_blocking', 'socket_set_blocking', 'stream_socket_enable_crypto',
  'stream_copy_to_stream', 'stream_select', 'stream_set_write_buffer', 'stream_set_read_buffer',
  'stream_socket_get_name', 'stream_socket_shutdown', 'stream_context_get_options', 'socket_get_status',
  'is_resource', 'get_resource_type', 'is_object', 'gettype',
  // Type checks only look at the value.
  'is_null', 'is_bool', 'is_array', 'is_string', 'is_scalar',
]);

/**
 * `stream_set_timeout($fp, -1)`: php-src xp_socket.c waits with no timeout for tv_sec -1, and poll() takes a
 * negative time of a lower one as none too ([EXP] PHP 8.2, a silent server: a read after -1 or -2 was still waiting
 * at 6 s; without the call it returned after default_socket_timeout). tv_sec is the seconds plus whole seconds of
 * the microseconds, tv_usec the rest (C division), and poll() waits tv_sec * 1000 + tv_usec / 1000 ms: any negative
 * time is none (`(0, -500000)` waited as `-1` did; `(0, -999)` is 0 ms). A value the walk cannot see counts as a bound.
 */
function negativeSeconds(site: CallSite): { call: PhpNode; seconds: PhpNode } | null {
  const [, seconds, micro] = site.values;
  const node = site.args[1];
  if (!node || seconds?.kind !== 'lit' || (site.args[2] && micro?.kind !== 'lit')) return null;
  const s = numericValue(seconds.value);
  const us = micro?.kind === 'lit' ? numericValue(micro.value) : 0;
  if (s === null || us === null) return null;
  const ms = (Math.trunc(s) + Math.trunc(us / 1e6)) * 1000 + Math.trunc((Math.trunc(us) % 1e6) / 1000);
  return ms < 0 ? { call: site.node, seconds: node } : null;
}

/** `stream_set_timeout($fp, N)` (alias socket_set_timeout): the reads of that stream are bounded. */
export class ReadTimeoutTracker implements Special {
  constructor(
    private readonly names: readonly string[],
    /** Loops that end on feof() only, and reads in loops that keep a deadline (feof-loop.ts). */
    private readonly loops: LoopFacts = { feofLoops: new Map(), deadlineReads: new Set(), leaving: new Set() },
  ) {}

  inert(name: string): boolean {
    return STREAM_IO.has(name);
  }

  call(site: CallSite, interp: Interpreter): Value | undefined {
    noteWaits(site, interp, this.loops.leaving);
    if (READS.has(site.name)) {
      const walk = interp.currentWalk();
      const at = site.node.loc!.start.offset;
      const loop = site.name === 'feof' ? this.loops.feofLoops.get(at) : undefined;
      const deadline = this.loops.deadlineReads.has(at);
      for (const ref of refsOf(site.values[0])) {
        if (!('read' in ref)) continue;
        const r = ref as unknown as ReadBoundable;
        r.read = true;
        if (loop && !r.feofLoops?.includes(loop)) (r.feofLoops ??= []).push(loop);
        // What one walk meets comes in the order the code runs: this read waits before any bound is set. feof()
        // never waits (php-src: a liveness poll with no timeout), nor does a read of a non-blocking socket.
        const waits = site.name !== 'feof' && !r.nonBlocking;
        if (waits && !r.readBound && walk >= 0 && walk === r.madeInWalk) r.readUnbounded = true;
        // A non-blocking read in a loop that keeps a deadline: the loop, which is all that waits, ends in time.
        if (r.nonBlocking && deadline) r.readBound = true;
      }
      return UNKNOWN;
    }
    if (!this.names.includes(site.name)) return undefined;
    const disabled = negativeSeconds(site);
    for (const ref of refsOf(site.values[0])) {
      if (!('readBound' in ref)) continue;
      const r = ref as unknown as ReadBoundable;
      if (disabled) {
        r.readDisabled ??= disabled;
        continue;
      }
      r.readBound = true;
      r.timeoutSet = true;
    }
    return UNKNOWN;
  }
}
