/**
 * What a Python user reaches for: sortedcontainers' count/discard/irange
 * flags/index bounds, Counter's mapping arguments, in-place and unary forms
 * and comparisons, a Python-order comparator, strict option objects, the
 * PriorityQueue's answers for an item queued twice, LRUCache statistics.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bisectLeft,
  Counter,
  Deque,
  Heap,
  heapPop,
  heapPush,
  LRUCache,
  mergeSorted,
  nLargest,
  nSmallest,
  PriorityQueue,
  pythonCompare,
  SortedList,
} from "../../src/collections/index.js";
import { ValidationError } from "../../src/errors.js";
import { deserialize, registry, serialize } from "../../src/registry/index.js";

describe("options objects", () => {
  it("reject unknown keys with a TypeError naming them and the known ones", () => {
    expect(() => new SortedList([], { key: (x: number) => x } as never)).toThrow(
      new TypeError('SortedList: unknown option "key" (known: compare, load)'),
    );
    expect(() => new Heap({ comprae: (a: number, b: number) => a - b } as never)).toThrow(
      /Heap: unknown option "comprae" \(known: compare, key\)/,
    );
    expect(() => new Deque([], { maxLen: 3 } as never)).toThrow(/Deque: unknown option "maxLen"/);
    expect(() => new LRUCache({ maxsize: 3, ttl: 5 } as never)).toThrow(
      /LRUCache: unknown options "maxsize", "ttl" \(known: max, maxSize, onEvict\)/,
    );
    expect(() => new PriorityQueue({ reverse: true } as never)).toThrow(/PriorityQueue: unknown option "reverse"/);
    expect(() => nLargest(1, [1], { reverse: true } as never)).toThrow(/nLargest: unknown option "reverse"/);
    expect(() => nSmallest(1, [1], { keys: 1 } as never)).toThrow(/nSmallest: unknown option "keys"/);
    expect(() => mergeSorted([[1]], { revers: true } as never)).toThrow(/mergeSorted: unknown option "revers"/);
    expect(() => bisectLeft([1], 1, { low: 0 } as never)).toThrow(/bisectLeft: unknown option "low"/);
    expect(() => new SortedList([1]).irange(0, 1, { inclusiv: [true, true] } as never)).toThrow(
      /SortedList.irange: unknown option "inclusiv"/,
    );
    // inherited keys are not options, and the known ones still work
    expect(new Deque([1, 2, 3], Object.create({ stray: 1 }, { maxlen: { value: 2, enumerable: true } })).toArray()).toEqual([2, 3]);
  });
});

describe("Heap", () => {
  it("takes a comparator alone, as the heapq functions do", () => {
    const h = new Heap<number>((a, b) => b - a);
    for (const x of [3, 9, 1]) h.push(x);
    expect(h.pop()).toBe(9);
    expect(Heap.from([4, 8, 2], (a: number, b: number) => b - a).peek()).toBe(8);
  });
});

describe("pythonCompare", () => {
  it("orders numbers, strings by code point and arrays lexicographically", () => {
    expect(pythonCompare(1, 2)).toBe(-1);
    expect(pythonCompare(2n, 1.5)).toBe(1);
    expect(pythonCompare(true, 1)).toBe(0);
    expect(pythonCompare("b", "a")).toBe(1);
    expect(pythonCompare("ab", "abc")).toBe(-1);
    // U+1F600 is above U+FFFF by code point; JavaScript's < says the reverse (UTF-16 units)
    expect("\u{1F600}" < "\uFFFF").toBe(true);
    expect(pythonCompare("\u{1F600}", "\uFFFF")).toBe(1);
    expect(pythonCompare([1, "b"], [1, "a"])).toBe(1);
    expect(pythonCompare([1, 2], [1, 2, 0])).toBe(-1);
    expect(pythonCompare([[1, 2], 3], [[1, 2], 3])).toBe(0);
    // the first difference decides: a later mixed pair is never compared (as Python)
    expect(pythonCompare([1, "x"], [2, 5])).toBe(-1);
  });

  it("refuses what Python refuses, and NaN, with a TypeError", () => {
    expect(() => pythonCompare("1", 1)).toThrow(
      new TypeError(`pythonCompare: cannot order a string against a number (got "1" and 1), as Python's '<' refuses`),
    );
    expect(() => pythonCompare([1, "a"], [1, 2])).toThrow(TypeError);
    expect(() => pythonCompare([1], 1)).toThrow(/cannot order an array against a number/);
    expect(() => pythonCompare(null, null)).toThrow(/null has no Python order/);
    expect(() => pythonCompare({}, {})).toThrow(TypeError);
    expect(() => pythonCompare(Number.NaN, 1)).toThrow(/NaN has no order/);
  });

  it("agrees with the code-point order of strings (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (a, b) => {
        const ca = [...a].map((c) => c.codePointAt(0) as number);
        const cb = [...b].map((c) => c.codePointAt(0) as number);
        let want = 0;
        for (let i = 0; i < Math.min(ca.length, cb.length) && want === 0; i++) want = Math.sign((ca[i] as number) - (cb[i] as number));
        if (want === 0) want = Math.sign(ca.length - cb.length);
        expect(pythonCompare(a, b)).toBe(want);
      }),
    );
  });

  it("runs heapq's (priority, count, task) idiom and round-trips a heap by its registered name", () => {
    const h: [number, number, string][] = [];
    let count = 0;
    for (const [p, task] of [
      [2, "write"],
      [1, "read"],
      [2, "close"],
      [1, "open"],
    ] as const)
      heapPush(h, [p, count++, task], pythonCompare);
    const order: string[] = [];
    for (let e = heapPop(h, pythonCompare); e !== undefined; e = heapPop(h, pythonCompare)) order.push(e[2]);
    expect(order).toEqual(["read", "open", "write", "close"]);
    expect(registry.resolveFunction("decorum.pythonCompare")).toBe(pythonCompare);
    const heap = Heap.from<[number, string]>(
      [
        [2, "b"],
        [1, "z"],
      ],
      pythonCompare,
    );
    const back = deserialize(serialize(heap)) as Heap<[number, string]>;
    expect(back.compare).toBe(pythonCompare);
    expect(back.pop()).toEqual([1, "z"]);
  });
});

describe("SortedList", () => {
  const values = fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 60 });
  const bound = fc.option(fc.integer({ min: -1, max: 13 }), { nil: undefined });

  it("count, discard and indexOf(x, start, stop) match an array reference (property)", () => {
    fc.assert(
      fc.property(
        values,
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: -70, max: 70 }),
        fc.integer({ min: -70, max: 70 }),
        (xs, x, start, stop) => {
          const s = new SortedList(xs, { load: 4 });
          const ref = xs.slice().sort((a, b) => a - b);
          expect(s.count(x)).toBe(ref.filter((y) => y === x).length);
          const lo = start < 0 ? Math.max(0, ref.length + start) : Math.min(start, ref.length);
          const hi = stop < 0 ? Math.max(0, ref.length + stop) : Math.min(stop, ref.length);
          let want = -1;
          for (let i = lo; i < hi; i++)
            if (ref[i] === x) {
              want = i;
              break;
            }
          expect(s.indexOf(x, start, stop)).toBe(want);
          expect(s.indexOf(x)).toBe(ref.indexOf(x));
          expect(s.discard(x)).toBe(ref.includes(x));
          expect(s.count(x)).toBe(Math.max(0, ref.filter((y) => y === x).length - 1));
        },
      ),
    );
    expect(new SortedList([1, 2]).count("a" as never)).toBe(0);
  });

  it("irange honours inclusive flags and reverse (property)", () => {
    fc.assert(
      fc.property(values, bound, bound, fc.boolean(), fc.boolean(), fc.boolean(), (xs, min, max, i0, i1, reverse) => {
        const s = new SortedList(xs, { load: 4 });
        const want = xs
          .slice()
          .sort((a, b) => a - b)
          .filter((y) => (min === undefined || (i0 ? y >= min : y > min)) && (max === undefined || (i1 ? y <= max : y < max)));
        if (reverse) want.reverse();
        expect([...s.irange(min, max, { inclusive: [i0, i1], reverse })]).toEqual(want);
      }),
    );
    expect(() => new SortedList([1]).irange(0, 1, { inclusive: true as never })).toThrow(/inclusive must be a pair of booleans/);
  });
});

describe("Counter", () => {
  it("arithmetic accepts every source the constructor accepts", () => {
    const c = new Counter("ab");
    expect([...c.plus(new Map([["a", 1]]))]).toEqual([
      ["a", 2],
      ["b", 1],
    ]);
    expect([...new Counter("ab").union(new Map([["c", 1]]))]).toEqual([
      ["a", 1],
      ["b", 1],
      ["c", 1],
    ]);
    expect([...c.minus("a")]).toEqual([["b", 1]]);
    expect([...c.intersection(["a", "a"])]).toEqual([["a", 1]]);
    expect(() => c.plus(5 as never)).toThrow(TypeError);
    expect(() => c.plus(new Map([["a", Number.NaN]]))).toThrow(/Counter.plus: count must not be NaN/);
  });

  it("has Python's in-place, unary and comparison forms", () => {
    const c = new Counter<string>().set("a", 3).set("b", -1).set("c", 0);
    expect([...c.positive()]).toEqual([["a", 3]]);
    expect([...c.negative()]).toEqual([["b", 1]]);
    const d = new Counter("ab");
    expect(d.plusInPlace(["a", "c"])).toBe(d);
    expect([...d]).toEqual([
      ["a", 2],
      ["b", 1],
      ["c", 1],
    ]);
    d.minusInPlace(new Map([["b", 5]]));
    expect([...d]).toEqual([
      ["a", 2],
      ["c", 1],
    ]);
    d.unionInPlace("ccc");
    expect([...d]).toEqual([
      ["a", 2],
      ["c", 3],
    ]);
    d.intersectionInPlace("acc");
    expect([...d]).toEqual([
      ["a", 1],
      ["c", 2],
    ]);
    expect(
      new Counter("ab").equals(
        new Map([
          ["b", 1],
          ["a", 1],
          ["z", 0],
        ]),
      ),
    ).toBe(true);
    expect(new Counter("ab").equals("abb")).toBe(false);
    expect(new Counter("ab").isSubsetOf("aabc")).toBe(true);
    expect(new Counter("abd").isSubsetOf("aabc")).toBe(false);
    expect(new Counter("aabc").isSupersetOf("ab")).toBe(true);
    expect(new Counter<string>().set("x", -1).isSubsetOf([])).toBe(true);
    // an in-place form that fails changes nothing
    const inf = new Counter<string>().set("a", Number.POSITIVE_INFINITY);
    expect(() => inf.plusInPlace(new Map([["a", Number.NEGATIVE_INFINITY]]))).toThrow(ValidationError);
    expect(inf.get("a")).toBe(Number.POSITIVE_INFINITY);
  });

  it("in-place forms equal the pure forms, and comparisons match Python's definitions (property)", () => {
    const counts = fc.array(fc.tuple(fc.constantFrom("a", "b", "c", "d"), fc.integer({ min: -3, max: 3 })), { maxLength: 6 });
    fc.assert(
      fc.property(counts, counts, (x, y) => {
        const a = new Counter(new Map(x));
        const b = new Counter(new Map(y));
        for (const op of ["plus", "minus", "union", "intersection"] as const) {
          const pure = [...a[op](b)];
          const inPlace = new Counter(new Map(x));
          inPlace[`${op}InPlace`](b);
          expect([...inPlace]).toEqual(pure);
        }
        const keys = new Set([...a.keys(), ...b.keys()]);
        const all = (t: (p: number, q: number) => boolean) => [...keys].every((k) => t(a.get(k), b.get(k)));
        expect(a.equals(b)).toBe(all((p, q) => p === q));
        expect(a.isSubsetOf(b)).toBe(all((p, q) => p <= q));
        expect(a.isSupersetOf(b)).toBe(all((p, q) => p >= q));
      }),
    );
  });
});

describe("PriorityQueue with an item queued twice", () => {
  type Op =
    | { t: "push"; x: number; p: number }
    | { t: "pop" }
    | { t: "update"; x: number; p: number }
    | { t: "delete"; x: number }
    | { t: "query"; x: number };
  const item = fc.integer({ min: 0, max: 4 });
  const prio = fc.integer({ min: 0, max: 3 });
  const ops = fc.array(
    fc.oneof(
      fc.record({ t: fc.constant("push" as const), x: item, p: prio }),
      fc.constant<Op>({ t: "pop" }),
      fc.record({ t: fc.constant("update" as const), x: item, p: prio }),
      fc.record({ t: fc.constant("delete" as const), x: item }),
      fc.record({ t: fc.constant("query" as const), x: item }),
    ),
    { maxLength: 60 },
  );

  it("answers has / priorityOf / update / delete the same whether or not the index was built, as a list of entries would (property)", () => {
    fc.assert(
      fc.property(ops, fc.integer({ min: 0, max: 60 }), (list, buildAt) => {
        const q = new PriorityQueue<number>();
        // reference: entries [item, priority, arrival]; service order (priority, arrival)
        let ref: [number, number, number][] = [];
        let arrivals = 0;
        const first = (x: number) => {
          const mine = ref.filter((e) => e[0] === x);
          mine.sort((a, b) => a[1] - b[1] || a[2] - b[2]);
          return mine[0];
        };
        list.forEach((op, i) => {
          if (i === buildAt) q.has(-1); // builds the index at a random moment
          if (op.t === "push") {
            q.push(op.x, op.p);
            ref.push([op.x, op.p, arrivals++]);
          } else if (op.t === "pop") {
            ref.sort((a, b) => a[1] - b[1] || a[2] - b[2]);
            expect(q.pop()).toBe(ref.shift()?.[0]);
          } else if (op.t === "update") {
            const e = first(op.x);
            expect(q.update(op.x, op.p)).toBe(e !== undefined);
            if (e) {
              e[1] = op.p;
              e[2] = arrivals++;
            }
          } else if (op.t === "delete") {
            const e = first(op.x);
            expect(q.delete(op.x)).toBe(e !== undefined);
            ref = ref.filter((r) => r !== e);
          } else {
            expect(q.has(op.x)).toBe(first(op.x) !== undefined);
            expect(q.priorityOf(op.x)).toBe(first(op.x)?.[1]);
          }
          expect(q.size).toBe(ref.length);
        });
        ref.sort((a, b) => a[1] - b[1] || a[2] - b[2]);
        expect(q.toSortedArray()).toEqual(ref.map(([x, p]) => [x, p]));
        const back = deserialize(serialize(q)) as PriorityQueue<number>;
        expect(back.toSortedArray()).toEqual(q.toSortedArray());
      }),
    );
  });

  it("keeps has(item) true after one of two entries is popped, whatever was called before", () => {
    for (const early of [false, true]) {
      const q = new PriorityQueue<string>();
      if (early) q.has("x");
      q.push("job", 1);
      q.push("job", 2);
      q.pop();
      expect(q.has("job")).toBe(true);
      expect(q.priorityOf("job")).toBe(2);
    }
  });
});

describe("LRUCache statistics", () => {
  it("are read-only counters with a stats() snapshot, evictions included", () => {
    const c = new LRUCache<string, number>({ max: 2 });
    c.set("a", 1).set("b", 2).set("c", 3);
    c.get("a");
    c.get("c");
    expect(c.stats()).toEqual({ hits: 1, misses: 1, evictions: 1, size: 2, max: 2, maxSize: 2 });
    expect(() => {
      (c as { hits: number }).hits = 10;
    }).toThrow(TypeError);
    expect(() => {
      (c as { misses: number }).misses = 10;
    }).toThrow(TypeError);
    expect(c.hits).toBe(1);
    const back = deserialize(serialize(c)) as LRUCache<string, number>;
    expect(back.stats()).toEqual(c.stats());
    c.resetStats();
    expect(c.stats()).toEqual({ hits: 0, misses: 0, evictions: 0, size: 2, max: 2, maxSize: 2 });
  });
});
