/**
 * Differential tests against CPython: test/collections/generate-vectors.py
 * records operation sequences and Python's results (heapq, collections.deque,
 * an OrderedDict LRU, bisect, Counter) into test/fixtures/collections/*.json;
 * each case here replays them and compares every result and state.
 */
import { describe, expect, it } from "vitest";
import {
  bisectLeft,
  bisectRight,
  Counter,
  Deque,
  type EvictReason,
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
} from "../../src/collections/index.js";
// Imported rather than read with node:fs, so the suite also runs in the browser projects.
import bisect from "../fixtures/collections/bisect.json" with { type: "json" };
import counter from "../fixtures/collections/counter.json" with { type: "json" };
import deque from "../fixtures/collections/deque.json" with { type: "json" };
import heapq from "../fixtures/collections/heapq.json" with { type: "json" };
import lru from "../fixtures/collections/lru.json" with { type: "json" };

// biome-ignore lint/suspicious/noExplicitAny: JSON vectors
type Any = any;
const fixtures: Record<string, unknown> = { bisect, counter, deque, heapq, lru };
function vectors(name: string): Any {
  // A deep copy per suite, as reading the file each time gave.
  return structuredClone(fixtures[name]);
}
const orUndefined = (v: unknown) => (v === null ? undefined : v);

describe("heapq against CPython", () => {
  const data = vectors("heapq");
  it("heapify, heapPush, heapPop, heapPushPop and heapReplace leave Python's exact array after every step", () => {
    for (const c of data.heaps) {
      const arr: Any[] = [...c.init];
      heapify(arr);
      for (const s of c.steps) {
        let r: unknown;
        if (s.op === "push") heapPush(arr, s.arg);
        else if (s.op === "pop") r = heapPop(arr);
        else if (s.op === "pushpop") r = heapPushPop(arr, s.arg);
        else if (s.op === "replace") r = heapReplace(arr, s.arg);
        if ("result" in s) expect(r).toEqual(orUndefined(s.result));
        expect(arr).toEqual(s.state);
      }
    }
  });

  it("Heap keeps the same array order as heapq and returns the same items", () => {
    for (const c of data.heaps) {
      const h = Heap.from<Any>(c.init);
      for (const s of c.steps) {
        let r: unknown;
        if (s.op === "push") h.push(s.arg);
        else if (s.op === "pop") r = h.pop();
        else if (s.op === "pushpop") r = h.pushPop(s.arg);
        else if (s.op === "replace") r = h.replace(s.arg);
        if ("result" in s) expect(r).toEqual(orUndefined(s.result));
        expect([...h]).toEqual(s.state);
      }
    }
  });

  it("nLargest and nSmallest are sorted and stable like heapq.nlargest / nsmallest", () => {
    for (const c of data.select) {
      const key = (t: [number, number]) => t[0];
      expect(nLargest(c.n, c.items, { key })).toEqual(c.largest);
      expect(nSmallest(c.n, c.items, { key })).toEqual(c.smallest);
      const plain = c.items.map(key);
      expect(nLargest(c.n, plain)).toEqual(c.largestPlain);
      expect(nSmallest(c.n, plain)).toEqual(c.smallestPlain);
    }
  });

  it("mergeSorted puts ties from earlier inputs first, with key and reverse, like heapq.merge", () => {
    for (const c of data.merge) {
      expect([...mergeSorted<[number, string], number>(c.inputs, { key: (t) => t[0], reverse: c.reverse })]).toEqual(c.merged);
    }
  });
});

describe("Deque against collections.deque", () => {
  const data = vectors("deque");
  it("replays every operation with the same results and contents, maxlen 0 included", () => {
    for (const c of data.cases) {
      const d = new Deque<number>(c.init.items, c.init.maxlen === null ? {} : { maxlen: c.init.maxlen });
      for (const s of c.steps) {
        let r: unknown;
        switch (s.op) {
          case "append":
            d.push(s.arg);
            break;
          case "appendleft":
            d.unshift(s.arg);
            break;
          case "pop":
            r = d.pop();
            break;
          case "popleft":
            r = d.shift();
            break;
          case "rotate":
            d.rotate(s.arg);
            break;
          case "extend":
            d.extend(s.arg);
            break;
          case "extendleft":
            d.extendLeft(s.arg);
            break;
          case "insert":
            try {
              d.insert(s.arg[0], s.arg[1]);
            } catch (e) {
              expect(e).toBeInstanceOf(RangeError);
              r = { error: "IndexError" };
            }
            break;
          case "remove":
            r = d.remove(s.arg);
            break;
          case "count":
            r = d.count(s.arg);
            break;
          case "index":
            r = d.indexOf(s.arg);
            break;
          case "get":
            r = d.at(s.arg);
            break;
          case "set":
            try {
              d.set(s.arg[0], s.arg[1]);
            } catch (e) {
              expect(e).toBeInstanceOf(RangeError);
              r = { error: "IndexError" };
            }
            break;
        }
        if ("result" in s) expect(r).toEqual(orUndefined(s.result));
        expect([...d]).toEqual(s.state);
        expect(d.length).toBe(s.state.length);
      }
    }
  });

  it("a bounded constructor keeps the last maxlen items", () => {
    for (const c of data.constructor) expect([...new Deque(c.items, { maxlen: c.maxlen })]).toEqual(c.state);
  });
});

describe("LRUCache against an OrderedDict LRU", () => {
  it("replays get/set/peek/has/delete with the same values, order, evictions and hit/miss counts", () => {
    for (const c of vectors("lru").cases) {
      const evicted: [unknown, unknown, EvictReason][] = [];
      const cache = new LRUCache<Any, number>({ maxSize: c.maxSize, onEvict: (k, v, reason) => evicted.push([k, v, reason]) });
      for (const s of c.steps) {
        evicted.length = 0;
        let r: unknown;
        if (s.op === "get") r = cache.get(s.key);
        else if (s.op === "set") cache.set(s.key, s.value);
        else if (s.op === "peek") r = cache.peek(s.key);
        else if (s.op === "has") r = cache.has(s.key);
        else r = cache.delete(s.key);
        if ("result" in s) expect(r).toEqual(orUndefined(s.result));
        if ("evicted" in s) expect(evicted).toEqual(s.evicted);
        expect([...cache.entries()]).toEqual(s.state);
        expect(cache.size).toBe(s.state.length);
        expect([cache.hits, cache.misses]).toEqual([s.hits, s.misses]);
      }
    }
  });
});

describe("bisect against CPython's bisect module", () => {
  it("bisectLeft/Right with lo, hi and key, and insortLeft/Right with key, give Python's indexes and arrays", () => {
    for (const c of vectors("bisect").cases) {
      const o = { lo: c.lo, hi: c.hi };
      expect(bisectLeft(c.a, c.x, o)).toBe(c.left);
      expect(bisectRight(c.a, c.x, o)).toBe(c.right);
      const items: [number, number | string][] = c.a.map((v: number, i: number) => [v, i]);
      const key = (t: [number, number | string]) => t[0];
      expect(bisectLeft(items, c.x, { ...o, key })).toBe(c.keyLeft);
      expect(bisectRight(items, c.x, { ...o, key })).toBe(c.keyRight);
      const il = items.slice();
      insortLeft(il, [c.x, "new"], { ...o, key });
      expect(il).toEqual(c.insortLeftKey);
      const ir = items.slice();
      insortRight(ir, [c.x, "new"], { ...o, key });
      expect(ir).toEqual(c.insortRightKey);
      const pl = c.a.slice();
      insortLeft(pl, c.x, o);
      expect(pl).toEqual(c.insortLeftPlain);
    }
  });
});

describe("Counter against collections.Counter", () => {
  it("replays update/subtract/mostCommon/total/elements/arithmetic with Python's order and counts", () => {
    for (const c of vectors("counter").cases) {
      const counter = new Counter<string>();
      for (const s of c.steps) {
        let r: unknown;
        const other = () => new Counter<string>(new Map(s.arg));
        switch (s.op) {
          case "update":
            counter.update(s.arg);
            break;
          case "subtract":
            counter.subtract(s.arg);
            break;
          case "updateMap":
            counter.update(new Map(s.arg));
            break;
          case "subtractMap":
            counter.subtract(new Map(s.arg));
            break;
          case "mostCommon":
            r = counter.mostCommon(s.arg === null ? undefined : s.arg);
            break;
          case "total":
            r = counter.total();
            break;
          case "elements":
            r = [...counter.elements()];
            break;
          case "delete":
            r = counter.delete(s.arg);
            break;
          default:
            r = [...(counter[s.op as "plus" | "minus" | "union" | "intersection"](other()) as Counter<string>)];
        }
        if ("result" in s) expect(r).toEqual(s.result);
        expect([...counter]).toEqual(s.state);
      }
    }
  });
});
