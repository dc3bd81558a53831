// A bounded least-recently-used map: the Node process's caches (hosts, themes) must not grow with the number of
// tenants served (README "Benchmarks": memory after 10 000 tenants ≤ 1.5 × after 10). Bounded by entry count and, when a
// weigher is given, by total weight (e.g. bytes of cached bodies).
export interface LruOptions<V> {
  maxWeight?: number;
  weigh?: (value: V) => number;
}

export class Lru<K, V> {
  readonly #max: number;
  readonly #maxWeight: number;
  readonly #weigh: ((value: V) => number) | undefined;
  readonly #entries = new Map<K, V>();
  #weight = 0;

  constructor(max: number, options: LruOptions<V> = {}) {
    if (!Number.isInteger(max) || max < 1) throw new Error('Lru needs a positive integer capacity');
    this.#max = max;
    this.#maxWeight = options.maxWeight ?? Infinity;
    this.#weigh = options.weigh;
  }

  get size(): number {
    return this.#entries.size;
  }

  get weight(): number {
    return this.#weight;
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    // Re-insert so iteration order stays oldest-first.
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  /** The value without marking it used (for hot read paths: recency is refreshed by the slower paths). */
  peek(key: K): V | undefined {
    return this.#entries.get(key);
  }

  set(key: K, value: V): void {
    this.delete(key);
    this.#entries.set(key, value);
    this.#weight += this.#weigh?.(value) ?? 0;
    while (this.#entries.size > this.#max || (this.#weight > this.#maxWeight && this.#entries.size > 1)) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }

  delete(key: K): void {
    const value = this.#entries.get(key);
    if (value === undefined) return;
    this.#entries.delete(key);
    this.#weight -= this.#weigh?.(value) ?? 0;
  }

  clear(): void {
    this.#entries.clear();
    this.#weight = 0;
  }

  /** Drop every entry the predicate selects (used when a write changes what many entries depend on). */
  deleteWhere(predicate: (value: V, key: K) => boolean): void {
    for (const [key, value] of this.#entries) if (predicate(value, key)) this.delete(key);
  }
}
