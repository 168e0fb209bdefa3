import { describe, expect, it } from "vitest";
import { METADATA, PROFILE, Profiler, profile, stats, unwrap, WRAPPED, wraps } from "../../src/decorators/index.js";

function passThrough<F extends (...args: never[]) => unknown>(fn: F): F {
  return wraps(function (this: unknown, ...args: unknown[]) {
    return (fn as unknown as (...a: unknown[]) => unknown).apply(this, args);
  }, fn) as unknown as F;
}

describe("wraps", () => {
  it("copies name and length and remembers the wrapped function", () => {
    function add(x: number, y: number) {
      return x + y;
    }
    const wrapped = passThrough(add);
    expect(wrapped.name).toBe("add");
    expect(wrapped.length).toBe(2);
    expect(wrapped(2, 3)).toBe(5);
    expect((wrapped as unknown as Record<symbol, unknown>)[WRAPPED]).toBe(add);
    expect(unwrap(passThrough(wrapped))).toBe(add);
  });

  it("copies decorum metadata: Symbol.metadata, own properties and accessors", () => {
    let reads = 0;
    const meta = { note: "kept" };
    function source() {
      return 1;
    }
    Object.defineProperty(source, METADATA, { value: meta, configurable: true });
    Object.defineProperty(source, "reads", { get: () => ++reads, configurable: true });
    (source as unknown as { tag: string }).tag = "hello";
    const wrapper = wraps(() => 2, source) as unknown as Record<PropertyKey, unknown>;
    expect(wrapper[METADATA]).toBe(meta);
    expect(wrapper.tag).toBe("hello");
    expect(wrapper.reads).toBe(1);
    expect(wrapper.reads).toBe(2);
    expect(Object.hasOwn(wrapper, "prototype")).toBe(false);
  });

  it("carries a profiled function's statistics to the outer wrapper", () => {
    const p = new Profiler();
    const inner = profile(
      function double(x: number) {
        return 2 * x;
      },
      { profiler: p },
    );
    const outer = passThrough(inner);
    outer(4);
    outer(5);
    expect(stats(outer).ncalls).toBe(2);
    expect((outer as unknown as { ncalls: number }).ncalls).toBe(2);
    expect((outer as unknown as Record<symbol, unknown>)[PROFILE]).toBe((inner as unknown as Record<symbol, unknown>)[PROFILE]);
  });

  it("works curried, like @functools.wraps(func)", () => {
    function greet(name: string) {
      return `hi ${name}`;
    }
    const w = wraps(greet)((n: string) => greet(n).toUpperCase());
    expect(w.name).toBe("greet");
    expect(w("ada")).toBe("HI ADA");
  });

  it("rejects non-functions with a TypeError", () => {
    expect(() => wraps(1 as unknown as Function, () => 1)).toThrow(TypeError);
    expect(() => wraps(() => 1, {} as unknown as Function)).toThrow("wraps: the wrapped value must be a function (got object)");
  });
});
