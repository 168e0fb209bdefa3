import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type EvictReason, LRUCache } from "../../src/collections/index.js";

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
    const big = new LRUCache<number, number>({ max: Infinity });
    for (let i = 0; i < 1000; i++) big.set(i, i);
    expect(big.size).toBe(1000);
    expect(() => new LRUCache({ maxSize: -1 })).toThrow(RangeError);
    expect(() => new LRUCache({ maxSize: -1 })).toThrow("LRUCache: maxSize must be a non-negative integer or Infinity (got -1)");
    expect(() => new LRUCache({ onEvict: 1 as unknown as () => void })).toThrow(TypeError);
    expect(() => new LRUCache({ onEvict: 1 as unknown as () => void })).toThrow("LRUCache: onEvict must be a function (got 1)");
  });
  it("keeps one entry per key when a set follows a missed get (the lookup it skips), also for NaN, -0 and re-entrant onEvict", () => {
    const log: [unknown, unknown, EvictReason][] = [];
    const c: LRUCache<unknown, number> = new LRUCache<unknown, number>({
      maxSize: 2,
      onEvict: (k, v, r) => {
        log.push([k, v, r]);
        if (k === "re") c.set("x", 7); // inserts "x" while the outer set of "x" is finishing
      },
    });
    expect(c.get("a")).toBeUndefined();
    c.set("a", 1);
    c.set("a", 2); // an overwrite: the first set consumed the miss
    expect(log).toEqual([["a", 1, "set"]]);
    expect(c.get(Number.NaN)).toBeUndefined();
    c.set(Number.NaN, 3);
    c.set(Number.NaN, 4);
    expect(c.size).toBe(2);
    expect(c.get(-0)).toBeUndefined();
    c.set(0, 5); // -0 and 0 are one key: evicts "a", then 0 is inserted once
    c.set(-0, 6);
    expect([...c.entries()]).toEqual([
      [Number.NaN, 4],
      [0, 6],
    ]);
    expect(c.get("k")).toBeUndefined();
    c.set("other", 1); // an insert in between: the miss of "k" no longer applies
    c.set("k", 1);
    c.set("k", 2);
    expect(c.size).toBe(2);
    expect(c.peek("k")).toBe(2);
    c.set("re", 0); // evicts "other": ["k", "re"]
    expect(c.get("k")).toBe(2); // "re" is now the least recent
    expect(c.get("x")).toBeUndefined();
    log.length = 0;
    c.set("x", 1); // evicts "re", whose hook sets "x" again: an overwrite of the "x" just inserted
    expect(log).toEqual([
      ["re", 0, "evict"],
      ["x", 1, "set"],
    ]);
    expect([...c.entries()]).toEqual([
      ["k", 2],
      ["x", 7],
    ]);
    expect(c.hits).toBe(1);
    expect(c.misses).toBe(5);
  });

  it("indexes integer keys in its own hash table: matches a Map reference under heavy churn and mixed key types", () => {
    // keys: colliding integers (multiples of 2^16 share low bits), negatives, -0, integers past 32 bits,
    // fractions, NaN, numeric strings and objects, so both indexes and the table's growth, probing
    // and backward-shift deletion all get exercised
    const objs = Array.from({ length: 8 }, (_, i) => ({ i }));
    const pool: unknown[] = [];
    for (let i = 0; i < 300; i++) pool.push(i * 65536, -i, i);
    pool.push(-0, 2 ** 31, -(2 ** 31), 2 ** 40, 0.5, Number.NaN, "1", "0", ...objs);
    for (const maxSize of [1, 7, 64, 1000, Infinity]) {
      const c = new LRUCache<unknown, number>({ maxSize });
      const ref = new Map<unknown, number>();
      let x = 12345;
      const rnd = (n: number) => {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        return x % n;
      };
      for (let step = 0; step < 20000; step++) {
        const k = pool[rnd(pool.length)];
        const op = rnd(10);
        if (op < 4) {
          const want = ref.get(k);
          if (want !== undefined) {
            ref.delete(k);
            ref.set(k, want);
          }
          expect(c.get(k)).toBe(want);
        } else if (op < 8) {
          c.set(k, step);
          ref.delete(k);
          ref.set(k, step);
          if (ref.size > maxSize) ref.delete(ref.keys().next().value);
        } else if (op < 9) {
          expect(c.delete(k)).toBe(ref.delete(k));
        } else {
          expect(c.has(k)).toBe(ref.has(k));
          expect(c.peek(k)).toBe(ref.get(k));
        }
        if (step % 1000 === 0) {
          expect(c.size).toBe(ref.size);
          expect([...c.entries()].map(([, v]) => v)).toEqual([...ref.values()]);
        }
      }
      expect([...c.entries()].map(([, v]) => v)).toEqual([...ref.values()]);
      for (const k of pool) expect(c.peek(k)).toBe(ref.get(k));
      c.clear();
      expect(c.size).toBe(0);
      c.set(5, 1);
      expect(c.get(5)).toBe(1);
      expect(c.has(65536 * 5)).toBe(false);
    }
  });

  it("indexes short strings in the same table: matches a Map reference with equal strings built apart, long strings and integers mixed in", () => {
    // strings up to 32 code units share the integer table (a hash of their own); longer ones stay in the
    // Map. Each key is rebuilt before use, so equal keys are usually different string instances.
    const texts: string[] = ["", "a", "1", "0", "-0", "\u{1F600}", "\uD800", "__proto__", "x".repeat(32), "x".repeat(33), "y".repeat(100)];
    for (let i = 0; i < 400; i++) texts.push(`key:${i}`, `${i}`);
    const ints = [0, 1, -1, 7, 65536];
    for (const maxSize of [1, 5, 64, 1000, Infinity]) {
      const c = new LRUCache<unknown, number>({ maxSize });
      const ref = new Map<unknown, number>();
      let x = 99;
      const rnd = (n: number) => {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        return x % n;
      };
      const pick = (): unknown => {
        const r = rnd(texts.length + ints.length);
        return r < texts.length ? [...(texts[r] as string)].join("") : ints[r - texts.length];
      };
      for (let step = 0; step < 20000; step++) {
        const k = pick();
        const op = rnd(10);
        if (op < 5) {
          // cache-aside: a get that misses, then a set of an equal key (a different instance for strings)
          const want = ref.get(k);
          if (want !== undefined) {
            ref.delete(k);
            ref.set(k, want);
          }
          expect(c.get(k)).toBe(want);
          if (want === undefined) {
            const again = typeof k === "string" ? [...k].join("") : k;
            c.set(again, step);
            ref.set(k, step);
            if (ref.size > maxSize) ref.delete(ref.keys().next().value);
          }
        } else if (op < 8) {
          c.set(k, step);
          ref.delete(k);
          ref.set(k, step);
          if (ref.size > maxSize) ref.delete(ref.keys().next().value);
        } else if (op < 9) {
          expect(c.delete(k)).toBe(ref.delete(k));
        } else {
          expect(c.has(k)).toBe(ref.has(k));
          expect(c.peek(k)).toBe(ref.get(k));
        }
        if (step % 1000 === 0) expect([...c.entries()]).toEqual([...ref.entries()]);
      }
      expect([...c.entries()]).toEqual([...ref.entries()]);
      for (const k of [...texts, ...ints]) expect(c.peek(k)).toBe(ref.get(k));
    }
  });
});

describe("LRUCache capacity: max, with maxSize a deprecated alias of the same count", () => {
  it("max and maxSize mean the same entry count, both are readable, and the stats carry both", () => {
    const a = new LRUCache<string, number>({ max: 2 });
    const b = new LRUCache<string, number>({ maxSize: 2 });
    for (const c of [a, b]) {
      c.set("x", 1);
      c.set("y", 2);
      c.set("z", 3);
      expect([...c.keys()]).toEqual(["y", "z"]);
      expect([c.max, c.maxSize]).toEqual([2, 2]);
      expect(c.stats()).toMatchObject({ max: 2, maxSize: 2, evictions: 1 });
    }
    expect(new LRUCache().max).toBe(128);
  });

  it("refuses both names at once, and names the one given when its value is bad", () => {
    expect(() => new LRUCache({ max: 2, maxSize: 2 })).toThrow(TypeError);
    expect(() => new LRUCache({ max: 2, maxSize: 3 })).toThrow(/LRUCache: pass max or its deprecated alias maxSize, not both/);
    expect(() => new LRUCache({ max: -1 })).toThrow("LRUCache: max must be a non-negative integer or Infinity (got -1)");
    expect(() => new LRUCache({ maxSize: 1.5 })).toThrow("LRUCache: maxSize must be a non-negative integer or Infinity (got 1.5)");
  });
});
