import { describe, expect, it } from "vitest";
import {
  type Descriptor,
  integer,
  length,
  nonNegative,
  oneOf,
  pattern,
  positive,
  range,
  typed,
  validate,
} from "../../src/descriptors/index.js";
import { ValidationError } from "../../src/errors.js";

/** A one-member class decorated with `d` (portable `accessor` spelling), starting at `initial`. */
function holder(d: Descriptor<never>, initial: unknown) {
  class Holder {
    // biome-ignore lint/suspicious/noExplicitAny: one holder for every built-in
    @(d as Descriptor<any>) accessor value: any = initial;
  }
  return new Holder();
}

function rejection(d: Descriptor<never>, initial: unknown, value: unknown): ValidationError {
  const h = holder(d, initial);
  try {
    h.value = value;
  } catch (error) {
    expect(h.value).toBe(initial);
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`expected ${String(value)} to be rejected`);
}

function accepts(d: Descriptor<never>, initial: unknown, value: unknown): boolean {
  const h = holder(d, initial);
  h.value = value;
  return Object.is(h.value, value);
}

class Point {
  x = 0;
}
class Point3 extends Point {}

describe("built-in descriptors", () => {
  it("positive accepts values above zero and rejects zero, negatives, NaN and non-numbers", () => {
    for (const v of [Number.MIN_VALUE, 1, 0.5, 1e300, Number.POSITIVE_INFINITY, 3n]) expect(accepts(positive, 1, v)).toBe(true);
    for (const v of [0, -0, -1, -Number.MIN_VALUE, Number.NaN, Number.NEGATIVE_INFINITY, "5", null, undefined, 0n]) {
      const e = rejection(positive, 1, v);
      expect(e.issues).toEqual([{ path: ["value"], code: "positive", message: "must be positive", received: v }]);
    }
    expect(rejection(positive, 1, -2).message).toBe("Holder.value: must be positive (got -2)");
  });

  it("nonNegative accepts zero and positives and rejects negatives", () => {
    for (const v of [0, -0, 1, 0.25, Number.POSITIVE_INFINITY, 0n]) expect(accepts(nonNegative, 0, v)).toBe(true);
    for (const v of [-1, -Number.MIN_VALUE, Number.NaN, "1", -1n]) expect(rejection(nonNegative, 0, v).issues[0]?.code).toBe("nonNegative");
    expect(rejection(nonNegative, 0, -1).message).toBe("Holder.value: must not be negative (got -1)");
  });

  it("integer accepts whole numbers and bigints and rejects fractions, NaN and infinities", () => {
    for (const v of [0, -7, 2 ** 53, 5n]) expect(accepts(integer, 0, v)).toBe(true);
    for (const v of [0.5, -1.000001, Number.NaN, Number.POSITIVE_INFINITY, "3"])
      expect(rejection(integer, 0, v).issues[0]?.code).toBe("integer");
    expect(rejection(integer, 0, 1.5).message).toBe("Holder.value: must be an integer (got 1.5)");
  });

  it("range includes both ends and rejects values just outside them", () => {
    const r = range(1, 5) as Descriptor<never>;
    for (const v of [1, 5, 3, 1.0000001, 4.9999999]) expect(accepts(r, 1, v)).toBe(true);
    for (const v of [0.9999999, 5.0000001, -1, Number.NaN, "3"]) expect(rejection(r, 1, v).issues[0]?.code).toBe("range");
    expect(rejection(r, 1, 6).message).toBe("Holder.value: must be between 1 and 5 (got 6)");
    expect(rejection(r, 1, 6).issues[0]?.expected).toBe("between 1 and 5");
    expect(accepts(range(2, 2) as Descriptor<never>, 2, 2)).toBe(true);
  });

  it("range refuses a reversed or non-numeric interval when it is built", () => {
    expect(() => range(5, 1)).toThrow(RangeError);
    expect(() => range(Number.NaN, 1)).toThrow(TypeError);
  });

  it("typed checks primitives by typeof and classes by instanceof", () => {
    expect(accepts(typed(String) as Descriptor<never>, "", "abc")).toBe(true);
    expect(rejection(typed(String) as Descriptor<never>, "", 1).message).toBe("Holder.value: must be a string (got 1)");
    expect(rejection(typed(String) as Descriptor<never>, "", new String("x")).issues[0]?.code).toBe("typed");
    expect(accepts(typed(Number) as Descriptor<never>, 0, -3.5)).toBe(true);
    expect(rejection(typed(Number) as Descriptor<never>, 0, Number.NaN).message).toBe("Holder.value: must be a number (got NaN)");
    expect(accepts(typed(Boolean) as Descriptor<never>, false, true)).toBe(true);
    expect(rejection(typed(Boolean) as Descriptor<never>, false, 0).issues[0]?.expected).toBe("boolean");
    expect(accepts(typed(BigInt) as Descriptor<never>, 0n, 5n)).toBe(true);
    expect(accepts(typed(Array) as Descriptor<never>, [], [1])).toBe(true);
    expect(rejection(typed(Array) as Descriptor<never>, [], { length: 0 }).message).toBe("Holder.value: must be an Array (got object)");
    const p = new Point3();
    expect(accepts(typed(Point) as Descriptor<never>, new Point(), p)).toBe(true);
    expect(rejection(typed(Point) as Descriptor<never>, new Point(), { x: 0 }).message).toBe("Holder.value: must be a Point (got object)");
    expect(rejection(typed(Date) as Descriptor<never>, new Date(0), "2020-01-01").issues[0]?.expected).toBe("Date");
  });

  it("oneOf accepts exactly the listed values, with SameValueZero", () => {
    const status = oneOf("open", "paid") as Descriptor<never>;
    expect(accepts(status, "open", "paid")).toBe(true);
    expect(rejection(status, "open", "OPEN").message).toBe('Holder.value: must be one of "open", "paid" (got "OPEN")');
    expect(accepts(oneOf(Number.NaN, 0) as Descriptor<never>, 0, Number.NaN)).toBe(true);
    expect(accepts(oneOf(0) as Descriptor<never>, 0, -0)).toBe(true);
    expect(rejection(oneOf(1, 2) as Descriptor<never>, 1, "1").issues[0]?.code).toBe("oneOf");
  });

  it("pattern tests strings against the expression and ignores global state", () => {
    const sku = pattern(/^[A-Z]{3}-\d{4}$/g) as Descriptor<never>;
    // Repeated successful tests would fail with a shared lastIndex.
    for (let i = 0; i < 3; i++) expect(accepts(sku, "ABC-0001", "XYZ-1234")).toBe(true);
    expect(rejection(sku, "ABC-0001", "abc-0001").message).toBe('Holder.value: must match /^[A-Z]{3}-\\d{4}$/ (got "abc-0001")');
    expect(rejection(sku, "ABC-0001", 1234).issues[0]?.code).toBe("pattern");
    expect(() => pattern("x" as unknown as RegExp)).toThrow(TypeError);
  });

  it("length bounds strings and arrays at both ends", () => {
    const name = length(2, 4) as Descriptor<never>;
    for (const v of ["ab", "abcd", [1, 2], [1, 2, 3, 4]]) expect(accepts(name, "ab", v)).toBe(true);
    for (const v of ["a", "abcde", [1], [], 5, null]) expect(rejection(name, "ab", v).issues[0]?.code).toBe("length");
    expect(rejection(name, "ab", "abcde").message).toBe('Holder.value: length must be between 2 and 4 (got "abcde")');
    expect(rejection(length(1) as Descriptor<never>, "a", "").message).toBe('Holder.value: length must be at least 1 (got "")');
    expect(() => length(3, 2)).toThrow(RangeError);
  });

  it("validate runs a one-off check with its own or a default message", () => {
    const even = validate((v: number) => v % 2 === 0, "must be even") as Descriptor<never>;
    expect(accepts(even, 0, 4)).toBe(true);
    expect(rejection(even, 0, 3).message).toBe("Holder.value: must be even (got 3)");
    expect(rejection(even, 0, 3).issues[0]?.code).toBe("validate");
    const bare = validate((v: number) => v !== 13) as Descriptor<never>;
    expect(rejection(bare, 0, 13).message).toBe("Holder.value: is invalid (got 13)");
    const worded = validate((v: string) => v.trim() === v || "must not have surrounding spaces") as Descriptor<never>;
    expect(rejection(worded, "", " x").message).toBe('Holder.value: must not have surrounding spaces (got " x")');
  });
});
