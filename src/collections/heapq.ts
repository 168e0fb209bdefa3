/**
 * heapq-style functions on plain arrays: the same algorithms as CPython's
 * `heapq` module, so the array layout after each call is the one Python
 * produces. Min-heap order under `compare` (default: JavaScript `<` on
 * numbers or strings, NaN and mixed types rejected).
 *
 * @module
 */
import { badNumber, checkArray, checkFunction, checkIterable, checkOptions, functionOption } from "./arguments.js";
import { type Comparator, defaultCompare } from "./compare.js";

function siftDown<T>(heap: (T | undefined)[], start: number, pos: number, cmp: Comparator<T>): void {
  const item = heap[pos] as T;
  while (pos > start) {
    const parentPos = (pos - 1) >> 1;
    const parent = heap[parentPos] as T;
    if (cmp(item, parent) < 0) {
      heap[pos] = parent;
      pos = parentPos;
      continue;
    }
    break;
  }
  heap[pos] = item;
}

/**
 * CPython's `_siftup`: moves the smaller child up from `pos` to a leaf, then
 * sifts the item down into place. `end` bounds the heap (`Heap` keeps
 * vacant slots past its size). Internal; shared with `Heap.from`.
 */
export function siftUp<T>(heap: (T | undefined)[], pos: number, cmp: Comparator<T>, end: number = heap.length): void {
  const start = pos;
  const item = heap[pos] as T;
  let child = 2 * pos + 1;
  while (child < end) {
    const right = child + 1;
    if (right < end && !(cmp(heap[child] as T, heap[right] as T) < 0)) child = right;
    heap[pos] = heap[child] as T;
    pos = child;
    child = 2 * pos + 1;
  }
  heap[pos] = item;
  siftDown(heap, start, pos, cmp);
}

/**
 * Sifts `heap[pos]` down a binary heap of indexes, where `above(a, b)` says
 * that index `a` belongs above index `b` (nLargest / nSmallest keep their
 * worst kept item on top, mergeSorted its smallest head).
 */
function siftIndexHeap(heap: number[], pos: number, above: (a: number, b: number) => boolean): void {
  const len = heap.length;
  const it = heap[pos] as number;
  for (;;) {
    let child = 2 * pos + 1;
    if (child >= len) break;
    if (child + 1 < len && above(heap[child + 1] as number, heap[child] as number)) child++;
    if (!above(heap[child] as number, it)) break;
    heap[pos] = heap[child] as number;
    pos = child;
  }
  heap[pos] = it;
}

/**
 * Rearranges `array` in place into a min-heap in linear time (CPython's layout).
 *
 * @example
 * ```ts
 * const a = [5, 1, 4]; heapify(a); a[0]; // 1
 * ```
 * @throws {ValidationError} NaN or mixed types under the default order.
 * @throws {TypeError} `array` that is not an array.
 */
export function heapify<T>(array: T[], compare: Comparator<T> = defaultCompare): T[] {
  checkArray(array, "heapify", "the first argument", true);
  checkFunction(compare, "heapify", "compare");
  if (compare === defaultCompare && Array.isArray(array) && allNumbers(array as unknown[])) {
    numericHeapify(array as unknown as number[]);
    return array;
  }
  for (let i = (array.length >> 1) - 1; i >= 0; i--) siftUp(array, i, compare);
  return array;
}

function allNumbers(a: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== "number" || Number.isNaN(v)) return false;
  }
  return true;
}

/**
 * `heapify` of an array of numbers (not NaN) under the default order: `<` inline instead of a comparator call
 * (bench: heapify-pops). It stops going down at the first child greater than the item instead of walking to a
 * leaf and back up (CPython's `_siftup`): on a total order both leave the same layout, since CPython's item
 * comes to rest below the path's last child that is <= it, exactly where this loop stops (ties included, so
 * -0 and 0 land where Python puts them); the early stop does about half the moves while heapifying.
 * Same loop as Heap's numeric `_heapify` (heap.ts), kept as a copy on purpose: that one runs over a
 * `Float64Array`, this one over a plain array, and one shared function would see both element kinds and lose
 * the monomorphic fast path on each.
 */
function numericHeapify(a: number[]): void {
  const end = a.length;
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
}

/**
 * Pushes `item` onto the heap `array`, keeping the heap order.
 *
 * @example
 * ```ts
 * const h: number[] = []; heapPush(h, 3); heapPush(h, 1); h[0]; // 1
 * ```
 * @throws {ValidationError} NaN or mixed types under the default order.
 * @throws {TypeError} `array` that is not an array.
 */
export function heapPush<T>(array: T[], item: T, compare: Comparator<T> = defaultCompare): void {
  if (!Array.isArray(array)) checkArray(array, "heapPush", "the first argument");
  if (compare === defaultCompare && array.length === 0) defaultCompare(item, item);
  array.push(item);
  siftDown(array, 0, array.length - 1, compare);
}

/**
 * Pops and returns the smallest item of the heap `array`; `undefined` when empty.
 *
 * @example
 * ```ts
 * heapPop(heapify([3, 1, 2])); // 1
 * ```
 * @throws {TypeError} `array` that is not an array.
 */
export function heapPop<T>(array: T[], compare: Comparator<T> = defaultCompare): T | undefined {
  if (!Array.isArray(array)) checkArray(array, "heapPop", "the first argument");
  if (array.length === 0) return undefined;
  const last = array.pop() as T;
  if (array.length === 0) return last;
  const top = array[0] as T;
  array[0] = last;
  siftUp(array, 0, compare);
  return top;
}

/**
 * Pushes `item`, then pops and returns the smallest item (faster than the two
 * calls; returns `item` itself when it is not larger than the top).
 *
 * @example
 * ```ts
 * heapPushPop(heapify([2, 5]), 1); // 1
 * ```
 * @throws {ValidationError} NaN or mixed types under the default order.
 * @throws {TypeError} `array` that is not an array.
 */
export function heapPushPop<T>(array: T[], item: T, compare: Comparator<T> = defaultCompare): T {
  if (!Array.isArray(array)) checkArray(array, "heapPushPop", "the first argument");
  if (array.length > 0 && compare(array[0] as T, item) < 0) {
    const top = array[0] as T;
    array[0] = item;
    siftUp(array, 0, compare);
    return top;
  }
  if (compare === defaultCompare) defaultCompare(item, item);
  return item;
}

/**
 * Pops the smallest item, then pushes `item`; returns the popped item. On an
 * empty heap it pushes `item` and returns `undefined` (Python raises).
 *
 * @example
 * ```ts
 * heapReplace(heapify([1, 5]), 9); // 1
 * ```
 * @throws {ValidationError} NaN or mixed types under the default order.
 * @throws {TypeError} `array` that is not an array.
 */
export function heapReplace<T>(array: T[], item: T, compare: Comparator<T> = defaultCompare): T | undefined {
  if (!Array.isArray(array)) checkArray(array, "heapReplace", "the first argument");
  if (array.length === 0) {
    heapPush(array, item, compare);
    return undefined;
  }
  const top = array[0] as T;
  array[0] = item;
  siftUp(array, 0, compare);
  return top;
}

/** Options of {@link nLargest}, {@link nSmallest} and {@link mergeSorted}. */
export interface SelectOptions<T, K = unknown> {
  /**
   * Orders items by `key(item)` instead of the item itself. A string is the
   * name of a function registered with `registry.registerFunction(name, fn)`.
   */
  key?: ((item: T) => K) | string;
  /** Comparator on keys (or on items without `key`); default: JavaScript `<`. A string names a registered function, as for `key`. */
  compare?: Comparator<K> | string;
}

function select<T, K>(fnName: string, n: number, iterable: Iterable<T>, options: SelectOptions<T, K> | undefined, sign: 1 | -1): T[] {
  if (typeof n !== "number" || Number.isNaN(n)) badNumber(fnName, "n", "a number", n);
  checkIterable(iterable, fnName, "the second argument", "", "an iterable of items");
  checkOptions(options, fnName, ["key", "compare"]);
  const key = functionOption<(item: T) => K>(options?.key, fnName, "key");
  const cmp = (functionOption<Comparator<K>>(options?.compare, fnName, "compare") ?? defaultCompare) as Comparator<unknown>;
  if (n <= 0) return [];
  const items: T[] = [];
  const keys: unknown[] = [];
  const order: number[] = [];
  // A bounded heap of slots whose top is the worst kept item; ties by input order (later = worse).
  const heap: number[] = [];
  const worse = (a: number, b: number): boolean => {
    const c = sign * cmp(keys[a], keys[b]);
    return c > 0 || (c === 0 && (order[a] as number) > (order[b] as number));
  };
  let i = 0;
  for (const item of iterable) {
    const k = key === undefined ? item : key(item);
    if (cmp === defaultCompare) defaultCompare(k, k);
    if (heap.length < n) {
      const slot = items.length;
      items.push(item);
      keys.push(k);
      order.push(i);
      heap.push(slot);
      let pos = heap.length - 1;
      while (pos > 0) {
        const parent = (pos - 1) >> 1;
        if (!worse(slot, heap[parent] as number)) break;
        heap[pos] = heap[parent] as number;
        pos = parent;
      }
      heap[pos] = slot;
    } else {
      const top = heap[0] as number;
      if (sign * cmp(k, keys[top]) < 0) {
        items[top] = item;
        keys[top] = k;
        order[top] = i;
        siftIndexHeap(heap, 0, worse);
      }
    }
    i++;
  }
  heap.sort((a, b) => sign * cmp(keys[a], keys[b]) || (order[a] as number) - (order[b] as number));
  return heap.map((j) => items[j] as T);
}

/**
 * The `n` largest items, largest first; ties keep input order (like Python's
 * `sorted(iterable, key, reverse=True)[:n]`). `n <= 0` gives `[]`.
 *
 * @example
 * ```ts
 * nLargest(2, [1, 5, 3]); // [5, 3]
 * ```
 * @throws {ValidationError} NaN or mixed types under the default order.
 * @throws {TypeError} an `iterable` that is not iterable, options that are not an object, or an unregistered `key`/`compare` name.
 */
export function nLargest<T, K = T>(n: number, iterable: Iterable<T>, options?: SelectOptions<T, K>): T[] {
  return select("nLargest", n, iterable, options, -1);
}

/**
 * The `n` smallest items, smallest first; ties keep input order. `n <= 0` gives `[]`.
 *
 * @example
 * ```ts
 * nSmallest(2, [4, 1, 3]); // [1, 3]
 * ```
 * @throws {ValidationError} NaN or mixed types under the default order.
 * @throws {TypeError} an `iterable` that is not iterable, options that are not an object, or an unregistered `key`/`compare` name.
 */
export function nSmallest<T, K = T>(n: number, iterable: Iterable<T>, options?: SelectOptions<T, K>): T[] {
  return select("nSmallest", n, iterable, options, 1);
}

/** Options of {@link mergeSorted}. */
export interface MergeOptions<T, K = unknown> extends SelectOptions<T, K> {
  /** The inputs are sorted largest first; so is the output. */
  reverse?: boolean;
}

/**
 * Lazily merges sorted iterables into one sorted sequence (Python's
 * `heapq.merge`); on ties the item from the earlier input comes first.
 *
 * @example
 * ```ts
 * [...mergeSorted([[1, 4], [2, 3]])]; // [1, 2, 3, 4]
 * ```
 * @throws {ValidationError} NaN or mixed types under the default order.
 * @throws {TypeError} `iterables` (or one of them) that is not iterable, options that are not an object, or an unregistered `key`/`compare` name.
 */
export function mergeSorted<T, K = T>(iterables: Iterable<Iterable<T>>, options?: MergeOptions<T, K>): Generator<T, void, undefined> {
  checkIterable(iterables, "mergeSorted", "the first argument", "", "an iterable of sorted iterables");
  checkOptions(options, "mergeSorted", ["key", "compare", "reverse"]);
  const key = functionOption<(item: T) => K>(options?.key, "mergeSorted", "key");
  const cmp = (functionOption<Comparator<K>>(options?.compare, "mergeSorted", "compare") ?? defaultCompare) as Comparator<unknown>;
  return merge(iterables, key as ((item: T) => unknown) | undefined, cmp, options?.reverse ? -1 : 1);
}

function* merge<T>(
  iterables: Iterable<Iterable<T>>,
  key: ((item: T) => unknown) | undefined,
  cmp: Comparator<unknown>,
  sign: 1 | -1,
): Generator<T, void, undefined> {
  const its: Iterator<T>[] = [];
  const heads: T[] = [];
  const keys: unknown[] = [];
  const heap: number[] = [];
  const less = (a: number, b: number): boolean => {
    const c = sign * cmp(keys[a], keys[b]);
    return c < 0 || (c === 0 && a < b);
  };
  for (const iterable of iterables) {
    checkIterable(iterable, "mergeSorted", `input ${its.length}`, "", "a sorted iterable");
    const it = iterable[Symbol.iterator]();
    const r = it.next();
    const j = its.length;
    its.push(it);
    heads.push(r.value as T);
    keys.push(undefined);
    if (!r.done) {
      keys[j] = key === undefined ? r.value : key(r.value);
      if (cmp === defaultCompare) defaultCompare(keys[j], keys[j]);
      heap.push(j);
    }
  }
  for (let p = (heap.length >> 1) - 1; p >= 0; p--) siftIndexHeap(heap, p, less);
  try {
    while (heap.length > 0) {
      const j = heap[0] as number;
      yield heads[j] as T;
      const r = (its[j] as Iterator<T>).next();
      if (r.done) {
        const last = heap.pop() as number;
        if (heap.length > 0) {
          heap[0] = last;
          siftIndexHeap(heap, 0, less);
        }
      } else {
        heads[j] = r.value;
        keys[j] = key === undefined ? r.value : key(r.value);
        if (cmp === defaultCompare) defaultCompare(keys[j], keys[j]);
        siftIndexHeap(heap, 0, less);
      }
    }
  } finally {
    for (const j of heap) (its[j] as Iterator<T>).return?.();
  }
}
