import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type EvictReason, LRUCache } from "../../src/collections/index.js";
import { ValidationError } from "../../src/errors.js";

type Op = { t: "get" | "peek" | "has" | "delete"; k: number } | { t: "set"; k: number; v: number } | { t: "clear" };
const key = fc.integer({ min: 0, max: 40 });
const ops = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ t: fc.constant("set" as const), k: key, v: fc.integer() }) },
    { weight: 3, arbitrary: fc.record({ t: fc.constant("get" as const), k: key }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constantFrom("peek" as const, "has" as const, "delete" as const), k: key }) },
    { weight: 1, arbitrary: fc.constant<Op>({ t: "clear" }) },
  ),
  { maxLength: 200 },
);

describe("LRUCache", () => {
  it("matches a Map-based reference LRU, including evictions and hit/miss counts", () => {
    fc.assert(
      fc.property(ops, fc.integer({ min: 0, max: 30 }), (list, maxSize) => {
        const log: [number, number, EvictReason][] = [];
        const c = new LRUCache<number, number>({ maxSize, onEvict: (k, v, r) => log.push([k, v, r]) });
        const ref = new Map<number, number>();
        const want: [number, number, EvictReason][] = [];
        let hits = 0;
        let misses = 0;
        for (const op of list) {
          if (op.t === "set") {
            c.set(op.k, op.v);
            if (ref.has(op.k)) {
              want.push([op.k, ref.get(op.k) as number, "set"]);
              ref.delete(op.k);
              ref.set(op.k, op.v);
            } else if (maxSize === 0) want.push([op.k, op.v, "evict"]);
            else {
              if (ref.size >= maxSize) {
                const [k0, v0] = ref.entries().next().value as [number, number];
                ref.delete(k0);
                want.push([k0, v0, "evict"]);
              }
              ref.set(op.k, op.v);
            }
          } else if (op.t === "get") {
            const v = ref.get(op.k);
            if (ref.has(op.k)) {
              hits++;
              ref.delete(op.k);
              ref.set(op.k, v as number);
            } else misses++;
            expect(c.get(op.k)).toBe(v);
          } else if (op.t === "peek") expect(c.peek(op.k)).toBe(ref.get(op.k));
          else if (op.t === "has") expect(c.has(op.k)).toBe(ref.has(op.k));
          else if (op.t === "delete") {
            if (ref.has(op.k)) want.push([op.k, ref.get(op.k) as number, "delete"]);
            expect(c.delete(op.k)).toBe(ref.delete(op.k));
          } else {
            for (const [k, v] of ref) want.push([k, v, "delete"]);
            ref.clear();
            c.clear();
          }
          expect([...c]).toEqual([...ref]);
          expect(c.size).toBe(ref.size);
        }
        expect(log).toEqual(want);
        expect([c.hits, c.misses]).toEqual([hits, misses]);
        expect([...c.keys()]).toEqual([...ref.keys()]);
        expect([...c.values()]).toEqual([...ref.values()]);
      }),
    );
  });

  it("treats 1 and '1' as distinct keys, stores undefined values and accepts '__proto__' as a key", () => {
    const c = new LRUCache<unknown, unknown>({ maxSize: 3 });
    c.set(1, "number").set("1", "string").set("__proto__", { evil: true });
    expect(c.get(1)).toBe("number");
    expect(c.get("1")).toBe("string");
    expect(c.get("__proto__")).toEqual({ evil: true });
    expect(({} as Record<string, unknown>).evil).toBeUndefined();
    c.set("u", undefined);
    expect(c.has("u")).toBe(true);
    expect(c.get("u")).toBeUndefined();
    expect(c.hits).toBe(4);
    expect(c.misses).toBe(0);
    c.resetStats();
    expect(c.hits + c.misses).toBe(0);
  });

  it("caches nothing with maxSize 0, defaults to 128, and validates its options", () => {
    const c = new LRUCache<string, number>({ maxSize: 0 });
    c.set("a", 1);
    expect(c.size).toBe(0);
    expect(c.get("a")).toBeUndefined();
    expect(new LRUCache().maxSize).toBe(128);
    const big = new LRUCache<number, number>({ maxSize: Infinity });
    for (let i = 0; i < 1000; i++) big.set(i, i);
    expect(big.size).toBe(1000);
    expect(() => new LRUCache({ maxSize: -1 })).toThrow(ValidationError);
    expect(() => new LRUCache({ onEvict: 1 as unknown as () => void })).toThrow(/onEvict: must be a function/);
  });
});
