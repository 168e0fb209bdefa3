/**
 * `SortedList<T>`: a sorted multiset on a list of chunks (like Python's
 * sortedcontainers): inserts shift at most one chunk, and a Fenwick tree over
 * chunk lengths answers rank and index queries in O(log n).
 *
 * @module
 */
import { formatValue } from "../errors.js";
import type { Codec } from "../registry/codec.js";
import { declareCodec } from "../registry/declared.js";
import { badNumber, checkIterable, checkOptions, functionOption, mutated } from "./arguments.js";
import { makeSortedListCodec } from "./codecs.js";
import { type Comparator, checkOrderable, defaultCompare } from "./compare.js";

const DEFAULT_LOAD = 512;

/** Options of {@link SortedList.irange}. */
export interface SortedListRangeOptions {
  /** Whether `[min, max]` themselves are included (default `[true, true]`). */
  inclusive?: readonly [boolean, boolean];
  /** Iterates from the largest item down (default `false`). */
  reverse?: boolean;
}

/** Options of {@link SortedList}. */
export interface SortedListOptions<T> {
  /**
   * Comparator; default: JavaScript `<` on numbers or strings. A string is the
   * name of a function registered with `registry.registerFunction(name, fn)`,
   * used as if `fn` were passed.
   */
  compare?: Comparator<T> | string;
  /** Chunk load factor (default 512): chunks split past twice this length. */
  load?: number;
}

/**
 * A list kept sorted under `compare` that may hold equal items (a multiset).
 * `add`/`remove` are O(√n)-ish with small constants, rank queries
 * (`bisectLeft`, `bisectRight`, `indexOf`) and `at` are O(log n).
 *
 * @example
 * ```ts
 * const s = new SortedList([5, 1, 3]);
 * s.add(2); [...s];        // [1, 2, 3, 5]
 * s.bisectLeft(3);         // 2
 * [...s.irange(2, 3)];     // [2, 3]
 * ```
 * @throws {ValidationError} NaN, a value with no default order, or mixed strings and numbers (default order only).
 * @throws {TypeError} items that are not iterable, options that are not an object, or a `compare` name that is not registered.
 * @throws {RangeError} a `load` that is not an integer >= 4.
 */
export class SortedList<T> implements Iterable<T> {
  /** The comparator given at construction. */
  declare readonly compare: Comparator<T> | undefined;
  /** The chunk load factor. */
  get load(): number {
    return this._load;
  }
  declare private readonly _cmp: Comparator<T>;
  declare private readonly _custom: boolean;
  declare private _kind: string | undefined;
  declare private _lists: T[][];
  declare private _maxes: T[];
  declare private _len: number;
  declare private _tree: Int32Array;
  declare private _treeOk: boolean;
  declare private readonly _load: number;
  /** Bumped by every change of the items, so an iterator can tell that the list changed under it. */
  declare private _mod: number;
  /** Where {@link SortedList._find} found its item within the chunk it returned. */
  declare private _hitIndex: number;

  constructor(items?: Iterable<T>, options?: SortedListOptions<T>) {
    if (items !== undefined) {
      checkIterable(
        items,
        "SortedList",
        "the first argument",
        "; options go second: new SortedList([], { compare })",
        "an iterable of items",
      );
    }
    checkOptions(options, "SortedList", ["compare", "load"]);
    this.compare = functionOption<Comparator<T>>(options?.compare, "SortedList", "compare");
    this._custom = this.compare !== undefined;
    this._cmp = this.compare ?? defaultCompare;
    this._kind = undefined;
    this._lists = [];
    this._maxes = [];
    this._len = 0;
    this._tree = new Int32Array(1);
    this._treeOk = false;
    this._mod = 0;
    this._hitIndex = 0;
    const load = options?.load ?? DEFAULT_LOAD;
    if (!Number.isInteger(load) || load < 4) badNumber("SortedList", "load", "an integer >= 4", load);
    this._load = load;
    if (items !== undefined) this.extend(items);
  }

  /** Number of items. */
  get length(): number {
    return this._len;
  }

  /**
   * Adds `item` after any equal items.
   *
   * @example
   * ```ts
   * list.add(4);
   * ```
   * @throws {ValidationError} as the constructor.
   */
  add(item: T): void {
    if (!this._custom && (typeof item !== this._kind || Number.isNaN(item))) this._checkKind(item);
    const maxes = this._maxes;
    const m = maxes.length;
    this._mod++;
    if (m === 0) {
      this._lists.push([item]);
      maxes.push(item);
      this._len = 1;
      this._treeOk = false;
      return;
    }
    let i = this._bisectRight(maxes, item, 0, m);
    let list: T[];
    if (i === m) {
      i = m - 1;
      list = this._lists[i] as T[];
      list.push(item);
      maxes[i] = item;
    } else {
      list = this._lists[i] as T[];
      list.splice(this._bisectRight(list, item, 0, list.length), 0, item);
    }
    this._len++;
    if (list.length > 2 * this._load) this._split(i);
    else if (this._treeOk) this._treeAdd(i, 1);
  }

  /**
   * Adds every item of `items` (sorting once when that is cheaper), as
   * `Deque.extend` and `Array.prototype.push(...items)` do for their order.
   *
   * @example
   * ```ts
   * list.extend([3, 1, 2]);
   * ```
   * @throws {ValidationError} as the constructor.
   */
  extend(items: Iterable<T>): void {
    checkIterable(items, "SortedList.extend", "items");
    const arr = Array.from(items);
    if (arr.length < 4 * this._load && this._len > 0) {
      for (const x of arr) this.add(x);
      return;
    }
    if (!this._custom && arr.length > 0) {
      const first = this._len > 0 ? (this._lists[0] as T[])[0] : arr[0];
      checkOrderable(first, "SortedList", "add");
      for (const x of arr) checkOrderable(x, "SortedList", "add", first);
      this._kind = typeof first;
    }
    const all = this._len > 0 ? this.toArray().concat(arr) : arr;
    all.sort(this._cmp);
    this._mod++;
    this._lists = [];
    this._maxes = [];
    for (let i = 0; i < all.length; i += this._load) {
      const chunk = all.slice(i, i + this._load);
      this._lists.push(chunk);
      this._maxes.push(chunk[chunk.length - 1] as T);
    }
    this._len = all.length;
    this._treeOk = false;
  }

  /**
   * Adds every item of `items`: the old name of {@link SortedList.extend}
   * (sortedcontainers' `update`).
   *
   * @deprecated Use {@link SortedList.extend}; `update` will be removed in the next minor version.
   * @example
   * ```ts
   * list.extend([3, 1, 2]); // was list.update([3, 1, 2])
   * ```
   * @throws {ValidationError} as the constructor.
   */
  update(items: Iterable<T>): void {
    this.extend(items);
  }

  /**
   * Removes one item equal to `item`; returns whether one was found.
   *
   * @example
   * ```ts
   * list.remove(4); // true
   * ```
   */
  remove(item: T): boolean {
    const i = this._find(item);
    if (i < 0) return false;
    this._removeAt(i, this._hitIndex);
    return true;
  }

  /**
   * Removes and returns the item at `index` (default: the last); `undefined` when out of range.
   *
   * @example
   * ```ts
   * new SortedList([1, 2, 3]).pop(0); // 1
   * ```
   */
  pop(index = -1): T | undefined {
    const k = this._norm(index);
    if (k < 0) return undefined;
    const [i, j] = this._locate(k);
    const item = (this._lists[i] as T[])[j] as T;
    this._removeAt(i, j);
    return item;
  }

  /**
   * Whether an item equal to `item` is present (`Array.prototype.includes`,
   * `Deque.includes`).
   *
   * @example
   * ```ts
   * new SortedList([1, 2, 3]).includes(2); // true
   * ```
   */
  includes(item: T): boolean {
    return this._find(item) >= 0;
  }

  /**
   * Whether an item equal to `item` is present: the old name of {@link SortedList.includes}.
   *
   * @deprecated Use {@link SortedList.includes}; `has` will be removed in the next minor version.
   * @example
   * ```ts
   * new SortedList([1, 2, 3]).includes(2); // was .has(2)
   * ```
   */
  has(item: T): boolean {
    return this._find(item) >= 0;
  }

  /**
   * Finds the first item equal to `item`: returns the index of its chunk and
   * leaves its index within the chunk in `_hitIndex`, or returns -1 when
   * there is none (or when, under the default order, `item` is of another
   * kind than the items). The one lookup `includes`, `remove` and `indexOf`
   * share.
   */
  private _find(item: T): number {
    if (!this._custom && (typeof item !== this._kind || Number.isNaN(item)) && !this._sameKind(item)) return -1;
    const maxes = this._maxes;
    const i = this._bisectLeft(maxes, item, 0, maxes.length);
    if (i === maxes.length) return -1;
    const list = this._lists[i] as T[];
    const j = this._bisectLeft(list, item, 0, list.length);
    if (this._cmp(list[j] as T, item) !== 0) return -1;
    this._hitIndex = j;
    return i;
  }

  /**
   * The index of the first item equal to `item` at an index in
   * `[start, stop)` (negative values count from the end, as `slice`), or -1
   * (sortedcontainers' `index(value, start, stop)`, which raises instead).
   *
   * @example
   * ```ts
   * new SortedList([1, 2, 2]).indexOf(2);       // 1
   * new SortedList([1, 2, 2]).indexOf(2, 2);    // 2
   * new SortedList([1, 2, 2]).indexOf(2, 0, 1); // -1
   * ```
   */
  indexOf(item: T, start?: number, stop?: number): number {
    const i = this._find(item);
    if (i < 0) return -1;
    const first = this._prefix(i) + this._hitIndex;
    if (start === undefined && stop === undefined) return first;
    const [lo, hi] = this._range(start, stop);
    const k = Math.max(first, lo);
    if (k >= hi) return -1;
    return k === first || this._cmp(this.at(k) as T, item) === 0 ? k : -1;
  }

  /**
   * How many items equal `item` (0 for a value of another type under the default order).
   *
   * @example
   * ```ts
   * new SortedList([1, 2, 2, 3]).count(2); // 2
   * ```
   */
  count(item: T): number {
    if (!this._custom && (typeof item !== this._kind || Number.isNaN(item)) && !this._sameKind(item)) return 0;
    return this.bisectRight(item) - this.bisectLeft(item);
  }

  /**
   * Removes one item equal to `item` when there is one (sortedcontainers'
   * name for {@link SortedList.remove}); returns whether one was removed.
   *
   * @example
   * ```ts
   * list.discard(42); // false when absent, never throws
   * ```
   */
  discard(item: T): boolean {
    return this.remove(item);
  }

  /**
   * The number of items smaller than `item` (where it would be inserted before equal items).
   *
   * @example
   * ```ts
   * new SortedList([1, 2, 2, 3]).bisectLeft(2); // 1
   * ```
   * @throws {ValidationError} NaN or a mixed type under the default order.
   */
  bisectLeft(item: T): number {
    if (!this._custom && (typeof item !== this._kind || Number.isNaN(item))) this._checkQuery(item);
    const maxes = this._maxes;
    const i = this._bisectLeft(maxes, item, 0, maxes.length);
    if (i === maxes.length) return this._len;
    const list = this._lists[i] as T[];
    return this._prefix(i) + this._bisectLeft(list, item, 0, list.length);
  }

  /**
   * The number of items not greater than `item` (where it would be inserted after equal items).
   *
   * @example
   * ```ts
   * new SortedList([1, 2, 2, 3]).bisectRight(2); // 3
   * ```
   * @throws {ValidationError} NaN or a mixed type under the default order.
   */
  bisectRight(item: T): number {
    if (!this._custom && (typeof item !== this._kind || Number.isNaN(item))) this._checkQuery(item);
    const maxes = this._maxes;
    const i = this._bisectRight(maxes, item, 0, maxes.length);
    if (i === maxes.length) return this._len;
    const list = this._lists[i] as T[];
    return this._prefix(i) + this._bisectRight(list, item, 0, list.length);
  }

  /**
   * The item at `index` (negative counts from the end); `undefined` out of range.
   *
   * @example
   * ```ts
   * new SortedList([3, 1, 2]).at(-1); // 3
   * ```
   */
  at(index: number): T | undefined {
    const k = this._norm(index);
    if (k < 0) return undefined;
    const [i, j] = this._locate(k);
    return (this._lists[i] as T[])[j];
  }

  /**
   * Items from `start` to `end` (exclusive), with `Array.prototype.slice` index rules.
   *
   * @example
   * ```ts
   * new SortedList([4, 1, 3, 2]).slice(1, 3); // [2, 3]
   * ```
   */
  slice(start = 0, end = this._len): T[] {
    const [s, e] = this._range(start, end);
    const out: T[] = [];
    if (s >= e) return out;
    let [i, j] = this._locate(s);
    for (let k = s; k < e; k++) {
      let list = this._lists[i] as T[];
      if (j === list.length) {
        i++;
        j = 0;
        list = this._lists[i] as T[];
      }
      out.push(list[j++] as T);
    }
    return out;
  }

  /**
   * Iterates the items between `min` and `max` in order (reversed with
   * `reverse: true`), both bounds included unless `inclusive` says otherwise
   * (sortedcontainers' `irange(minimum, maximum, inclusive, reverse)`); an
   * `undefined` bound is open.
   *
   * @example
   * ```ts
   * const s = new SortedList([1, 2, 3, 4]);
   * [...s.irange(2, 3)];                                  // [2, 3]
   * [...s.irange(2, 4, { inclusive: [false, true] })];   // [3, 4]
   * [...s.irange(undefined, 2, { reverse: true })];       // [2, 1]
   * ```
   * @throws {ValidationError} NaN or a mixed type under the default order.
   * @throws {TypeError} options that are not an object, an unknown option, or `inclusive` that is not a pair of booleans.
   * @throws {ConcurrentModificationError} on the step after the list changed.
   */
  irange(min?: T, max?: T, options?: SortedListRangeOptions): Generator<T, void, undefined> {
    checkOptions(options, "SortedList.irange", ["inclusive", "reverse"]);
    const inclusive = options?.inclusive ?? [true, true];
    if (!Array.isArray(inclusive) || inclusive.length !== 2 || typeof inclusive[0] !== "boolean" || typeof inclusive[1] !== "boolean") {
      throw new TypeError(`SortedList.irange: inclusive must be a pair of booleans, e.g. [true, false] (got ${formatValue(inclusive)})`);
    }
    const start = min === undefined ? 0 : inclusive[0] ? this.bisectLeft(min) : this.bisectRight(min);
    const end = max === undefined ? this._len : inclusive[1] ? this.bisectRight(max) : this.bisectLeft(max);
    return options?.reverse === true ? this._iterateBack(start, end) : this._iterate(start, end);
  }

  private *_iterate(start: number, end: number): Generator<T, void, undefined> {
    if (start >= end) return;
    const mod = this._mod;
    let [i, j] = this._locate(start);
    for (let k = start; k < end; k++) {
      let list = this._lists[i] as T[];
      if (j === list.length) {
        i++;
        j = 0;
        list = this._lists[i] as T[];
      }
      yield list[j++] as T;
      if (this._mod !== mod) this._mutated("list.irange(min, max)");
    }
  }

  private *_iterateBack(start: number, end: number): Generator<T, void, undefined> {
    if (start >= end) return;
    const mod = this._mod;
    let [i, j] = this._locate(end - 1);
    for (let k = end - 1; k >= start; k--) {
      if (j < 0) {
        i--;
        j = (this._lists[i] as T[]).length - 1;
      }
      yield (this._lists[i] as T[])[j--] as T;
      if (this._mod !== mod) this._mutated("list.irange(min, max, { reverse: true })");
    }
  }

  /** Removes every item. */
  clear(): void {
    this._mod++;
    this._lists = [];
    this._maxes = [];
    this._len = 0;
    this._treeOk = false;
    this._kind = undefined;
  }

  /** The items in order, as a new array. */
  toArray(): T[] {
    const out: T[] = [];
    for (const list of this._lists) for (const x of list) out.push(x);
    return out;
  }

  /**
   * Iterates in sorted order.
   *
   * @throws {ConcurrentModificationError} on the step after the list changed
   *   (`add`, `update`, `remove`, `pop`, `clear`): iterate a copy
   *   (`[...list]`, `toArray()`, `slice()`) to change the list in the loop.
   */
  *[Symbol.iterator](): Iterator<T> {
    const mod = this._mod;
    const lists = this._lists;
    for (let i = 0; i < lists.length; i++) {
      const list = lists[i] as T[];
      for (let j = 0; j < list.length; j++) {
        yield list[j] as T;
        if (this._mod !== mod) this._mutated("list");
      }
    }
  }

  private _mutated(copy: string): never {
    return mutated("SortedList", "add, extend, remove, pop or clear", `[...${copy}]`);
  }

  private _checkKind(item: T): void {
    if (this._len === 0) {
      checkOrderable(item, "SortedList", "add");
      this._kind = typeof item;
      return;
    }
    checkOrderable(item, "SortedList", "add", (this._lists[0] as T[])[0]);
  }

  private _checkQuery(item: T): void {
    if (this._len === 0) checkOrderable(item, "SortedList", "query");
    else checkOrderable(item, "SortedList", "query", (this._lists[0] as T[])[0]);
  }

  private _sameKind(item: T): boolean {
    const t = typeof item;
    if (this._len === 0) return false;
    if ((t === "number" && !Number.isNaN(item)) || t === "bigint") return this._kind === "number" || this._kind === "bigint";
    return false;
  }

  /** `[start, stop)` clamped to `[0, length]` with `Array.prototype.slice`'s rules (negative from the end). */
  private _range(start: number | undefined, stop: number | undefined): [number, number] {
    const n = this._len;
    let s = start === undefined ? 0 : Math.trunc(start) || 0;
    let e = stop === undefined ? n : Math.trunc(stop) || 0;
    if (s < 0) s = Math.max(0, n + s);
    if (e < 0) e = Math.max(0, n + e);
    return [Math.min(s, n), Math.min(e, n)];
  }

  private _norm(index: number): number {
    if (!Number.isInteger(index)) return -1;
    const k = index < 0 ? index + this._len : index;
    return k >= 0 && k < this._len ? k : -1;
  }

  private _bisectLeft(a: readonly T[], x: T, lo: number, hi: number): number {
    if (this._custom) {
      const cmp = this._cmp;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cmp(a[mid] as T, x) < 0) lo = mid + 1;
        else hi = mid;
      }
    } else {
      // branch-free halving (the comparison feeds arithmetic, not a branch): random queries
      // would mispredict about half of the branches of the usual loop
      let n = hi - lo;
      if (n === 0) return lo;
      while (n > 1) {
        const half = n >>> 1;
        lo += ((((a[lo + half] as T) < x) as unknown as number) | 0) * half;
        n -= half;
      }
      return lo + ((((a[lo] as T) < x) as unknown as number) | 0);
    }
    return lo;
  }

  private _bisectRight(a: readonly T[], x: T, lo: number, hi: number): number {
    if (this._custom) {
      const cmp = this._cmp;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cmp(x, a[mid] as T) < 0) hi = mid;
        else lo = mid + 1;
      }
    } else {
      let n = hi - lo;
      if (n === 0) return lo;
      while (n > 1) {
        const half = n >>> 1;
        lo += ((((a[lo + half] as T) <= x) as unknown as number) | 0) * half;
        n -= half;
      }
      return lo + ((((a[lo] as T) <= x) as unknown as number) | 0);
    }
    return lo;
  }

  private _removeAt(i: number, j: number): void {
    this._mod++;
    const list = this._lists[i] as T[];
    list.splice(j, 1);
    this._len--;
    if (list.length === 0) {
      this._lists.splice(i, 1);
      this._maxes.splice(i, 1);
      this._treeOk = false;
      if (this._len === 0) this._kind = undefined;
      return;
    }
    this._maxes[i] = list[list.length - 1] as T;
    if (this._treeOk) this._treeAdd(i, -1);
  }

  private _split(i: number): void {
    const list = this._lists[i] as T[];
    const half = list.splice(this._load);
    this._lists.splice(i + 1, 0, half);
    this._maxes[i] = list[list.length - 1] as T;
    this._maxes.splice(i + 1, 0, half[half.length - 1] as T);
    this._treeOk = false;
  }

  private _buildTree(): void {
    const m = this._lists.length;
    const tree = this._tree.length > m ? this._tree.fill(0) : new Int32Array(2 * m + 1);
    for (let i = 1; i <= m; i++) {
      tree[i] = (tree[i] as number) + (this._lists[i - 1] as T[]).length;
      const parent = i + (i & -i);
      if (parent <= m) tree[parent] = (tree[parent] as number) + (tree[i] as number);
    }
    this._tree = tree;
    this._treeOk = true;
  }

  private _treeAdd(i: number, delta: number): void {
    const tree = this._tree;
    const m = this._lists.length;
    for (let k = i + 1; k <= m; k += k & -k) tree[k] = (tree[k] as number) + delta;
  }

  /** Total length of the chunks before chunk `i`. */
  private _prefix(i: number): number {
    if (i === 0) return 0;
    if (!this._treeOk) this._buildTree();
    const tree = this._tree;
    let s = 0;
    for (let k = i; k > 0; k -= k & -k) s += tree[k] as number;
    return s;
  }

  /** Chunk and offset of global index `k` (0 <= k < length). */
  private _locate(k: number): [number, number] {
    const lists = this._lists;
    if (k < (lists[0] as T[]).length) return [0, k];
    if (!this._treeOk) this._buildTree();
    const tree = this._tree;
    const m = lists.length;
    let pos = 0;
    let step = 1;
    while (step * 2 <= m) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= m && (tree[next] as number) <= k) {
        pos = next;
        k -= tree[next] as number;
      }
    }
    return [pos, k];
  }
}

/**
 * The `decorum.SortedList` codec (payload in docs/collections.md), declared for the
 * default registry when this module is evaluated: a bundle that uses SortedList
 * can read and write it, without bundling the registry unless it serializes.
 */
export const sortedListCodec: Codec<SortedList<unknown>> = makeSortedListCodec(SortedList);
declareCodec(sortedListCodec);
