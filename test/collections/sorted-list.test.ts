import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bisectLeft, bisectRight, insortLeft, insortRight, SortedList } from "../../src/collections/index.js";
import { ValidationError } from "../../src/errors.js";

type Op =
  | { t: "add" | "remove" | "has" | "indexOf" | "bisect"; v: number }
  | { t: "at" | "pop"; i: number }
  | { t: "slice"; a: number; b: number }
  | { t: "irange"; a: number; b: number }
  | { t: "bulk"; vs: number[] };
const v = fc.integer({ min: 0, max: 60 });
const ops = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ t: fc.constant("add" as const), v }) },
    {
      weight: 2,
      arbitrary: fc.record({ t: fc.constantFrom("remove" as const, "has" as const, "indexOf" as const, "bisect" as const), v }),
    },
    { weight: 1, arbitrary: fc.record({ t: fc.constantFrom("at" as const, "pop" as const), i: fc.integer({ min: -80, max: 80 }) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        t: fc.constantFrom("slice" as const, "irange" as const),
        a: fc.integer({ min: -70, max: 70 }),
        b: fc.integer({ min: -70, max: 70 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ t: fc.constant("bulk" as const), vs: fc.array(v, { maxLength: 40 }) }) },
  ),
  { maxLength: 150 },
);

function replay(list: Op[], s: SortedList<number>, ref: number[], map: (x: number) => number) {
  const sortRef = () => ref.sort((a, b) => map(a) - map(b));
  for (const op of list) {
    switch (op.t) {
      case "add":
        s.add(op.v);
        ref.push(op.v);
        sortRef();
        break;
      case "bulk":
        s.extend(op.vs);
        ref.push(...op.vs);
        sortRef();
        break;
      case "remove": {
        const i = ref.indexOf(op.v);
        expect(s.remove(op.v)).toBe(i >= 0);
        if (i >= 0) ref.splice(i, 1);
        break;
      }
      case "has":
        expect(s.includes(op.v)).toBe(ref.includes(op.v));
        break;
      case "indexOf":
        expect(s.indexOf(op.v)).toBe(ref.indexOf(op.v));
        break;
      case "bisect":
        expect(s.bisectLeft(op.v)).toBe(ref.filter((x) => map(x) < map(op.v)).length);
        expect(s.bisectRight(op.v)).toBe(ref.filter((x) => map(x) <= map(op.v)).length);
        break;
      case "at":
        expect(s.at(op.i)).toBe(ref.at(op.i));
        break;
      case "pop": {
        const want = ref.at(op.i);
        expect(s.pop(op.i)).toBe(want);
        if (want !== undefined) ref.splice(op.i < 0 ? op.i + ref.length : op.i, 1);
        break;
      }
      case "slice":
        expect(s.slice(op.a, op.b)).toEqual(ref.slice(op.a, op.b));
        break;
      case "irange": {
        const lo = Math.min(Math.abs(op.a), Math.abs(op.b));
        const hi = Math.max(Math.abs(op.a), Math.abs(op.b));
        const [a, b] = map(lo) <= map(hi) ? [lo, hi] : [hi, lo];
        expect([...s.irange(a, b)]).toEqual(ref.filter((x) => map(x) >= map(a) && map(x) <= map(b)));
        break;
      }
    }
    expect(s.length).toBe(ref.length);
  }
  expect([...s]).toEqual(ref);
  expect(s.toArray()).toEqual(ref);
}

describe("SortedList", () => {
  it("matches a sorted-array reference (multiset) with small chunks that split and vanish", () => {
    fc.assert(
      fc.property(ops, (list) => {
        replay(list, new SortedList<number>([], { load: 4 }), [], (x) => x);
      }),
    );
  });

  it("matches the reference with a comparator (descending order)", () => {
    fc.assert(
      fc.property(ops, (list) => {
        replay(list, new SortedList<number>([], { load: 4, compare: (a, b) => b - a }), [], (x) => -x);
      }),
    );
  });

  it("keeps ranks and indexes right at 20 000 items with the default load", () => {
    const s = new SortedList<number>();
    const ref: number[] = [];
    let x = 7;
    for (let i = 0; i < 20000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      s.add(x % 5000);
      ref.push(x % 5000);
    }
    ref.sort((a, b) => a - b);
    expect(s.toArray()).toEqual(ref);
    for (const q of [0, 1, 777, 2500, 4999, 5000]) {
      expect(s.bisectLeft(q)).toBe(bisectLeft(ref, q));
      expect(s.bisectRight(q)).toBe(bisectRight(ref, q));
    }
    for (const i of [0, 1, 1023, 1024, 9999, 19999, -1, -20000]) expect(s.at(i)).toBe(ref.at(i));
    expect(s.at(20000)).toBeUndefined();
    for (let i = 0; i < 15000; i++) s.remove(ref[i * 1] as number);
    expect(s.toArray()).toEqual(ref.slice(15000));
    expect(s.slice(-3)).toEqual(ref.slice(-3));
  });

  it("bisects strings and mixed numbers/bigints like a linear scan (branch-free search, every chunk size)", () => {
    const words = Array.from({ length: 300 }, (_, i) => `w${(i * 7919) % 97}`);
    const nums: (number | bigint)[] = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? BigInt((i * 31) % 50) : ((i * 31) % 50) + 0.5));
    for (const load of [4, 5, 64]) {
      const sw = new SortedList<string>(words, { load });
      const sortedWords = [...words].sort();
      const sn = new SortedList<number | bigint>(nums, { load });
      const sortedNums = [...nums].sort((a, b) => (a < b ? -1 : b < a ? 1 : 0));
      const left = <T>(a: T[], x: T) => a.filter((y) => y < x).length;
      const right = <T>(a: T[], x: T) => a.filter((y) => y <= x).length;
      for (const q of ["", "w0", "w1", "w50", "w96", "w97", "x"]) {
        expect(sw.bisectLeft(q)).toBe(left(sortedWords, q));
        expect(sw.bisectRight(q)).toBe(right(sortedWords, q));
      }
      for (const q of [-1, 0, 0n, 0.5, 3n, 3.5, 49.5, 49n, 50, 60n]) {
        expect(sn.bisectLeft(q)).toBe(left(sortedNums, q));
        expect(sn.bisectRight(q)).toBe(right(sortedNums, q));
      }
    }
  });

  it("sorts strings by JavaScript < and rejects NaN and mixed types with a ValidationError", () => {
    const s = new SortedList(["b", "a", "B"]);
    expect([...s]).toEqual(["B", "a", "b"]);
    expect(() => s.add(1 as unknown as string)).toThrow(/cannot order a string against a number/);
    expect(s.includes(1 as unknown as string)).toBe(false);
    const n = new SortedList([1, 2]);
    expect(() => n.add(Number.NaN)).toThrow(ValidationError);
    expect(() => n.bisectLeft(Number.NaN)).toThrow(ValidationError);
    expect(() => new SortedList([1, "a"] as unknown[])).toThrow(ValidationError);
    expect(() => new SortedList([{}])).toThrow(/no default order/);
    expect(() => new SortedList([], { load: 2 })).toThrow(/load/);
    expect([...n.irange(undefined, 1)]).toEqual([1]);
    expect(new SortedList<number>().pop()).toBeUndefined();
  });
});

describe("SortedList vocabulary: includes and extend, with the old names kept as deprecated aliases", () => {
  it("includes/extend behave as has/update did, and the aliases still answer the same", () => {
    const s = new SortedList<number>([5, 1], { load: 4 });
    s.extend([3, 3, 9]);
    expect([...s]).toEqual([1, 3, 3, 5, 9]);
    expect([s.includes(3), s.includes(4), s.includes("3" as never)]).toEqual([true, false, false]);
    // one lookup serves includes, indexOf and remove
    expect([s.indexOf(3), s.indexOf(9), s.indexOf(4)]).toEqual([1, 4, -1]);
    expect(s.remove(3)).toBe(true);
    expect(s.remove(4)).toBe(false);
    expect([...s]).toEqual([1, 3, 5, 9]);
    // deprecated aliases, kept for one minor version
    s.update([2]);
    expect([...s]).toEqual([1, 2, 3, 5, 9]);
    expect([s.has(2), s.has(4)]).toEqual([true, false]);
  });
});

describe("bisect functions", () => {
  it("agree with a linear scan for any sorted array, bounds and key", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 })), fc.integer({ min: -1, max: 10 }), (xs, x) => {
        const a = xs.sort((p, q) => p - q);
        expect(bisectLeft(a, x)).toBe(a.filter((y) => y < x).length);
        expect(bisectRight(a, x)).toBe(a.filter((y) => y <= x).length);
        const items = a.map((y) => ({ y }));
        expect(bisectLeft(items, x, { key: (o) => o.y })).toBe(bisectLeft(a, x));
        const copy = items.slice();
        const i = insortRight(copy, { y: x }, { key: (o) => o.y });
        expect(i).toBe(bisectRight(a, x));
        const j = insortLeft(items, { y: x }, { key: (o) => o.y });
        expect(j).toBe(bisectLeft(a, x));
      }),
    );
  });

  it("reject NaN with a ValidationError and bad bounds with a RangeError", () => {
    expect(() => bisectLeft([1, 2], Number.NaN)).toThrow(ValidationError);
    expect(() => bisectLeft([1, 2], 1, { lo: -1 })).toThrow(RangeError);
    expect(() => bisectLeft([1, 2], 1, { lo: -1 })).toThrow("bisectLeft: lo must be a non-negative integer (got -1)");
    expect(() => bisectRight([1, 2], 1, { hi: 1.5 })).toThrow("bisectRight: hi must be an integer (got 1.5)");
  });
});
