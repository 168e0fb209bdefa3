/**
 * `Deque<T>`: a double-ended queue on a ring of fixed-size chunks. Deques of
 * up to 16384 items are one flat ring that doubles (one array load per
 * operation); past that the ring is cut once into 8192-item chunks and grows
 * by adding chunks (only chunk pointers move), so neither growth nor
 * steady-state push/shift of a large deque copies items.
 *
 * @module
 */

import type { Codec } from "../registry/codec.js";
import { declareCodec } from "../registry/declared.js";
import { badNumber, checkIterable, checkNumberArg, checkOptions, mutated, normIndex } from "./arguments.js";
import { makeDequeCodec } from "./codecs.js";

/**
 * Bits of the largest single ring (16384 slots). A ring this size is the one
 * array V8 puts in its large-object space (over 128 KiB), allocated once, when
 * the deque first grows past 8192 items: one flat array keeps every
 * operation of a deque of around 1e4 items to one array load (bench:
 * deque-mixed), where chunks cost a second, dependent load and a map check.
 */
const RING_BITS = 14;
/**
 * Bits of a chunk of a larger deque (8192 slots, 64 KiB): the largest size
 * V8 still allocates in its young generation. Chunks of 16384 or more go to
 * the large-object space, each several times slower to allocate, which made
 * growing to 1e6 items four times slower.
 */
const CHUNK_BITS = 13;
const CMASK = (1 << CHUNK_BITS) - 1;
/** A bounded deque with `maxlen` up to this size gets its whole ring up front. */
const PREALLOC_BITS = 10;

/** Options of {@link Deque}. */
export interface DequeOptions {
  /** Maximum length: pushing past it drops from the other end (Python's rule); 0 keeps nothing. */
  maxlen?: number;
}

function sameValueZero(a: unknown, b: unknown): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/**
 * What a vacated slot holds: the reference is dropped, so a removed item can
 * be collected. `pop`/`shift` skip this store for numbers, which hold no
 * collectable identity (and no `WeakRef` can observe them): the store costs
 * about a third of a `shift` on a large deque, because it dirties every
 * cache line of the buffer again.
 */
const VACANT = undefined as unknown;

/**
 * A chunk of `n` vacant slots: holes, with one `undefined` stored so that the
 * array starts in V8's general (`HOLEY_ELEMENTS`) kind, the kind it would
 * reach at its first object or vacated slot, so every chunk and ring of a
 * deque has one elements kind and the hot paths stay monomorphic. No slot is
 * read while vacant (only slots below the length are), so a hole is never
 * observed. Cheaper than `fill(undefined)`, which stores every slot: growing
 * to 1e6 items took about 15% less time (bench: deque-growing), with no
 * change on steady push/shift or mixed operations.
 */
function newChunk<T>(n: number): T[] {
  const chunk = new Array<T>(n);
  chunk[0] = VACANT as T;
  return chunk;
}

/**
 * A double-ended queue: O(1) `push`/`pop`/`shift`/`unshift`, indexing with
 * negative indexes, `rotate`, and an optional `maxlen` (pushing onto a full
 * deque drops from the other end, as Python's `collections.deque`). Empty
 * `pop`/`shift`/`peekFront`/`peekBack` return `undefined`.
 *
 * @example
 * ```ts
 * const d = new Deque([1, 2, 3], { maxlen: 3 });
 * d.push(4);      // drops 1
 * [...d];         // [2, 3, 4]
 * ```
 * @throws {RangeError} a negative or non-integer `maxlen` (`TypeError` for one that is not a number).
 * @throws {TypeError} items that are not iterable (e.g. `new Deque(5)`; a bound is `new Deque([], { maxlen: 5 })`) or options that are not an object.
 */
export class Deque<T> implements Iterable<T> {
  declare private _map: T[][];
  /** The single chunk while the deque is one ring (capacity <= 1024), else null. */
  declare private _ring: T[] | null;
  /** min(maxlen, capacity): pushing at this size takes the slow path (drop or grow). */
  declare private _limit: number;
  declare private _bits: number;
  declare private _cmask: number;
  declare private _mask: number;
  declare private _head: number;
  declare private _size: number;
  declare private readonly _maxlen: number;

  constructor(items?: Iterable<T>, options?: DequeOptions) {
    if (items !== undefined) {
      checkIterable(items, "Deque", "the first argument", "; for a bound use new Deque([], { maxlen })", "an iterable of items");
    }
    checkOptions(options, "Deque", ["maxlen"]);
    const maxlen = options?.maxlen;
    if (maxlen !== undefined && maxlen !== Infinity && !(Number.isInteger(maxlen) && maxlen >= 0)) {
      badNumber("Deque", "maxlen", "a non-negative integer", maxlen);
    }
    this._maxlen = maxlen ?? Infinity;
    const bits = this._initialBits();
    this._bits = bits;
    this._ring = newChunk<T>(1 << bits);
    this._map = [this._ring];
    this._cmask = (1 << bits) - 1;
    this._mask = (1 << bits) - 1;
    this._limit = this._limitFor(1 << bits);
    this._head = 0;
    this._size = 0;
    if (items !== undefined) this.extend(items);
  }

  /** Number of items. */
  get length(): number {
    return this._size;
  }

  /** The maximum length, or `undefined` when unbounded. */
  get maxlen(): number | undefined {
    return this._maxlen === Infinity ? undefined : this._maxlen;
  }

  /**
   * Appends at the back; on a full bounded deque the front item is dropped first.
   *
   * @example
   * ```ts
   * d.push(4);
   * ```
   */
  push(item: T): void {
    const size = this._size;
    if (size >= this._limit) {
      this._pushSlow(item);
      return;
    }
    const p = (this._head + size) & this._mask;
    const ring = this._ring;
    if (ring !== null) ring[p] = item;
    else (this._map[p >>> CHUNK_BITS] as T[])[p & CMASK] = item;
    this._size = size + 1;
  }

  private _pushSlow(item: T): void {
    if (this._size >= this._maxlen) {
      if (this._maxlen === 0) return;
      this.shift();
    } else this._grow();
    this.push(item);
  }

  /**
   * Prepends at the front; on a full bounded deque the back item is dropped first.
   *
   * @example
   * ```ts
   * d.unshift(0);
   * ```
   */
  unshift(item: T): void {
    const size = this._size;
    if (size >= this._limit) {
      if (size >= this._maxlen) {
        if (this._maxlen === 0) return;
        this.pop();
      } else this._grow();
      this.unshift(item);
      return;
    }
    const p = (this._head - 1) & this._mask;
    const ring = this._ring;
    if (ring !== null) ring[p] = item;
    else (this._map[p >>> CHUNK_BITS] as T[])[p & CMASK] = item;
    this._head = p;
    this._size = size + 1;
  }

  /**
   * Removes and returns the back item; `undefined` when empty.
   *
   * @example
   * ```ts
   * d.pop();
   * ```
   */
  pop(): T | undefined {
    const size = this._size;
    if (size === 0) return undefined;
    const p = (this._head + size - 1) & this._mask;
    // Same split as shift's: the single ring directly, else a chunk of the fixed size (constant shifts).
    const ring = this._ring;
    let item: T;
    if (ring !== null) {
      item = ring[p] as T;
      if (typeof item !== "number") ring[p] = VACANT as T;
    } else {
      const c = this._map[p >>> CHUNK_BITS] as T[];
      const i = p & CMASK;
      item = c[i] as T;
      if (typeof item !== "number") c[i] = VACANT as T;
    }
    this._size = size - 1;
    return item;
  }

  /**
   * Removes and returns the front item; `undefined` when empty.
   *
   * @example
   * ```ts
   * d.shift();
   * ```
   */
  shift(): T | undefined {
    const size = this._size;
    if (size === 0) return undefined;
    const p = this._head;
    const ring = this._ring;
    let item: T;
    if (ring !== null) {
      item = ring[p] as T;
      if (typeof item !== "number") ring[p] = VACANT as T;
    } else {
      const c = this._map[p >>> CHUNK_BITS] as T[];
      const i = p & CMASK;
      item = c[i] as T;
      if (typeof item !== "number") c[i] = VACANT as T;
    }
    this._head = (p + 1) & this._mask;
    this._size = size - 1;
    return item;
  }

  /** The front item; `undefined` when empty. */
  peekFront(): T | undefined {
    if (this._size === 0) return undefined;
    const p = this._head;
    return (this._map[p >>> this._bits] as T[])[p & this._cmask];
  }

  /** The back item; `undefined` when empty. */
  peekBack(): T | undefined {
    if (this._size === 0) return undefined;
    const p = (this._head + this._size - 1) & this._mask;
    return (this._map[p >>> this._bits] as T[])[p & this._cmask];
  }

  /**
   * The item at `index` (negative counts from the back); `undefined` out of range.
   *
   * @example
   * ```ts
   * new Deque([1, 2, 3]).at(-1); // 3
   * ```
   * @throws {TypeError} an index that is not a number.
   */
  at(index: number): T | undefined {
    // fast path: a non-negative integer index in range (one unsigned compare)
    let j = index;
    if (!(index >>> 0 === index && index < this._size)) {
      j = normIndex(index, this._size);
      if (j < 0) {
        checkNumberArg(index, "Deque.at", "index");
        return undefined;
      }
    }
    const p = (this._head + j) & this._mask;
    const ring = this._ring;
    if (ring !== null) return ring[p];
    return (this._map[p >>> CHUNK_BITS] as T[])[p & CMASK];
  }

  /**
   * Replaces the item at `index` (negative counts from the back).
   *
   * @example
   * ```ts
   * d.set(-1, 9);
   * ```
   * @throws {RangeError} an index out of range.
   */
  set(index: number, item: T): void {
    const j = normIndex(index, this._size);
    if (j < 0) {
      checkNumberArg(index, "Deque.set", "index");
      badNumber("Deque.set", "index", `in range for length ${this._size}`, index);
    }
    const p = (this._head + j) & this._mask;
    (this._map[p >>> this._bits] as T[])[p & this._cmask] = item;
  }

  /**
   * Rotates `n` steps to the right (the back item moves to the front); negative rotates left.
   *
   * @example
   * ```ts
   * const d = new Deque([1, 2, 3]); d.rotate(1); [...d]; // [3, 1, 2]
   * ```
   * @throws {TypeError} a step count that is not a number.
   */
  rotate(n = 1): void {
    const size = this._size;
    if (size <= 1 || !Number.isFinite(n)) {
      checkNumberArg(n, "Deque.rotate", "n");
      return;
    }
    let k = Math.trunc(n) % size;
    if (k < 0) k += size;
    if (k === 0) return;
    if (k <= size >> 1) for (let i = 0; i < k; i++) this._unshiftRaw(this._popRaw());
    else for (let i = k; i < size; i++) this._pushRaw(this._shiftRaw());
  }

  /**
   * Appends every item of `items` at the back.
   *
   * @example
   * ```ts
   * d.extend([4, 5]);
   * ```
   */
  extend(items: Iterable<T>): void {
    checkIterable(items, "Deque.extend", "items");
    const src = items === this ? this.toArray() : items;
    for (const x of src) this.push(x);
  }

  /**
   * Prepends every item of `items` in turn, so they end up reversed (as Python).
   *
   * @example
   * ```ts
   * const d = new Deque([3]); d.extendLeft([2, 1]); [...d]; // [1, 2, 3]
   * ```
   */
  extendLeft(items: Iterable<T>): void {
    checkIterable(items, "Deque.extendLeft", "items");
    const src = items === this ? this.toArray() : items;
    for (const x of src) this.unshift(x);
  }

  /**
   * Inserts `item` before position `index` (clamped like `list.insert`; negative counts from the back).
   *
   * @example
   * ```ts
   * const d = new Deque([1, 3]); d.insert(1, 2); [...d]; // [1, 2, 3]
   * ```
   * @throws {RangeError} when a bounded deque is full (Python raises `IndexError`).
   */
  insert(index: number, item: T): void {
    checkNumberArg(index, "Deque.insert", "index");
    if (this._size >= this._maxlen)
      throw new RangeError(`Deque.insert: the deque is already at its maximum length (maxlen ${this._maxlen})`);
    const size = this._size;
    let i = Math.trunc(index);
    if (i < 0) i = Math.max(0, i + size);
    if (i > size) i = size;
    if (i === size) {
      this.push(item);
      return;
    }
    this.rotate(-i);
    this.unshift(item);
    this.rotate(i);
  }

  /**
   * Removes the first item equal to `item` (SameValueZero); returns whether one was found.
   *
   * @example
   * ```ts
   * new Deque([1, 2, 1]).remove(1); // true, leaves [2, 1]
   * ```
   */
  remove(item: T): boolean {
    const i = this.indexOf(item);
    if (i < 0) return false;
    this.rotate(-i);
    this.shift();
    this.rotate(i);
    return true;
  }

  /** How many items equal `item` (SameValueZero). */
  count(item: T): number {
    let n = 0;
    for (const x of this) if (sameValueZero(x, item)) n++;
    return n;
  }

  /** The index of the first item equal to `item` (SameValueZero) at or after `from`, or -1. */
  indexOf(item: T, from = 0): number {
    const size = this._size;
    let i = from < 0 ? Math.max(0, size + from) : from;
    for (; i < size; i++) {
      const p = (this._head + i) & this._mask;
      if (sameValueZero((this._map[p >>> this._bits] as T[])[p & this._cmask], item)) return i;
    }
    return -1;
  }

  /** Whether some item equals `item` (SameValueZero). */
  includes(item: T): boolean {
    return this.indexOf(item) >= 0;
  }

  /** Reverses the items in place. */
  reverse(): void {
    const items = this.toArray().reverse();
    this.clear();
    for (const x of items) this._pushRaw(x);
  }

  /** Removes every item (capacity is released, down to the room a small bounded deque preallocates). */
  clear(): void {
    const bits = this._initialBits();
    this._bits = bits;
    this._ring = newChunk<T>(1 << bits);
    this._map = [this._ring];
    this._cmask = (1 << bits) - 1;
    this._mask = (1 << bits) - 1;
    this._limit = this._limitFor(1 << bits);
    this._head = 0;
    this._size = 0;
  }

  /** The items front to back, as a new array. */
  toArray(): T[] {
    const out = new Array<T>(this._size);
    for (let i = 0; i < this._size; i++) {
      const p = (this._head + i) & this._mask;
      out[i] = (this._map[p >>> this._bits] as T[])[p & this._cmask] as T;
    }
    return out;
  }

  /**
   * Iterates front to back.
   *
   * @throws {ConcurrentModificationError} on the step after the deque's
   *   length, front or storage changed (`push`, `pop`, `shift`, `unshift`,
   *   `rotate`, `insert`, `remove`, `clear`, …): iterate a copy (`[...deque]`,
   *   `toArray()`) to change it in the loop. Replacing items in place (`set`)
   *   is allowed and seen by the iterator.
   */
  *[Symbol.iterator](): Iterator<T> {
    // No counter on the push/shift hot paths: the iterator compares the
    // front, the length and the chunk map instead. While all three are
    // unchanged, every index below the length is a live item, so the
    // iterator cannot yield a vacated slot; a change that leaves all three as
    // they were (a pop followed by a push) only replaces items, as `set` does.
    const head = this._head;
    const size = this._size;
    const map = this._map;
    for (let i = 0; i < size; i++) {
      const p = (head + i) & this._mask;
      yield (map[p >>> this._bits] as T[])[p & this._cmask] as T;
      if (this._head !== head || this._size !== size || this._map !== map) {
        mutated("Deque", "push, pop, shift, unshift, rotate, insert, remove, reverse or clear", "[...deque]");
      }
    }
  }

  /**
   * Bits of the first ring: 16 slots, or, for a deque bounded at 1024 items
   * or fewer, room for `maxlen` items at once, so that its pushes never grow
   * the ring (a ring that grew while in use leaves growth paths in V8's
   * optimized push/shift, about 10% slower than a ring that never grew).
   */
  private _initialBits(): number {
    let bits = 4;
    if (this._maxlen <= 1 << PREALLOC_BITS) while (1 << bits < this._maxlen) bits++;
    return bits;
  }

  /** min(maxlen, capacity), returning `capacity` itself (a small integer, never a double) when unbounded. */
  private _limitFor(capacity: number): number {
    // biome-ignore lint/complexity/useMathMinMax: Math.min(n, Infinity) yields a double and turns the hot `_limit` field into a double field
    return this._maxlen < capacity ? this._maxlen : capacity;
  }

  private _pushRaw(item: T): void {
    if (this._size > this._mask) this._grow();
    const p = (this._head + this._size) & this._mask;
    (this._map[p >>> this._bits] as T[])[p & this._cmask] = item;
    this._size++;
  }

  private _unshiftRaw(item: T): void {
    if (this._size > this._mask) this._grow();
    const p = (this._head - 1) & this._mask;
    (this._map[p >>> this._bits] as T[])[p & this._cmask] = item;
    this._head = p;
    this._size++;
  }

  private _popRaw(): T {
    return this.pop() as T;
  }

  private _shiftRaw(): T {
    return this.shift() as T;
  }

  /** Doubles the capacity: one bigger ring while small, then more chunks (no item copies but one partial chunk). */
  private _grow(): void {
    const size = this._size;
    const ring = this._ring;
    if (ring !== null && this._bits >= RING_BITS) {
      this._splitRing(ring);
      return;
    }
    if (ring !== null) {
      const bits = this._bits + 1;
      const chunk = newChunk<T>(1 << bits);
      for (let i = 0; i < size; i++) {
        const p = (this._head + i) & this._mask;
        chunk[i] = ring[p] as T;
      }
      this._map = [chunk];
      this._ring = chunk;
      this._bits = bits;
      this._cmask = (1 << bits) - 1;
      this._mask = this._cmask;
      this._limit = this._limitFor(1 << bits);
      this._head = 0;
      return;
    }
    const C = 1 << CHUNK_BITS;
    const old = this._map;
    const M = old.length;
    const h = this._head >>> CHUNK_BITS;
    const o = this._head & CMASK;
    const map: T[][] = new Array(2 * M);
    for (let k = 0; k < M; k++) map[k] = old[(h + k) & (M - 1)] as T[];
    const first = map[0] as T[];
    const spill = newChunk<T>(C);
    for (let i = 0; i < o; i++) {
      spill[i] = first[i] as T;
      first[i] = VACANT as T;
    }
    map[M] = spill;
    for (let k = M + 1; k < 2 * M; k++) map[k] = newChunk<T>(C);
    this._map = map;
    this._ring = null;
    this._mask = 2 * M * C - 1;
    this._limit = this._limitFor(2 * M * C);
    this._head = o;
  }

  /**
   * Leaves the single ring (full at `1 << RING_BITS` items): copies the items
   * in order into chunks of `1 << CHUNK_BITS` and doubles the capacity with
   * empty chunks. Runs once in a deque's life (until `clear`).
   */
  private _splitRing(ring: T[]): void {
    const size = this._size;
    const head = this._head;
    const mask = this._mask;
    const n = (2 * (mask + 1)) >>> CHUNK_BITS;
    const map: T[][] = new Array(n);
    for (let k = 0; k < n; k++) map[k] = newChunk<T>(1 << CHUNK_BITS);
    for (let i = 0; i < size; i++) (map[i >>> CHUNK_BITS] as T[])[i & CMASK] = ring[(head + i) & mask] as T;
    this._map = map;
    this._ring = null;
    this._bits = CHUNK_BITS;
    this._cmask = CMASK;
    this._mask = n * (1 << CHUNK_BITS) - 1;
    this._limit = this._limitFor(n * (1 << CHUNK_BITS));
    this._head = 0;
  }
}

/**
 * The `decorum.Deque` codec (payload in docs/collections.md), declared for the
 * default registry when this module is evaluated: a bundle that uses Deque
 * can read and write it, without bundling the registry unless it serializes.
 */
export const dequeCodec: Codec<Deque<unknown>> = makeDequeCodec(Deque);
declareCodec(dequeCodec);
