/**
 * `Counter<K>`: a multiset of counts with Python's `collections.Counter`
 * semantics (insertion order, first-seen tie order in `mostCommon`).
 *
 * @module
 */
import { argumentError, formatValue } from "../errors.js";
import type { Codec } from "../registry/codec.js";
import { declareCodec } from "../registry/declared.js";
import { fail, mutated } from "./arguments.js";
import { makeCounterCodec } from "./codecs.js";

const HOLE: unique symbol = Symbol("decorum.Counter.hole");

/** What `update`/`subtract`/arithmetic accept: keys to count once each, or key → count pairs. */
export type CounterSource<K> = Iterable<K> | Counter<K> | ReadonlyMap<K, number>;

/**
 * Counts of keys. `get` of an absent key is 0; `subtract` keeps zero and
 * negative counts; `plus`/`minus`/`union`/`intersection` keep only positive
 * counts (as Python). Keys keep their first-insertion order, which is the
 * tie order of `mostCommon`.
 *
 * @example
 * ```ts
 * const c = new Counter("abracadabra");
 * c.get("a");          // 5
 * c.mostCommon(2);     // [["a", 5], ["b", 2]]
 * ```
 * @throws {ValidationError} a count that is NaN or not a number, or a sum of counts that would be NaN (`Infinity + -Infinity`); nothing is changed.
 */
export class Counter<K> implements Iterable<[K, number]> {
  declare private _index: Map<K, number>;
  declare private _keys: (K | typeof HOLE)[];
  declare private _counts: number[];
  /** Bumped when a key is added or removed, so an iterator can tell that the keys changed under it. */
  declare private _mod: number;

  constructor(source?: CounterSource<K>) {
    this._index = new Map();
    this._keys = [];
    this._counts = [];
    this._mod = 0;
    if (source !== undefined) this.update(source);
  }

  /** Number of distinct keys (including those with zero or negative counts). */
  get size(): number {
    return this._index.size;
  }

  /**
   * The count of `key`; 0 when absent.
   *
   * @example
   * ```ts
   * new Counter(["x"]).get("y"); // 0
   * ```
   */
  get(key: K): number {
    const s = this._index.get(key);
    return s === undefined ? 0 : (this._counts[s] as number);
  }

  /** Whether `key` has an entry (even with a count of 0). */
  has(key: K): boolean {
    return this._index.has(key);
  }

  /**
   * Adds `n` (default 1) to the count of `key`; returns the new count.
   *
   * @example
   * ```ts
   * counter.increment("a"); counter.increment("a", 5);
   * ```
   * @throws {ValidationError} `n` NaN or not a number, or a new count that would be NaN (`Infinity + -Infinity`); the count is unchanged.
   */
  increment(key: K, n = 1): number {
    if (typeof n !== "number" || Number.isNaN(n)) badCount("increment", n);
    const s = this._index.get(key);
    if (s !== undefined) {
      const v = (this._counts[s] as number) + n;
      if (Number.isNaN(v)) nanSum("increment", key, this._counts[s] as number, n);
      return (this._counts[s] = v);
    }
    this._mod++;
    this._index.set(key, this._keys.length);
    this._keys.push(key);
    this._counts.push(n + 0);
    return n;
  }

  /**
   * Sets the count of `key`.
   *
   * @throws {ValidationError} `count` NaN or not a number.
   */
  set(key: K, count: number): this {
    if (typeof count !== "number" || Number.isNaN(count)) badCount("set", count);
    const s = this._index.get(key);
    if (s !== undefined) this._counts[s] = count;
    else this.increment(key, count);
    return this;
  }

  /** Removes `key` entirely; returns whether it had an entry. */
  delete(key: K): boolean {
    const s = this._index.get(key);
    if (s === undefined) return false;
    this._mod++;
    this._index.delete(key);
    this._keys[s] = HOLE;
    this._counts[s] = 0;
    if (this._keys.length > 32 && this._index.size * 2 < this._keys.length) this._compact();
    return true;
  }

  /** Removes every key. */
  clear(): void {
    this._mod++;
    this._index = new Map();
    this._keys = [];
    this._counts = [];
  }

  /**
   * Adds counts: each key of an iterable counts once; a Map or Counter adds its counts.
   *
   * @example
   * ```ts
   * c.update(["a", "b"]); c.update(new Map([["a", 3]]));
   * ```
   * @throws {ValidationError} a count that is NaN or not a number, or a sum that would be NaN; with a Map or a Counter nothing is changed then.
   * @throws {TypeError} a source that is not an iterable, a Map or a Counter.
   */
  update(source: CounterSource<K>): this {
    if (source instanceof Counter || source instanceof Map) this._addCounts("update", source as Iterable<[K, unknown]>, 1);
    else if (source != null && typeof (source as Iterable<K>)[Symbol.iterator] === "function") {
      for (const k of source as Iterable<K>) this.increment(k, 1);
    } else throw argumentError(TypeError, "Counter.update", "the source", "an iterable, a Map or a Counter", source);
    return this;
  }

  /**
   * Subtracts counts (keeping zero and negative results).
   *
   * @example
   * ```ts
   * new Counter(["a"]).subtract(["a", "a"]).get("a"); // -1
   * ```
   * @throws {ValidationError} a count that is NaN or not a number, or a sum that would be NaN; with a Map or a Counter nothing is changed then.
   * @throws {TypeError} a source that is not an iterable, a Map or a Counter.
   */
  subtract(source: CounterSource<K>): this {
    if (source instanceof Counter || source instanceof Map) this._addCounts("subtract", source as Iterable<[K, unknown]>, -1);
    else if (source != null && typeof (source as Iterable<K>)[Symbol.iterator] === "function") {
      for (const k of source as Iterable<K>) this.increment(k, -1);
    } else throw argumentError(TypeError, "Counter.subtract", "the source", "an iterable, a Map or a Counter", source);
    return this;
  }

  /** Sum of all counts. */
  total(): number {
    let t = 0;
    for (let i = 0; i < this._keys.length; i++) if (this._keys[i] !== HOLE) t += this._counts[i] as number;
    return t;
  }

  /**
   * The `n` most common `[key, count]` pairs (all when `n` is omitted), most
   * common first; equal counts keep first-seen order. Uses a bounded
   * selection, O(size · log n), when `n` is given.
   *
   * @example
   * ```ts
   * new Counter("aabbbc").mostCommon(1); // [["b", 3]]
   * ```
   */
  mostCommon(n?: number): [K, number][] {
    const keys = this._keys;
    const counts = this._counts;
    const len = keys.length;
    let slots: number[];
    if (n === undefined || n >= this._index.size) {
      slots = [];
      for (let i = 0; i < len; i++) if (keys[i] !== HOLE) slots.push(i);
    } else {
      if (!(n > 0)) return [];
      const k = Math.floor(n);
      // min-heap of the best k so far; top = worst: lower count, or same count and later slot
      const heap = new Int32Array(k);
      let size = 0;
      for (let i = 0; i < len; i++) {
        if (keys[i] === HOLE) continue;
        const c = counts[i] as number;
        if (size < k) {
          let pos = size++;
          while (pos > 0) {
            const parent = (pos - 1) >> 1;
            const ps = heap[parent] as number;
            const pc = counts[ps] as number;
            if (c < pc || (c === pc && i > ps)) {
              heap[pos] = ps;
              pos = parent;
            } else break;
          }
          heap[pos] = i;
        } else if (c > (counts[heap[0] as number] as number)) {
          let pos = 0;
          for (;;) {
            let child = 2 * pos + 1;
            if (child >= size) break;
            let cs = heap[child] as number;
            let cc = counts[cs] as number;
            if (child + 1 < size) {
              const rs = heap[child + 1] as number;
              const rc = counts[rs] as number;
              if (rc < cc || (rc === cc && rs > cs)) {
                child++;
                cs = rs;
                cc = rc;
              }
            }
            if (cc < c || (cc === c && cs > i)) {
              heap[pos] = cs;
              pos = child;
            } else break;
          }
          heap[pos] = i;
        }
      }
      slots = Array.from(heap.subarray(0, size));
    }
    slots.sort((a, b) => (counts[b] as number) - (counts[a] as number) || a - b);
    return slots.map((s) => [keys[s] as K, counts[s] as number]);
  }

  /**
   * Each key repeated as many times as its count, in insertion order: a
   * fractional count is rounded down, so keys with a count below 1 are
   * skipped (Python raises on a fractional count).
   *
   * @example
   * ```ts
   * [...new Counter("aab").elements()]; // ["a", "a", "b"]
   * ```
   * @throws {RangeError} on reaching a key whose count is `Infinity`.
   * @throws {ConcurrentModificationError} as {@link Counter.entries}.
   */
  *elements(): Generator<K, void, undefined> {
    const mod = this._mod;
    const keys = this._keys;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k === HOLE) continue;
      // the count is read at each step: changing a count in the loop is allowed
      for (let j = 1; j <= (this._counts[i] as number); j++) {
        if (this._counts[i] === Infinity) {
          throw new RangeError(`Counter.elements: the count of ${formatValue(k)} is Infinity (cannot repeat a key forever)`);
        }
        yield k as K;
        if (this._mod !== mod) this._mutated();
      }
    }
  }

  /** Keys in insertion order. */
  *keys(): IterableIterator<K> {
    for (const [k] of this) yield k;
  }

  /** Counts in key insertion order. */
  *values(): IterableIterator<number> {
    for (const [, c] of this) yield c;
  }

  /**
   * `[key, count]` pairs in insertion order.
   *
   * @throws {ConcurrentModificationError} on the step after a key was added
   *   or deleted, or the counter cleared (changing the count of a key that is
   *   there is allowed, as in a Python dict): iterate a copy (`[...counter]`)
   *   to add keys in the loop.
   */
  *entries(): IterableIterator<[K, number]> {
    const mod = this._mod;
    const keys = this._keys;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k === HOLE) continue;
      yield [k as K, this._counts[i] as number];
      if (this._mod !== mod) this._mutated();
    }
  }

  private _mutated(): never {
    return mutated("Counter", "a key added or deleted, or clear", "[...counter]");
  }

  /** Same as {@link Counter.entries}. */
  [Symbol.iterator](): IterableIterator<[K, number]> {
    return this.entries();
  }

  /**
   * Python's `+`: sums counts, keeping only positive results. `other` is
   * anything the constructor takes (a Counter, a Map of counts, an iterable
   * of keys).
   *
   * @example
   * ```ts
   * new Counter(["a"]).plus(new Counter(["a", "b"])); // a: 2, b: 1
   * new Counter("ab").plus(new Map([["a", 1]]));     // a: 2, b: 1
   * ```
   * @throws {ValidationError} a sum that would be NaN (`Infinity + -Infinity`).
   * @throws {TypeError} `other` that is not a counter source.
   */
  plus(other: CounterSource<K>): Counter<K> {
    const o = this._source("plus", other);
    const out = new Counter<K>();
    for (const [k, c] of this) {
      const n = o.get(k);
      const v = c + n;
      if (Number.isNaN(v)) nanSum("plus", k, c, n);
      if (v > 0) out.increment(k, v);
    }
    for (const [k, c] of o) if (!this.has(k) && c > 0) out.increment(k, c);
    return out;
  }

  /**
   * Python's `-`: subtracts counts, keeping only positive results (`other` as for {@link Counter.plus}).
   *
   * @example
   * ```ts
   * new Counter("aab").minus("ab"); // a: 1
   * ```
   * @throws {ValidationError} a difference that would be NaN (`Infinity - Infinity`).
   * @throws {TypeError} `other` that is not a counter source.
   */
  minus(other: CounterSource<K>): Counter<K> {
    const o = this._source("minus", other);
    const out = new Counter<K>();
    for (const [k, c] of this) {
      const n = o.get(k);
      const v = c - n;
      if (Number.isNaN(v)) nanSum("minus", k, c, 0 - n);
      if (v > 0) out.increment(k, v);
    }
    for (const [k, c] of o) if (!this.has(k) && c < 0) out.increment(k, -c);
    return out;
  }

  /**
   * Python's `|`: the larger of both counts, keeping only positive results (`other` as for {@link Counter.plus}).
   *
   * @example
   * ```ts
   * new Counter("aab").union("abb"); // a: 2, b: 2
   * ```
   * @throws {TypeError} `other` that is not a counter source.
   */
  union(other: CounterSource<K>): Counter<K> {
    const o = this._source("union", other);
    const out = new Counter<K>();
    for (const [k, c] of this) {
      const v = Math.max(c, o.get(k));
      if (v > 0) out.increment(k, v);
    }
    for (const [k, c] of o) if (!this.has(k) && c > 0) out.increment(k, c);
    return out;
  }

  /**
   * Python's `&`: the smaller of both counts, keeping only positive results (`other` as for {@link Counter.plus}).
   *
   * @example
   * ```ts
   * new Counter("aab").intersection("abb"); // a: 1, b: 1
   * ```
   * @throws {TypeError} `other` that is not a counter source.
   */
  intersection(other: CounterSource<K>): Counter<K> {
    const o = this._source("intersection", other);
    const out = new Counter<K>();
    for (const [k, c] of this) {
      const v = Math.min(c, o.get(k));
      if (v > 0) out.increment(k, v);
    }
    return out;
  }

  /**
   * Python's `c += other`: {@link Counter.plus} in place (keys whose count is
   * not positive afterwards are removed); returns this counter. All or
   * nothing: on an error the counter is unchanged.
   *
   * @example
   * ```ts
   * const c = new Counter("ab"); c.plusInPlace(["a"]); c.get("a"); // 2
   * ```
   * @throws {ValidationError} as {@link Counter.plus}.
   */
  plusInPlace(other: CounterSource<K>): this {
    return this._assign(this.plus(other));
  }

  /**
   * Python's `c -= other`: {@link Counter.minus} in place; returns this counter.
   *
   * @throws {ValidationError} as {@link Counter.minus}.
   */
  minusInPlace(other: CounterSource<K>): this {
    return this._assign(this.minus(other));
  }

  /**
   * Python's `c |= other`: {@link Counter.union} in place; returns this counter.
   *
   * @throws {ValidationError} as {@link Counter.union}.
   */
  unionInPlace(other: CounterSource<K>): this {
    return this._assign(this.union(other));
  }

  /**
   * Python's `c &= other`: {@link Counter.intersection} in place; returns this counter.
   *
   * @throws {ValidationError} as {@link Counter.intersection}.
   */
  intersectionInPlace(other: CounterSource<K>): this {
    return this._assign(this.intersection(other));
  }

  /**
   * Python's unary `+c`: a new counter with the positive counts only.
   *
   * @example
   * ```ts
   * new Counter<string>().set("a", 2).set("b", -1).positive(); // a: 2
   * ```
   */
  positive(): Counter<K> {
    const out = new Counter<K>();
    for (const [k, c] of this) if (c > 0) out.increment(k, c);
    return out;
  }

  /**
   * Python's unary `-c`: a new counter with the negative counts, negated.
   *
   * @example
   * ```ts
   * new Counter<string>().set("a", 2).set("b", -1).negative(); // b: 1
   * ```
   */
  negative(): Counter<K> {
    const out = new Counter<K>();
    for (const [k, c] of this) if (c < 0) out.increment(k, 0 - c);
    return out;
  }

  /**
   * Python 3.10's `==`: the same count for every key, a missing key counting
   * as 0 (so a key with count 0 equals no key). Order does not matter.
   *
   * @example
   * ```ts
   * new Counter("ab").equals(new Map([["b", 1], ["a", 1], ["c", 0]])); // true
   * ```
   * @throws {TypeError} `other` that is not a counter source.
   */
  equals(other: CounterSource<K>): boolean {
    return this._all("equals", other, (a, b) => a === b);
  }

  /**
   * Python 3.10's `<=`: every count is at most the other's (missing keys count as 0).
   *
   * @example
   * ```ts
   * new Counter("ab").isSubsetOf("aabc"); // true
   * ```
   * @throws {TypeError} `other` that is not a counter source.
   */
  isSubsetOf(other: CounterSource<K>): boolean {
    return this._all("isSubsetOf", other, (a, b) => a <= b);
  }

  /**
   * Python 3.10's `>=`: every count is at least the other's (missing keys count as 0).
   *
   * @example
   * ```ts
   * new Counter("aabc").isSupersetOf("ab"); // true
   * ```
   * @throws {TypeError} `other` that is not a counter source.
   */
  isSupersetOf(other: CounterSource<K>): boolean {
    return this._all("isSupersetOf", other, (a, b) => a >= b);
  }

  /** Whether `test(this[k], other[k])` holds for every key of either side. */
  private _all(member: string, other: CounterSource<K>, test: (a: number, b: number) => boolean): boolean {
    const o = this._source(member, other);
    for (const [k, c] of this) if (!test(c, o.get(k))) return false;
    for (const [k, c] of o) if (!this.has(k) && !test(0, c)) return false;
    return true;
  }

  /** `other` as a Counter: itself, or a new counter built from a Map of counts or an iterable of keys. */
  private _source(member: string, other: CounterSource<K>): Counter<K> {
    if (other instanceof Counter) return other;
    const c = new Counter<K>();
    if (other instanceof Map) c._addCounts(member, other as Iterable<[K, unknown]>, 1);
    else if (other != null && typeof (other as Iterable<K>)[Symbol.iterator] === "function") {
      for (const k of other as Iterable<K>) c.increment(k, 1);
    } else throw argumentError(TypeError, `Counter.${member}`, "the other counter", "an iterable, a Map or a Counter", other);
    return c;
  }

  /** Replaces this counter's entries with `other`'s (a fresh counter nobody else holds). */
  private _assign(other: Counter<K>): this {
    this._mod++;
    this._index = other._index;
    this._keys = other._keys;
    this._counts = other._counts;
    return this;
  }

  /**
   * Adds `sign` × each count of `pairs` (a Map or a Counter: one pair per
   * key) all or nothing: every count and every sum is checked before the
   * first one is stored.
   */
  private _addCounts(member: string, pairs: Iterable<[K, unknown]>, sign: 1 | -1): void {
    const list = [...pairs];
    for (const [k, n] of list) {
      if (typeof n !== "number" || Number.isNaN(n)) badCount(member, n);
      const c = this.get(k);
      const d = sign === 1 ? n : 0 - n;
      if (Number.isNaN(c + d)) nanSum(member, k, c, d);
    }
    for (const [k, n] of list) this.increment(k, sign === 1 ? (n as number) : 0 - (n as number));
  }

  private _compact(): void {
    const keys: K[] = [];
    const counts: number[] = [];
    const index = new Map<K, number>();
    for (const [k, c] of this) {
      index.set(k, keys.length);
      keys.push(k);
      counts.push(c);
    }
    this._index = index;
    this._keys = keys;
    this._counts = counts;
  }
}

/** A sum of two counts that is NaN (`Infinity + -Infinity`): nothing is stored. */
function nanSum(member: string, key: unknown, count: number, n: number): never {
  return fail(
    "Counter",
    member,
    "nan",
    `count of ${formatValue(key)} would be NaN (${count} + ${n}); nothing was changed`,
    n,
    "a count whose sum with the current one is not NaN",
  );
}

function badCount(member: string, n: unknown): never {
  if (typeof n === "number") fail("Counter", member, "nan", "count must not be NaN", n, "a number that is not NaN");
  return fail("Counter", member, "type", "count must be a number", n, "number");
}

/**
 * The `decorum.Counter` codec (payload in docs/collections.md), declared for the
 * default registry when this module is evaluated: a bundle that uses Counter
 * can read and write it, without bundling the registry unless it serializes.
 */
export const counterCodec: Codec<Counter<unknown>> = makeCounterCodec(Counter);
declareCodec(counterCodec);
