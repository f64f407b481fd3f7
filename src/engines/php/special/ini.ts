import type { Interpreter } from '../interpreter';
import type { PhpNode } from '../parse';
import { UNKNOWN, type Value } from '../values';
import type { CallSite, Special } from './special';

/** `ini_set('default_socket_timeout', N)` in code: a bound for streams, sockets and SOAP reads. */
export class IniTracker implements Special {
  readonly writes: { value: Value; node: PhpNode }[] = [];
  private readonly seen = new Set<number>();

  constructor(private readonly setting: string) {}

  call(site: CallSite, _interp: Interpreter): Value | undefined {
    if (site.name !== 'ini_set') return undefined;
    const key = site.values[0];
    if (key?.kind === 'lit' && key.value === this.setting && site.args[1] && !this.seen.has(site.node.loc!.start.offset)) {
      this.seen.add(site.node.loc!.start.offset);
      this.writes.push({ value: site.values[1] ?? UNKNOWN, node: site.args[1] });
    }
    return UNKNOWN;
  }

  /** Set in code to anything but a visibly non-positive value. */
  isSet(): boolean {
    return this.writes.some((w) => w.value.kind !== 'lit' || (typeof w.value.value === 'number' ? w.value.value > 0 : Number(w.value.value) > 0));
  }
}

/** An opened stream or socket whose reads can be bounded by stream_set_timeout(). */
export interface ReadBoundable {
  readBound: boolean;
}

/** `stream_set_timeout($fp, N)`: the reads of that stream are bounded. */
export class ReadTimeoutTracker implements Special {
  constructor(private readonly names: readonly string[]) {}

  call(site: CallSite): Value | undefined {
    if (!this.names.includes(site.name)) return undefined;
    const target = site.values[0];
    if (target?.kind === 'obj' && 'readBound' in target.ref) (target.ref as unknown as ReadBoundable).readBound = true;
    return UNKNOWN;
  }
}
