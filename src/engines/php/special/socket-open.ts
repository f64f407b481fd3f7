import type { SocketSpec } from '../../../catalogue/php-specs';
import type { EngineSettings, Finding, Fix, Related } from '../../../model/finding';
import { appendArguments, insertStatementsAfter, insertStatementsFirst, mergeFixes } from '../../../fix/helpers';
import { feofLoopFix, feofLoopNote, type FeofLoop } from './feof-loop';
import { calledFunctionName } from '../names';
import { readBound } from '../evaluate';
import type { Interpreter } from '../interpreter';
import { argumentRanges, childrenOf, endOf, rangeOf, startOf, type PhpNode } from '../parse';
import { knownPrefix, lit, SCHEME, UNKNOWN, type Tracked, type Value } from '../values';
import type { IniTracker, ReadBoundable } from './ini';
import { assignedTarget, assignmentAnchor, type Anchor } from './anchor';
import { builtinParams, usesNamedArguments } from '../builtin-params';
import type { CallSite, Moment, Special } from './special';

/** A socket from fsockopen() and friends: its connect timeout argument and whether its reads are bounded. */
export class Socket implements Tracked, ReadBoundable {
  readBound = false;
  read = false;
  nonBlocking = false;
  selected = false;
  madeInWalk?: number;
  readUnbounded = false;
  timeoutSet?: boolean;
  readDisabled?: { call: PhpNode; seconds: PhpNode };
  feofLoops?: FeofLoop[];
  /** The moments the walk met its connect. */
  readonly met: Moment[] = [];

  constructor(
    readonly node: PhpNode,
    readonly call: SocketSpec['calls'][number],
    readonly args: PhpNode[],
    readonly timeout: Value | null,
    readonly anchor: Anchor | null,
    /** `if (!$fp) { throw …; }` right after the connect: past it, the socket is no longer false. */
    readonly guard: PhpNode | null,
    /** The address's scheme as written (`udp://`), lower case; empty when none or not known. */
    readonly transport: string = '',
    /** `if ($fp = fsockopen(…)) { … }`: the block that runs on a socket only, where a fix can start. */
    readonly block: PhpNode | null = null,
    /** The function it is written in, whose variables are its own: where a variable the fix adds could clash. */
    readonly within: PhpNode | null = null,
  ) {}

  escape(): void {
    this.readBound = true; // code we cannot see may bound its reads
  }

  /** Ordered as special.ts heldReaches: in the walk that connected it, after it did. */
  escapeHeld(at: Moment): void {
    if (this.met.some((m) => at.walk >= 0 && m.walk === at.walk && m.seq < at.seq)) this.readBound = true;
  }
}

export class SocketTracker implements Special {
  readonly sockets = new Map<string, Socket>();

  constructor(readonly spec: SocketSpec) {}

  call(site: CallSite, interp: Interpreter): Value | undefined {
    const call = this.spec.calls.find((c) => c.fn === site.name);
    if (!call) return undefined;
    const key = `${site.node.loc!.start.offset}`;
    let socket = this.sockets.get(key);
    if (!socket) {
      const arg = site.args[call.timeoutArg];
      const timeout = arg ? (neverSet(arg, site) ? lit(null) : (site.values[call.timeoutArg] ?? UNKNOWN)) : null;
      const checked = checkedInCondition(interp, site.node);
      const opened = checked ? null : openedInCondition(interp, site.node);
      const anchor = checked ?? assignmentAnchor(interp, site.node) ?? opened?.anchor ?? null;
      const next = anchor && !checked ? interp.following.get(anchor.statement) : undefined;
      const guard = checked ? checked.statement : anchor && next && isFailureGuard(next, anchor.handle) ? next : null;
      const address = site.values[0] ? knownPrefix(site.values[0]) : null;
      const transport = SCHEME.exec(address ?? '')?.[0].toLowerCase() ?? '';
      const fn = site.scope.stack.at(-1)?.node;
      const within = fn && startOf(fn) <= startOf(site.node) && endOf(site.node) <= endOf(fn) ? fn : null;
      socket = new Socket(site.node, call, site.args, timeout, anchor, guard, transport, opened?.block ?? null, within);
      this.sockets.set(key, socket);
    }
    socket.madeInWalk = interp.currentWalk();
    socket.met.push(interp.now());
    return { kind: 'obj', ref: socket };
  }
}

// What may give a function's variables values no assignment shows.
const DEFINES = new Set(['include', 'eval']);
const DEFINING_CALLS = new Set(['extract', 'parse_str', 'get_defined_vars', 'mb_parse_str']);

/**
 * A variable the function the call is in never sets: named nowhere else in it (no assignment, parameter of it or of
 * a closure in it, `global`, `static`, by-reference argument), in a function or method with no `extract()`,
 * `$$name`, `include` or `eval`. PHP passes null for it (with a warning), the default the argument restores.
 */
function neverSet(arg: PhpNode, site: CallSite): boolean {
  if (arg.kind !== 'variable' || typeof arg.name !== 'string' || arg.name === 'this') return false;
  const fn = site.scope.stack.at(-1)?.node;
  if (!fn || (fn.kind !== 'function' && fn.kind !== 'method') || startOf(arg) < startOf(fn) || endOf(arg) > endOf(fn)) return false;
  let named = 0;
  const todo = [...childrenOf(fn)];
  while (todo.length) {
    const n = todo.pop()!;
    if (DEFINES.has(n.kind)) return false;
    // A parameter of the function, or of a closure or arrow function in it, that the call may be in.
    if (n.kind === 'parameter' && (n.name as PhpNode | undefined)?.name === arg.name) return false;
    if (n.kind === 'variable' && typeof n.name !== 'string') return false;
    if (n.kind === 'variable' && n.name === arg.name) named++;
    const what = n.what as PhpNode | undefined;
    if (n.kind === 'call' && what?.kind === 'name' && DEFINING_CALLS.has(String(what.name).replace(/^\\/, '').toLowerCase())) return false;
    todo.push(...childrenOf(n));
  }
  return named === 1;
}

/** The same simple target: `$fp`, `$this->fp`, `self::$fp`, `$fps[$i]`. */
function sameTarget(a: PhpNode | undefined, b: PhpNode | undefined, depth = 0): boolean {
  if (!a || !b || a.kind !== b.kind || depth > 4) return false;
  if (a.kind === 'variable' || a.kind === 'identifier') return a.name === b.name && typeof a.name === 'string';
  if (a.kind === 'string' || a.kind === 'number') return a.value === b.value;
  if (a.kind === 'selfreference' || a.kind === 'staticreference') return true;
  if (!['propertylookup', 'staticlookup', 'offsetlookup'].includes(a.kind)) return false;
  return sameTarget(a.what as PhpNode, b.what as PhpNode, depth + 1) && sameTarget(a.offset as PhpNode, b.offset as PhpNode, depth + 1);
}

const isFalse = (n: PhpNode | undefined): boolean => n?.kind === 'boolean' && n.value === false;

/** A test that holds when the socket is false: `!$fp`, `$fp === false`, `!is_resource($fp)`, or one of them `||` more. */
function testsFailure(test: PhpNode, handle: PhpNode, depth = 0): boolean {
  if (depth > 8) return false;
  if (test.kind === 'unary' && test.type === '!') {
    const what = test.what as PhpNode;
    if (sameTarget(what, handle)) return true;
    return calledFunctionName(what) === 'is_resource' && sameTarget(((what.arguments as PhpNode[]) ?? [])[0], handle);
  }
  if (test.kind !== 'bin') return false;
  const [left, right] = [test.left as PhpNode, test.right as PhpNode];
  if (test.type === '||' || test.type === 'or') return testsFailure(left, handle, depth + 1) || testsFailure(right, handle, depth + 1);
  if (test.type !== '===' && test.type !== '==') return false;
  return (sameTarget(left, handle) && isFalse(right)) || (isFalse(left) && sameTarget(right, handle));
}

const EXITS = new Set(['throw', 'return', 'break', 'continue']);

/** `if (<socket failed>) { …; throw/return/exit; }` with no else: code after it runs on a socket only. */
function isFailureGuard(stmt: PhpNode, handle: PhpNode): boolean {
  return stmt.kind === 'if' && !stmt.alternate && testsFailure(stmt.test as PhpNode, handle) && bodyExits(stmt);
}

/**
 * `if (!$fp = fsockopen(…)) { …; exit; }`, in a statement list: the socket is made and checked in the test, so
 * code after the `if` runs on a socket only (the anchor's statement is the `if`, which is also the guard).
 */
function checkedInCondition(interp: Interpreter, call: PhpNode): Anchor | null {
  const stmt = interp.ifTest;
  if (!stmt || stmt.alternate || !interp.inList.has(stmt)) return null;
  const test = stmt.test as PhpNode;
  const handle = test.kind === 'unary' && test.type === '!' ? assignedTarget(test.what as PhpNode, call) : null;
  return handle && bodyExits(stmt) ? { statement: stmt, handle } : null;
}

/** `$fp = fsockopen(…)` compared so that the test holds on a socket (`!== false`, `!= false`), or on false (`===`, `==`). */
function comparedAssignment(test: PhpNode, call: PhpNode): { handle: PhpNode; success: boolean } | null {
  if (test.kind !== 'bin' || !['!==', '!=', '===', '=='].includes(String(test.type))) return null;
  const [left, right] = [test.left as PhpNode, test.right as PhpNode];
  const assign = isFalse(right) ? left : isFalse(left) ? right : null;
  const handle = assign ? assignedTarget(assign, call) : null;
  return handle ? { handle, success: test.type === '!==' || test.type === '!=' } : null;
}

/**
 * `if ($fp = fsockopen(…)) { … }` or `if (($fp = fsockopen(…)) !== false) { … }`: the body runs on a socket only;
 * `if (!$fp = fsockopen(…)) { … } else { … }`: the else block does. A fix can open that block.
 */
function openedInCondition(interp: Interpreter, call: PhpNode): { anchor: Anchor; block: PhpNode } | null {
  const stmt = interp.ifTest;
  if (!stmt) return null;
  const test = stmt.test as PhpNode;
  let found: { handle: PhpNode; success: boolean } | null = null;
  const direct = assignedTarget(test, call);
  if (direct) found = { handle: direct, success: true };
  else if (test.kind === 'unary' && test.type === '!') {
    const negated = assignedTarget(test.what as PhpNode, call);
    if (negated) found = { handle: negated, success: false };
  } else found = comparedAssignment(test, call);
  if (!found) return null;
  const block = (found.success ? stmt.body : stmt.alternate) as PhpNode | null;
  if (block?.kind !== 'block' || !((block.children as PhpNode[]) ?? []).length) return null;
  return { anchor: { statement: stmt, handle: found.handle }, block };
}

/** The `if`'s body ends in throw, return, break, continue or exit. */
function bodyExits(stmt: PhpNode): boolean {
  const body = stmt.body as PhpNode | null;
  const last = body?.kind === 'block' ? ((body.children as PhpNode[]) ?? []).at(-1) : body;
  if (!last) return false;
  return EXITS.has(last.kind) || (last.kind === 'expressionstatement' && (last.expression as PhpNode)?.kind === 'exit');
}

export interface SocketJudgeContext {
  text: string;
  settings: EngineSettings;
  ini: IniTracker;
}

/**
 * The timeout argument, with what the missing ones before it are filled with; a `null` written there is
 * replaced, by position or by name (`timeout: null`). A variable that holds null may hold a caller's timeout on
 * other paths (a parameter's default), so it has no fix.
 */
function timeoutArgumentFix(s: Socket, ctx: SocketJudgeContext): Fix | undefined {
  // Named arguments leave holes in `args`.
  if (s.args.some((a) => a?.kind === 'variadic')) return undefined;
  const given = s.args[s.call.timeoutArg];
  if (given) return given.kind === 'nullkeyword' ? { range: rangeOf(given), text: String(ctx.settings.connectTimeout) } : undefined;
  if (usesNamedArguments(s.node)) {
    // A positional argument after a named one is a fatal error: name it too.
    const name = builtinParams(s.call.fn)?.[s.call.timeoutArg];
    return name ? appendArguments(ctx.text, startOf(s.node), endOf(s.node), argumentRanges(s.node), [`${name}: ${ctx.settings.connectTimeout}`]) : undefined;
  }
  const parts: string[] = [];
  for (let i = s.args.length; i < s.call.timeoutArg; i++) {
    const fill = s.call.fill[i - 1];
    // A by-reference variable we add must not clobber one the code already uses: in the function the call is
    // written in (its variables are its own; `global`, `use` and `static` name them there), else in the file.
    const scope = s.within ? ctx.text.slice(startOf(s.within), endOf(s.within)) : ctx.text;
    if (!fill || (fill.startsWith('$') && new RegExp(`\\${fill}\\b`).test(scope))) return undefined;
    parts.push(fill);
  }
  parts.push(String(ctx.settings.connectTimeout));
  return appendArguments(ctx.text, startOf(s.node), endOf(s.node), argumentRanges(s.node), parts);
}

/**
 * stream_set_timeout() on the socket, where it cannot meet the `false` of a failed connect (a TypeError on
 * PHP 8): after the code's own failure check when one follows the connect, else behind a check of its own.
 */
function readTimeoutFix(s: Socket, spec: SocketSpec, ctx: SocketJudgeContext): Fix | undefined {
  if (!s.anchor) return undefined;
  const handle = ctx.text.slice(startOf(s.anchor.handle), endOf(s.anchor.handle));
  const statement = spec.fix.readTimeout.replace(/\{\{handle\}\}/g, handle).replace('{{value}}', String(ctx.settings.totalTimeout));
  if (s.block) return insertStatementsFirst(ctx.text, startOf(s.block), startOf(((s.block.children as PhpNode[]) ?? [])[0]!), [statement]);
  if (s.guard) return insertStatementsAfter(ctx.text, startOf(s.guard), endOf(s.guard), [statement]);
  const guarded = `if (${handle} !== false) { ${statement} }`;
  return insertStatementsAfter(ctx.text, startOf(s.anchor.statement), endOf(s.anchor.statement), [guarded]);
}

const LOCAL_TRANSPORTS = ['unix://', 'udg://'];
const LOOP_OPTION = `the loop to stop on stream_get_meta_data()['timed_out']`;

export function judgeSockets(tracker: SocketTracker, ctx: SocketJudgeContext): Finding[] {
  const { spec } = tracker;
  const out: Finding[] = [];
  const told = new Set<FeofLoop>();
  for (const s of tracker.sockets.values()) {
    // A socket of this machine (unix://, udg://) is no network request.
    if (LOCAL_TRANSPORTS.includes(s.transport)) continue;
    // php-src xp_socket.c: a socket takes default_socket_timeout when it is made; an ini_set() after that is too late.
    const iniSet = ctx.ini.isSet(s.met);
    // A udp:// socket connects without a handshake: nothing waits on the connect.
    // A timeout of `(int) ini_get('default_socket_timeout')` is the one fsockopen() takes when none is given.
    const given = ctx.ini.isIniValue(s.timeout) ? null : s.timeout;
    const connect = s.transport === 'udp://' ? 'set' : given ? readBound(given, spec.connect!) : iniSet ? 'set' : 'unset';
    // A socket nothing reads from (a port probe) only waits on its connect.
    const reads = (s.readBound && !s.readUnbounded) || iniSet || !s.read;
    const data = { client: s.call.fn, where: '', note: '', value: '', option: '' };
    const related: Related[] = [];
    const finding = (messageId: Finding['messageId'], fix: Fix | undefined) => {
      const f: Finding = { ruleId: spec.id, messageId, range: rangeOf(s.node), data: { ...data } };
      if (related.length) f.related = related;
      if (fix) f.fix = fix;
      out.push(f);
    };
    if (connect === 'never') {
      const node = s.args[s.call.timeoutArg]!;
      data.value = ctx.text.slice(startOf(node), endOf(node));
      data.option = 'the timeout argument';
      data.note = ' A negative timeout means no connect timeout.';
      finding('disabledTimeout', /^-[\d.]+$/.test(data.value.trim()) ? { range: rangeOf(node), text: String(ctx.settings.connectTimeout) } : undefined);
    }
    const argFix = connect === 'unset' ? timeoutArgumentFix(s, ctx) : undefined;
    // A non-blocking read returns at once, whatever stream_set_timeout() says: what waits is a select or a loop.
    // A socket read while it still blocks, before stream_set_blocking(false), waits as any blocking one does.
    const selectOwed = s.nonBlocking && !s.readUnbounded;
    const readFix = reads || selectOwed ? undefined : readTimeoutFix(s, spec, ctx);
    // A read loop that ends on feof() only runs on after a read times out: bounded reads do not end it.
    // Sockets made on different paths (`if … $fp = fsockopen(…) else $fp = stream_socket_client(…)`) may share a
    // loop: it is told, and fixed, with the first.
    const loops = s.nonBlocking ? [] : (s.feofLoops ?? []).filter((l) => !told.has(l));
    for (const l of loops) told.add(l);
    const loop = loops[0];
    const loopFix = loop ? mergeFixes(ctx.text, loops.map((l) => feofLoopFix(ctx.text, l))) : undefined;
    if (loop) data.note = feofLoopNote(ctx.text, loops);
    for (const l of loops) related.push({ range: rangeOf(l.loop), note: 'this loop does not stop when a read times out' });
    const readOption = selectOwed
      ? 'a finite stream_select() timeout on the non-blocking socket, or a deadline in the loop that reads it'
      : `stream_set_timeout() on the socket${s.nonBlocking ? ', which is read while it still blocks (before stream_set_blocking())' : ''}`;
    const totalOption = [reads ? '' : readOption, loop ? LOOP_OPTION : ''].filter(Boolean).join(' and ');
    const fixOf = (parts: (Fix | undefined)[]): Fix | undefined => {
      const given = parts.filter((f): f is Fix => !!f);
      // Each part is needed: a finding fixed in part would be fixed again.
      return given.length && given.length === parts.length ? mergeFixes(ctx.text, given) : undefined;
    };
    // stream_set_timeout($fp, -1) and no bound after it: reads wait forever, whatever the ini value says.
    const disabled = s.readDisabled && !s.timeoutSet && s.read && !s.nonBlocking ? s.readDisabled : null;
    if (disabled) {
      const seconds = ctx.text.slice(startOf(disabled.seconds), endOf(disabled.seconds));
      data.value = ctx.text.slice(startOf(disabled.call), endOf(disabled.call)).replace(/\s*;$/, '');
      // As for a disabled stream timeout: the note tells of the loop, and the fix mends both.
      data.option = 'stream_set_timeout()';
      data.note = ` A negative stream_set_timeout() means reads never time out.${data.note}`;
      related.unshift({ range: rangeOf(disabled.call), note: 'read timeout disabled here' });
      // The seconds written as a number (`-1`, or the `0` beside negative microseconds) take the bound.
      const valueFix = /^-?[\d.]+$/.test(seconds.trim()) ? { range: rangeOf(disabled.seconds), text: String(ctx.settings.totalTimeout) } : undefined;
      finding('disabledTimeout', fixOf(loop ? [valueFix, loopFix] : [valueFix]));
      if (connect === 'unset') {
        Object.assign(data, { value: '', note: '', option: 'the timeout argument' });
        related.length = 0;
        finding('missingConnectTimeout', argFix);
      }
      continue;
    }
    const total = reads && !loop;
    if (connect === 'unset' && !total) {
      const read = reads ? '' : selectOwed ? 'a finite stream_select() timeout' : 'stream_set_timeout()';
      data.option = ['the timeout argument', read, loop ? LOOP_OPTION : ''].filter(Boolean).join(' and ');
      const parts = [argFix, readFix, loopFix].filter((f): f is Fix => !!f);
      finding('missingTimeout', parts.length ? mergeFixes(ctx.text, parts) : undefined);
    } else if (!total) {
      data.option = totalOption;
      finding('missingTotalTimeout', fixOf(reads ? [loopFix] : [readFix, ...(loop ? [loopFix] : [])]));
    } else if (connect === 'unset') {
      data.option = 'the timeout argument';
      finding('missingConnectTimeout', argFix);
    }
  }
  return out;
}
