/**
 * Iterating a collection while changing it: every iterator either throws a
 * ConcurrentModificationError on its next step or yields only items that
 * are in the collection at that moment; never a vacated slot.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Counter,
  Deque,
  Heap,
  LRUCache,
  mergeSorted,
  nLargest,
  PriorityQueue,
  SortedList,
  WeakValueMap,
} from "../../src/collections/index.js";
import { ConcurrentModificationError, DecorumError, DeserializeError, ErrorCode } from "../../src/errors.js";
import { registry } from "../../src/registry/index.js";

/** Runs `loop`; returns the error it threw (undefined when it finished). */
function thrown(loop: () => void): unknown {
  try {
    loop();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe("ConcurrentModificationError", () => {
  it("is a DecorumError with a stable code and names the collection", () => {
    const h = Heap.from([1, 2, 3]);
    const e = thrown(() => {
      for (const x of h) h.push(x);
    });
    expect(e).toBeInstanceOf(ConcurrentModificationError);
    expect(e).toBeInstanceOf(DecorumError);
    expect((e as ConcurrentModificationError).code).toBe(ErrorCode.concurrentModification);
    expect((e as ConcurrentModificationError).collection).toBe("Heap");
    expect((e as Error).message).toMatch(/^Heap changed during iteration \(push, pop, .*\); iterate a copy, e\.g\. \[\.\.\.heap\]/);
  });
});

describe("Heap iteration", () => {
  it("throws instead of yielding undefined when a push inside the loop grows the numeric store", () => {
    // the old iterator kept the Float64Array it started with and read past its end after growth
    const h = Heap.from(Array.from({ length: 16 }, (_, i) => i));
    const seen: unknown[] = [];
    const e = thrown(() => {
      for (const x of h) {
        seen.push(x);
        h.push(100 + (x as number));
      }
    });
    expect(e).toBeInstanceOf(ConcurrentModificationError);
    expect(seen).toEqual([0]);
    expect(seen).not.toContain(undefined);
    expect(h.size).toBe(17);
  });

  it("throws after pop, replace, pushPop and clear, in the numeric and the generic store", () => {
    const changes: ((h: Heap<number>) => void)[] = [(h) => h.pop(), (h) => h.replace(-1), (h) => h.pushPop(99), (h) => h.clear()];
    for (const change of changes) {
      for (const make of [() => Heap.from([1, 2, 3]), () => Heap.from([1, 2, 3], { compare: (a: number, b: number) => a - b })]) {
        const h = make();
        expect(
          thrown(() => {
            for (const _ of h) change(h);
          }),
        ).toBeInstanceOf(ConcurrentModificationError);
      }
    }
  });

  it("lets a loop change the heap when it iterates a copy, and a failed push changes nothing", () => {
    const h = Heap.from([3, 1, 2]);
    for (const x of [...h]) h.push(x * 10);
    expect(h.size).toBe(6);
    const s = Heap.from(["b", "a"]);
    const out: string[] = [];
    for (const x of s) {
      out.push(x);
      expect(() => s.push(1 as never)).toThrow(/cannot order a string against a number/);
    }
    expect(out.sort()).toEqual(["a", "b"]);
  });
});

describe("LRUCache iteration", () => {
  it("throws instead of yielding [undefined, undefined] after clear() or delete() inside the loop", () => {
    for (const change of [(c: LRUCache<string, number>) => c.clear(), (c: LRUCache<string, number>) => c.delete("b")]) {
      const c = new LRUCache<string, number>({ maxSize: 4 });
      c.set("a", 1).set("b", 2).set("c", 3);
      const seen: [string, number][] = [];
      const e = thrown(() => {
        for (const entry of c) {
          seen.push(entry);
          change(c);
        }
      });
      expect(e).toBeInstanceOf(ConcurrentModificationError);
      expect((e as ConcurrentModificationError).collection).toBe("LRUCache");
      expect(seen).toEqual([["a", 1]]);
    }
  });

  it("throws on keys(), values() and entries() after set, eviction and a get that reorders; peek and has are safe", () => {
    const make = () => new LRUCache<number, number>({ maxSize: 3 }).set(1, 1).set(2, 2).set(3, 3);
    const changes: ((c: LRUCache<number, number>) => void)[] = [
      (c) => c.set(9, 9), // evicts
      (c) => c.set(1, 10), // overwrite: moves to most recent
      (c) => c.get(1), // moves to most recent
      (c) => c.delete(3),
    ];
    for (const change of changes) {
      for (const it of [
        (c: LRUCache<number, number>) => c.keys(),
        (c: LRUCache<number, number>) => c.values(),
        (c: LRUCache<number, number>) => c.entries(),
      ]) {
        const c = make();
        expect(
          thrown(() => {
            for (const _ of it(c)) change(c);
          }),
        ).toBeInstanceOf(ConcurrentModificationError);
      }
    }
    const c = make();
    const keys: number[] = [];
    for (const k of c.keys()) {
      keys.push(k);
      c.peek(k);
      c.has(k);
      c.get(3); // already the most recent: nothing moves
    }
    expect(keys).toEqual([1, 2, 3]);
    expect(c.hits).toBe(3);
  });
});

describe("the other iterators", () => {
  it("PriorityQueue, SortedList (also irange), Counter and WeakValueMap throw on the step after a change", () => {
    const q = new PriorityQueue<string>();
    q.push("a", 1);
    q.push("b", 2);
    expect(
      thrown(() => {
        for (const x of q) q.update(x, 5);
      }),
    ).toBeInstanceOf(ConcurrentModificationError);
    const s = new SortedList([1, 2, 3, 4]);
    expect(
      thrown(() => {
        for (const x of s) s.add(x);
      }),
    ).toBeInstanceOf(ConcurrentModificationError);
    expect(
      thrown(() => {
        for (const x of s.irange(2, 3)) s.remove(x);
      }),
    ).toBeInstanceOf(ConcurrentModificationError);
    const c = new Counter("abc");
    expect(
      thrown(() => {
        for (const [k] of c) c.increment(`${k}!`);
      }),
    ).toBeInstanceOf(ConcurrentModificationError);
    // changing a count of a key that is there is not a structural change (as a Python dict)
    const d = new Counter("abc");
    for (const [k] of d) d.increment(k, 2);
    expect([...d.values()]).toEqual([3, 3, 3]);
    const held = [{}, {}, {}];
    const m = new WeakValueMap<number, object>(held.map((v, i) => [i, v]));
    expect(
      thrown(() => {
        for (const [k] of m) m.delete(k);
      }),
    ).toBeInstanceOf(ConcurrentModificationError);
    for (const [k, v] of m) m.set(k, v); // replacing the value of a key that is there is allowed
    expect(m.size).toBe(2);
  });

  it("Counter.clear() inside the loop no longer yields undefined counts", () => {
    const c = new Counter(["a", "a", "b"]);
    const seen: unknown[] = [];
    const e = thrown(() => {
      for (const [k, n] of c) {
        seen.push(k, n);
        c.clear();
        c.increment("z");
      }
    });
    expect(e).toBeInstanceOf(ConcurrentModificationError);
    expect(seen).toEqual(["a", 2]);
  });

  it("Deque throws after a change of length or front, and sees items replaced in place", () => {
    for (const change of [
      (d: Deque<number>) => d.push(9),
      (d: Deque<number>) => d.shift(),
      (d: Deque<number>) => d.unshift(0),
      (d: Deque<number>) => d.rotate(1),
      (d: Deque<number>) => d.clear(),
      (d: Deque<number>) => d.reverse(),
    ]) {
      const d = new Deque([1, 2, 3]);
      expect(
        thrown(() => {
          for (const _ of d) change(d);
        }),
      ).toBeInstanceOf(ConcurrentModificationError);
    }
    const d = new Deque([1, 2, 3]);
    const out: number[] = [];
    for (const x of d) {
      out.push(x);
      if (x === 1) d.set(2, 30);
    }
    expect(out).toEqual([1, 2, 30]);
  });

  it("the heapq functions consume a collection through its own iterator, so a change in the loop is caught", () => {
    const h = Heap.from([1, 5, 9]);
    expect(
      thrown(() => {
        for (const x of mergeSorted([h, [2, 3]])) if (x === 2) h.push(0);
      }),
    ).toBeInstanceOf(ConcurrentModificationError);
    const s = new SortedList([1, 2, 3]);
    expect(nLargest(2, s)).toEqual([3, 2]);
  });
});

// ── properties: random changes during iteration ─────────────────────────────

/**
 * Iterates `it` and, after each step, maybe applies a random change; asserts
 * that every yielded item is in `contents()` at the moment it is yielded,
 * and that the loop either completes or throws ConcurrentModificationError.
 */
function checkIteration<T>(
  it: Iterable<T>,
  contents: () => readonly T[],
  changes: ((i: number) => void)[],
  plan: readonly (number | null)[],
  same: (a: T, b: T) => boolean = Object.is,
): void {
  let step = 0;
  try {
    for (const x of it) {
      expect(x).not.toBeUndefined();
      expect(contents().some((y) => same(x, y))).toBe(true);
      const c = plan[step % plan.length];
      if (c !== null && c !== undefined) (changes[c % changes.length] as (i: number) => void)(step);
      step++;
    }
  } catch (e) {
    if (!(e instanceof ConcurrentModificationError)) throw e;
  }
}

const plan = fc.array(fc.option(fc.nat(20), { freq: 3 }), { minLength: 1, maxLength: 20 });
const small = fc.integer({ min: -50, max: 50 });

describe("properties: a change during iteration throws or the iterator yields only live items", () => {
  it("Heap (numeric and generic stores)", () => {
    fc.assert(
      fc.property(fc.array(small, { maxLength: 40 }), plan, fc.boolean(), (items, p, generic) => {
        const h = generic ? Heap.from(items, { compare: (a: number, b: number) => a - b }) : Heap.from(items);
        checkIteration(
          h,
          () => h.toArray(),
          [(i) => h.push(i), () => h.pop(), (i) => h.replace(i), (i) => h.pushPop(i), () => h.clear()],
          p,
        );
      }),
    );
  });

  it("PriorityQueue", () => {
    fc.assert(
      fc.property(fc.array(small, { maxLength: 40 }), plan, (prios, p) => {
        const q = new PriorityQueue<number>();
        let next = 0;
        for (const pr of prios) q.push(next++, pr);
        checkIteration(
          q,
          () => q.toSortedArray().map(([x]) => x),
          [
            (i) => q.push(next++, i),
            () => q.pop(),
            () => q.delete(q.peek() as number),
            (i) => q.update(q.peek() as number, i),
            () => q.clear(),
          ],
          p,
        );
      }),
    );
  });

  it("Deque", () => {
    fc.assert(
      fc.property(fc.array(small, { maxLength: 40 }), plan, (items, p) => {
        const d = new Deque(items);
        checkIteration(
          d,
          () => d.toArray(),
          [
            (i) => d.push(i),
            (i) => d.unshift(i),
            () => d.pop(),
            () => d.shift(),
            (i) => d.rotate(i),
            () => d.clear(),
            (i) => d.length > 0 && d.set(i % d.length, i),
            (i) => {
              d.pop();
              d.push(i);
            },
            (i) => {
              for (let k = 0; k < 40; k++) d.push(i); // grows the ring
            },
          ],
          p,
        );
      }),
    );
  });

  it("LRUCache keys(), values() and entries()", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(30), small), { maxLength: 40 }), plan, fc.nat(2), (pairs, p, which) => {
        const c = new LRUCache<number, number>({ max: 10 });
        for (const [k, v] of pairs) c.set(k, v);
        const changes = [
          (i: number) => c.set(i % 30, i),
          (i: number) => c.get(i % 30),
          (i: number) => c.delete(i % 30),
          () => c.clear(),
          (i: number) => c.peek(i % 30),
        ];
        if (which === 0) checkIteration(c.keys(), () => [...c.entries()].map(([k]) => k), changes, p);
        else if (which === 1) checkIteration(c.values(), () => [...c.entries()].map(([, v]) => v), changes, p);
        else
          checkIteration(
            c.entries(),
            () => [...c.entries()],
            changes,
            p,
            (a, b) => a[0] === b[0] && a[1] === b[1],
          );
      }),
    );
  });

  it("SortedList and its irange", () => {
    fc.assert(
      fc.property(fc.array(small, { maxLength: 60 }), plan, fc.boolean(), small, (items, p, range, lo) => {
        const s = new SortedList(items, { load: 4 });
        checkIteration(
          range ? s.irange(lo, lo + 30) : s,
          () => s.toArray(),
          [(i) => s.add(i), (i) => s.remove(i), () => s.pop(0), () => s.clear(), (i) => s.extend([i, i + 1, i + 2])],
          p,
        );
      }),
    );
  });

  it("Counter (entries, keys, values, elements)", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(20), { maxLength: 40 }), plan, fc.nat(3), (keys, p, which) => {
        const c = new Counter(keys);
        const changes = [
          (i: number) => c.increment(i % 25),
          (i: number) => c.delete(i % 25),
          () => c.clear(),
          (i: number) => c.set(i % 25, i),
        ];
        if (which === 0)
          checkIteration(
            c.entries(),
            () => [...c.entries()],
            changes,
            p,
            (a, b) => a[0] === b[0] && a[1] === b[1],
          );
        else if (which === 1) checkIteration(c.keys(), () => [...c.keys()], changes, p);
        else if (which === 2) checkIteration(c.elements(), () => [...c.keys()], changes, p);
        else {
          const seen = c.size;
          let n = 0;
          try {
            for (const v of c.values()) {
              expect(typeof v).toBe("number");
              n++;
              (changes[(p[n % p.length] ?? 0) % changes.length] as (i: number) => void)(n);
            }
          } catch (e) {
            if (!(e instanceof ConcurrentModificationError)) throw e;
          }
          expect(n).toBeLessThanOrEqual(seen);
        }
      }),
    );
  });

  it("WeakValueMap", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(20), { maxLength: 30 }), plan, (keys, p) => {
        const held = Array.from({ length: 40 }, (_, i) => ({ i }));
        const m = new WeakValueMap<number, { i: number }>(keys.map((k) => [k, held[k] as { i: number }]));
        checkIteration(
          m,
          () => [...m],
          [(i) => m.set(i % 40, held[i % 40] as { i: number }), (i) => m.delete(i % 40), () => m.clear()],
          p,
          (a, b) => a[0] === b[0] && a[1] === b[1],
        );
      }),
    );
  });
});

describe("keyed collections reject duplicate keys when decoding", () => {
  it("WeakValueMap reports a duplicate key at its path instead of keeping the last value", () => {
    const doc = JSON.stringify({
      m: {
        $type: "decorum.WeakValueMap",
        value: {
          entries: [
            ["a", { x: 1 }],
            ["b", { x: 2 }],
            ["a", { x: 3 }],
          ],
        },
      },
    });
    let error: unknown;
    try {
      registry.deserialize(doc);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeserializeError);
    expect((error as DeserializeError).issues.map((i) => [i.code, i.path])).toEqual([["duplicate", ["m", "value", "entries", 2, 0]]]);
    expect((error as Error).message).toMatch(/key appears twice/);
  });

  it("LRUCache and Counter do too, each at the duplicate's path", () => {
    const issues = (tag: string, value: unknown) => {
      try {
        registry.deserialize(JSON.stringify({ $type: tag, value }));
      } catch (e) {
        return (e as DeserializeError).issues.map((i) => [i.code, i.path]);
      }
      return [];
    };
    expect(
      issues("decorum.LRUCache", {
        maxSize: 4,
        entries: [
          ["k", 1],
          ["k", 2],
        ],
      }),
    ).toEqual([["duplicate", ["value", "entries", 1, 0]]]);
    expect(
      issues("decorum.Counter", {
        entries: [
          ["k", 1],
          ["k", 2],
        ],
      }),
    ).toEqual([["duplicate", ["value", "entries", 1, 0]]]);
  });
});
