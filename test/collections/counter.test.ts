import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Counter } from "../../src/collections/index.js";
import { ValidationError } from "../../src/errors.js";
import { deserialize, serialize } from "../../src/registry/index.js";

const key = fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h");
type Op = { t: "inc"; k: string; n: number } | { t: "del"; k: string } | { t: "top"; n: number | undefined };
const ops: fc.Arbitrary<Op[]> = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ t: fc.constant("inc" as const), k: key, n: fc.integer({ min: -3, max: 5 }) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant("del" as const), k: key }) },
    {
      weight: 2,
      arbitrary: fc.record({ t: fc.constant("top" as const), n: fc.option(fc.integer({ min: -1, max: 10 }), { nil: undefined }) }),
    },
  ),
  { maxLength: 120 },
);

describe("Counter", () => {
  it("matches a Map reference; mostCommon(n) equals the stable full sort's prefix", () => {
    fc.assert(
      fc.property(ops, (list) => {
        const c = new Counter<string>();
        const ref = new Map<string, number>();
        for (const op of list) {
          if (op.t === "inc") {
            c.increment(op.k, op.n);
            ref.set(op.k, (ref.get(op.k) ?? 0) + op.n);
          } else if (op.t === "del") expect(c.delete(op.k)).toBe(ref.delete(op.k));
          else {
            const all = [...ref].sort((x, y) => y[1] - x[1]);
            expect(c.mostCommon(op.n)).toEqual(op.n === undefined ? all : all.slice(0, Math.max(0, op.n)));
          }
          expect([...c]).toEqual([...ref]);
          expect(c.size).toBe(ref.size);
          expect(c.total()).toBe([...ref.values()].reduce((s, x) => s + x, 0));
        }
      }),
    );
  });

  it("gives 0 for absent keys, keeps zero and negative counts after subtract, and drops them in arithmetic", () => {
    const c = new Counter("aab");
    c.subtract("abbc");
    expect([...c]).toEqual([
      ["a", 1],
      ["b", -1],
      ["c", -1],
    ]);
    expect(c.get("zz")).toBe(0);
    expect([...c.plus(new Counter())]).toEqual([["a", 1]]);
    expect([...new Counter<string>().minus(c)]).toEqual([
      ["b", 1],
      ["c", 1],
    ]);
    expect([...c.elements()]).toEqual(["a"]);
    expect([...new Counter("aaab").union(new Counter("abb"))]).toEqual([
      ["a", 3],
      ["b", 2],
    ]);
    expect([...new Counter("aaab").intersection(new Counter("abb"))]).toEqual([
      ["a", 1],
      ["b", 1],
    ]);
  });

  it("keeps first-seen order for ties in mostCommon, and a re-added key goes last (as a Python dict)", () => {
    const c = new Counter(["x", "y", "z", "y", "x"]);
    expect(c.mostCommon()).toEqual([
      ["x", 2],
      ["y", 2],
      ["z", 1],
    ]);
    c.delete("x");
    c.increment("x", 2);
    expect(c.mostCommon(2)).toEqual([
      ["y", 2],
      ["x", 2],
    ]);
    expect([...c.keys()]).toEqual(["y", "z", "x"]);
    expect([...c.values()]).toEqual([2, 1, 2]);
  });

  it("compacts after many deletes and stays consistent", () => {
    const c = new Counter<number>();
    for (let i = 0; i < 1000; i++) c.increment(i, i % 7);
    for (let i = 0; i < 1000; i += 2) c.delete(i);
    expect(c.size).toBe(500);
    expect(c.get(1)).toBe(1);
    expect(c.get(2)).toBe(0);
    expect([...c.keys()].slice(0, 3)).toEqual([1, 3, 5]);
    expect(c.mostCommon(1)).toEqual([[13, 6]]);
  });

  it("rejects NaN and non-number counts with a ValidationError", () => {
    const c = new Counter<string>();
    expect(() => c.increment("a", Number.NaN)).toThrow(ValidationError);
    expect(() => c.set("a", "2" as unknown as number)).toThrow(/Counter.set: count must be a number/);
    expect(() => c.update(new Map([["a", Number.NaN]]))).toThrow(ValidationError);
    expect(() => c.update(5 as unknown as string[])).toThrow(TypeError);
    expect(() => c.update(5 as unknown as string[])).toThrow("Counter.update: the source must be an iterable, a Map or a Counter (got 5)");
    expect(c.size).toBe(0);
  });

  it("never stores NaN: Infinity + -Infinity is a ValidationError and leaves the counter unchanged", () => {
    const c = new Counter<string>();
    c.increment("a", Number.POSITIVE_INFINITY);
    expect(() => c.increment("a", Number.NEGATIVE_INFINITY)).toThrow(ValidationError);
    expect(() => c.increment("a", Number.NEGATIVE_INFINITY)).toThrow(
      /Counter\.increment: count of "a" would be NaN \(Infinity \+ -Infinity\); nothing was changed/,
    );
    expect(c.get("a")).toBe(Number.POSITIVE_INFINITY);
    // update/subtract with a Map or a Counter are all or nothing: the first entry is not applied either
    const entries = () => [...c];
    const snapshot = entries();
    expect(() =>
      c.update(
        new Map([
          ["b", 1],
          ["a", Number.NEGATIVE_INFINITY],
        ]),
      ),
    ).toThrow(/Counter\.update: count of "a" would be NaN/);
    expect(() =>
      c.subtract(
        new Map([
          ["b", 1],
          ["a", Number.POSITIVE_INFINITY],
        ]),
      ),
    ).toThrow(/Counter\.subtract: count of "a" would be NaN/);
    expect(() => c.update(new Counter<string>().set("b", 1).set("a", Number.NEGATIVE_INFINITY))).toThrow(ValidationError);
    expect(() => c.subtract(new Counter<string>().set("a", Number.POSITIVE_INFINITY))).toThrow(ValidationError);
    expect(entries()).toEqual(snapshot);
    // the arithmetic forms refuse the undefined sum instead of dropping the key
    const minusInf = new Counter<string>().set("a", Number.NEGATIVE_INFINITY);
    expect(() => c.plus(minusInf)).toThrow(/Counter\.plus: count of "a" would be NaN/);
    expect(() => c.minus(c)).toThrow(/Counter\.minus: count of "a" would be NaN/);
    expect((deserialize(serialize(c)) as Counter<string>).get("a")).toBe(Number.POSITIVE_INFINITY);
  });

  it("property: operations with infinite counts either throw a ValidationError or keep every count a number", () => {
    const big = fc.constantFrom(1, -2, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
    const op = fc.oneof(
      fc.record({ t: fc.constant("inc" as const), k: key, n: big }),
      fc.record({ t: fc.constant("set" as const), k: key, n: big }),
      fc.record({ t: fc.constantFrom("update" as const, "subtract" as const), m: fc.array(fc.tuple(key, big), { maxLength: 4 }) }),
      fc.record({
        t: fc.constantFrom("plus" as const, "minus" as const, "union" as const, "intersection" as const),
        m: fc.array(fc.tuple(key, big), { maxLength: 4 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (list) => {
        const c = new Counter<string>();
        for (const o of list) {
          const snapshot = [...c];
          try {
            if (o.t === "inc") c.increment(o.k, o.n);
            else if (o.t === "set") c.set(o.k, o.n);
            else if (o.t === "update") c.update(new Map(o.m));
            else if (o.t === "subtract") c.subtract(new Map(o.m));
            else {
              const out = c[o.t](new Counter(new Map(o.m)));
              for (const [, n] of out) expect(n > 0).toBe(true);
            }
          } catch (e) {
            expect(e).toBeInstanceOf(ValidationError);
            expect([...c]).toEqual(snapshot);
          }
          for (const [, n] of c) expect(Number.isNaN(n)).toBe(false);
        }
        expect([...(deserialize(serialize(c)) as Counter<string>)]).toEqual([...c]);
      }),
    );
  });

  it("elements() repeats each key by its count rounded down, skipping counts below 1", () => {
    const c = new Counter<string>().set("a", 0.5).set("b", 2.5).set("c", -1).set("d", 1);
    expect([...c.elements()]).toEqual(["b", "b", "d"]);
    c.set("e", Number.POSITIVE_INFINITY);
    expect(() => [...c.elements()]).toThrow(RangeError);
  });
});
