import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Heap,
  heapify,
  heapPop,
  heapPush,
  heapPushPop,
  heapReplace,
  mergeSorted,
  nLargest,
  nSmallest,
} from "../../src/collections/index.js";
import { ValidationError } from "../../src/errors.js";

type Op = { t: "push"; v: number } | { t: "pop" } | { t: "peek" } | { t: "pushPop"; v: number } | { t: "replace"; v: number };
const value = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }));
const ops = fc.array(
  fc.oneof(
    value.map((v): Op => ({ t: "push", v })),
    fc.constant<Op>({ t: "pop" }),
    fc.constant<Op>({ t: "peek" }),
    value.map((v): Op => ({ t: "pushPop", v })),
    value.map((v): Op => ({ t: "replace", v })),
  ),
  { maxLength: 120 },
);

/** Reference: a sorted array; min first. Works on keys via `key`. */
function replay<T>(
  heap: Heap<T, unknown>,
  reference: T[],
  key: (x: T) => number,
  list: { t: string; v?: number }[],
  wrap: (v: number) => T,
) {
  // -0 and 0 are equal keys (a heap is not stable, so either may come first): compare them as 0
  const rawKey = key;
  key = (x: T) => rawKey(x) + 0;
  const sortRef = () => reference.sort((a, b) => key(a) - key(b));
  for (const op of list) {
    sortRef();
    switch (op.t) {
      case "push":
        heap.push(wrap(op.v as number));
        reference.push(wrap(op.v as number));
        break;
      case "pop": {
        const got = heap.pop();
        const want = reference.shift();
        expect(got === undefined ? undefined : key(got)).toEqual(want === undefined ? undefined : key(want));
        break;
      }
      case "peek": {
        const got = heap.peek();
        expect(got === undefined ? undefined : key(got)).toEqual(reference[0] === undefined ? undefined : key(reference[0]));
        break;
      }
      case "pushPop": {
        const x = wrap(op.v as number);
        reference.push(x);
        sortRef();
        const want = reference.shift() as T;
        expect(key(heap.pushPop(x))).toEqual(key(want));
        break;
      }
      case "replace": {
        const x = wrap(op.v as number);
        const want = reference.shift();
        reference.push(x);
        const got = heap.replace(x);
        expect(got === undefined ? undefined : key(got)).toEqual(want === undefined ? undefined : key(want));
        break;
      }
    }
    expect(heap.size).toBe(reference.length);
    // peek after every change, not only where the list asks (the numeric store keeps its top apart)
    const top = heap.peek();
    const min = reference.reduce<T | undefined>((m, x) => (m === undefined || key(x) < key(m) ? x : m), undefined);
    expect(top === undefined ? undefined : key(top)).toEqual(min === undefined ? undefined : key(min));
  }
  sortRef();
  expect(heap.toSortedArray().map(key)).toEqual(reference.map(key));
}

describe("Heap", () => {
  it("behaves like a sorted-array reference for numbers (typed-array fast path)", () => {
    fc.assert(
      fc.property(ops, (list) => {
        replay(
          new Heap<number>() as Heap<number, unknown>,
          [],
          (x) => x,
          list,
          (v) => v,
        );
      }),
    );
  });

  it("behaves like a sorted-array reference with a comparator and with a key", () => {
    fc.assert(
      fc.property(ops, (list) => {
        replay(
          new Heap<{ p: number }>({ compare: (a, b) => a.p - b.p }) as Heap<{ p: number }, unknown>,
          [],
          (x) => x.p,
          list,
          (v) => ({ p: v }),
        );
        replay(
          new Heap<{ p: number }, number>({ key: (x) => x.p }) as Heap<{ p: number }, unknown>,
          [],
          (x) => x.p,
          list,
          (v) => ({ p: v }),
        );
        replay(
          new Heap<number>({ compare: (a, b) => b - a }) as Heap<number, unknown>,
          [],
          (x) => -x,
          list,
          (v) => v,
        );
      }),
    );
  });

  it("orders strings with JavaScript < and keeps -0 and Infinity", () => {
    const h = Heap.from(["b", "a", "B", "ab"]);
    expect([h.pop(), h.pop(), h.pop(), h.pop()]).toEqual(["B", "a", "ab", "b"]);
    const n = Heap.from([Infinity, -0, -Infinity]);
    expect(Object.is(n.toSortedArray()[1], -0)).toBe(true);
    expect(n.pop()).toBe(-Infinity);
  });

  it("iterates in array order without changing the heap", () => {
    const h = Heap.from([5, 3, 8, 1]);
    const first = [...h];
    expect([...h]).toEqual(first);
    expect(h.size).toBe(4);
    expect(h.toArray()).toEqual(first);
    expect(h.toSortedArray()).toEqual([1, 3, 5, 8]);
    expect(h.size).toBe(4);
  });

  it("peek follows every change of a number heap (its smallest item is kept apart from the store)", () => {
    const h = new Heap<number | bigint>();
    expect(h.peek()).toBeUndefined();
    h.push(5);
    expect(h.peek()).toBe(5);
    h.push(7);
    h.push(2); // reaches the root
    expect(h.peek()).toBe(2);
    expect(h.replace(6)).toBe(2);
    expect(h.peek()).toBe(5);
    expect(h.pushPop(1)).toBe(1);
    expect(h.peek()).toBe(5);
    expect(h.pushPop(9)).toBe(5);
    expect(h.peek()).toBe(6);
    expect([h.pop(), h.pop()]).toEqual([6, 7]);
    expect(h.peek()).toBe(9);
    expect(h.pop()).toBe(9);
    expect(h.peek()).toBeUndefined();
    expect(h.replace(4)).toBeUndefined(); // pushes onto the empty heap
    expect(h.peek()).toBe(4);
    h.clear();
    expect(h.peek()).toBeUndefined();
    h.push(8);
    expect(h.peek()).toBe(8);
    h.push(3n); // a bigint moves the heap to the generic store
    expect(h.peek()).toBe(3n);
    expect(h.replace(10)).toBe(3n);
    expect(h.peek()).toBe(8);
    const f = Heap.from([4, 1, 3]);
    expect(f.peek()).toBe(1);
    expect([f.pop(), f.pop(), f.pop(), f.peek()]).toEqual([1, 3, 4, undefined]);
    f.push(2);
    expect(f.peek()).toBe(2);
    expect(Heap.from<number>([]).peek()).toBeUndefined();
    const g = new Heap<number>();
    g.push(5);
    expect(g.replace(Number.POSITIVE_INFINITY)).toBe(5);
    expect(g.peek()).toBe(Number.POSITIVE_INFINITY);
  });

  it("returns undefined from pop and peek when empty, and replace on an empty heap pushes", () => {
    const h = new Heap<number>();
    expect(h.pop()).toBeUndefined();
    expect(h.peek()).toBeUndefined();
    expect(h.replace(4)).toBeUndefined();
    expect(h.pop()).toBe(4);
    expect(h.pushPop(2)).toBe(2);
    expect(h.size).toBe(0);
  });

  it("peek is undefined on a numeric heap emptied by pop, clear or built empty, and the heap stays usable", () => {
    const popped = Heap.from([2, 1]);
    popped.pop();
    popped.pop();
    const cleared = Heap.from([3, 1, 2]);
    cleared.clear();
    for (const h of [popped, cleared, Heap.from<number>([]), new Heap<number>()]) {
      expect(h.peek()).toBeUndefined();
      expect([...h]).toEqual([]);
      h.push(5);
      h.push(4);
      expect(h.peek()).toBe(4);
      expect(h.replace(7)).toBe(4);
      expect(h.toSortedArray()).toEqual([5, 7]);
      expect([h.pop(), h.pop(), h.peek(), h.pop()]).toEqual([5, 7, undefined, undefined]);
      h.push("a" as unknown as number); // an empty numeric heap may still become a string heap
      expect(h.peek()).toBe("a");
    }
  });

  it("rejects NaN and mixed strings and numbers with a ValidationError and stays unchanged", () => {
    const h = Heap.from([1, 2]);
    expect(() => h.push(Number.NaN)).toThrow(ValidationError);
    expect(() => h.push("x" as unknown as number)).toThrow(/cannot order a string against a number/);
    expect(() => h.pushPop(Number.NaN)).toThrow(ValidationError);
    expect(() => h.replace(Number.NaN)).toThrow(ValidationError);
    expect([...h]).toEqual([1, 2]);
    const s = Heap.from(["a"]);
    expect(() => s.push(3 as unknown as string)).toThrow(ValidationError);
    expect(() => new Heap<object>().push({})).toThrow(/no default order/);
    expect(() => Heap.from([1, "a"] as unknown[])).toThrow(ValidationError);
    expect(() => new Heap<number>({ compare: 3 as unknown as () => number })).toThrow(/Heap: compare must be a function/);
    expect(() => heapPush([], Number.NaN)).toThrow(ValidationError);
  });

  it("switches a default heap from numbers to bigints without losing items", () => {
    const h = Heap.from<number | bigint>([3, 1]);
    h.push(2n);
    expect([h.pop(), h.pop(), h.pop()]).toEqual([1, 2n, 3]);
  });
});

describe("heapq functions", () => {
  it("the numeric heapify (heapify, Heap.from) leaves CPython's layout, ties and signed zeros included", () => {
    // the generic path runs CPython's _siftup (walk to a leaf, then back up); the numeric paths stop early
    const cpython = (x: number, y: number) => (x < y ? -1 : x > y ? 1 : 0);
    const item = fc.oneof(fc.constantFrom(0, -0, 1, -1), fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true }));
    fc.assert(
      fc.property(fc.array(item, { maxLength: 70 }), (items) => {
        const want = heapify(items.slice(), cpython);
        const same = (got: number[]) => {
          expect(got.length).toBe(want.length);
          for (let i = 0; i < want.length; i++) expect(Object.is(got[i], want[i]), `slot ${i}: ${got[i]} vs ${want[i]}`).toBe(true);
        };
        same(heapify(items.slice()));
        same(Heap.from(items).toArray());
        same(Heap.from(items.values()).toArray());
        expect(items.length === 0 || Heap.from(items).peek() === want[0]).toBe(true);
      }),
    );
  });

  it("heapify builds a valid heap and repeated heapPop yields sorted order", () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 200 }), (xs) => {
        const a = heapify(xs.slice());
        for (let i = 1; i < a.length; i++) expect(a[(i - 1) >> 1] as number).toBeLessThanOrEqual(a[i] as number);
        const out: number[] = [];
        for (let x = heapPop(a); x !== undefined; x = heapPop(a)) out.push(x);
        // -0 and 0 are equal (a heap is not stable, so their relative order is free): compare with -0 as 0
        expect(out.map((x) => x + 0)).toEqual(
          xs
            .slice()
            .sort((p, q) => p - q)
            .map((x) => x + 0),
        );
      }),
    );
  });

  it("nLargest and nSmallest equal a stable sort's prefix; n <= 0 gives []", () => {
    const item = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.nat());
    fc.assert(
      fc.property(fc.array(item, { maxLength: 60 }), fc.integer({ min: -3, max: 70 }), (items, n) => {
        const key = (t: [number, number]) => t[0];
        const asc = items.slice().sort((a, b) => a[0] - b[0]);
        const desc = items.slice().sort((a, b) => b[0] - a[0]);
        expect(nSmallest(n, items, { key })).toEqual(n <= 0 ? [] : asc.slice(0, n));
        expect(nLargest(n, items, { key })).toEqual(n <= 0 ? [] : desc.slice(0, n));
      }),
    );
  });

  it("mergeSorted equals a stable sort of the concatenation (earlier input first on ties)", () => {
    const input = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 10 }).map((xs) => xs.sort((a, b) => a - b));
    fc.assert(
      fc.property(fc.array(input, { maxLength: 5 }), (inputs) => {
        const tagged = inputs.map((xs, i) => xs.map((x, j) => [x, `${i}.${j}`] as [number, string]));
        const want = tagged.flat().sort((a, b) => a[0] - b[0]);
        expect([...mergeSorted<[number, string], number>(tagged, { key: (t) => t[0] })]).toEqual(want);
        const rev = tagged.map((xs) => xs.slice().reverse());
        const wantRev = rev.flat().sort((a, b) => b[0] - a[0]);
        expect([...mergeSorted<[number, string], number>(rev, { key: (t) => t[0], reverse: true })]).toEqual(wantRev);
      }),
    );
  });

  it("mergeSorted is lazy and closes the inputs it did not finish", () => {
    let closed = 0;
    function* gen(xs: number[]) {
      try {
        yield* xs;
      } finally {
        closed++;
      }
    }
    const it = mergeSorted([gen([1, 3, 5]), gen([2, 4])]);
    expect([it.next().value, it.next().value]).toEqual([1, 2]);
    it.return(undefined);
    expect(closed).toBe(2);
    expect(() => [...mergeSorted([[1, Number.NaN]])]).toThrow(ValidationError);
  });
});

/**
 * CPython's heapq (Lib/heapq.py), transcribed line for line over `lt` (Python's `<`): the reference for the
 * array layout of the comparator paths, which a valid-but-different sift would not match.
 */
const cpythonHeapq = <T>(lt: (a: T, b: T) => boolean) => {
  const siftdown = (heap: T[], startpos: number, pos: number) => {
    const newitem = heap[pos] as T;
    while (pos > startpos) {
      const parentpos = (pos - 1) >> 1;
      const parent = heap[parentpos] as T;
      if (lt(newitem, parent)) {
        heap[pos] = parent;
        pos = parentpos;
        continue;
      }
      break;
    }
    heap[pos] = newitem;
  };
  const siftup = (heap: T[], pos: number) => {
    const endpos = heap.length;
    const startpos = pos;
    const newitem = heap[pos] as T;
    let childpos = 2 * pos + 1;
    while (childpos < endpos) {
      const rightpos = childpos + 1;
      if (rightpos < endpos && !lt(heap[childpos] as T, heap[rightpos] as T)) childpos = rightpos;
      heap[pos] = heap[childpos] as T;
      pos = childpos;
      childpos = 2 * pos + 1;
    }
    heap[pos] = newitem;
    siftdown(heap, startpos, pos);
  };
  return {
    heapify(x: T[]) {
      for (let i = (x.length >> 1) - 1; i >= 0; i--) siftup(x, i);
    },
    heappush(heap: T[], item: T) {
      heap.push(item);
      siftdown(heap, 0, heap.length - 1);
    },
    heappop(heap: T[]): T | undefined {
      const lastelt = heap.pop();
      if (heap.length > 0) {
        const returnitem = heap[0] as T;
        heap[0] = lastelt as T;
        siftup(heap, 0);
        return returnitem;
      }
      return lastelt;
    },
    heapreplace(heap: T[], item: T): T {
      const returnitem = heap[0] as T;
      heap[0] = item;
      siftup(heap, 0);
      return returnitem;
    },
    heappushpop(heap: T[], item: T): T {
      if (heap.length > 0 && lt(heap[0] as T, item)) {
        const top = heap[0] as T;
        heap[0] = item;
        siftup(heap, 0);
        return top;
      }
      return item;
    },
  };
};

describe("Heap and the heapq functions with a comparator, against CPython's heapq", () => {
  type Item = { p: number; id: number };
  // few distinct priorities, so most comparisons are ties and the tie rule decides the layout
  const p = fc.integer({ min: 0, max: 4 });
  const step = fc.oneof(
    p.map((v) => ({ t: "push" as const, v })),
    fc.constant({ t: "pop" as const, v: 0 }),
    p.map((v) => ({ t: "pushPop" as const, v })),
    p.map((v) => ({ t: "replace" as const, v })),
  );

  it("leaves the same array after every step (items compared by identity), from Heap.from and heapify alike", () => {
    fc.assert(
      fc.property(fc.array(p, { maxLength: 40 }), fc.array(step, { maxLength: 120 }), (init, steps) => {
        let id = 0;
        const item = (v: number): Item => ({ p: v, id: id++ });
        const start = init.map(item);
        const compare = (a: Item, b: Item) => a.p - b.p;
        const py = cpythonHeapq<Item>((a, b) => a.p < b.p);
        const ref = start.slice();
        py.heapify(ref);
        const ids = (xs: readonly Item[]) => xs.map((x) => x.id);
        const heaps = [Heap.from(start, compare), Heap.from(start, { key: (x: Item) => x.p }), Heap.from(start.values(), { compare })];
        const arr = heapify(start.slice(), compare);
        for (const h of heaps) expect(ids(h.toArray())).toEqual(ids(ref));
        expect(ids(arr)).toEqual(ids(ref));
        for (const s of steps) {
          const x = item(s.v);
          let want: Item | undefined;
          const got: (Item | undefined)[] = [];
          if (s.t === "push") {
            py.heappush(ref, x);
            for (const h of heaps) h.push(x);
            heapPush(arr, x, compare);
          } else if (s.t === "pop") {
            want = py.heappop(ref);
            for (const h of heaps) got.push(h.pop());
            got.push(heapPop(arr, compare));
          } else if (s.t === "pushPop") {
            want = py.heappushpop(ref, x);
            for (const h of heaps) got.push(h.pushPop(x));
            got.push(heapPushPop(arr, x, compare));
          } else if (ref.length > 0) {
            want = py.heapreplace(ref, x);
            for (const h of heaps) got.push(h.replace(x));
            got.push(heapReplace(arr, x, compare));
          } else {
            // on an empty heap decorum's replace pushes and returns undefined (Python raises IndexError)
            py.heappush(ref, x);
            for (const h of heaps) got.push(h.replace(x));
            got.push(heapReplace(arr, x, compare));
          }
          for (const g of got) expect(g?.id).toBe(want?.id);
          for (const h of heaps) expect(ids([...h])).toEqual(ids(ref));
          expect(ids(arr)).toEqual(ids(ref));
        }
      }),
    );
  });
});
