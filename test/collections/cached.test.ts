import { describe, expect, it } from "vitest";
import { type CachedFunction, cached, defaultCacheKey } from "../../src/collections/index.js";
import { ClassDefinitionError } from "../../src/errors.js";
import { defineModel, field } from "../../src/registry/index.js";

describe("cached(fn)", () => {
  it("caches by the arguments, like functools.lru_cache, with cacheInfo and cacheClear", () => {
    let calls = 0;
    const fib: ((n: number) => number) & CachedFunction = cached((n: number): number => {
      calls++;
      return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }) as never;
    expect(fib(30)).toBe(832040);
    expect(calls).toBe(31);
    expect(fib.cacheInfo()).toEqual({ hits: 28, misses: 31, evictions: 0, size: 31, max: 128, maxSize: 128 });
    fib.cacheClear();
    expect(fib.cacheInfo()).toEqual({ hits: 0, misses: 0, evictions: 0, size: 0, max: 128, maxSize: 128 });
    expect(fib.name).toBe("");
    const named = cached(function area(w: number, h: number) {
      return w * h;
    });
    expect(named.name).toBe("area");
    expect(named.length).toBe(2);
  });

  it("evicts the least recently used entry past maxSize, and maxSize 0 caches nothing", () => {
    let calls = 0;
    const sq = cached(
      (n: number) => {
        calls++;
        return n * n;
      },
      { max: 2 },
    );
    sq(1);
    sq(2);
    sq(1);
    sq(3); // evicts 2
    sq(2);
    expect(calls).toBe(4);
    expect(sq.cacheInfo()).toMatchObject({ hits: 1, misses: 4, evictions: 2, size: 2 });
    const none = cached(() => ++calls, { maxSize: 0 });
    none();
    none();
    expect(none.cacheInfo()).toMatchObject({ hits: 0, misses: 2, size: 0 });
  });

  it("keys primitives by value (1 and '1' differ), other objects by identity, registered models by value", () => {
    class P {
      x = 0;
      y = 0;
    }
    defineModel(P, { name: "test.cached.P", fields: { x: field(Number), y: field(Number) } });
    let calls = 0;
    const f = cached((...args: unknown[]) => ++calls && args.length);
    f(1);
    f("1");
    f(1);
    expect(calls).toBe(2);
    const o = {};
    f(o);
    f(o);
    f({});
    expect(calls).toBe(4);
    const a = Object.assign(new P(), { x: 1, y: 2 });
    const b = Object.assign(new P(), { x: 1, y: 2 });
    f(a, 1);
    f(b, 1);
    expect(calls).toBe(5);
    f(undefined);
    f();
    f(null);
    expect(calls).toBe(8);
    // a composite key and a string argument never collide
    expect(defaultCacheKey(["x", 1])).not.toBe(defaultCacheKey([defaultCacheKey(["x", 1])]));
    expect(defaultCacheKey([-0])).toBe(0);
  });

  it("takes a key function instead of the default rule", () => {
    let calls = 0;
    const byId = cached((u: { id: number; name: string }) => ++calls && u.name, { key: (u: { id: number }) => u.id });
    byId({ id: 1, name: "a" });
    expect(byId({ id: 1, name: "b" })).toBe("a");
    expect(calls).toBe(1);
  });

  it("caches a promise but not a rejection, and never a synchronous throw", async () => {
    let calls = 0;
    const load = cached(async (id: number) => {
      calls++;
      if (calls === 1) throw new Error("flaky");
      return id * 2;
    });
    const p1 = load(7);
    expect(load(7)).toBe(p1); // concurrent callers share the promise
    await expect(p1).rejects.toThrow("flaky");
    await Promise.resolve();
    expect(await load(7)).toBe(14);
    expect(await load(7)).toBe(14);
    expect(calls).toBe(2);
    let n = 0;
    const boom = cached(() => {
      n++;
      throw new Error("no");
    });
    expect(() => boom()).toThrow("no");
    expect(() => boom()).toThrow("no");
    expect(n).toBe(2);
  });

  it("rejects bad options", () => {
    expect(() => cached(() => 1, { maxSize: -1 })).toThrow(RangeError);
    expect(() => cached(() => 1, { maxSize: -1 })).toThrow("cached: maxSize must be a non-negative integer or Infinity (got -1)");
    expect(() => cached(() => 1, { size: 3 } as never)).toThrow(/cached: unknown option "size" \(known: max, maxSize, key\)/);
    expect(() => cached({ key: 3 } as never)).toThrow(TypeError);
  });
});

describe("@cached", () => {
  it("caches a method per instance, and releases nothing shared between instances", () => {
    let calls = 0;
    class Service {
      constructor(readonly base: number) {}
      @cached({ max: 10 })
      price(qty: number): number {
        calls++;
        return this.base * qty;
      }
    }
    const a = new Service(2);
    const b = new Service(3);
    expect(a.price(5)).toBe(10);
    expect(a.price(5)).toBe(10);
    expect(b.price(5)).toBe(15);
    expect(calls).toBe(2);
    const method = Service.prototype.price as unknown as CachedFunction;
    expect(method.cacheInfo(a)).toEqual({ hits: 1, misses: 1, evictions: 0, size: 1, max: 10, maxSize: 10 });
    expect(method.cacheInfo()).toMatchObject({ hits: 1, misses: 2, size: 2 });
    method.cacheClear(a);
    a.price(5);
    expect(calls).toBe(3);
    method.cacheClear();
    expect(method.cacheInfo()).toMatchObject({ hits: 0, misses: 0, size: 0 });
    expect(Service.prototype.price.name).toBe("price");
  });

  it("caches a getter once per instance, and async methods' promises", async () => {
    let computed = 0;
    class Report {
      constructor(readonly rows: number[]) {}
      @cached()
      get total(): number {
        computed++;
        return this.rows.reduce((x, y) => x + y, 0);
      }
      @cached()
      async fetch(id: string): Promise<string> {
        computed++;
        return `${id}:${this.rows.length}`;
      }
      @cached()
      static make(n: number): number {
        computed++;
        return n;
      }
    }
    const r = new Report([1, 2, 3]);
    expect(r.total).toBe(6);
    expect(r.total).toBe(6);
    expect(new Report([1]).total).toBe(1);
    expect(computed).toBe(2);
    expect(await r.fetch("a")).toBe("a:3");
    expect(await r.fetch("a")).toBe("a:3");
    expect(computed).toBe(3);
    Report.make(1);
    Report.make(1);
    expect(computed).toBe(4);
  });

  it("refuses a field and a key on a getter with a ClassDefinitionError", () => {
    expect(() => {
      class Bad {
        @cached()
        accessor x = 1;
      }
      return Bad;
    }).toThrow(ClassDefinitionError);
    expect(() => {
      class Bad {
        @cached({ key: () => 1 })
        get x(): number {
          return 1;
        }
      }
      return Bad;
    }).toThrow(/takes no key option/);
  });
});
