/**
 * bisect-style functions on sorted arrays (Python's `bisect` module,
 * including 3.10's `key`): with a `key`, the bisect functions take a key
 * value and the insort functions take an item.
 *
 * @module
 */
import { badNumber, checkArray, checkOptions, functionOption } from "./arguments.js";
import { type Comparator, defaultCompare } from "./compare.js";

/** Options of the bisect and insort functions. */
export interface BisectOptions<T, K = T> {
  /** First index to consider (default 0). */
  lo?: number;
  /** One past the last index to consider (default `array.length`). */
  hi?: number;
  /**
   * Compares `key(item)` instead of the item (the searched value is then a
   * key). A string is the name of a function registered with
   * `registry.registerFunction(name, fn)`.
   */
  key?: ((item: T) => K) | string;
  /** Comparator on keys (or items); default: JavaScript `<`. A string names a registered function, as for `key`. */
  compare?: Comparator<K> | string;
}

function bounds(fn: string, length: number, options: BisectOptions<unknown, unknown> | undefined): [number, number] {
  const lo = options?.lo ?? 0;
  const hi = options?.hi ?? length;
  if (!Number.isInteger(lo) || lo < 0) badNumber(fn, "lo", "a non-negative integer", lo);
  if (!Number.isInteger(hi)) badNumber(fn, "hi", "an integer", hi);
  return [lo, hi];
}

/** The key function of `options` (resolved by name when a string); `undefined` without one. */
function keyOf<T, K>(fn: string, options: BisectOptions<T, K> | undefined): ((item: T) => K) | undefined {
  checkOptions(options, fn, ["lo", "hi", "key", "compare"]);
  const key = options?.key;
  return typeof key === "function" ? key : functionOption<(item: T) => K>(key, fn, "key");
}

function search<T, K>(
  fn: string,
  array: readonly T[],
  x: K,
  options: BisectOptions<T, K> | undefined,
  right: boolean,
  key: ((item: T) => K) | undefined,
): number {
  let [lo, hi] = bounds(fn, array.length, options as BisectOptions<unknown, unknown>);
  const c = options?.compare;
  const cmp = (typeof c === "function" ? c : (functionOption<Comparator<K>>(c, fn, "compare") ?? defaultCompare)) as Comparator<unknown>;
  if (cmp === defaultCompare) defaultCompare(x, x);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = key === undefined ? array[mid] : key(array[mid] as T);
    if (right ? cmp(x, v) < 0 : cmp(v, x) < 0) {
      if (right) hi = mid;
      else lo = mid + 1;
    } else if (right) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The leftmost index at which `x` could be inserted keeping `array` sorted (before equal items).
 *
 * @example
 * ```ts
 * bisectLeft([1, 2, 2, 3], 2); // 1
 * bisectLeft(people, 30, { key: (p) => p.age });
 * ```
 * @throws {ValidationError} NaN or mixed types under the default order.
 * @throws {RangeError} a `lo` that is not a non-negative integer, a `hi` that is not an integer.
 * @throws {TypeError} `array` that is not an array (or array-like), options that are not an object, or an unregistered `key`/`compare` name.
 */
export function bisectLeft<T, K = T>(array: readonly T[], x: K, options?: BisectOptions<T, K>): number {
  checkArray(array, "bisectLeft", "the first argument", true);
  return search("bisectLeft", array, x, options, false, keyOf("bisectLeft", options));
}

/**
 * The rightmost index at which `x` could be inserted keeping `array` sorted (after equal items).
 *
 * @example
 * ```ts
 * bisectRight([1, 2, 2, 3], 2); // 3
 * ```
 * @throws {ValidationError} NaN or mixed types under the default order.
 * @throws {RangeError} a `lo` that is not a non-negative integer, a `hi` that is not an integer.
 * @throws {TypeError} `array` that is not an array (or array-like), options that are not an object, or an unregistered `key`/`compare` name.
 */
export function bisectRight<T, K = T>(array: readonly T[], x: K, options?: BisectOptions<T, K>): number {
  checkArray(array, "bisectRight", "the first argument", true);
  return search("bisectRight", array, x, options, true, keyOf("bisectRight", options));
}

/**
 * Inserts `item` into sorted `array` before equal items; returns the index used.
 *
 * @example
 * ```ts
 * const a = [1, 3]; insortLeft(a, 2); // a is [1, 2, 3]
 * ```
 * @throws {ValidationError} as {@link bisectLeft}.
 * @throws {TypeError} `array` that is not an array, or bad options (as {@link bisectLeft}).
 */
export function insortLeft<T, K = T>(array: T[], item: T, options?: BisectOptions<T, K>): number {
  checkArray(array, "insortLeft", "the first argument");
  const key = keyOf("insortLeft", options);
  const i = search("insortLeft", array, key === undefined ? (item as unknown as K) : key(item), options, false, key);
  array.splice(i, 0, item);
  return i;
}

/**
 * Inserts `item` into sorted `array` after equal items; returns the index used.
 *
 * @example
 * ```ts
 * const a = [1, 3]; insortRight(a, 2); // a is [1, 2, 3]
 * ```
 * @throws {ValidationError} as {@link bisectLeft}.
 * @throws {TypeError} `array` that is not an array, or bad options (as {@link bisectLeft}).
 */
export function insortRight<T, K = T>(array: T[], item: T, options?: BisectOptions<T, K>): number {
  checkArray(array, "insortRight", "the first argument");
  const key = keyOf("insortRight", options);
  const i = search("insortRight", array, key === undefined ? (item as unknown as K) : key(item), options, true, key);
  array.splice(i, 0, item);
  return i;
}
