/**
 * `Heap<T>`: a binary min-heap (CPython's heapq algorithms, so its array
 * layout matches Python's) with a `Float64Array` fast path for numbers under
 * the default order.
 *
 * @module
 */

import type { Codec } from "../registry/codec.js";
import { declareCodec } from "../registry/declared.js";
import { checkIterable, checkOptions, functionOption, mutated } from "./arguments.js";
import { makeHeapCodec } from "./codecs.js";
import { type Comparator, checkOrderable, defaultCompare } from "./compare.js";
import { siftUp } from "./heapq.js";

/** Options of {@link Heap}. */
export interface HeapOptions<T, K = unknown> {
  /**
   * Comparator on items (or on keys when `key` is given); default: JavaScript
   * `<`. A string is the name of a function registered with
   * `registry.registerFunction(name, fn)`, used as if `fn` were passed.
   */
  compare?: Comparator<K> | string;
  /** Orders items by `key(item)`; a string names a registered function, as for `compare`. */
  key?: ((item: T) => K) | string;
}

const NUMERIC = 0;
const DEFAULT = 1;
const CUSTOM = 2;

/**
 * The numeric store of an empty heap (shared, never written: a push onto it grows first). An empty
 * numeric heap parks its buffer and holds this instead (`peek` does not read the store: see `_fast`).
 */
const EMPTY_NUM = new Float64Array(0);

/**
 * A min-heap: `pop` returns the smallest item under `compare` (or `key`).
 * Iteration is array (heap) order and never mutates; `toSortedArray()` gives
 * sorted order. Empty `pop`/`peek` return `undefined`.
 *
 * @example
 * ```ts
 * const h = new Heap<number>(); h.push(3); h.push(1); h.pop(); // 1
 * const byLen = new Heap<string, number>({ key: (s) => s.length });
 * const maxHeap = new Heap<number>((a, b) => b - a); // a comparator alone, as heapify(array, compare)
 * ```
 * @throws {ValidationError} NaN, a value with no default order, or mixed strings and numbers.
 * @throws {TypeError} options that are neither an object nor a comparator, an unknown option key, or a `compare`/`key` name that is not registered.
 */
export class Heap<T, K = T> implements Iterable<T> {
  /** The comparator given at construction (applies to keys when `key` is set). */
  declare readonly compare: Comparator<K> | undefined;
  /** The key function given at construction. */
  declare readonly key: ((item: T) => K) | undefined;
  declare private _mode: number;
  /** The numeric store; exactly {@link EMPTY_NUM} while the numeric heap is empty (its buffer is parked in `_spare`). */
  declare private _num: Float64Array;
  declare private _spare: Float64Array;
  /**
   * 1 while the heap is numeric and not empty, when {@link _top} is its smallest item; else 0. `peek`
   * tests this one field, then reads `_top` (one load, where `_num[0]` is three and a bounds check).
   */
  declare private _fast: number;
  /** The numeric heap's smallest item (`_num[0]`) while `_fast` is 1; a double field (never a small integer representation). */
  declare private _top: number;
  /** The generic store: slots `[0, _size)` hold the heap; vacated slots are cleared, the array never shrinks. */
  declare private _items: (T | undefined)[];
  declare private _size: number;
  /** Bumped by every change of the items, so an iterator can tell that the heap changed under it. */
  declare private _mod: number;
  declare private readonly _cmp: Comparator<T>;

  constructor(options?: HeapOptions<T, K> | Comparator<K>) {
    // a comparator alone may come first, as the heapq functions take it
    if (typeof options === "function") options = { compare: options };
    checkOptions(options, "Heap", ["compare", "key"]);
    const compare = functionOption<Comparator<K>>(options?.compare, "Heap", "compare");
    const key = functionOption<(item: T) => K>(options?.key, "Heap", "key");
    this.compare = compare;
    this.key = key;
    this._size = 0;
    this._mod = 0;
    this._items = [];
    this._num = EMPTY_NUM;
    this._spare = EMPTY_NUM;
    if (key !== undefined) {
      const c = (compare ?? defaultCompare) as Comparator<K>;
      this._cmp = (a, b) => c(key(a), key(b));
      this._mode = CUSTOM;
    } else if (compare !== undefined) {
      this._cmp = compare as unknown as Comparator<T>;
      this._mode = CUSTOM;
    } else {
      this._cmp = defaultCompare;
      this._mode = NUMERIC;
    }
    // Last, after the fields the comparator paths read (set here before them, the comparator heap's
    // push/pop ran about 5% more instructions a run under valgrind, bench: heap-comparator).
    this._fast = 0;
    // NaN, not 0: the field's first value is a double, so V8 stores it as a double field (a small
    // integer first would make it a tagged field and every later double write a transition)
    this._top = Number.NaN;
  }

  /**
   * Builds a heap from `items` in linear time.
   *
   * @example
   * ```ts
   * Heap.from([5, 2, 8]).peek(); // 2
   * ```
   * @throws {ValidationError} as {@link Heap.push}.
   * @throws {TypeError} `items` that is not iterable, or bad options (as the constructor).
   */
  static from<T, K = T>(items: Iterable<T>, options?: HeapOptions<T, K> | Comparator<K>): Heap<T, K> {
    checkIterable(items, "Heap.from", "items");
    const h = new Heap<T, K>(options);
    // an array is read in place (the numeric store copies it; the generic store takes a copy below)
    const given = Array.isArray(items);
    const arr: T[] = given ? (items as T[]) : Array.from(items);
    const num = h._mode === NUMERIC ? toFloat64(arr) : undefined;
    if (num !== undefined) {
      h._num = num;
      h._size = arr.length;
    } else {
      if (h._mode === NUMERIC) {
        h._mode = DEFAULT;
        if (arr.length > 0) checkOrderable(arr[0], "Heap", "push");
        for (let i = 1; i < arr.length; i++) checkOrderable(arr[i], "Heap", "push", arr[0]);
      }
      h._items = given ? Array.from(arr) : arr;
      h._size = arr.length;
    }
    h._heapify();
    return h;
  }

  /** Number of items. */
  get size(): number {
    return this._size;
  }

  /**
   * Adds an item in O(log n).
   *
   * @example
   * ```ts
   * heap.push(4);
   * ```
   * @throws {ValidationError} NaN, a value with no default order, or mixed types (default order only).
   */
  push(item: T): void {
    if (this._mode === NUMERIC) {
      if (typeof item === "number" && !Number.isNaN(item)) {
        this._mod++;
        let a = this._num;
        let pos = this._size;
        if (pos === a.length) a = this._grow();
        this._size = pos + 1;
        // Same parent walk as the end of _numSift, inlined on purpose: push is the hot path and a helper call costs here.
        while (pos > 0) {
          const parent = (pos - 1) >> 1;
          const p = a[parent] as number;
          if (item < p) {
            a[pos] = p;
            pos = parent;
          } else break;
        }
        a[pos] = item;
        if (pos === 0) {
          this._top = item;
          this._fast = 1;
        }
        return;
      }
      this._leaveNumeric(item);
    } else if (this._mode === DEFAULT) {
      if (this._size === 0) checkOrderable(item, "Heap", "push");
      else checkOrderable(item, "Heap", "push", this._items[0]);
    }
    this._mod++;
    // CPython's _siftdown from the new leaf, moving parents down (no swaps)
    const items = this._items;
    const cmp = this._cmp;
    let pos = this._size;
    this._size = pos + 1;
    while (pos > 0) {
      const parentPos = (pos - 1) >> 1;
      const parent = items[parentPos] as T;
      if (cmp(item, parent) < 0) {
        items[pos] = parent;
        pos = parentPos;
      } else break;
    }
    items[pos] = item;
  }

  /**
   * Removes and returns the smallest item; `undefined` when empty.
   *
   * @example
   * ```ts
   * Heap.from([3, 1]).pop(); // 1
   * ```
   */
  pop(): T | undefined {
    const n = this._size;
    if (n === 0) return undefined;
    this._mod++;
    if (this._mode === NUMERIC) {
      const a = this._num;
      const top = a[0] as number;
      const last = n - 1;
      this._size = last;
      if (last > 0) this._numSift(a[last] as number, last);
      else this._park();
      return top as T;
    }
    const items = this._items;
    const end = n - 1;
    const last = items[end] as T;
    items[end] = undefined;
    this._size = end;
    if (end === 0) return last;
    const top = items[0] as T;
    this._popSift(last, end);
    return top;
  }

  /**
   * The smallest item without removing it; `undefined` when empty.
   *
   * @example
   * ```ts
   * Heap.from([3, 1]).peek(); // 1
   * ```
   */
  peek(): T | undefined {
    // One field test, then one load (top-k loops call peek once per item, bench: top-k). No branch
    // returns `undefined` beside the number (V8 would box the number to merge them): an empty numeric
    // heap has `_fast` 0 and an empty generic store, whose slot 0 is `undefined`; a generic heap's
    // slot 0 is cleared when it empties.
    if (this._fast === 1) return this._top as unknown as T;
    return this._items[0];
  }

  /**
   * Pushes `item` then pops the smallest, in one sift (Python's `heappushpop`).
   *
   * @example
   * ```ts
   * Heap.from([2, 5]).pushPop(1); // 1
   * ```
   * @throws {ValidationError} as {@link Heap.push}.
   */
  pushPop(item: T): T {
    if (this._size > 0 && this._cmpTop(item)) {
      const top = this.peek() as T;
      this._replaceTop(item);
      return top;
    }
    if (this._mode !== CUSTOM) checkOrderable(item, "Heap", "pushPop");
    return item;
  }

  /**
   * Pops the smallest item then pushes `item` (Python's `heapreplace`);
   * returns the popped item, or `undefined` (after pushing) when empty.
   *
   * @example
   * ```ts
   * Heap.from([1, 5]).replace(9); // 1
   * ```
   * @throws {ValidationError} as {@link Heap.push}.
   */
  replace(item: T): T | undefined {
    // Written out whole (both stores' sifts here, no helper calls) on purpose: this keeps the method
    // over V8's inlining limit (460 bytes of bytecode), so a top-k loop (`if (x > h.peek()) h.replace(x)`)
    // calls it instead of inlining it. Inlined, its sift loop made TurboFan spill the caller's loop
    // values on every iteration, the peek-only ones too; as a call, the loop is peek and a compare
    // (bench: top-k, about 1.25 ms a run inlined and 0.66 ms called, for 1e6 peeks and ~1000 replaces).
    if (this._fast === 1 && typeof item === "number" && !Number.isNaN(item)) {
      // the numeric store (no order check needed: a number under `<`); the sift of _numSift
      const top = this._top;
      this._mod++;
      const a = this._num;
      const end = this._size;
      let pos = 0;
      let child = 1;
      while (child < end) {
        const right = child + 1;
        let c = a[child] as number;
        if (right < end) {
          const r = a[right] as number;
          if (!(c < r)) {
            child = right;
            c = r;
          }
        }
        a[pos] = c;
        pos = child;
        child = 2 * pos + 1;
      }
      while (pos > 0) {
        const parent = (pos - 1) >> 1;
        const p = a[parent] as number;
        if (item < p) {
          a[pos] = p;
          pos = parent;
        } else break;
      }
      a[pos] = item;
      this._top = a[0] as number;
      return top as T;
    }
    const size = this._size;
    if (size === 0) {
      this.push(item);
      return undefined;
    }
    const top = this.peek() as T;
    if (this._mode !== CUSTOM) checkOrderable(item, "Heap", "replace", top);
    // a number store holding NaN or a non-number moves to the generic store first (or throws)
    if (this._mode === NUMERIC) this._leaveNumeric(item);
    this._mod++;
    // the generic store: the sift of _popSift
    const items = this._items;
    const cmp = this._cmp;
    let pos = 0;
    let child = 1;
    let right = 2;
    while (right < size) {
      let c = items[child] as T;
      const r = items[right] as T;
      if (!(cmp(c, r) < 0)) {
        child = right;
        c = r;
      }
      items[pos] = c;
      pos = child;
      child = 2 * pos + 1;
      right = child + 1;
    }
    if (child < size) {
      items[pos] = items[child];
      pos = child;
    }
    while (pos > 0) {
      const parentPos = (pos - 1) >> 1;
      const parent = items[parentPos] as T;
      if (cmp(item, parent) < 0) {
        items[pos] = parent;
        pos = parentPos;
      } else break;
    }
    items[pos] = item;
    return top;
  }

  /** Removes every item. */
  clear(): void {
    this._mod++;
    this._size = 0;
    this._items = [];
    if (this._mode === NUMERIC) this._park();
  }

  /**
   * The items in sorted order (the heap is not changed).
   *
   * @example
   * ```ts
   * Heap.from([3, 1, 2]).toSortedArray(); // [1, 2, 3]
   * ```
   */
  toSortedArray(): T[] {
    if (this._mode === NUMERIC) return Array.from(this._num.slice(0, this._size).sort()) as T[];
    return (this._items.slice(0, this._size) as T[]).sort(this._cmp);
  }

  /** The items in array (heap) order, as a new array. */
  toArray(): T[] {
    if (this._mode === NUMERIC) return Array.from(this._num.subarray(0, this._size)) as T[];
    return this._items.slice(0, this._size) as T[];
  }

  /**
   * Iterates in array (heap) order; never mutates the heap.
   *
   * @throws {ConcurrentModificationError} on the step after the heap changed
   *   (`push`, `pop`, `pushPop`, `replace`, `clear`): iterate a copy
   *   (`[...heap]`, `toArray()`) to change the heap in the loop.
   */
  *[Symbol.iterator](): Iterator<T> {
    const mod = this._mod;
    for (let i = 0; i < this._size; i++) {
      // the store is read at each step: it is replaced when it grows or leaves the numeric mode
      yield (this._mode === NUMERIC ? this._num[i] : this._items[i]) as T;
      if (this._mod !== mod) mutated("Heap", "push, pop, pushPop, replace or clear", "[...heap]");
    }
  }

  private _cmpTop(item: T): boolean {
    if (this._mode === NUMERIC && typeof item === "number") return this._top < item;
    return this._cmp(this.peek() as T, item) < 0;
  }

  private _replaceTop(item: T): void {
    if (this._mode === NUMERIC) {
      if (typeof item !== "number" || Number.isNaN(item)) {
        this._leaveNumeric(item);
        this._mod++;
        this._popSift(item, this._size);
      } else {
        this._mod++;
        this._numSift(item, this._size);
      }
      return;
    }
    this._mod++;
    this._popSift(item, this._size);
  }

  private _grow(): Float64Array {
    let a = this._spare;
    if (this._num.length === 0 && a.length > 0) {
      // the first push onto an empty numeric heap takes its parked buffer back
      this._spare = EMPTY_NUM;
    } else {
      a = new Float64Array(this._num.length * 2 || 16);
      a.set(this._num);
    }
    this._num = a;
    return a;
  }

  /** The numeric heap became empty: keep its buffer for the next push and hold {@link EMPTY_NUM}. */
  private _park(): void {
    if (this._num.length > 0) this._spare = this._num;
    this._num = EMPTY_NUM;
    this._fast = 0;
  }

  /** Python's `_siftup` from the root with `item` in hand, over the first `end` slots. */
  private _numSift(item: number, end: number): void {
    const a = this._num;
    let pos = 0;
    let child = 1;
    while (child < end) {
      const right = child + 1;
      let c = a[child] as number;
      if (right < end) {
        const r = a[right] as number;
        if (!(c < r)) {
          child = right;
          c = r;
        }
      }
      a[pos] = c;
      pos = child;
      child = 2 * pos + 1;
    }
    // Same parent walk as the numeric push, inlined on purpose (pop's hot path; see push).
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const p = a[parent] as number;
      if (item < p) {
        a[pos] = p;
        pos = parent;
      } else break;
    }
    a[pos] = item;
    this._top = a[0] as number;
  }

  /**
   * The generic store's `_siftup` from the root with `item` in hand, over
   * the first `end` slots (CPython's algorithm: the smaller child moves up
   * to a leaf, then `item` sifts back up). Moves items, never swaps.
   */
  private _popSift(item: T, end: number): void {
    const items = this._items;
    const cmp = this._cmp;
    let pos = 0;
    let child = 1;
    let right = 2;
    while (right < end) {
      let c = items[child] as T;
      const r = items[right] as T;
      if (!(cmp(c, r) < 0)) {
        child = right;
        c = r;
      }
      items[pos] = c;
      pos = child;
      child = 2 * pos + 1;
      right = child + 1;
    }
    if (child < end) {
      items[pos] = items[child];
      pos = child;
    }
    while (pos > 0) {
      const parentPos = (pos - 1) >> 1;
      const parent = items[parentPos] as T;
      if (cmp(item, parent) < 0) {
        items[pos] = parent;
        pos = parentPos;
      } else break;
    }
    items[pos] = item;
  }

  /** Switches from the numeric store to the generic one because of `item` (or throws). */
  private _leaveNumeric(item: T): void {
    if (this._size === 0) checkOrderable(item, "Heap", "push");
    else checkOrderable(item, "Heap", "push", this._num[0]);
    this._items = Array.from(this._num.subarray(0, this._size)) as T[];
    this._num = EMPTY_NUM;
    this._spare = EMPTY_NUM;
    this._fast = 0;
    this._mode = DEFAULT;
  }

  /** Puts the first `_size` items in heap order (linear time; CPython's layout). */
  private _heapify(): void {
    const end = this._size;
    if (this._mode !== NUMERIC) {
      for (let i = (end >> 1) - 1; i >= 0; i--) siftUp(this._items, i, this._cmp, end);
      return;
    }
    // Sift each subtree, stopping at the first child greater than the item (the same layout as CPython's
    // walk to a leaf and back). Copy of numericHeapify in heapq.ts over a Float64Array instead of a plain
    // array, kept apart so that each loop stays monomorphic.
    const a = this._num;
    for (let start = (end >> 1) - 1; start >= 0; start--) {
      let pos = start;
      const item = a[pos] as number;
      let child = 2 * pos + 1;
      while (child < end) {
        const right = child + 1;
        let c = a[child] as number;
        if (right < end) {
          const r = a[right] as number;
          if (!(c < r)) {
            child = right;
            c = r;
          }
        }
        if (item < c) break;
        a[pos] = c;
        pos = child;
        child = 2 * pos + 1;
      }
      a[pos] = item;
    }
    if (end > 0) {
      this._top = a[0] as number;
      this._fast = 1;
    }
  }
}

/**
 * The items in a new `Float64Array` (room for at least 16; {@link EMPTY_NUM} for none), or `undefined`
 * when one is not a number or is NaN. One pass that checks and copies (`Float64Array.prototype.set` from a plain array is several times
 * slower than this loop in V8).
 */
function toFloat64(arr: readonly unknown[]): Float64Array | undefined {
  const n = arr.length;
  if (n === 0) return EMPTY_NUM;
  const out = new Float64Array(Math.max(n, 16));
  for (let i = 0; i < n; i++) {
    const x = arr[i];
    if (typeof x !== "number" || Number.isNaN(x)) return undefined;
    out[i] = x;
  }
  return out;
}

/** Checks that `items` (array order) satisfy the heap property; returns the first bad index or -1. */
export function heapViolation<T>(items: readonly T[], cmp: Comparator<T>): number {
  for (let i = 1; i < items.length; i++) if (cmp(items[i] as T, items[(i - 1) >> 1] as T) < 0) return i;
  return -1;
}

/** @internal Used by the codec: builds a heap from an array already in heap order. */
export function heapFromHeapOrder<T, K>(items: T[], options: HeapOptions<T, K>): Heap<T, K> {
  const h = new Heap<T, K>(options);
  for (const x of items) h.push(x);
  return h;
}

/**
 * The `decorum.Heap` codec (payload in docs/collections.md), declared for the
 * default registry when this module is evaluated: a bundle that uses Heap
 * can read and write it, without bundling the registry unless it serializes.
 */
export const heapCodec: Codec<Heap<unknown, unknown>> = makeHeapCodec(Heap, heapViolation, heapFromHeapOrder);
declareCodec(heapCodec);
