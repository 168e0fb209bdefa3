/**
 * Registry codecs for every collection: the payload formats (documented in
 * docs/collections.md) and their validation on the way in. Comparators, key
 * functions and hooks travel by registered name. Each codec is made by a
 * factory that takes its class, called by the collection's own module
 * (which declares the codec for the default registry when it is
 * evaluated), so this module imports no collection and a bundle keeps only
 * the codecs of the collections it uses. `registerCollections` is in
 * register.ts.
 *
 * @module
 */
import { DecorumError } from "../errors.js";
import type { Codec, DecodeContext, EncodeContext } from "../registry/index.js";
import type { Comparator } from "./compare.js";
import { defaultCompare } from "./compare.js";
import type { Counter } from "./counter.js";
import type { Deque } from "./deque.js";
import type { Heap, HeapOptions } from "./heap.js";
import type { EvictReason, LRUCache } from "./lru-cache.js";
import type { PriorityQueue } from "./priority-queue.js";
import type { SortedList } from "./sorted-list.js";
import type { WeakValueMap } from "./weak-value-map.js";

type Payload = Record<string, unknown>;

function object(payload: unknown, ctx: DecodeContext, expected: string): Payload | undefined {
  if (typeof payload === "object" && payload !== null && !Array.isArray(payload)) return payload as Payload;
  ctx.issue({ code: "payload", message: `expected ${expected}`, expected, received: payload });
  return undefined;
}

function array(p: Payload, field: string, ctx: DecodeContext): unknown[] | undefined {
  const v = p[field];
  if (Array.isArray(v)) return v;
  ctx.issue({ code: "payload", message: "expected an array", expected: "array", received: v, key: field });
  return undefined;
}

function pairs(p: Payload, field: string, ctx: DecodeContext): [unknown, unknown][] | undefined {
  const list = array(p, field, ctx);
  if (list === undefined) return undefined;
  let ok = true;
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (!Array.isArray(e) || e.length !== 2) {
      ctx.issue({ code: "payload", message: "expected a [key, value] pair", expected: "[key, value]", received: e, key: [field, i] });
      ok = false;
    }
  }
  return ok ? (list as [unknown, unknown][]) : undefined;
}

function fn(p: Payload, field: string, ctx: DecodeContext): Function | undefined | null {
  const name = p[field];
  if (name === undefined) return undefined;
  if (typeof name !== "string") {
    ctx.issue({ code: "payload", message: "expected a registered function name", expected: "string", received: name, key: field });
    return null;
  }
  return ctx.resolveFunction(name, field) ?? null;
}

/** Decodes the items of `list`, found under `field` of the payload (so an issue's path is `[..., field, i, ...]`). */
function decodeAll(list: unknown[], field: string, ctx: DecodeContext): unknown[] {
  const out = new Array<unknown>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = ctx.decode(list[i], [field, i]);
  return out;
}

/** Runs `check`; a DecorumError (e.g. NaN or mixed types under the default order) becomes an issue. */
function guarded<R>(ctx: DecodeContext, field: string, check: () => R): R | undefined {
  try {
    return check();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    ctx.issue({ code: e instanceof DecorumError ? "order" : "compare", message: `cannot order the items: ${message}`, key: field });
    return undefined;
  }
}

/** Encodes `items` into the array stored under `field` of the payload (so a SerializeError's path is `[..., field, i]`). */
function encodeItems(items: Iterable<unknown>, field: string, ctx: EncodeContext): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  for (const x of items) out.push(ctx.encode(x, [field, i++]));
  return out;
}

/** The `decorum.Heap` codec, for the class and helpers of heap.ts. */
export function makeHeapCodec(
  type: typeof Heap,
  heapViolation: <T>(items: readonly T[], cmp: Comparator<T>) => number,
  heapFromHeapOrder: <T, K>(items: T[], options: HeapOptions<T, K>) => Heap<T, K>,
): Codec<Heap<unknown, unknown>> {
  return {
    name: "decorum.Heap",
    type,
    encode(h, ctx) {
      const out: Payload = {};
      if (h.compare !== undefined) out.compare = ctx.functionName(h.compare, "compare");
      if (h.key !== undefined) out.key = ctx.functionName(h.key, "key");
      out.items = encodeItems(h, "items", ctx);
      return out;
    },
    decode(payload, ctx) {
      const p = object(payload, ctx, "{ items, compare?, key? }");
      if (p === undefined) return undefined;
      const compare = fn(p, "compare", ctx);
      const key = fn(p, "key", ctx);
      const raw = array(p, "items", ctx);
      if (raw === undefined || compare === null || key === null) return undefined;
      const items = decodeAll(raw, "items", ctx);
      const options = { compare: compare as Comparator<unknown> | undefined, key: key as ((x: unknown) => unknown) | undefined };
      const cmp = key
        ? (a: unknown, b: unknown) =>
            ((compare ?? defaultCompare) as Comparator<unknown>)((key as (x: unknown) => unknown)(a), (key as (x: unknown) => unknown)(b))
        : ((compare ?? defaultCompare) as Comparator<unknown>);
      const bad = guarded(ctx, "items", () => heapViolation(items, cmp));
      if (bad === undefined) return undefined;
      if (bad >= 0) {
        ctx.issue({
          code: "heap-order",
          message: `item ${bad} sorts before its parent ${(bad - 1) >> 1}: not in heap order`,
          key: ["items", bad],
        });
        return undefined;
      }
      return guarded(ctx, "items", () => heapFromHeapOrder(items, options));
    },
  };
}

/** The `decorum.PriorityQueue` codec, for the class of priority-queue.ts. */
export function makePriorityQueueCodec(type: typeof PriorityQueue): Codec<PriorityQueue<unknown>> {
  return {
    name: "decorum.PriorityQueue",
    type,
    encode(q, ctx) {
      return { order: q.order, entries: q.toSortedArray().map(([item, p], i) => ctx.encode([item, p], ["entries", i])) };
    },
    decode(payload, ctx) {
      const p = object(payload, ctx, "{ order, entries }");
      if (p === undefined) return undefined;
      if (p.order !== "min" && p.order !== "max") {
        ctx.issue({ code: "payload", message: 'order must be "min" or "max"', expected: '"min" | "max"', received: p.order, key: "order" });
        return undefined;
      }
      const raw = array(p, "entries", ctx);
      if (raw === undefined) return undefined;
      const q = new type<unknown>({ order: p.order });
      let ok = true;
      for (let i = 0; i < raw.length; i++) {
        const e = ctx.decode(raw[i], ["entries", i]);
        if (!Array.isArray(e) || e.length !== 2) {
          ctx.issue({ code: "payload", message: "expected an [item, priority] pair", received: e, key: ["entries", i] });
          ok = false;
          continue;
        }
        const [item, priority] = e as [unknown, unknown];
        if (typeof priority !== "number" || Number.isNaN(priority)) {
          ctx.issue({
            code: "priority",
            message: "priority must be a number that is not NaN",
            expected: "number",
            received: priority,
            key: ["entries", i, 1],
          });
          ok = false;
        } else q.push(item, priority);
      }
      return ok ? q : undefined;
    },
  };
}

/** The `decorum.Deque` codec, for the class of deque.ts. */
export function makeDequeCodec(type: typeof Deque): Codec<Deque<unknown>> {
  return {
    name: "decorum.Deque",
    type,
    encode(d, ctx) {
      const out: Payload = {};
      if (d.maxlen !== undefined) out.maxlen = d.maxlen;
      out.items = encodeItems(d, "items", ctx);
      return out;
    },
    decode(payload, ctx) {
      const p = object(payload, ctx, "{ items, maxlen? }");
      if (p === undefined) return undefined;
      const maxlen = p.maxlen;
      if (maxlen !== undefined && !(typeof maxlen === "number" && Number.isInteger(maxlen) && maxlen >= 0)) {
        ctx.issue({
          code: "payload",
          message: "maxlen must be a non-negative integer",
          expected: "integer >= 0",
          received: maxlen,
          key: "maxlen",
        });
        return undefined;
      }
      const raw = array(p, "items", ctx);
      if (raw === undefined) return undefined;
      if (maxlen !== undefined && raw.length > maxlen) {
        ctx.issue({ code: "capacity", message: `${raw.length} items exceed maxlen ${maxlen}`, received: raw.length, key: "items" });
        return undefined;
      }
      const d = new type<unknown>([], maxlen === undefined ? {} : { maxlen });
      ctx.bind(d);
      for (let i = 0; i < raw.length; i++) d.push(ctx.decode(raw[i], ["items", i]));
      return d;
    },
  };
}

/** The `decorum.LRUCache` codec, for the class and the statistics helper of lru-cache.ts. */
export function makeLruCodec(
  type: typeof LRUCache,
  restoreStats: (cache: LRUCache<unknown, unknown>, hits: number, misses: number, evictions: number) => void,
): Codec<LRUCache<unknown, unknown>> {
  return {
    name: "decorum.LRUCache",
    type,
    encode(c, ctx) {
      // The payload keeps the key `maxSize` (the entry count, `max` in the API) so documents stay readable both ways.
      const out: Payload = { maxSize: c.max === Infinity ? null : c.max };
      if (c.onEvict !== undefined) out.onEvict = ctx.functionName(c.onEvict, "onEvict");
      out.hits = c.hits;
      out.misses = c.misses;
      if (c.evictions > 0) out.evictions = c.evictions;
      let i = 0;
      const entries: unknown[] = [];
      for (const e of c.entries()) entries.push(ctx.encode(e, ["entries", i++]));
      out.entries = entries;
      return out;
    },
    decode(payload, ctx) {
      const p = object(payload, ctx, "{ maxSize, entries, hits, misses, onEvict? }");
      if (p === undefined) return undefined;
      const maxSize = p.maxSize === null ? Infinity : p.maxSize;
      if (!(maxSize === Infinity || (typeof maxSize === "number" && Number.isInteger(maxSize) && maxSize >= 0))) {
        ctx.issue({ code: "payload", message: "maxSize must be a non-negative integer or null", received: p.maxSize, key: "maxSize" });
        return undefined;
      }
      for (const k of ["hits", "misses", "evictions"]) {
        const v = p[k] ?? 0;
        if (!(typeof v === "number" && Number.isInteger(v) && v >= 0)) {
          ctx.issue({ code: "payload", message: "must be a non-negative integer", received: v, key: k });
          return undefined;
        }
      }
      const onEvict = fn(p, "onEvict", ctx);
      const raw = array(p, "entries", ctx);
      if (raw === undefined || onEvict === null) return undefined;
      if (raw.length > (maxSize as number)) {
        ctx.issue({ code: "capacity", message: `${raw.length} entries exceed maxSize ${maxSize}`, received: raw.length, key: "entries" });
        return undefined;
      }
      const c = new type<unknown, unknown>({
        max: maxSize as number,
        onEvict: onEvict as ((k: unknown, v: unknown, r: EvictReason) => void) | undefined,
      });
      ctx.bind(c);
      let ok = true;
      for (let i = 0; i < raw.length; i++) {
        const e = ctx.decode(raw[i], ["entries", i]);
        if (!Array.isArray(e) || e.length !== 2) {
          ctx.issue({ code: "payload", message: "expected a [key, value] pair", received: e, key: ["entries", i] });
          ok = false;
        } else if (c.has(e[0])) {
          ctx.issue({ code: "duplicate", message: "key appears twice", received: e[0], key: ["entries", i, 0] });
          ok = false;
        } else c.set(e[0], e[1]);
      }
      restoreStats(c, (p.hits as number | undefined) ?? 0, (p.misses as number | undefined) ?? 0, (p.evictions as number | undefined) ?? 0);
      return ok ? c : undefined;
    },
  };
}

/** The `decorum.SortedList` codec, for the class of sorted-list.ts. */
export function makeSortedListCodec(type: typeof SortedList): Codec<SortedList<unknown>> {
  return {
    name: "decorum.SortedList",
    type,
    encode(s, ctx) {
      const out: Payload = {};
      if (s.compare !== undefined) out.compare = ctx.functionName(s.compare, "compare");
      if (s.load !== 512) out.load = s.load;
      out.items = encodeItems(s, "items", ctx);
      return out;
    },
    decode(payload, ctx) {
      const p = object(payload, ctx, "{ items, compare?, load? }");
      if (p === undefined) return undefined;
      const compare = fn(p, "compare", ctx);
      const raw = array(p, "items", ctx);
      if (raw === undefined || compare === null) return undefined;
      const load = p.load;
      if (load !== undefined && !(typeof load === "number" && Number.isInteger(load) && load >= 4)) {
        ctx.issue({ code: "payload", message: "load must be an integer >= 4", received: load, key: "load" });
        return undefined;
      }
      const items = decodeAll(raw, "items", ctx);
      const cmp = (compare ?? defaultCompare) as Comparator<unknown>;
      const bad = guarded(ctx, "items", () => {
        for (let i = 1; i < items.length; i++) if (cmp(items[i], items[i - 1]) < 0) return i;
        return -1;
      });
      if (bad === undefined) return undefined;
      if (bad >= 0) {
        ctx.issue({ code: "order", message: `item ${bad} sorts before item ${bad - 1}: not in sorted order`, key: ["items", bad] });
        return undefined;
      }
      return guarded(
        ctx,
        "items",
        () => new type<unknown>(items, { compare: compare as Comparator<unknown> | undefined, load: load as number | undefined }),
      );
    },
  };
}

/** The `decorum.Counter` codec, for the class of counter.ts. */
export function makeCounterCodec(type: typeof Counter): Codec<Counter<unknown>> {
  return {
    name: "decorum.Counter",
    type,
    encode(c, ctx) {
      let i = 0;
      const entries: unknown[] = [];
      for (const e of c) entries.push(ctx.encode(e, ["entries", i++]));
      return { entries };
    },
    decode(payload, ctx) {
      const p = object(payload, ctx, "{ entries }");
      if (p === undefined) return undefined;
      const raw = array(p, "entries", ctx);
      if (raw === undefined) return undefined;
      const c = new type<unknown>();
      ctx.bind(c);
      let ok = true;
      for (let i = 0; i < raw.length; i++) {
        const e = ctx.decode(raw[i], ["entries", i]);
        if (!Array.isArray(e) || e.length !== 2) {
          ctx.issue({ code: "payload", message: "expected a [key, count] pair", received: e, key: ["entries", i] });
          ok = false;
        } else if (typeof e[1] !== "number" || Number.isNaN(e[1])) {
          ctx.issue({
            code: "count",
            message: "count must be a number that is not NaN",
            expected: "number",
            received: e[1],
            key: ["entries", i, 1],
          });
          ok = false;
        } else if (c.has(e[0])) {
          ctx.issue({ code: "duplicate", message: "key appears twice", received: e[0], key: ["entries", i, 0] });
          ok = false;
        } else c.set(e[0], e[1]);
      }
      return ok ? c : undefined;
    },
  };
}

/** The `decorum.WeakValueMap` codec, for the class of weak-value-map.ts. */
export function makeWeakValueMapCodec(type: typeof WeakValueMap): Codec<WeakValueMap<unknown, object>> {
  return {
    name: "decorum.WeakValueMap",
    type,
    encode(m, ctx) {
      let i = 0;
      const entries: unknown[] = [];
      for (const e of m) entries.push(ctx.encode(e, ["entries", i++]));
      return { entries };
    },
    decode(payload, ctx) {
      const p = object(payload, ctx, "{ entries }");
      if (p === undefined) return undefined;
      const raw = pairs(p, "entries", ctx) === undefined ? undefined : (p.entries as unknown[]);
      if (raw === undefined) return undefined;
      const m = new type<unknown, object>();
      ctx.bind(m);
      // the keys seen so far, held strongly (a value collected during decoding must not hide a duplicate key)
      const seen = new Set<unknown>();
      let ok = true;
      for (let i = 0; i < raw.length; i++) {
        const e = ctx.decode(raw[i], ["entries", i]) as [unknown, unknown];
        const v = Array.isArray(e) ? e[1] : undefined;
        const dup = Array.isArray(e) && seen.has(e[0]);
        if (Array.isArray(e)) seen.add(e[0]);
        if (dup) {
          ctx.issue({ code: "duplicate", message: "key appears twice", received: e[0], key: ["entries", i, 0] });
          ok = false;
        } else if ((typeof v !== "object" && typeof v !== "function") || v === null) {
          ctx.issue({
            code: "type",
            message: "value must be an object (it is held weakly)",
            expected: "object",
            received: v,
            key: ["entries", i, 1],
          });
          ok = false;
        } else m.set(e[0], v as object);
      }
      return ok ? m : undefined;
    },
  };
}
