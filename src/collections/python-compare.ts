/**
 * `pythonCompare`: Python's ordering of numbers, strings and tuples as a
 * three-way comparator, for code ported from Python that orders tuples such
 * as `(priority, count, item)`.
 *
 * @module
 */
import { formatValue } from "../errors.js";
import { declareFunction } from "../registry/declared.js";

/** 0 for numbers, bigints and booleans (Python's numeric tower), 1 for strings, 2 for arrays, -1 otherwise. */
function rank(v: unknown): number {
  switch (typeof v) {
    case "number":
    case "bigint":
    case "boolean":
      return 0;
    case "string":
      return 1;
    default:
      return Array.isArray(v) ? 2 : -1;
  }
}

const NAMES = ["a number", "a string", "an array"];

function unorderable(a: unknown, b: unknown, ra: number, rb: number): never {
  if (ra < 0 || rb < 0) {
    const v = ra < 0 ? a : b;
    throw new TypeError(`pythonCompare: ${formatValue(v)} has no Python order (numbers, strings and arrays of them only)`);
  }
  throw new TypeError(
    `pythonCompare: cannot order ${NAMES[ra]} against ${NAMES[rb]} (got ${formatValue(a)} and ${formatValue(b)}), as Python's '<' refuses`,
  );
}

function compareNumbers(a: number | bigint | boolean, b: number | bigint | boolean): number {
  const x = typeof a === "boolean" ? Number(a) : a;
  const y = typeof b === "boolean" ? Number(b) : b;
  if (Number.isNaN(x) || Number.isNaN(y)) throw new TypeError("pythonCompare: NaN has no order");
  // number and bigint compare exactly with < and > (no conversion)
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Strings by Unicode code point (Python), not by UTF-16 code unit (JavaScript's `<`). */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // only a surrogate against a unit at or above U+E000 orders differently by code point
    if ((x >= 0xd800 && x <= 0xdfff) || (y >= 0xd800 && y <= 0xdfff)) {
      return (a.codePointAt(i) as number) < (b.codePointAt(i) as number) ? -1 : 1;
    }
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/**
 * Python's order as a comparator: numbers, bigints and booleans numerically
 * (as Python's `int`/`float`/`bool`), strings by Unicode code point, arrays
 * (Python's tuples and lists) lexicographically, element by element with
 * this same order, a shorter prefix first. Values Python refuses to order
 * throw a `TypeError`: a string against a number, an array against a
 * scalar, `NaN` (Python never raises for NaN but every comparison with it is
 * false, which breaks a heap silently), `null`, objects.
 *
 * Registered with the default registry as `"decorum.pythonCompare"`, so a
 * collection built with it round-trips through `serialize`.
 *
 * @example
 * ```ts
 * // heapq's (priority, count, task) entries
 * const h: [number, number, string][] = [];
 * heapPush(h, [2, 0, "write"], pythonCompare);
 * heapPush(h, [1, 1, "read"], pythonCompare);
 * heapPop(h, pythonCompare); // [1, 1, "read"]
 * pythonCompare("\u{1F600}", "\uFFFF"); // 1 (JavaScript's < says the emoji sorts first)
 * ```
 * @throws {TypeError} values of types Python does not order against each other, or NaN.
 */
export function pythonCompare(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb || ra < 0) return unorderable(a, b, ra, rb);
  if (ra === 0) return compareNumbers(a as number, b as number);
  if (ra === 1) return compareStrings(a as string, b as string);
  const x = a as unknown[];
  const y = b as unknown[];
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const c = pythonCompare(x[i], y[i]);
    if (c !== 0) return c;
  }
  return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
}

// Declared for the default registry, so a heap or sorted list ordered by it serializes by name.
declareFunction("decorum.pythonCompare", pythonCompare);
