import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Deque } from "../../src/collections/index.js";

type Op =
  | { t: "push" | "unshift"; v: number; n: number }
  | { t: "pop" | "shift"; n: number }
  | { t: "rotate"; v: number }
  | { t: "at" | "set"; v: number }
  | { t: "insert"; v: number }
  | { t: "remove"; v: number };
const ops: fc.Arbitrary<Op[]> = fc.array(
  fc.oneof(
    fc.record({
      t: fc.constantFrom("push" as const, "unshift" as const),
      v: fc.integer({ min: 0, max: 9 }),
      n: fc.integer({ min: 1, max: 700 }),
    }),
    fc.record({ t: fc.constantFrom("pop" as const, "shift" as const), n: fc.integer({ min: 1, max: 700 }) }),
    fc.record({ t: fc.constant("rotate" as const), v: fc.integer({ min: -3000, max: 3000 }) }),
    fc.record({
      t: fc.constantFrom("at" as const, "set" as const, "insert" as const, "remove" as const),
      v: fc.integer({ min: -3000, max: 3000 }),
    }),
  ),
  { maxLength: 40 },
);

function check(d: Deque<number>, ref: number[]) {
  expect(d.length).toBe(ref.length);
  expect(d.toArray()).toEqual(ref);
  expect(d.peekFront()).toBe(ref[0]);
  expect(d.peekBack()).toBe(ref[ref.length - 1]);
}

describe("Deque", () => {
  it("matches an array reference across ring and chunked growth, wrap-around and rotation", () => {
    fc.assert(
      fc.property(ops, fc.option(fc.integer({ min: 0, max: 1500 }), { nil: undefined }), (list, maxlen) => {
        const d = new Deque<number>([], { maxlen });
        const ref: number[] = [];
        const cap = maxlen ?? Infinity;
        for (const op of list) {
          switch (op.t) {
            case "push":
              for (let i = 0; i < op.n; i++) {
                d.push(op.v + i);
                if (cap === 0) continue;
                if (ref.length >= cap) ref.shift();
                ref.push(op.v + i);
              }
              break;
            case "unshift":
              for (let i = 0; i < op.n; i++) {
                d.unshift(op.v + i);
                if (cap === 0) continue;
                if (ref.length >= cap) ref.pop();
                ref.unshift(op.v + i);
              }
              break;
            case "pop":
              for (let i = 0; i < op.n; i++) expect(d.pop()).toBe(ref.pop());
              break;
            case "shift":
              for (let i = 0; i < op.n; i++) expect(d.shift()).toBe(ref.shift());
              break;
            case "rotate": {
              d.rotate(op.v);
              if (ref.length > 0) {
                const k = ((op.v % ref.length) + ref.length) % ref.length;
                ref.unshift(...ref.splice(ref.length - k, k));
              }
              break;
            }
            case "at":
              expect(d.at(op.v)).toBe(ref.at(op.v));
              break;
            case "set":
              if (op.v >= -ref.length && op.v < ref.length) {
                d.set(op.v, 42);
                ref[op.v < 0 ? op.v + ref.length : op.v] = 42;
              } else expect(() => d.set(op.v, 42)).toThrow(RangeError);
              break;
            case "insert":
              if (ref.length >= cap) expect(() => d.insert(op.v, 7)).toThrow(/maximum length/);
              else {
                d.insert(op.v, 7);
                ref.splice(op.v < 0 ? Math.max(0, op.v + ref.length) : op.v, 0, 7);
              }
              break;
            case "remove": {
              const i = ref.indexOf(op.v);
              expect(d.remove(op.v)).toBe(i >= 0);
              if (i >= 0) ref.splice(i, 1);
              break;
            }
          }
          check(d, ref);
        }
        expect([...d]).toEqual(ref);
      }),
      { numRuns: 60 },
    );
  });

  it("keeps order while the chunk map grows, whatever the front position, and across large pushes and unshifts", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 16383 }),
        fc.array(fc.tuple(fc.constantFrom("push", "unshift", "pop", "shift"), fc.integer({ min: 1, max: 20000 })), {
          maxLength: 8,
        }),
        (front, steps) => {
          const d = new Deque<number>();
          const ref: number[] = [];
          // move the front to `front`, then grow well past the first chunks
          for (let i = 0; i < front; i++) d.push(-1);
          for (let i = 0; i < front; i++) d.shift();
          let v = 0;
          for (let i = 0; i < 16384 + 5; i++) {
            d.push(v);
            ref.push(v++);
          }
          for (const [t, n] of steps) {
            for (let i = 0; i < n; i++) {
              if (t === "push") {
                d.push(v);
                ref.push(v++);
              } else if (t === "unshift") {
                d.unshift(v);
                ref.unshift(v++);
              } else if (t === "pop") expect(d.pop()).toBe(ref.pop());
              else expect(d.shift()).toBe(ref.shift());
            }
            expect(d.length).toBe(ref.length);
            expect(d.at(0)).toBe(ref[0]);
            expect(d.at(-1)).toBe(ref.at(-1));
            expect(d.at(ref.length >> 1)).toBe(ref[ref.length >> 1]);
          }
          expect(d.toArray()).toEqual(ref);
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);

  it("grows past many chunks while the front is mid-chunk and keeps order", () => {
    const d = new Deque<number>();
    const ref: number[] = [];
    for (let i = 0; i < 700; i++) {
      d.push(i);
      ref.push(i);
    }
    for (let i = 0; i < 300; i++) expect(d.shift()).toBe(ref.shift());
    for (let i = 0; i < 20000; i++) {
      if (i % 3 === 0) {
        d.unshift(-i);
        ref.unshift(-i);
      } else {
        d.push(i);
        ref.push(i);
      }
    }
    expect(d.toArray()).toEqual(ref);
    expect(d.at(-1)).toBe(ref.at(-1));
    expect(d.at(12345)).toBe(ref[12345]);
    d.clear();
    expect(d.length).toBe(0);
    expect(d.shift()).toBeUndefined();
  });

  it("drops from the other end past maxlen, keeps nothing with maxlen 0, and rejects a negative maxlen", () => {
    const d = new Deque([1, 2, 3], { maxlen: 3 });
    d.push(4);
    expect([...d]).toEqual([2, 3, 4]);
    d.unshift(0);
    expect([...d]).toEqual([0, 2, 3]);
    expect(d.maxlen).toBe(3);
    const z = new Deque([1, 2], { maxlen: 0 });
    z.push(1);
    z.unshift(1);
    expect(z.length).toBe(0);
    expect(() => new Deque([], { maxlen: -1 })).toThrow(RangeError);
    expect(() => new Deque([], { maxlen: -1 })).toThrow("Deque: maxlen must be a non-negative integer (got -1)");
    expect(() => new Deque([], { maxlen: "2" as never })).toThrow(TypeError);
    expect(() => new Deque([], { maxlen: 1.5 })).toThrow(/Deque: maxlen must be a non-negative integer/);
    expect(new Deque().maxlen).toBeUndefined();
  });

  it("extendLeft reverses its input like Python, and count/indexOf/includes use SameValueZero", () => {
    const d = new Deque([3]);
    d.extendLeft([2, 1]);
    d.extend([4, Number.NaN]);
    expect([...d]).toEqual([1, 2, 3, 4, Number.NaN]);
    expect(d.indexOf(Number.NaN)).toBe(4);
    expect(d.count(Number.NaN)).toBe(1);
    expect(d.includes(9)).toBe(false);
    d.extend(d);
    expect(d.length).toBe(10);
    d.reverse();
    expect(d.at(0)).toBeNaN();
    expect(d.at(99)).toBeUndefined();
    expect(new Deque<number>().pop()).toBeUndefined();
    expect(new Deque<number>().peekFront()).toBeUndefined();
  });

  it("keeps order when the single ring (16384 slots) is cut into chunks with its front anywhere, then grows on", () => {
    for (const front of [0, 12000, 16383]) {
      for (const unshiftFirst of [false, true]) {
        const d = new Deque<number>();
        const ref: number[] = [];
        // fill the ring to exactly 16384 items with its front at slot `front` of the 16384-slot ring
        for (let i = 0; i < 9000; i++) d.push(-1);
        for (let i = 0; i < 9000; i++) d.shift();
        for (let i = 0; i < 16384; i++) d.push(-1);
        for (let i = 0; i < 16384; i++) d.shift();
        for (let i = 0; i < front; i++) d.push(-1);
        for (let i = 0; i < front; i++) d.shift();
        let v = 0;
        for (let i = 0; i < 16384; i++) {
          d.push(v);
          ref.push(v++);
        }
        // the next item leaves the ring
        if (unshiftFirst) {
          d.unshift(v);
          ref.unshift(v++);
        } else {
          d.push(v);
          ref.push(v++);
        }
        expect(d.at(0)).toBe(ref[0]);
        expect(d.at(-1)).toBe(ref.at(-1));
        expect(d.at(8192)).toBe(ref[8192]);
        const popped: number[] = [];
        const expected: number[] = [];
        for (let i = 0; i < 20000; i++) {
          if (i % 4 === 0) {
            d.unshift(v);
            ref.unshift(v++);
          } else if (i % 7 === 0) {
            popped.push(d.pop() as number);
            expected.push(ref.pop() as number);
          } else {
            d.push(v);
            ref.push(v++);
          }
        }
        expect(d.length).toBe(ref.length);
        expect(d.toArray()).toEqual(ref);
        for (let i = 0; i < 20000; i++) {
          popped.push(d.shift() as number);
          expected.push(ref.shift() as number);
        }
        expect(popped).toEqual(expected);
        expect([...d]).toEqual(ref);
      }
    }
  }, 60_000);

  it("keeps maxlen on bounded deques that outgrow the single ring (maxlen 8193, 16384, 16385, 20000)", () => {
    for (const maxlen of [8193, 16384, 16385, 20000]) {
      const d = new Deque<number>(undefined, { maxlen });
      for (let i = 0; i < 50000; i++) d.push(i);
      expect(d.length).toBe(maxlen);
      expect(d.at(0)).toBe(50000 - maxlen);
      expect(d.at(-1)).toBe(49999);
      d.unshift(-1);
      expect(d.at(0)).toBe(-1);
      expect(d.at(-1)).toBe(49998);
      expect(d.length).toBe(maxlen);
    }
  });

  it("keeps Python's maxlen rule at and around the preallocated sizes (1..1025), also after clear", () => {
    for (const maxlen of [1, 16, 17, 1000, 1024, 1025]) {
      const d = new Deque<number>(undefined, { maxlen });
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 3000; i++) d.push(i);
        const tail = Array.from({ length: Math.min(maxlen, 3000) }, (_, k) => 3000 - Math.min(maxlen, 3000) + k);
        expect(d.toArray()).toEqual(tail);
        d.unshift(-1); // drops the back item
        expect(d.at(0)).toBe(-1);
        expect(d.length).toBe(maxlen);
        expect(d.at(-1)).toBe(maxlen === 1 ? -1 : 2998);
        for (let i = 0; i < 500; i++) {
          d.push(i); // the first push drops the front item of the full deque
          d.shift();
        }
        expect(d.length).toBe(maxlen - 1);
        if (maxlen > 1) expect(d.at(-1)).toBe(499);
        d.clear();
        expect(d.length).toBe(0);
      }
    }
  });

  it("releases removed objects for garbage collection (numbers need no release)", async () => {
    const gc = (globalThis as { gc?: () => void }).gc as () => void;
    const d = new Deque<object | number>();
    const refs: WeakRef<object>[] = [];
    // a large deque (chunked layout) and the front of the ring
    (() => {
      for (let i = 0; i < 3000; i++) {
        const o = { i };
        if (i % 500 === 0) refs.push(new WeakRef(o));
        d.push(o);
        d.push(i);
      }
    })();
    for (let i = 0; i < 6000; i++) d.shift();
    const small = new Deque<object>();
    (() => {
      const o = { small: true };
      refs.push(new WeakRef(o));
      small.push(o);
      small.push({ other: true });
    })();
    small.shift();
    small.pop();
    for (let i = 0; i < 20 && refs.some((r) => r.deref() !== undefined); i++) {
      await new Promise((r) => setTimeout(r, 2));
      gc();
    }
    expect(refs.every((r) => r.deref() === undefined)).toBe(true);
    expect(d.length).toBe(0);
  });
});
