/**
 * The default order of decorum's collections: JavaScript's `<` on numbers,
 * bigints or strings, with NaN, other types and number/string mixes
 * rejected as data errors. The checks on what callers pass in live in
 * `arguments.ts`. Internal: not re-exported except {@link Comparator}.
 *
 * @module
 */
import { fail } from "./arguments.js";

/** A three-way comparator: negative when `a` sorts first, positive when `b` does, 0 when tied. */
export type Comparator<T> = (a: T, b: T) => number;

function kind(v: unknown): 0 | 1 | 2 {
  const t = typeof v;
  if (t === "number") return Number.isNaN(v) ? 2 : 0;
  if (t === "bigint") return 0;
  if (t === "string") return 1;
  return 2;
}

/**
 * Checks that `v` has a default order (a number that is not NaN, a bigint or
 * a string) and that it can be compared with `other` (numbers and strings do
 * not mix). Throws a `ValidationError` otherwise.
 */
export function checkOrderable(v: unknown, className: string, member: string, ...against: [other?: unknown]): void {
  const k = kind(v);
  if (k === 2) {
    if (typeof v === "number") fail(className, member, "nan", "NaN has no order", v, "a number that is not NaN");
    fail(className, member, "type", "no default order for this value: pass a comparator", v, "number, bigint or string");
  }
  if (against.length > 0 && kind(against[0]) !== k) {
    fail(className, member, "mixed", "cannot order a string against a number: pass a comparator", v, typeof against[0]);
  }
}

/**
 * The default comparator: JavaScript's `<` on numbers/bigints or on strings
 * (UTF-16 code unit order). NaN, other types and number/string mixes throw a
 * `ValidationError`.
 */
export function defaultCompare(a: unknown, b: unknown): number {
  const ka = kind(a);
  if (ka === 2 || ka !== kind(b)) checkPair(a, b);
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

function checkPair(a: unknown, b: unknown): never {
  checkOrderable(a, "compare", "a");
  checkOrderable(b, "compare", "b");
  return fail("compare", "b", "mixed", "cannot order a string against a number: pass a comparator", b, typeof a);
}
