/**
 * `LRUCache<K, V>`: a least-recently-used cache on parallel arrays (keys,
 * values, prev/next pointers in typed arrays) and an index from key to slot,
 * so `get`/`set`/`delete` are O(1) with no allocation per operation. The
 * index is a `Map`, except for keys that are 32-bit integers (the usual ids)
 * or strings of at most 32 code units, which live in an open-addressing table
 * (`Int32Array`, linear probing, backward-shift deletion) probed inline:
 * cheaper than `Map` calls.
 *
 * @module
 */

import type { Codec } from "../registry/codec.js";
import { declareCodec } from "../registry/declared.js";
import { capacityOption, checkFunction, checkOptions, mutated } from "./arguments.js";
import { makeLruCodec } from "./codecs.js";

/** A value no caller can pass as a key. */
const NO_KEY: unique symbol = Symbol("no key");

/** Fibonacci hashing multiplier (2^32 / golden ratio). */
const HASH = 0x9e3779b1 | 0;

/** Strings up to this length go to the table (hashing a longer one in JavaScript would cost more than a `Map` call). */
const INLINE_STRING = 32;

/**
 * Whether `key` goes to the table instead of the `Map`: a number that is a 32-bit integer (`-0` too, like
 * `0`) or a string of at most {@link INLINE_STRING} code units.
 */
function isInlineKey(key: unknown): boolean {
  return typeof key === "number" ? (key | 0) === key : typeof key === "string" && key.length <= INLINE_STRING;
}

/** Why an entry left the cache: capacity eviction, `delete`/`clear`, or overwritten by `set`. */
export type EvictReason = "evict" | "delete" | "set";

/** The counters of an {@link LRUCache} at one moment (`cache.stats()`). */
export interface LRUCacheStats {
  /** `get` calls that found their key. */
  readonly hits: number;
  /** `get` calls that did not. */
  readonly misses: number;
  /** Entries evicted to make room. */
  readonly evictions: number;
  /** Entries now cached. */
  readonly size: number;
  /** The capacity: the most entries the cache holds. */
  readonly max: number;
  /**
   * The capacity, under its old name.
   *
   * @deprecated Read `max`; `maxSize` will be removed from the stats in the next minor version.
   */
  readonly maxSize: number;
}

/** Options of {@link LRUCache}. */
export interface LRUCacheOptions<K, V> {
  /**
   * Maximum number of entries (default 128; 0 caches nothing; `Infinity` is
   * unbounded), as node-lru-cache's `max`.
   */
  max?: number;
  /**
   * Maximum number of entries: the old name of `max`, with the same meaning
   * (a count, not node-lru-cache's total weight).
   *
   * @deprecated Use `max`; `maxSize` will be removed in the next minor version.
   */
  maxSize?: number;
  /** Called with the old entry when it is evicted, deleted or overwritten. */
  onEvict?: (key: K, value: V, reason: EvictReason) => void;
}

/**
 * A cache holding at most `max` entries; `set` past capacity evicts the
 * least recently used one. `get` marks an entry recent and counts a hit or a
 * miss; `peek` and `has` do neither. Iteration goes from least to most
 * recent. Keys compare like `Map` keys (`1` and `"1"` differ; `"__proto__"`
 * is an ordinary key); `undefined` values are storable (use `has`).
 *
 * @example
 * ```ts
 * const c = new LRUCache<string, number>({ max: 2 });
 * c.set("a", 1); c.set("b", 2); c.get("a"); c.set("c", 3); // evicts "b"
 * [...c.keys()]; // ["a", "c"]
 * ```
 * @throws {RangeError} a negative or non-integer `max`.
 * @throws {TypeError} an `onEvict` that is not a function.
 * @throws {TypeError} options that are not an object (`new LRUCache({ max: 5 })`, not `new LRUCache(5)`), or both `max` and `maxSize`.
 */
export class LRUCache<K, V> implements Iterable<[K, V]> {
  /** Maximum number of entries (the `max` option). */
  declare readonly max: number;
  /**
   * Maximum number of entries, under its old name (equal to `max`).
   *
   * @deprecated Read `max`; `maxSize` will be removed in the next minor version.
   */
  declare readonly maxSize: number;
  declare private _hits: number;
  declare private _misses: number;
  declare private _evictions: number;
  /** The eviction hook given at construction. */
  declare readonly onEvict: ((key: K, value: V, reason: EvictReason) => void) | undefined;
  declare private readonly _onEvict: ((key: K, value: V, reason: EvictReason) => void) | undefined;
  /** Slots of the keys that are not inline (see `isInlineKey`). */
  declare private _index: Map<K, number>;
  /** Open-addressing table of the inline keys: slot + 1, 0 when empty. */
  declare private _itab: Int32Array;
  /** The table hash of the inline key in each slot (so deletion and rehashing never hash a string again). */
  declare private _hash: Int32Array;
  /** The table hash of the key of the last `_find` of an inline key. */
  declare private _found: number;
  /** The table hash of `_missed`. */
  declare private _missedHash: number;
  /** 32 - log2(table size): the hash is the high bits of key × HASH. */
  declare private _ishift: number;
  declare private _icount: number;
  declare private _keys: K[];
  declare private _values: V[];
  declare private _next: Int32Array;
  declare private _prev: Int32Array;
  declare private _free: number[];
  /** Most recent slot. */
  declare private _head: number;
  /** Least recent slot. */
  declare private _tail: number;
  declare private _size: number;
  /** Bumped by every change of the entries or of their order, so an iterator can tell that the cache changed under it. */
  declare private _mod: number;
  /**
   * The key of the last `get` that missed, known to be absent until a `set`
   * inserts a key: the `set` that usually follows such a miss (cache-aside)
   * skips its own lookup. `NO_KEY` when there is none.
   */
  declare private _missed: unknown;

  constructor(options?: LRUCacheOptions<K, V>) {
    checkOptions(options, "LRUCache", ["max", "maxSize", "onEvict"], "options", "; for a bound use new LRUCache({ max })");
    const maxSize = capacityOption(options, "LRUCache");
    checkFunction(options?.onEvict, "LRUCache", "onEvict");
    this.max = maxSize;
    this.maxSize = maxSize;
    this._onEvict = options?.onEvict;
    this.onEvict = options?.onEvict;
    this._hits = 0;
    this._misses = 0;
    this._evictions = 0;
    const cap = Math.min(maxSize, 16);
    this._index = new Map();
    this._itab = new Int32Array(16);
    this._ishift = 28;
    this._icount = 0;
    this._keys = [];
    this._values = [];
    this._next = new Int32Array(cap);
    this._prev = new Int32Array(cap);
    this._hash = new Int32Array(cap);
    this._found = 0;
    this._missedHash = 0;
    this._free = [];
    this._head = 0;
    this._tail = 0;
    this._size = 0;
    this._mod = 0;
    this._missed = NO_KEY;
  }

  /** Number of entries. */
  get size(): number {
    return this._size;
  }

  /** Number of `get` calls that found their key (read-only; `resetStats()` zeroes it). */
  get hits(): number {
    return this._hits;
  }

  /** Number of `get` calls that did not find their key (read-only). */
  get misses(): number {
    return this._misses;
  }

  /** Number of entries evicted to make room (capacity evictions, not `delete`/`clear`/overwrites; read-only). */
  get evictions(): number {
    return this._evictions;
  }

  /**
   * A snapshot of the counters, like `functools.lru_cache`'s `cache_info()`.
   *
   * @example
   * ```ts
   * cache.stats(); // { hits: 3, misses: 2, evictions: 0, size: 2, max: 128, maxSize: 128 }
   * ```
   */
  stats(): LRUCacheStats {
    return { hits: this._hits, misses: this._misses, evictions: this._evictions, size: this._size, max: this.max, maxSize: this.max };
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
    const p = this._find(key);
    if (p < 0) {
      this._misses++;
      this._missed = key;
      this._missedHash = this._found;
      return undefined;
    }
    this._hits++;
    if (p !== this._head) this._toHead(p);
    return this._values[p];
  }

  /** The value for `key` without marking it recent or counting. */
  peek(key: K): V | undefined {
    const p = this._find(key);
    return p < 0 ? undefined : this._values[p];
  }

  /** Whether `key` is cached (does not mark it recent). */
  has(key: K): boolean {
    return this._find(key) >= 0;
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
    let p = -1;
    if (key === this._missed) this._found = this._missedHash;
    else p = this._find(key);
    this._mod++;
    if (p < 0) {
      const size = this._size;
      if (size >= this.maxSize && size > 1) {
        // full (the common case of a warm cache): the least recent entry's slot becomes the most recent
        const t = this._tail;
        const keys = this._keys;
        const values = this._values;
        const oldKey = keys[t] as K;
        const oldValue = values[t] as V;
        this._unindex(oldKey, t);
        this._link(key, t);
        this._missed = NO_KEY;
        keys[t] = key;
        values[t] = value;
        this._tail = this._prev[t] as number;
        const head = this._head;
        this._next[t] = head;
        this._prev[head] = t;
        this._head = t;
        this._evictions++;
        if (this._onEvict !== undefined) this._onEvict(oldKey, oldValue, "evict");
      } else this._insert(key, value, size);
      return this;
    }
    const old = this._values[p] as V;
    this._values[p] = value;
    if (p !== this._head) this._toHead(p);
    if (this._onEvict !== undefined) this._onEvict(key, old, "set");
    return this;
  }

  /** `set` of a new key into a cache that is not full, or whose `maxSize` is 0 or 1. */
  private _insert(key: K, value: V, size: number): void {
    if (size >= this.maxSize) {
      if (this.maxSize === 0) {
        this._evictions++;
        if (this._onEvict !== undefined) this._onEvict(key, value, "evict");
        return;
      }
      // maxSize 1: the only entry is replaced
      const t = this._tail;
      const oldKey = this._keys[t] as K;
      const oldValue = this._values[t] as V;
      this._unindex(oldKey, t);
      this._link(key, t);
      this._missed = NO_KEY;
      this._keys[t] = key;
      this._values[t] = value;
      this._evictions++;
      if (this._onEvict !== undefined) this._onEvict(oldKey, oldValue, "evict");
      return;
    }
    let p: number;
    if (this._free.length > 0) p = this._free.pop() as number;
    else {
      p = this._keys.length;
      if (p === this._next.length) this._growLinks();
      this._keys.push(key);
      this._values.push(value);
    }
    this._keys[p] = key;
    this._values[p] = value;
    this._link(key, p);
    this._missed = NO_KEY;
    if (size === 0) {
      this._head = p;
      this._tail = p;
    } else {
      this._prev[this._head] = p;
      this._next[p] = this._head;
      this._head = p;
    }
    this._size = size + 1;
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
    const p = this._find(key);
    if (p < 0) return false;
    this._mod++;
    const value = this._values[p] as V;
    this._unlink(p);
    this._unindex(key, p);
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
    this._mod++;
    this._index = new Map();
    this._itab = new Int32Array(16);
    this._ishift = 28;
    this._icount = 0;
    this._keys = [];
    this._values = [];
    this._free = [];
    this._size = 0;
    for (const [k, v] of entries) this._onEvict?.(k, v, "delete");
  }

  /** Resets `hits`, `misses` and `evictions` to 0. */
  resetStats(): void {
    this._hits = 0;
    this._misses = 0;
    this._evictions = 0;
  }

  /**
   * Keys from least to most recent.
   *
   * @throws {ConcurrentModificationError} as {@link LRUCache.entries}.
   */
  *keys(): IterableIterator<K> {
    const mod = this._mod;
    let p = this._tail;
    for (let i = this._size; i > 0; i--) {
      yield this._keys[p] as K;
      if (this._mod !== mod) this._mutated("keys()");
      p = this._prev[p] as number;
    }
  }

  /**
   * Values from least to most recent.
   *
   * @throws {ConcurrentModificationError} as {@link LRUCache.entries}.
   */
  *values(): IterableIterator<V> {
    const mod = this._mod;
    let p = this._tail;
    for (let i = this._size; i > 0; i--) {
      yield this._values[p] as V;
      if (this._mod !== mod) this._mutated("values()");
      p = this._prev[p] as number;
    }
  }

  /**
   * `[key, value]` pairs from least to most recent.
   *
   * @throws {ConcurrentModificationError} on the step after the cache's
   *   entries or their order changed: `set`, `delete`, `clear`, or a `get`
   *   that moved an entry to most recent. `peek` and `has` change nothing and
   *   are safe in the loop; to change the cache, iterate a copy
   *   (`[...cache.entries()]`).
   */
  *entries(): IterableIterator<[K, V]> {
    const mod = this._mod;
    let p = this._tail;
    for (let i = this._size; i > 0; i--) {
      yield [this._keys[p] as K, this._values[p] as V];
      if (this._mod !== mod) this._mutated("entries()");
      p = this._prev[p] as number;
    }
  }

  /** Same as {@link LRUCache.entries}. */
  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  private _mutated(what: string): never {
    return mutated("LRUCache", "set, delete, clear, or a get that moved an entry", `[...cache.${what}]`);
  }

  /** The slot of `key`, or -1; for an inline key, leaves its table hash in `_found` (for the `_link` that may follow). */
  private _find(key: K): number {
    let h: number;
    if (typeof key === "number" && (key | 0) === key) h = key;
    else if (typeof key === "string" && key.length <= INLINE_STRING) {
      // FNV-1a over the code units (the Fibonacci multiply below spreads it); V8 caches a string's own hash,
      // but reaching it costs a Map call, and hashing a short key here is cheaper (bench: lru-strings)
      h = 0x811c9dc5 | 0;
      for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    } else {
      const p = this._index.get(key);
      return p === undefined ? -1 : p;
    }
    this._found = h;
    const tab = this._itab;
    const mask = tab.length - 1;
    const keys = this._keys;
    let i = Math.imul(h, HASH) >>> this._ishift;
    for (;;) {
      const e = tab[i] as number;
      if (e === 0) return -1;
      if (keys[e - 1] === key) return e - 1;
      i = (i + 1) & mask;
    }
  }

  /**
   * Indexes `key` (not indexed yet) at slot `p`; `_keys[p]` may still hold the key being replaced. For an
   * inline key, `_found` holds its table hash (set by the `_find` that missed it, or by `set`).
   */
  private _link(key: K, p: number): void {
    if (!isInlineKey(key)) {
      this._index.set(key, p);
      return;
    }
    const h = this._found;
    this._hash[p] = h;
    if ((this._icount + 1) * 2 > this._itab.length) this._rehash(this._itab.length * 2, p);
    this._icount++;
    const tab = this._itab;
    const mask = tab.length - 1;
    let i = Math.imul(h, HASH) >>> this._ishift;
    while (tab[i] !== 0) i = (i + 1) & mask;
    tab[i] = p + 1;
  }

  /** Removes indexed `key`, which sits in slot `p` (`_keys[p]` still holds it), from the index. */
  private _unindex(key: K, p: number): void {
    if (!isInlineKey(key)) {
      this._index.delete(key);
      return;
    }
    const tab = this._itab;
    const mask = tab.length - 1;
    const shift = this._ishift;
    const hashes = this._hash;
    let i = Math.imul(hashes[p] as number, HASH) >>> shift;
    while (tab[i] !== p + 1) i = (i + 1) & mask;
    // backward-shift deletion: pull later entries of the probe run into the hole when their home allows
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const e = tab[j] as number;
      if (e === 0) break;
      const home = Math.imul(hashes[e - 1] as number, HASH) >>> shift;
      if (i <= j ? i < home && home <= j : i < home || home <= j) continue;
      tab[i] = e;
      i = j;
    }
    tab[i] = 0;
    this._icount--;
  }

  /** Rebuilds the inline-key table with `n` entries from the slots holding inline keys, except slot `skip`. */
  private _rehash(n: number, skip: number): void {
    const tab = new Int32Array(n);
    const shift = 32 - Math.log2(n);
    const mask = n - 1;
    const keys = this._keys;
    const hashes = this._hash;
    for (let q = 0; q < keys.length; q++) {
      if (q === skip || !isInlineKey(keys[q])) continue;
      let h = Math.imul(hashes[q] as number, HASH) >>> shift;
      while (tab[h] !== 0) h = (h + 1) & mask;
      tab[h] = q + 1;
    }
    this._itab = tab;
    this._ishift = shift;
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
    this._mod++;
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
    const next = new Int32Array(n);
    next.set(this._next);
    this._next = next;
    const prev = new Int32Array(n);
    prev.set(this._prev);
    this._prev = prev;
    const hash = new Int32Array(n);
    hash.set(this._hash);
    this._hash = hash;
  }
}

/** @internal The codec restores the counters of a decoded cache. */
export function restoreStats(cache: LRUCache<unknown, unknown>, hits: number, misses: number, evictions: number): void {
  const c = cache as unknown as { _hits: number; _misses: number; _evictions: number };
  c._hits = hits;
  c._misses = misses;
  c._evictions = evictions;
}

/**
 * The `decorum.LRUCache` codec (payload in docs/collections.md), declared for the
 * default registry when this module is evaluated: a bundle that uses LRUCache
 * can read and write it, without bundling the registry unless it serializes.
 */
export const lruCodec: Codec<LRUCache<unknown, unknown>> = makeLruCodec(LRUCache, restoreStats);
declareCodec(lruCodec);
