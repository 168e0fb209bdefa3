/**
 * Argument guards of the collections: a bad argument or option is a
 * TypeError or RangeError whose message names the class or function and the
 * parameter (`Deque: maxlen must be … (got -1)`), never a crash from deep
 * inside. Items that break a rule stay ValidationErrors.
 */
import { describe, expect, it } from "vitest";
import {
  bisectLeft,
  bisectRight,
  Deque,
  Heap,
  heapify,
  heapPop,
  heapPush,
  heapPushPop,
  heapReplace,
  insortLeft,
  insortRight,
  LRUCache,
  mergeSorted,
  nLargest,
  nSmallest,
  PriorityQueue,
  SortedList,
  WeakValueMap,
} from "../../src/collections/index.js";
import { Registry, registry } from "../../src/registry/index.js";

/** Calls `f` and returns what it threw (fails the test when it does not throw). */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a throw");
}

function expectTypeError(f: () => unknown, message: RegExp): void {
  const e = thrown(f);
  expect(e).toBeInstanceOf(TypeError);
  expect(e.message).toMatch(message);
}

const bad = 5 as never;

describe("Deque arguments", () => {
  it("rejects items that are not iterable, pointing at the options argument for a bound", () => {
    expectTypeError(
      () => new Deque(bad),
      /^Deque: the first argument must be an iterable of items \(got 5\); for a bound use new Deque\(\[\], \{ maxlen \}\)$/,
    );
    expectTypeError(
      () => new Deque({ maxlen: 2 } as never),
      /^Deque: the first argument must be an iterable of items \(got object\); for a bound/,
    );
    expectTypeError(() => new Deque(null as never), /^Deque: the first argument .*\(got null\)/);
  });

  it("rejects options that are not an object", () => {
    expectTypeError(() => new Deque([], bad), /^Deque: options must be an object or undefined \(got 5\)$/);
    expectTypeError(() => new Deque([], "3" as never), /^Deque: options must be an object or undefined \(got "3"\)$/);
    expect(new Deque([1, 2], undefined).length).toBe(2);
    expect(new Deque(undefined, { maxlen: 1 }).maxlen).toBe(1);
  });

  it("rejects a rotate count, an at/set/insert index or extend items of the wrong type", () => {
    const d = new Deque([1, 2, 3]);
    expectTypeError(() => d.rotate("x" as never), /^Deque\.rotate: n must be a number \(got "x"\)$/);
    expectTypeError(() => new Deque([1]).rotate("1" as never), /^Deque\.rotate: n must be a number/);
    expectTypeError(() => d.at("x" as never), /^Deque\.at: index must be a number \(got "x"\)$/);
    expectTypeError(() => d.at(undefined as never), /^Deque\.at: index must be a number \(got undefined\)$/);
    expectTypeError(() => d.set("0" as never, 9), /^Deque\.set: index must be a number/);
    expectTypeError(() => d.insert("1" as never, 9), /^Deque\.insert: index must be a number/);
    expectTypeError(() => d.extend(bad), /^Deque\.extend: items must be an iterable \(got 5\)$/);
    expectTypeError(() => d.extendLeft(undefined as never), /^Deque\.extendLeft: items must be an iterable \(got undefined\)$/);
    expect([...d]).toEqual([1, 2, 3]);
    // numbers keep their meaning: out of range is undefined, non-finite rotation is a no-op
    expect(d.at(7)).toBeUndefined();
    expect(d.at(1.5)).toBeUndefined();
    d.rotate(Number.NaN);
    d.rotate(1);
    expect([...d]).toEqual([3, 1, 2]);
  });
});

describe("heapq and bisect functions", () => {
  it("reject an array argument that is not an array, naming the function", () => {
    expectTypeError(
      () => heapify(undefined as never),
      /^heapify: the first argument must be an array \(or array-like\) \(got undefined\)$/,
    );
    expectTypeError(() => heapPush(undefined as never, 1), /^heapPush: the first argument must be an array \(got undefined\)$/);
    expectTypeError(() => heapPop(null as never), /^heapPop: the first argument must be an array \(got null\)$/);
    expectTypeError(() => heapPushPop(bad, 1), /^heapPushPop: the first argument must be an array/);
    expectTypeError(() => heapReplace(bad, 1), /^heapReplace: the first argument must be an array/);
    expectTypeError(
      () => bisectLeft(undefined as never, 1),
      /^bisectLeft: the first argument must be an array \(or array-like\) \(got undefined\)$/,
    );
    expectTypeError(() => bisectRight(undefined as never, 1), /^bisectRight: the first argument must be an array/);
    expectTypeError(() => insortLeft(undefined as never, 1), /^insortLeft: the first argument must be an array \(got undefined\)$/);
    expectTypeError(() => insortRight({ length: 0 } as never, 1), /^insortRight: the first argument must be an array \(got object\)$/);
    // array-likes still work where nothing is inserted
    expect(bisectLeft(new Float64Array([1, 2, 3]) as unknown as number[], 2)).toBe(1);
    expect(heapify(new Float64Array([3, 1, 2]) as unknown as number[])[0]).toBe(1);
  });

  it("reject options that are not an object", () => {
    expectTypeError(() => bisectLeft([1], 1, bad), /^bisectLeft: options must be an object or undefined \(got 5\)$/);
    expectTypeError(() => nLargest(1, [1], bad), /^nLargest: options must be an object or undefined \(got 5\)$/);
    expectTypeError(() => mergeSorted([[1]], bad), /^mergeSorted: options must be an object or undefined \(got 5\)$/);
  });

  it("reject an iterable argument that is not iterable, at the call (mergeSorted too, before the first next())", () => {
    expectTypeError(
      () => nLargest(2, undefined as never),
      /^nLargest: the second argument must be an iterable of items \(got undefined\)$/,
    );
    expectTypeError(() => nSmallest(2, bad), /^nSmallest: the second argument must be an iterable of items \(got 5\)$/);
    expectTypeError(
      () => mergeSorted(undefined as never),
      /^mergeSorted: the first argument must be an iterable of sorted iterables \(got undefined\)$/,
    );
    expectTypeError(() => [...mergeSorted([[1], 2 as never])], /^mergeSorted: input 1 must be a sorted iterable \(got 2\)$/);
    expect([...mergeSorted([[1, 3], [2]])]).toEqual([1, 2, 3]);
  });
});

describe("options of the collection classes", () => {
  it("must be an object or undefined", () => {
    expectTypeError(() => new Heap(bad), /^Heap: options must be an object or undefined \(got 5\)$/);
    expectTypeError(() => new Heap(null as never), /^Heap: options must be an object or undefined \(got null\)$/);
    expectTypeError(() => Heap.from([1], bad), /^Heap: options must be an object/);
    expectTypeError(() => Heap.from(bad), /^Heap\.from: items must be an iterable \(got 5\)$/);
    expectTypeError(() => new SortedList([], bad), /^SortedList: options must be an object or undefined \(got 5\)$/);
    expectTypeError(() => new SortedList(bad), /^SortedList: the first argument must be an iterable of items \(got 5\); options go second/);
    expectTypeError(() => new SortedList<number>().extend(bad), /^SortedList\.extend: items must be an iterable \(got 5\)$/);
    expectTypeError(
      () => new LRUCache(bad),
      /^LRUCache: options must be an object or undefined \(got 5\); for a bound use new LRUCache\(\{ max \}\)$/,
    );
    expectTypeError(() => new PriorityQueue(bad), /^PriorityQueue: options must be an object or undefined \(got 5\)$/);
    expectTypeError(
      () => new WeakValueMap(bad),
      /^WeakValueMap: the first argument must be an iterable of \[key, value\] entries \(got 5\)$/,
    );
    expect(new LRUCache({ max: 2 }).max).toBe(2);
    expect(new LRUCache(undefined).maxSize).toBe(128);
  });
});

describe("comparators and key functions by registered name", () => {
  const desc = (a: number, b: number) => b - a;
  const negate = (x: number) => -x;
  const byLength = (a: string, b: string) => a.length - b.length;
  registry.registerFunction("test.arguments.desc", desc);
  registry.registerFunction("test.arguments.negate", negate);
  registry.registerFunction("test.arguments.byLength", byLength);

  it("Heap takes compare and key by name and behaves as with the functions", () => {
    const h = Heap.from([3, 1, 2], { compare: "test.arguments.desc" });
    expect(h.compare).toBe(desc);
    expect(h.toSortedArray()).toEqual([3, 2, 1]);
    const k = new Heap<number, number>({ key: "test.arguments.negate" });
    for (const x of [1, 5, 3]) k.push(x);
    expect(k.key).toBe(negate);
    expect(k.pop()).toBe(5);
    const both = Heap.from([1, 3, 2], { key: "test.arguments.negate", compare: "test.arguments.desc" });
    expect([both.compare, both.key]).toEqual([desc, negate]);
    expect(both.toSortedArray()).toEqual([1, 2, 3]);
  });

  it("SortedList takes compare by name", () => {
    const s = new SortedList(["ccc", "a", "bb"], { compare: "test.arguments.byLength" });
    expect(s.compare).toBe(byLength);
    expect([...s]).toEqual(["a", "bb", "ccc"]);
    s.add("dd");
    expect([...s]).toEqual(["a", "bb", "dd", "ccc"]);
  });

  it("the functions take compare and key by name", () => {
    expect(nLargest(2, [1, 5, 3], { key: "test.arguments.negate" })).toEqual([1, 3]);
    expect(nSmallest(2, [1, 5, 3], { compare: "test.arguments.desc" })).toEqual([5, 3]);
    expect([...mergeSorted([[3, 1], [2]], { compare: "test.arguments.desc" })]).toEqual([3, 2, 1]);
    expect(bisectLeft([3, 2, 1], 2, { compare: "test.arguments.desc" })).toBe(1);
    const a = [3, 1];
    insortRight(a, 2, { key: "test.arguments.negate" });
    expect(a).toEqual([3, 2, 1]);
  });

  it("an unknown name is a TypeError naming the option and how to register it", () => {
    expectTypeError(
      () => new Heap({ compare: "nope" }),
      /^Heap: compare "nope" is not a registered function; register it first with registry\.registerFunction\("nope", fn\)/,
    );
    expectTypeError(() => new Heap({ key: "nope" }), /^Heap: key "nope" is not a registered function/);
    expectTypeError(() => new SortedList([], { compare: "nope" }), /^SortedList: compare "nope" is not a registered function/);
    expectTypeError(() => nLargest(1, [1], { key: "nope" }), /^nLargest: key "nope" is not a registered function/);
    expectTypeError(() => mergeSorted([], { compare: "nope" }), /^mergeSorted: compare "nope" is not a registered function/);
    expectTypeError(() => bisectRight([1], 1, { key: "nope" }), /^bisectRight: key "nope" is not a registered function/);
    // a name registered on another registry only is not found on the default one
    const other = new Registry();
    other.registerFunction("test.arguments.elsewhere", (a: number, b: number) => a - b);
    expectTypeError(() => new Heap({ compare: "test.arguments.elsewhere" }), /not a registered function/);
  });

  it("anything else that is not a function is a TypeError naming the option (API misuse, not data)", () => {
    expect(() => new Heap({ compare: 3 as never })).toThrow(TypeError);
    expect(() => new Heap({ compare: 3 as never })).toThrow(
      "Heap: compare must be a function or the name of a registered function (got 3)",
    );
    expect(() => nSmallest(1, [1], { key: {} as never })).toThrow(TypeError);
  });

  it("serializes the collection with the function's registered name", () => {
    const h = Heap.from([1, 2], { compare: "test.arguments.desc" });
    const json = registry.serialize(h);
    expect(JSON.parse(json).value.compare).toBe("test.arguments.desc");
    const back = registry.deserialize(json) as Heap<number>;
    expect(back.compare).toBe(desc);
    expect(back.toSortedArray()).toEqual([2, 1]);
    const s = registry.deserialize(registry.serialize(new SortedList([1, 2], { compare: "test.arguments.desc" }))) as SortedList<number>;
    expect([...s]).toEqual([2, 1]);
  });
});
