import type { SocketSpec } from '../../../catalogue/php-specs';
import type { EngineSettings, Finding, Fix } from '../../../model/finding';
import { appendArguments, insertStatementsAfter, mergeFixes } from '../../../fix/helpers';
import { readBound } from '../evaluate';
import type { Interpreter } from '../interpreter';
import { endOf, rangeOf, startOf, type PhpNode } from '../parse';
import { UNKNOWN, type Tracked, type Value } from '../values';
import type { IniTracker, ReadBoundable } from './ini';
import { assignmentAnchor, type Anchor } from './anchor';
import type { CallSite, Special } from './special';

/** A socket from fsockopen() and friends: its connect timeout argument and whether its reads are bounded. */
export class Socket implements Tracked, ReadBoundable {
  readBound = false;
  read = false;

  constructor(
    readonly node: PhpNode,
    readonly call: SocketSpec['calls'][number],
    readonly args: PhpNode[],
    readonly timeout: Value | null,
    readonly anchor: Anchor | null,
  ) {}

  escape(): void {
    this.readBound = true; // code we cannot see may bound its reads
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
      const timeout = site.args[call.timeoutArg] ? (site.values[call.timeoutArg] ?? UNKNOWN) : null;
      socket = new Socket(site.node, call, site.args, timeout, assignmentAnchor(interp, site.node));
      this.sockets.set(key, socket);
    }
    return { kind: 'obj', ref: socket };
  }
}


export interface SocketJudgeContext {
  text: string;
  settings: EngineSettings;
  ini: IniTracker;
}

/** The timeout argument, with what the missing ones before it are filled with. */
function timeoutArgumentFix(s: Socket, ctx: SocketJudgeContext): Fix | undefined {
  if (s.args.some((a) => a.kind === 'variadic')) return undefined;
  const parts: string[] = [];
  for (let i = s.args.length; i < s.call.timeoutArg; i++) {
    const fill = s.call.fill[i - 1];
    // A by-reference variable we add must not clobber one the code already uses.
    if (!fill || (fill.startsWith('$') && new RegExp(`\\${fill}\\b`).test(ctx.text))) return undefined;
    parts.push(fill);
  }
  parts.push(String(ctx.settings.connectTimeout));
  return appendArguments(ctx.text, startOf(s.node), endOf(s.node), s.args.length, parts);
}

function readTimeoutFix(s: Socket, spec: SocketSpec, ctx: SocketJudgeContext): Fix | undefined {
  if (!s.anchor) return undefined;
  const handle = ctx.text.slice(startOf(s.anchor.handle), endOf(s.anchor.handle));
  const statement = spec.fix.readTimeout.replace('{{handle}}', handle).replace('{{value}}', String(ctx.settings.totalTimeout));
  return insertStatementsAfter(ctx.text, startOf(s.anchor.statement), endOf(s.anchor.statement), [statement]);
}

export function judgeSockets(tracker: SocketTracker, ctx: SocketJudgeContext): Finding[] {
  const { spec } = tracker;
  const out: Finding[] = [];
  const iniSet = ctx.ini.isSet();
  for (const s of tracker.sockets.values()) {
    const connect = s.timeout ? readBound(s.timeout, spec.connect!) : iniSet ? 'set' : 'unset';
    // A socket nothing reads from (a port probe) only waits on its connect.
    const reads = s.readBound || iniSet || !s.read;
    const data = { client: s.call.fn, where: '', note: '', value: '', option: '' };
    const finding = (messageId: Finding['messageId'], fix: Fix | undefined) => {
      const f: Finding = { ruleId: spec.id, messageId, range: rangeOf(s.node), data };
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
    const readFix = reads ? undefined : readTimeoutFix(s, spec, ctx);
    if (connect === 'unset' && !reads) {
      data.option = 'the timeout argument and stream_set_timeout()';
      const parts = [argFix, readFix].filter((f): f is Fix => !!f);
      finding('missingTimeout', parts.length ? mergeFixes(ctx.text, parts) : undefined);
    } else if (!reads) {
      data.option = 'stream_set_timeout() on the socket';
      finding('missingTotalTimeout', readFix);
    } else if (connect === 'unset') {
      data.option = 'the timeout argument';
      finding('missingConnectTimeout', argFix);
    }
  }
  return out;
}
