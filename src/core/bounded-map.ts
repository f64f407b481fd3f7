/**
 * A Map that forgets its oldest entries beyond `max`: a run-long memo (of a tree that does not change during
 * the run) whose memory stays the same however many files the run has. A forgotten answer is only found again.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.size >= this.max && !this.has(key)) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}
