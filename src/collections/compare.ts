/**
 * The default order of decorum's collections and the argument checks they
 * share. Internal: not re-exported.
 *
 * @module
 */
import { ValidationError } from "../errors.js";

/** A three-way comparator: negative when `a` sorts first, positive when `b` does, 0 when tied. */
export type Comparator<T> = (a: T, b: T) => number;

/** Throws the `ValidationError` the collections raise for a bad argument. */
export function fail(
  className: string,
  member: string,
  code: string,
  message: string,
  ...detail: [received?: unknown, expected?: string]
): never {
  const issue: { path: string[]; code: string; message: string; received?: unknown; expected?: string } = { path: [member], code, message };
  if (detail.length > 0) issue.received = detail[0];
  if (detail[1] !== undefined) issue.expected = detail[1];
  throw new ValidationError([issue], className);
}

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

/** Normalizes an index that may be negative; returns -1 when out of range. */
export function normIndex(i: number, length: number): number {
  if (!Number.isInteger(i)) return -1;
  const j = i < 0 ? i + length : i;
  return j >= 0 && j < length ? j : -1;
}

/** Throws a ValidationError unless `f` is a function (or undefined when optional). */
export function checkFunction(f: unknown, className: string, member: string): void {
  if (f !== undefined && typeof f !== "function") fail(className, member, "type", "must be a function", f, "function");
}
