import { describe, expect, it } from "vitest";
import { WeakValueMap } from "../../src/collections/index.js";
import { ValidationError } from "../../src/errors.js";

const gc = (globalThis as { gc?: () => void }).gc as () => void;

const tick = () => new Promise((r) => setTimeout(r, 2));

/**
 * Collects garbage and lets finalizers run, until `done()` or a bounded
 * number of rounds. `deref()` (which `done()` may call) keeps its target
 * alive until the end of the current job, so each gc() runs in a fresh job.
 */
async function collect(done: () => boolean): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await tick();
    gc();
    await tick();
    if (done()) return;
  }
}

describe("WeakValueMap", () => {
  it("behaves like a Map while its values are alive", () => {
    const a = { n: 1 };
    const b = { n: 2 };
    const m = new WeakValueMap<string, { n: number }>([["a", a]]);
    m.set("b", b);
    expect(m.get("a")).toBe(a);
    expect(m.has("b")).toBe(true);
    expect(m.size).toBe(2);
    expect([...m.keys()]).toEqual(["a", "b"]);
    expect([...m.values()]).toEqual([a, b]);
    const seen: string[] = [];
    m.forEach((_v, k) => {
      seen.push(k);
    });
    expect(seen).toEqual(["a", "b"]);
    expect(m.delete("a")).toBe(true);
    expect(m.delete("a")).toBe(false);
    m.clear();
    expect(m.size).toBe(0);
    expect(() => m.set("x", 1 as unknown as { n: number })).toThrow(ValidationError);
  });

  it("drops entries whose values were collected from size, get and iteration", async () => {
    const m = new WeakValueMap<number, object>();
    const keep = { keep: true };
    m.set(0, keep);
    (() => {
      for (let i = 1; i <= 20; i++) m.set(i, { i });
    })();
    await collect(() => m.size === 1);
    expect(m.size).toBe(1);
    expect([...m]).toEqual([[0, keep]]);
    expect(m.get(5)).toBeUndefined();
    expect(keep.keep).toBe(true);
  });

  it("skips dead entries at once, before their finalizers have run", async () => {
    const m = new WeakValueMap<number, object>();
    const keep = { keep: true };
    m.set(0, keep);
    (() => {
      for (let i = 1; i <= 10; i++) m.set(i, { i });
    })();
    await tick();
    gc();
    // finalizers run in a later task: the raw entries are still there, but dead ones are invisible
    const raw = (m as unknown as { _map: Map<number, unknown> })._map;
    const rawBefore = raw.size;
    expect([...m.keys()]).toEqual([0]);
    expect(m.has(3)).toBe(false);
    expect(rawBefore).toBeGreaterThan(1);
    expect(m.size).toBe(1);
  });

  it("does not let an old value's finalizer remove a newer value under the same key", async () => {
    const m = new WeakValueMap<string, object>();
    (() => {
      m.set("k", { old: true });
    })();
    const fresh = { fresh: true };
    m.set("k", fresh);
    let probe: WeakRef<object> | undefined;
    (() => {
      const o = {};
      probe = new WeakRef(o);
    })();
    await collect(() => probe?.deref() === undefined);
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 2));
    expect(m.get("k")).toBe(fresh);
    expect(m.size).toBe(1);
  });
});
