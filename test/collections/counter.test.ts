import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Counter } from "../../src/collections/index.js";
import { ValidationError } from "../../src/errors.js";

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
    expect(() => c.update(5 as unknown as string[])).toThrow(ValidationError);
    expect(c.size).toBe(0);
  });
});
