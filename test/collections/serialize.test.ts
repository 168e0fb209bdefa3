import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Counter,
  Deque,
  Heap,
  LRUCache,
  PriorityQueue,
  registerCollections,
  SortedList,
  WeakValueMap,
} from "../../src/collections/index.js";
import { DeserializeError, SerializeError } from "../../src/errors.js";
import { defineModel, deserialize, field, Registry, registry, serialize } from "../../src/registry/index.js";

class Task {
  title = "";
  priority = 0;
  constructor(title = "", priority = 0) {
    this.title = title;
    this.priority = priority;
  }
}

function setup() {
  const reg = new Registry();
  registerCollections(reg);
  defineModel(Task, { name: "test.Task", registry: reg, fields: { title: field(String), priority: field(Number) } });
  const byPriority = (a: Task, b: Task) => a.priority - b.priority;
  const priorityOf = (t: Task) => t.priority;
  const descending = (a: number, b: number) => b - a;
  reg.registerFunction("byPriority", byPriority);
  reg.registerFunction("priorityOf", priorityOf);
  reg.registerFunction("descending", descending);
  const round = <T>(v: T): T => reg.deserialize(reg.serialize(v)) as T;
  return { reg, byPriority, priorityOf, descending, round };
}

describe("collections through serialize / deserialize", () => {
  it("are registered with the default registry on import", () => {
    for (const name of ["Heap", "PriorityQueue", "Deque", "LRUCache", "SortedList", "Counter", "WeakValueMap"]) {
      expect(registry.has(`decorum.${name}`)).toBe(true);
    }
    const d = deserialize(serialize(new Deque([1, 2, 3], { maxlen: 5 }))) as Deque<number>;
    expect(d).toBeInstanceOf(Deque);
    expect([...d]).toEqual([1, 2, 3]);
    expect(d.maxlen).toBe(5);
    registerCollections(registry); // idempotent
  });

  it("round-trip a Heap of models with its registered comparator, in the same array order", () => {
    const { round, byPriority, priorityOf } = setup();
    const h = Heap.from([new Task("b", 3), new Task("a", 1), new Task("c", 2)], { compare: byPriority });
    const back = round(h);
    expect(back).toBeInstanceOf(Heap);
    expect(back.compare).toBe(byPriority);
    expect([...back]).toEqual([...h]);
    expect(back.pop()).toBeInstanceOf(Task);
    const k = round(Heap.from([new Task("x", 5), new Task("y", 4)], { key: priorityOf }));
    expect(k.key).toBe(priorityOf);
    expect(k.pop()?.title).toBe("y");
    const nums = round(Heap.from([3, -0, Infinity, 1]));
    expect(nums.toSortedArray()).toEqual([-0, 1, 3, Infinity]);
  });

  it("round-trip a PriorityQueue keeping FIFO order among equal priorities and its order option", () => {
    const { round } = setup();
    const q = new PriorityQueue<Task>({ order: "max" });
    const tasks = [new Task("a"), new Task("b"), new Task("c"), new Task("d")];
    q.push(tasks[0] as Task, 1);
    q.push(tasks[1] as Task, 2);
    q.push(tasks[2] as Task, 1);
    q.push(tasks[3] as Task, 2);
    const back = round(q);
    expect(back.order).toBe("max");
    expect(back.toSortedArray().map(([t, p]) => [t.title, p])).toEqual([
      ["b", 2],
      ["d", 2],
      ["a", 1],
      ["c", 1],
    ]);
  });

  it("round-trip Deque, LRUCache, SortedList and Counter with order, options and counters", () => {
    const { round, descending } = setup();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 40 }), (xs) => {
        const d = new Deque(xs, { maxlen: 50 });
        d.rotate(3);
        expect([...round(d)]).toEqual([...d]);
        const s = new SortedList(xs, { compare: descending, load: 8 });
        const sb = round(s);
        expect([...sb]).toEqual([...s]);
        expect(sb.compare).toBe(descending);
        expect(sb.load).toBe(8);
        const c = new Counter(xs.map((x) => `k${x % 7}`));
        c.subtract(["k0", "zero"]);
        expect([...round(c)]).toEqual([...c]);
        expect(round(c).mostCommon()).toEqual(c.mostCommon());
      }),
      { numRuns: 30 },
    );
    const cache = new LRUCache<unknown, unknown>({ maxSize: 3 });
    cache.set(1, "one").set("1", new Task("t", 9)).set("__proto__", undefined);
    cache.get(1);
    cache.get("nope");
    const back = round(cache);
    expect([...back.keys()]).toEqual(["1", "__proto__", 1]);
    expect(back.peek("1")).toBeInstanceOf(Task);
    expect(back.has("__proto__")).toBe(true);
    expect([back.hits, back.misses, back.maxSize]).toEqual([1, 1, 3]);
    expect(round(new LRUCache({ max: Infinity })).max).toBe(Infinity);
  });

  it("round-trip a WeakValueMap of models", () => {
    const { round } = setup();
    const a = new Task("a", 1);
    const m = new WeakValueMap<string, Task>([["a", a]]);
    const back = round(m);
    const got = back.get("a");
    expect(got).toBeInstanceOf(Task);
    expect(got?.title).toBe("a");
  });

  it("refuses to serialize an unregistered comparator, key or onEvict hook, naming the path", () => {
    const { reg } = setup();
    const cmp = (a: number, b: number) => a - b;
    expect(() => reg.serialize({ h: new Heap<number>({ compare: cmp }) })).toThrow(SerializeError);
    expect(() => reg.serialize({ h: new Heap<number>({ compare: cmp }) })).toThrow(/h.*compare.*not registered.*registerFunction/);
    expect(() => reg.serialize(new SortedList<number>([], { compare: cmp }))).toThrow(/not registered/);
    expect(() => reg.serialize(new LRUCache({ onEvict: () => {} }))).toThrow(/onEvict.*not registered/);
  });

  it("rejects payloads that break the collection's invariants with a DeserializeError", () => {
    const { reg } = setup();
    const bad = (tag: string, value: unknown) => () => reg.deserialize(JSON.stringify({ $type: tag, value }));
    expect(bad("decorum.Heap", { items: [3, 1, 2] })).toThrow(DeserializeError);
    expect(bad("decorum.Heap", { items: [3, 1, 2] })).toThrow(/not in heap order/);
    expect(bad("decorum.Heap", { items: [1, "a"] })).toThrow(/cannot order/);
    expect(bad("decorum.Heap", { items: [1], compare: "nope" })).toThrow(/no function is registered under "nope"/);
    expect(bad("decorum.SortedList", { items: [1, 3, 2] })).toThrow(/not in sorted order/);
    expect(bad("decorum.SortedList", { items: [3, 2, 1], compare: "descending" })).not.toThrow();
    expect(bad("decorum.Deque", { items: [], maxlen: -1 })).toThrow(/maxlen must be a non-negative integer/);
    expect(bad("decorum.Deque", { items: [1, 2, 3], maxlen: 2 })).toThrow(/exceed maxlen/);
    // issue codes name the rule broken (payload shape, capacity), never the option
    const codes = (tag: string, value: unknown) => {
      try {
        bad(tag, value)();
      } catch (e) {
        return (e as DeserializeError).issues.map((i) => i.code);
      }
      return [];
    };
    expect(codes("decorum.Deque", { items: [], maxlen: -1 })).toEqual(["payload"]);
    expect(codes("decorum.Deque", { items: [1, 2, 3], maxlen: 2 })).toEqual(["capacity"]);
    expect(codes("decorum.LRUCache", { maxSize: -1, entries: [] })).toEqual(["payload"]);
    expect(bad("decorum.Deque", [1, 2])).toThrow(/expected \{ items, maxlen\? \}/);
    expect(
      bad("decorum.LRUCache", {
        maxSize: 1,
        entries: [
          [1, 1],
          [2, 2],
        ],
      }),
    ).toThrow(/exceed maxSize/);
    expect(
      bad("decorum.LRUCache", {
        maxSize: 5,
        entries: [
          [1, 1],
          [1, 2],
        ],
      }),
    ).toThrow(/key appears twice/);
    expect(bad("decorum.PriorityQueue", { order: "min", entries: [["a", "x"]] })).toThrow(/priority must be a number/);
    expect(bad("decorum.PriorityQueue", { order: "sideways", entries: [] })).toThrow(DeserializeError);
    expect(bad("decorum.Counter", { entries: [["a", "x"]] })).toThrow(/count must be a number/);
    expect(bad("decorum.WeakValueMap", { entries: [["a", 1]] })).toThrow(/value must be an object/);
  });

  it("report a bad entry or item at its path in the payload (value.entries[i] / value.items[i]), not at value[i]", () => {
    const { reg } = setup();
    /** The issues' paths of the DeserializeError for `{ q: <tag, value> }`. */
    const paths = (tag: string, value: unknown) => {
      let error: unknown;
      try {
        reg.deserialize(JSON.stringify({ q: { $type: tag, value } }));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DeserializeError);
      return (error as DeserializeError).issues.map((i) => i.path);
    };
    // an item may be queued twice (a PriorityQueue is not keyed), so ["a", 2] is no issue
    const pq = { order: "min", entries: [["a", 1], ["b", "x"], 7, ["a", 2]] };
    expect(paths("decorum.PriorityQueue", pq)).toEqual([
      ["q", "value", "entries", 1, 1],
      ["q", "value", "entries", 2],
    ]);
    expect(paths("decorum.LRUCache", { maxSize: 5, entries: [[1, 1], 3, [1, 2]] })).toEqual([
      ["q", "value", "entries", 1],
      ["q", "value", "entries", 2, 0],
    ]);
    expect(paths("decorum.Counter", { entries: [["a", 1], ["b", "x"], "c", ["a", 2]] })).toEqual([
      ["q", "value", "entries", 1, 1],
      ["q", "value", "entries", 2],
      ["q", "value", "entries", 3, 0],
    ]);
    expect(paths("decorum.WeakValueMap", { entries: [["a", {}], 3] })).toEqual([["q", "value", "entries", 1]]);
    expect(
      paths("decorum.WeakValueMap", {
        entries: [
          ["a", {}],
          ["b", 1],
        ],
      }),
    ).toEqual([["q", "value", "entries", 1, 1]]);
    // nested payloads are decoded at their place too: an unknown tag inside an entry or an item
    const unknown = { $type: "test.Nope", value: {} };
    expect(
      paths("decorum.PriorityQueue", {
        order: "min",
        entries: [
          ["a", 1],
          [unknown, 2],
        ],
      }),
    ).toEqual([["q", "value", "entries", 1, 0, "$type"]]);
    expect(paths("decorum.Counter", { entries: [[unknown, 1]] })).toEqual([["q", "value", "entries", 0, 0, "$type"]]);
    expect(paths("decorum.Deque", { items: [1, unknown] })).toEqual([["q", "value", "items", 1, "$type"]]);
    // (Heap and SortedList then also report that they cannot order the items)
    expect(paths("decorum.Heap", { items: [1, unknown] })[0]).toEqual(["q", "value", "items", 1, "$type"]);
    expect(paths("decorum.SortedList", { items: [1, unknown] })[0]).toEqual(["q", "value", "items", 1, "$type"]);
    // order violations name the first item out of order
    expect(paths("decorum.Heap", { items: [1, 3, 2, 0] })).toEqual([["q", "value", "items", 3]]);
    expect(paths("decorum.SortedList", { items: [1, 3, 2] })).toEqual([["q", "value", "items", 2]]);
    // a model inside an entry that breaks its own field rules
    const task = { $type: "test.Task", title: "t", priority: "high" };
    const [path] = paths("decorum.PriorityQueue", {
      order: "min",
      entries: [
        ["a", 1],
        [task, 2],
      ],
    });
    expect(path).toEqual(["q", "value", "entries", 1, 0, "priority"]);
  });

  it("names the item's place in the payload when an item cannot be serialized", () => {
    // the encoder's paths name the place in the collection's payload (without the "value" wrapper of the wire)
    const { reg } = setup();
    const fail = (v: unknown): SerializeError => {
      try {
        reg.serialize(v);
      } catch (e) {
        return e as SerializeError;
      }
      throw new Error("expected a SerializeError");
    };
    const fn = () => 1;
    expect(fail({ d: new Deque([1, fn]) }).path).toEqual(["d", "items", 1]);
    expect(fail({ c: new Counter([1, fn]) }).path).toEqual(["c", "entries", 1, 0]);
    const q = new PriorityQueue<unknown>();
    q.push("a", 1);
    q.push(fn, 2);
    expect(fail({ q }).path).toEqual(["q", "entries", 1, 0]);
  });
});
