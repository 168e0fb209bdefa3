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
// mostly small integers (packed keys); sometimes fractions or large values (split keys)
const prio = fc.oneof(
  { weight: 9, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(0.5, 2.5, -1e7, 3e9) },
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

  it("stays FIFO when the insertion counter is renumbered and when priorities stop being small integers", () => {
    const q = new PriorityQueue<number>();
    (q as unknown as { _counter: number })._counter = 2 ** 32 - 3;
    for (let i = 0; i < 10; i++) q.push(i, i % 2);
    q.push(10, 0.5);
    q.push(11, 0);
    q.update(1, 0);
    const out: number[] = [];
    for (let x = q.pop(); x !== undefined; x = q.pop()) out.push(x);
    expect(out).toEqual([0, 2, 4, 6, 8, 11, 1, 10, 3, 5, 7, 9]);
  });

  it("rejects NaN and non-number priorities with a ValidationError", () => {
    const q = new PriorityQueue<string>();
    expect(() => q.push("a", Number.NaN)).toThrow(ValidationError);
    expect(() => q.push("a", "1" as unknown as number)).toThrow(/priority must be a number/);
    q.push("a", 1);
    expect(() => q.update("a", Number.NaN)).toThrow(/PriorityQueue.update: priority must not be NaN/);
    expect(q.priorityOf("a")).toBe(1);
    expect(() => new PriorityQueue({ order: "up" as "min" })).toThrow(ValidationError);
  });

  it("returns undefined from pop and peek when empty and false for unknown items", () => {
    const q = new PriorityQueue<object>();
    expect(q.pop()).toBeUndefined();
    expect(q.peek()).toBeUndefined();
    expect(q.update({}, 1)).toBe(false);
    expect(q.delete({})).toBe(false);
  });
});
