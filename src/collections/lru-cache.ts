/**
 * `LRUCache<K, V>`: a least-recently-used cache on parallel arrays (keys,
 * values, prev/next pointers in typed arrays) and one `Map` from key to slot,
 * so `get`/`set`/`delete` are O(1) with no allocation per operation.
 *
 * @module
 */
import { checkFunction, fail } from "./compare.js";

/** Why an entry left the cache: capacity eviction, `delete`/`clear`, or overwritten by `set`. */
export type EvictReason = "evict" | "delete" | "set";

/** Options of {@link LRUCache}. */
export interface LRUCacheOptions<K, V> {
  /** Maximum number of entries (default 128; 0 caches nothing; `Infinity` is unbounded). */
  maxSize?: number;
  /** Called with the old entry when it is evicted, deleted or overwritten. */
  onEvict?: (key: K, value: V, reason: EvictReason) => void;
}

/**
 * A cache holding at most `maxSize` entries; `set` past capacity evicts the
 * least recently used one. `get` marks an entry recent and counts a hit or a
 * miss; `peek` and `has` do neither. Iteration goes from least to most
 * recent. Keys compare like `Map` keys (`1` and `"1"` differ; `"__proto__"`
 * is an ordinary key); `undefined` values are storable (use `has`).
 *
 * @example
 * ```ts
 * const c = new LRUCache<string, number>({ maxSize: 2 });
 * c.set("a", 1); c.set("b", 2); c.get("a"); c.set("c", 3); // evicts "b"
 * [...c.keys()]; // ["a", "c"]
 * ```
 * @throws {ValidationError} a negative or non-integer `maxSize`, or an `onEvict` that is not a function.
 */
export class LRUCache<K, V> implements Iterable<[K, V]> {
  /** Maximum number of entries. */
  readonly maxSize: number;
  /** Number of `get` calls that found their key. */
  hits: number;
  /** Number of `get` calls that did not. */
  misses: number;
  /** The eviction hook given at construction. */
  readonly onEvict: ((key: K, value: V, reason: EvictReason) => void) | undefined;
  private readonly _onEvict: ((key: K, value: V, reason: EvictReason) => void) | undefined;
  private _index: Map<K, number>;
  private _keys: K[];
  private _values: V[];
  private _next: Uint32Array;
  private _prev: Uint32Array;
  private _free: number[];
  private _head: number; // most recent
  private _tail: number; // least recent
  private _size: number;

  constructor(options?: LRUCacheOptions<K, V>) {
    const maxSize = options?.maxSize ?? 128;
    if (maxSize !== Infinity && !(Number.isInteger(maxSize) && maxSize >= 0)) {
      fail("LRUCache", "maxSize", "maxSize", "must be a non-negative integer or Infinity", maxSize, "integer >= 0");
    }
    checkFunction(options?.onEvict, "LRUCache", "onEvict");
    this.maxSize = maxSize;
    this._onEvict = options?.onEvict;
    this.onEvict = options?.onEvict;
    this.hits = 0;
    this.misses = 0;
    const cap = Math.min(maxSize, 16);
    this._index = new Map();
    this._keys = [];
    this._values = [];
    this._next = new Uint32Array(cap);
    this._prev = new Uint32Array(cap);
    this._free = [];
    this._head = 0;
    this._tail = 0;
    this._size = 0;
  }

  /** Number of entries. */
  get size(): number {
    return this._size;
  }

  /**
   * The value for `key`, marking it most recent and counting a hit; `undefined` (and a miss) when absent.
   *
   * @example
   * ```ts
   * cache.get("a");
   * ```
   */
  get(key: K): V | undefined {
    const p = this._index.get(key);
    if (p === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    if (p !== this._head) this._toHead(p);
    return this._values[p];
  }

  /** The value for `key` without marking it recent or counting. */
  peek(key: K): V | undefined {
    const p = this._index.get(key);
    return p === undefined ? undefined : this._values[p];
  }

  /** Whether `key` is cached (does not mark it recent). */
  has(key: K): boolean {
    return this._index.has(key);
  }

  /**
   * Stores `value` under `key` as the most recent entry, evicting the least recent one when full.
   *
   * @example
   * ```ts
   * cache.set("a", 1);
   * ```
   */
  set(key: K, value: V): this {
    const index = this._index;
    let p = index.get(key);
    if (p !== undefined) {
      const old = this._values[p] as V;
      this._values[p] = value;
      if (p !== this._head) this._toHead(p);
      if (this._onEvict !== undefined) this._onEvict(key, old, "set");
      return this;
    }
    const size = this._size;
    if (size >= this.maxSize) {
      if (this.maxSize === 0) {
        if (this._onEvict !== undefined) this._onEvict(key, value, "evict");
        return this;
      }
      p = this._tail;
      const oldKey = this._keys[p] as K;
      const oldValue = this._values[p] as V;
      index.delete(oldKey);
      index.set(key, p);
      this._keys[p] = key;
      this._values[p] = value;
      if (size > 1) {
        // unlink the tail and make it the head
        this._tail = this._prev[p] as number;
        this._next[p] = this._head;
        this._prev[this._head] = p;
        this._head = p;
      }
      if (this._onEvict !== undefined) this._onEvict(oldKey, oldValue, "evict");
      return this;
    }
    if (this._free.length > 0) p = this._free.pop() as number;
    else {
      p = this._keys.length;
      if (p === this._next.length) this._growLinks();
      this._keys.push(key);
      this._values.push(value);
    }
    this._keys[p] = key;
    this._values[p] = value;
    index.set(key, p);
    if (size === 0) {
      this._head = p;
      this._tail = p;
    } else {
      this._prev[this._head] = p;
      this._next[p] = this._head;
      this._head = p;
    }
    this._size = size + 1;
    return this;
  }

  /**
   * Removes `key`; returns whether it was cached. Calls `onEvict(key, value, "delete")`.
   *
   * @example
   * ```ts
   * cache.delete("a");
   * ```
   */
  delete(key: K): boolean {
    const p = this._index.get(key);
    if (p === undefined) return false;
    const value = this._values[p] as V;
    this._unlink(p);
    this._index.delete(key);
    (this._keys as (K | undefined)[])[p] = undefined;
    (this._values as (V | undefined)[])[p] = undefined;
    this._free.push(p);
    this._size--;
    if (this._onEvict !== undefined) this._onEvict(key, value, "delete");
    return true;
  }

  /** Removes every entry (calling `onEvict(…, "delete")` for each, least recent first); counters are kept. */
  clear(): void {
    const entries = this._onEvict !== undefined ? [...this.entries()] : [];
    this._index = new Map();
    this._keys = [];
    this._values = [];
    this._free = [];
    this._size = 0;
    for (const [k, v] of entries) this._onEvict?.(k, v, "delete");
  }

  /** Resets `hits` and `misses` to 0. */
  resetStats(): void {
    this.hits = 0;
    this.misses = 0;
  }

  /** Keys from least to most recent. */
  *keys(): IterableIterator<K> {
    for (const p of this._order()) yield this._keys[p] as K;
  }

  /** Values from least to most recent. */
  *values(): IterableIterator<V> {
    for (const p of this._order()) yield this._values[p] as V;
  }

  /** `[key, value]` pairs from least to most recent. */
  *entries(): IterableIterator<[K, V]> {
    for (const p of this._order()) yield [this._keys[p] as K, this._values[p] as V];
  }

  /** Same as {@link LRUCache.entries}. */
  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  private _order(): number[] {
    const out = new Array<number>(this._size);
    let p = this._tail;
    for (let i = 0; i < this._size; i++) {
      out[i] = p;
      p = this._prev[p] as number;
    }
    return out;
  }

  private _unlink(p: number): void {
    if (this._size === 1) return;
    if (p === this._head) {
      this._head = this._next[p] as number;
    } else if (p === this._tail) {
      this._tail = this._prev[p] as number;
    } else {
      const prev = this._prev[p] as number;
      const next = this._next[p] as number;
      this._next[prev] = next;
      this._prev[next] = prev;
    }
  }

  private _toHead(p: number): void {
    const prev = this._prev[p] as number;
    if (p === this._tail) this._tail = prev;
    else {
      const next = this._next[p] as number;
      this._prev[next] = prev;
    }
    this._next[prev] = this._next[p] as number;
    this._prev[this._head] = p;
    this._next[p] = this._head;
    this._head = p;
  }

  private _growLinks(): void {
    const n = Math.min(Math.max(16, this._next.length * 2), this.maxSize);
    const next = new Uint32Array(n);
    next.set(this._next);
    this._next = next;
    const prev = new Uint32Array(n);
    prev.set(this._prev);
    this._prev = prev;
  }
}
