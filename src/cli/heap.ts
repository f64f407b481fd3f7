import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/** A full garbage collection now (V8's `gc`, exposed on first use). */
export function collectGarbage(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}

/** The heap this thread uses, MB: what it keeps and the garbage not yet collected. */
export function heapUsedMb(): number {
  return getHeapStatistics().used_heap_size / 2 ** 20;
}

/**
 * Keeps the heap of the pool's main thread near what it keeps. The main thread mostly waits for workers and
 * keeps little (the results to report), but V8 lets its garbage (each batch's outcomes as they arrive) grow the
 * heap by 50-100 MB on a large tree before collecting, on top of the workers' capped heaps. `check` collects
 * once the heap is twice what the last collection kept (and over `floorMb`): a few collections of a small heap.
 */
export class HeapBound {
  private limitMb: number;

  constructor(private readonly floorMb = 48) {
    this.limitMb = floorMb;
  }

  check(): void {
    if (heapUsedMb() < this.limitMb) return;
    collectGarbage();
    this.limitMb = Math.max(this.floorMb, 2 * heapUsedMb());
  }
}
