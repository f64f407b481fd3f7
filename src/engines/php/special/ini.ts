import type { Interpreter } from '../interpreter';
import type { PhpNode } from '../parse';
import { refsOf, UNKNOWN, type Value } from '../values';
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
  /** Something reads from it (a port probe that only connects never waits on a read). */
  read: boolean;
}

const READS = new Set(['fread', 'fgets', 'fgetc', 'fscanf', 'fgetcsv', 'fpassthru', 'stream_get_contents', 'stream_get_line', 'stream_copy_to_stream', 'feof']);

// PHP's own stream functions: they use a stream or socket without changing how long its reads may wait.
const STREAM_IO = new Set([
  'fwrite', 'fputs', 'fgets', 'fgetc', 'fread', 'feof', 'fclose', 'fflush', 'fpassthru', 'ftell', 'fseek', 'rewind',
  'fstat', 'flock', 'ftruncate', 'fscanf', 'fgetcsv', 'fputcsv', 'stream_get_contents', 'stream_get_line',
  'stream_get_meta_data', 'stream_set_blocking', 'socket_set_blocking', 'stream_socket_enable_crypto',
  'stream_copy_to_stream', 'stream_select', 'stream_set_write_buffer', 'stream_set_read_buffer',
  'stream_socket_get_name', 'stream_socket_shutdown', 'stream_context_get_options', 'socket_get_status',
  'is_resource', 'get_resource_type', 'is_object', 'gettype',
]);

/** `stream_set_timeout($fp, N)` (alias socket_set_timeout): the reads of that stream are bounded. */
export class ReadTimeoutTracker implements Special {
  constructor(private readonly names: readonly string[]) {}

  inert(name: string): boolean {
    return STREAM_IO.has(name);
  }

  call(site: CallSite): Value | undefined {
    if (READS.has(site.name)) {
      for (const ref of refsOf(site.values[0])) if ('read' in ref) (ref as unknown as ReadBoundable).read = true;
      return UNKNOWN;
    }
    if (!this.names.includes(site.name)) return undefined;
    for (const ref of refsOf(site.values[0])) if ('readBound' in ref) (ref as unknown as ReadBoundable).readBound = true;
    return UNKNOWN;
  }
}
