import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PriorityQueue } from "../../src/collections/index.js";
import { ValidationError } from "../../src/errors.js";

type Op =
  | { t: "push"; item: number; p: number }
  | { t: "pop" }
  | { t: "peek" }
  | { t: "update"; item: number; p: number }
  | { t: "delete"; item: number }
  | { t: "has"; item: number };
const item = fc.integer({ min: 0, max: 30 });
// mostly small integers (long FIFO classes); sometimes fractions, large values, infinities, and
// priorities that share a slot of the class cache with 0..4 (1024, 2049, -1024: a push may open a
// second class of a priority that is already queued)
const prio = fc.oneof(
  { weight: 9, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 2, arbitrary: fc.constantFrom(0.5, 2.5, -1e7, 3e9, 1024, 2049, -1024, Infinity, -Infinity) },
);
const ops = fc.array(
  fc.oneof(
    fc.record({ t: fc.constant("push" as const), item, p: prio }),
    fc.constant<Op>({ t: "pop" }),
    fc.constant<Op>({ t: "peek" }),
    fc.record({ t: fc.constant("update" as const), item, p: prio }),
    fc.record({ t: fc.constant("delete" as const), item }),
    fc.record({ t: fc.constant("has" as const), item }),
  ),
  { maxLength: 150 },
);

describe("PriorityQueue", () => {
  for (const order of ["min", "max"] as const) {
    it(`matches a stable reference queue (FIFO among ties, update moves to the back) with order ${order}`, () => {
      fc.assert(
        fc.property(ops, (list) => {
          const q = new PriorityQueue<number>({ order });
          let seq = 0;
          const ref = new Map<number, { p: number; seq: number }>();
          const first = (): number | undefined => {
            let best: number | undefined;
            for (const [k, e] of ref) {
              const b = best === undefined ? undefined : (ref.get(best) as { p: number; seq: number });
              const better = order === "min" ? e.p < (b?.p ?? Infinity) : e.p > (b?.p ?? -Infinity);
              if (b === undefined || better || (e.p === b.p && e.seq < b.seq)) best = k;
            }
            return best;
          };
          for (const op of list) {
            if (op.t === "push") {
              // items are distinct: a queued item is re-prioritized with update
              if (ref.has(op.item)) q.update(op.item, op.p);
              else q.push(op.item, op.p);
              ref.set(op.item, { p: op.p, seq: seq++ });
            } else if (op.t === "pop") {
              const want = first();
              expect(q.pop()).toBe(want);
              if (want !== undefined) ref.delete(want);
            } else if (op.t === "peek") {
              const want = first();
              expect(q.peek()).toBe(want);
              expect(q.peekPriority()).toBe(want === undefined ? undefined : ref.get(want)?.p);
            } else if (op.t === "update") {
              expect(q.update(op.item, op.p)).toBe(ref.has(op.item));
              if (ref.has(op.item)) ref.set(op.item, { p: op.p, seq: seq++ });
            } else if (op.t === "delete") {
              expect(q.delete(op.item)).toBe(ref.delete(op.item));
            } else {
              expect(q.has(op.item)).toBe(ref.has(op.item));
              expect(q.priorityOf(op.item)).toBe(ref.get(op.item)?.p);
            }
            expect(q.size).toBe(ref.size);
          }
          const sorted = q.toSortedArray();
          const drained: [number, number][] = [];
          for (let x = q.pop(); x !== undefined; x = q.pop()) drained.push([x, (ref.get(x) as { p: number }).p]);
          expect(sorted).toEqual(drained);
        }),
      );
    });
  }

  it("serves equal priorities strictly in push order, even with many ties", () => {
    const q = new PriorityQueue<number>();
    for (let i = 0; i < 5000; i++) q.push(i, i % 3);
    const out: number[] = [];
    for (let x = q.pop(); x !== undefined; x = q.pop()) out.push(x);
    const want = [0, 1, 2].flatMap((p) => Array.from({ length: 5000 }, (_, i) => i).filter((i) => i % 3 === p));
    expect(out).toEqual(want);
  });

  it("moves an updated item to the back of its new priority class", () => {
    const q = new PriorityQueue<string>();
    q.push("a", 1);
    q.push("b", 1);
    q.push("c", 2);
    q.update("a", 1);
    q.update("c", 1);
    expect([q.pop(), q.pop(), q.pop(), q.pop()]).toEqual(["b", "a", "c", undefined]);
  });

  it("stays FIFO when pushes of one priority land in several classes (class cache collisions)", () => {
    // 0, 1024 and 2048 share a cache slot: alternating them evicts each other's class, so every
    // push of 0 after a 1024 opens a new class of priority 0; those classes are served oldest first
    const q = new PriorityQueue<number>();
    const want: number[][] = [[], [], []];
    for (let i = 0; i < 300; i++) {
      const p = [0, 1024, 2048][i % 3] as number;
      q.push(i, p);
      (want[i % 3] as number[]).push(i);
    }
    // delete and update inside those classes: heads, tails and middles
    expect(q.delete(0)).toBe(true); // head of the first class of 0 (its successor takes its heap place)
    expect(q.delete(297)).toBe(true); // tail of the newest class of 0
    expect(q.update(3, 0)).toBe(true); // back of the newest class of 0
    expect(q.update(1, 2048)).toBe(true); // a head that moves to the newest class of 2048
    want[0] = (want[0] as number[]).filter((x) => x !== 0 && x !== 297 && x !== 3).concat([3]);
    want[1] = (want[1] as number[]).filter((x) => x !== 1);
    want[2] = (want[2] as number[]).concat([1]);
    expect(q.size).toBe(298);
    expect(q.toSortedArray().map(([x]) => x)).toEqual(want.flat());
    const out: number[] = [];
    for (let x = q.pop(); x !== undefined; x = q.pop()) out.push(x);
    expect(out).toEqual(want.flat());
  });

  it("acts on an item's entry served first when it is queued more than once, whenever the index is built", () => {
    type E = { item: number; p: number; seq: number };
    const op = fc.oneof(
      { weight: 6, arbitrary: fc.record({ t: fc.constant("push" as const), item: fc.nat(4), p: fc.nat(3) }) },
      { weight: 3, arbitrary: fc.record({ t: fc.constant("pop" as const) }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant("update" as const), item: fc.nat(4), p: fc.nat(3) }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant("delete" as const), item: fc.nat(4) }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant("query" as const), item: fc.nat(4) }) },
    );
    // a prefix of pushes and pops only: the index (built by the first query) then starts from many entries
    const plain = fc.oneof(
      { weight: 3, arbitrary: fc.record({ t: fc.constant("push" as const), item: fc.nat(4), p: fc.nat(3) }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant("pop" as const) }) },
    );
    fc.assert(
      fc.property(fc.array(plain, { maxLength: 60 }), fc.array(op, { maxLength: 60 }), (prefix, rest) => {
        const list = [...prefix, ...rest];
        const q = new PriorityQueue<number>();
        let ref: E[] = [];
        let seq = 0;
        const firstOf = (item?: number): E | undefined => {
          let best: E | undefined;
          for (const e of ref)
            if ((item === undefined || e.item === item) && (best === undefined || e.p < best.p || (e.p === best.p && e.seq < best.seq)))
              best = e;
          return best;
        };
        for (const o of list) {
          if (o.t === "push") {
            q.push(o.item, o.p);
            ref.push({ item: o.item, p: o.p, seq: seq++ });
          } else if (o.t === "pop") {
            const e = firstOf();
            expect(q.pop()).toBe(e?.item);
            ref = ref.filter((x) => x !== e);
          } else if (o.t === "update") {
            const e = firstOf(o.item);
            expect(q.update(o.item, o.p)).toBe(e !== undefined);
            if (e) Object.assign(e, { p: o.p, seq: seq++ });
          } else if (o.t === "delete") {
            const e = firstOf(o.item);
            expect(q.delete(o.item)).toBe(e !== undefined);
            ref = ref.filter((x) => x !== e);
          } else {
            expect(q.has(o.item)).toBe(firstOf(o.item) !== undefined);
            expect(q.priorityOf(o.item)).toBe(firstOf(o.item)?.p);
          }
          expect(q.size).toBe(ref.length);
        }
        const want = [...ref].sort((a, b) => a.p - b.p || a.seq - b.seq).map((e) => [e.item, e.p]);
        expect(q.toSortedArray()).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });

  it("deletes and updates mid-class items when the first query comes after pops reused slots", () => {
    // push/pop keep no back links until an index query needs them: the first delete/update builds them
    const q = new PriorityQueue<string>();
    for (let i = 0; i < 8; i++) q.push(`a${i}`, i % 2);
    expect([q.pop(), q.pop(), q.pop()]).toEqual(["a0", "a2", "a4"]);
    for (let i = 8; i < 12; i++) q.push(`a${i}`, i % 2); // reuses the freed slots
    expect(q.delete("a9")).toBe(true); // mid-class of priority 1
    expect(q.update("a10", 1)).toBe(true); // mid-class of priority 0, to the back of priority 1
    expect(q.delete("a11")).toBe(true); // the tail of priority 1
    q.push("b", 0);
    expect(q.toSortedArray()).toEqual([
      ["a6", 0],
      ["a8", 0],
      ["b", 0],
      ["a1", 1],
      ["a3", 1],
      ["a5", 1],
      ["a7", 1],
      ["a10", 1],
    ]);
    expect(Array.from({ length: 8 }, () => q.pop())).toEqual(["a6", "a8", "b", "a1", "a3", "a5", "a7", "a10"]);
  });

  it("treats -0 and 0 as one priority class and reuses the queue after clear", () => {
    for (const order of ["min", "max"] as const) {
      const q = new PriorityQueue<string>({ order });
      q.push("a", 0);
      q.push("b", -0);
      q.push("c", 0);
      expect(q.priorityOf("b")).toBe(0);
      expect(Object.is(q.peekPriority(), 0)).toBe(true);
      expect([q.pop(), q.pop(), q.pop()]).toEqual(["a", "b", "c"]);
      q.push("x", 1);
      q.push("y", 2);
      q.clear();
      expect(q.size).toBe(0);
      expect(q.pop()).toBeUndefined();
      q.push("z", 5);
      q.push("w", 5);
      expect([...q]).toEqual(["z", "w"]);
      expect(q.has("w")).toBe(true);
      expect([q.pop(), q.pop(), q.pop()]).toEqual(["z", "w", undefined]);
    }
  });

  it("serves a large mixed queue in (priority, push) order and keeps its index consistent", () => {
    const q = new PriorityQueue<number>();
    const prio = (i: number) => (i * 7919) % 50; // 50 classes, interleaved pushes
    for (let i = 0; i < 20000; i++) q.push(i, prio(i));
    for (let i = 0; i < 20000; i += 3) expect(q.delete(i)).toBe(true);
    for (let i = 1; i < 20000; i += 6) expect(q.update(i, prio(i))).toBe(true); // back of its own class
    const out: number[] = [];
    for (let x = q.pop(); x !== undefined; x = q.pop()) out.push(x);
    const rank = new Map<number, number>();
    let r = 0;
    for (let i = 0; i < 20000; i++) if (i % 3 !== 0 && (i - 1) % 6 !== 0) rank.set(i, r++);
    for (let i = 1; i < 20000; i += 6) rank.set(i, r++);
    const want = [...rank.keys()].sort((a, b) => prio(a) - prio(b) || (rank.get(a) as number) - (rank.get(b) as number));
    expect(out).toEqual(want);
  });

  it("keeps items right across its storage chunks when freed slots are reused and the queue grows again", () => {
    // items live in chunks of 4096 slots; pops free slots in several chunks, later pushes reuse them before new ones
    const q = new PriorityQueue<string>();
    for (let i = 0; i < 10000; i++) q.push(`a${i}`, i % 4);
    const popped: string[] = [];
    for (let i = 0; i < 6000; i++) popped.push(q.pop() as string);
    expect(popped.slice(0, 3)).toEqual(["a0", "a4", "a8"]);
    for (let i = 0; i < 9000; i++) q.push(`b${i}`, i % 4);
    expect(q.size).toBe(13000);
    expect([...q].length).toBe(13000);
    const sorted = q.toSortedArray();
    expect(sorted.length).toBe(13000);
    expect(q.has("b8999")).toBe(true);
    expect(q.delete("b8999")).toBe(true);
    const out: string[] = [];
    for (let x = q.pop(); x !== undefined; x = q.pop()) out.push(x);
    expect(out).toEqual(sorted.map(([x]) => x).filter((x) => x !== "b8999"));
    // by priority, then push order: the a's that were not popped, then the b's
    const taken = new Set(popped);
    const want: string[] = [];
    for (let p = 0; p < 4; p++) {
      for (let i = p; i < 10000; i += 4) if (!taken.has(`a${i}`)) want.push(`a${i}`);
      for (let i = p; i < 9000; i += 4) if (i !== 8999) want.push(`b${i}`);
    }
    expect(out).toEqual(want);
  });

  it("rejects NaN and non-number priorities with a ValidationError", () => {
    const q = new PriorityQueue<string>();
    expect(() => q.push("a", Number.NaN)).toThrow(ValidationError);
    expect(() => q.push("a", "1" as unknown as number)).toThrow(/priority must be a number/);
    q.push("a", 1);
    expect(() => q.update("a", Number.NaN)).toThrow(/PriorityQueue.update: priority must not be NaN/);
    expect(q.priorityOf("a")).toBe(1);
    expect(() => new PriorityQueue({ order: "up" as "min" })).toThrow(RangeError);
    expect(() => new PriorityQueue({ order: "up" as "min" })).toThrow('PriorityQueue: order must be "min" or "max" (got "up")');
  });

  it("returns undefined from pop and peek when empty and false for unknown items", () => {
    const q = new PriorityQueue<object>();
    expect(q.pop()).toBeUndefined();
    expect(q.peek()).toBeUndefined();
    expect(q.update({}, 1)).toBe(false);
    expect(q.delete({})).toBe(false);
  });
});
