/**
 * `PriorityQueue<T>`: a stable priority queue (FIFO among equal priorities)
 * with O(log n) `update` and `delete` by item.
 *
 * Layout: items sit in slots (parallel typed arrays: next, prev, priority,
 * heap position), and equal priorities form *classes*: FIFO chains of slots
 * linked through next/prev. A binary min-heap (`Float64Array` keys,
 * `Int32Array` slots) holds the head slot of each class. FIFO order among
 * ties is the chain order, so stability costs nothing: `pop` takes the top
 * head and, when its class has more items, puts the next slot in its place
 * (same key: no sift), so only an emptied class costs an O(log k) sift (k =
 * classes); `push` appends to its class in O(1), or opens a class with an
 * O(log k) sift-up.
 *
 * A push finds its class through a small direct-mapped cache (priority →
 * tail slot of the newest class of that priority) rather than a `Map`
 * (whose lookups cost a cache miss each on large queues): on a cache miss it
 * opens a new class, even if an older class of the same priority is queued.
 * Classes of equal priority are ordered by creation in the heap and pushes go
 * to the newest, so FIFO order holds; a miss only costs a heap of more
 * classes (at worst one per item, which is a plain stable binary heap). No
 * object is allocated per operation. The item → slot index that
 * `has`/`update`/`delete` need is built on their first use and maintained
 * from then on, so a queue that is only pushed and popped never pays for it.
 *
 * @module
 */
import { argumentError } from "../errors.js";
import type { Codec } from "../registry/codec.js";
import { declareCodec } from "../registry/declared.js";
import { checkOptions, fail, mutated } from "./arguments.js";
import { makePriorityQueueCodec } from "./codecs.js";

const NONE = -1;
/**
 * Items are stored in chunks of 2^ITEM_BITS slots (slot s: `_items[s >> ITEM_BITS][s & ITEM_MASK]`), not
 * one array: an array grown past about 16K items lives in V8's large-object space, and each growth
 * allocates fresh pages (most of the cost of pushing 2e5 items was those growths, bench: pq-ties). A
 * 4096-slot chunk (32 KB) is an ordinary young-generation object, and a full chunk is never copied.
 */
const ITEM_BITS = 12;
const ITEM_MASK = (1 << ITEM_BITS) - 1;
const CACHE_BITS = 10;
const CACHE_MASK = (1 << CACHE_BITS) - 1;

/** Cache slot of a (signed) priority: the low bits of an integer, a mix of the bits of other numbers. */
function cacheSlot(sp: number): number {
  const i = sp | 0;
  if (i === sp) return i & CACHE_MASK;
  return (i ^ ((sp * 65536) | 0) ^ ((sp / 4294967296) | 0)) & CACHE_MASK;
}

/** Options of {@link PriorityQueue}. */
export interface PriorityQueueOptions {
  /** `"min"` (default): smallest priority first; `"max"`: largest first. */
  order?: "min" | "max";
}

/**
 * A priority queue with numeric priorities. Items of equal priority leave in
 * the order they were pushed; `update` moves an item to the back of its new
 * priority class. Pushing an item that is already queued queues it again (a
 * second entry, as `heappush` on a list does; looking for the earlier entry
 * would cost a hash lookup on every push): use `update` to change a queued
 * item's priority. Items compare like `Map` keys; `has` says whether an item
 * has an entry, and `priorityOf`, `update` and `delete` act on its entry
 * that would be served first. Empty `pop`/`peek` return `undefined`.
 *
 * @example
 * ```ts
 * const q = new PriorityQueue<string>();
 * q.push("write", 2); q.push("read", 1); q.pop(); // "read"
 * ```
 * @throws {ValidationError} a priority that is NaN or not a number.
 * @throws {TypeError} options that are not an object.
 * @throws {RangeError} an `order` other than `"min"` or `"max"`.
 */
export class PriorityQueue<T> implements Iterable<T> {
  /** `"min"` or `"max"`. */
  declare readonly order: "min" | "max";
  declare private readonly _sign: number;
  /** The item of each slot, in chunks of 2^ITEM_BITS slots (a slot's chunk exists once the slot was used). */
  declare private _items: (T | undefined)[][];
  /** Next slot of the class (NONE at its tail), or the next free slot. */
  declare private _next: Int32Array;
  /**
   * Previous slot of the class (NONE at its head); maintained only once the
   * index exists (only `update`/`delete` unlink a slot from mid-class), so
   * `push`/`pop` touch two slot arrays (items, next) per item.
   */
  declare private _prev: Int32Array;
  /** Signed priority (negated for `order: "max"`); like `_prev` and `_arrival`, maintained only once the index exists. */
  declare private _prio: Float64Array;
  /** Heap position of each head; maintained only once the index exists (only `update`/`delete` read it). */
  declare private _hpos: Int32Array;
  declare private _freeSlot: number;
  declare private _slotTop: number;
  // the heap of class heads, ordered by (priority, class creation)
  declare private _hKey: Float64Array;
  declare private _hSlot: Int32Array;
  /** Creation number of each heap entry's class (orders classes of equal priority); stays with the entry when its head changes. */
  declare private _hSeq: Float64Array;
  declare private _k: number;
  declare private _classSeq: number;
  /** Direct-mapped cache: signed priority (NaN when empty) → tail slot of the newest class of that priority. */
  declare private _cacheKey: Float64Array;
  declare private _cacheTail: Int32Array;
  /**
   * Item → its slot, or its slots (an item queued more than once); built on
   * the first `has`/`priorityOf`/`update`/`delete`, then maintained.
   */
  declare private _index: Map<T, number | number[]> | undefined;
  /**
   * Arrival number of each slot (push or update): with the priority, it gives
   * the service order of any two slots. Numbered in service order when the
   * index is built (service among equal priorities is arrival order), then
   * maintained.
   */
  declare private _arrival: Float64Array;
  declare private _arrivals: number;
  declare private _size: number;
  /** Bumped by every change of the queue, so an iterator can tell that the queue changed under it. */
  declare private _mod: number;

  constructor(options?: PriorityQueueOptions) {
    checkOptions(options, "PriorityQueue", ["order"]);
    const order = options?.order ?? "min";
    if (order !== "min" && order !== "max") throw argumentError(RangeError, "PriorityQueue", "order", '"min" or "max"', order);
    this.order = order;
    this._sign = order === "max" ? -1 : 1;
    this._classSeq = 0;
    this._cacheKey = new Float64Array(CACHE_MASK + 1);
    this._cacheTail = new Int32Array(CACHE_MASK + 1);
    this._index = undefined;
    this._arrivals = 0;
    this._mod = 0;
    this._empty();
  }

  /** Fresh, empty slot and chain storage (the constructor and `clear`); the item index, if built, is emptied. */
  private _empty(): void {
    this._items = [];
    this._next = new Int32Array(16);
    // the index's slot arrays exist only with the index (allocated when it is built)
    const n = this._index !== undefined ? 16 : 0;
    this._prev = new Int32Array(n);
    this._prio = new Float64Array(n);
    this._arrival = new Float64Array(n);
    this._hpos = new Int32Array(n);
    this._freeSlot = NONE;
    this._slotTop = 0;
    this._hKey = new Float64Array(16);
    this._hSlot = new Int32Array(16);
    this._hSeq = new Float64Array(16);
    this._k = 0;
    this._cacheKey.fill(Number.NaN);
    if (this._index !== undefined) this._index = new Map();
    this._size = 0;
    this._mod++;
  }

  /** Number of queued items. */
  get size(): number {
    return this._size;
  }

  /**
   * Queues `item` with `priority`: O(1) behind a queued item of the same
   * priority, O(log n) at worst.
   *
   * @example
   * ```ts
   * q.push(job, 5);
   * ```
   * @throws {ValidationError} a priority that is NaN or not a number.
   */
  push(item: T, priority: number): void {
    if (typeof priority !== "number" || Number.isNaN(priority)) this._badPriority("push", priority);
    let s = this._freeSlot;
    if (s !== NONE) this._freeSlot = this._next[s] as number;
    else {
      s = this._slotTop++;
      if (s === this._next.length) this._grow();
    }
    const chunks = this._items;
    const c = s >> ITEM_BITS;
    // slots are taken in order, so a slot past the last chunk is the first of a new one
    if (c === chunks.length) chunks.push([item]);
    else (chunks[c] as (T | undefined)[])[s & ITEM_MASK] = item;
    this._append(s, this._sign * priority);
    this._size++;
    this._mod++;
    if (this._index !== undefined) indexAdd(this._index, item, s);
  }

  /**
   * Removes and returns the first item (smallest priority, or largest with
   * `order: "max"`; earliest pushed among ties); `undefined` when empty.
   *
   * @example
   * ```ts
   * q.pop();
   * ```
   */
  pop(): T | undefined {
    if (this._size === 0) return undefined;
    const s = this._hSlot[0] as number;
    const chunk = this._items[s >> ITEM_BITS] as (T | undefined)[];
    const item = chunk[s & ITEM_MASK] as T;
    chunk[s & ITEM_MASK] = undefined;
    const next = this._next;
    const nx = next[s] as number;
    if (nx !== NONE) {
      // the next item of the class takes the head's place: same key, no sift
      this._hSlot[0] = nx;
      if (this._index !== undefined) {
        this._hpos[nx] = 0;
        this._prev[nx] = NONE;
      }
    } else this._dropClass(s, 0, this._hKey[0] as number);
    next[s] = this._freeSlot;
    this._freeSlot = s;
    this._size--;
    this._mod++;
    if (this._index !== undefined) indexRemove(this._index, item, s);
    return item;
  }

  /**
   * The first item without removing it; `undefined` when empty.
   *
   * @example
   * ```ts
   * q.peek();
   * ```
   */
  peek(): T | undefined {
    return this._size === 0 ? undefined : this._item(this._hSlot[0] as number);
  }

  /** The priority of the first item; `undefined` when empty. */
  peekPriority(): number | undefined {
    return this._size === 0 ? undefined : this._sign * (this._hKey[0] as number) + 0;
  }

  /** The priority of `item`, or `undefined` when it is not queued. */
  priorityOf(item: T): number | undefined {
    const s = this._first(item);
    return s < 0 ? undefined : this._sign * (this._prio[s] as number) + 0;
  }

  /** Whether `item` is queued. */
  has(item: T): boolean {
    return this._ensureIndex().has(item);
  }

  /**
   * Changes the priority of a queued item in O(log n); it goes to the back of
   * its new priority class. Returns `false` when the item is not queued.
   *
   * @example
   * ```ts
   * q.update(job, 0);
   * ```
   * @throws {ValidationError} a priority that is NaN or not a number.
   */
  update(item: T, priority: number): boolean {
    if (typeof priority !== "number" || Number.isNaN(priority)) this._badPriority("update", priority);
    const s = this._first(item);
    if (s < 0) return false;
    this._mod++;
    this._unlink(s);
    this._append(s, this._sign * priority);
    return true;
  }

  /**
   * Removes a queued item in O(log n); returns whether it was queued.
   *
   * @example
   * ```ts
   * q.delete(job);
   * ```
   */
  delete(item: T): boolean {
    const s = this._first(item);
    if (s < 0) return false;
    indexRemove(this._index as Map<T, number | number[]>, item, s);
    this._unlink(s);
    (this._items[s >> ITEM_BITS] as (T | undefined)[])[s & ITEM_MASK] = undefined;
    this._next[s] = this._freeSlot;
    this._freeSlot = s;
    this._size--;
    this._mod++;
    return true;
  }

  /** Removes every item. */
  clear(): void {
    this._empty();
  }

  /**
   * The queued `[item, priority]` pairs in the order `pop` would return them (the queue is not changed).
   *
   * @example
   * ```ts
   * q.toSortedArray(); // [["read", 1], ["write", 2]]
   * ```
   */
  toSortedArray(): [T, number][] {
    const K = this._hKey;
    const S = this._hSeq;
    const H = this._hSlot;
    const order = Array.from({ length: this._k }, (_, i) => i);
    order.sort((a, b) => (K[a] as number) - (K[b] as number) || (S[a] as number) - (S[b] as number));
    const out: [T, number][] = [];
    for (const h of order) {
      const head = H[h] as number;
      const p = this._sign * (K[h] as number) + 0;
      for (let s = head; s !== NONE; s = this._next[s] as number) out.push([this._item(s), p]);
    }
    return out;
  }

  /**
   * Iterates the queued items without changing the queue: priority classes
   * in heap order (not sorted), each class in FIFO order.
   *
   * @throws {ConcurrentModificationError} on the step after the queue changed
   *   (`push`, `pop`, `update`, `delete`, `clear`): iterate a copy
   *   (`[...queue]`, `toSortedArray()`) to change the queue in the loop.
   */
  *[Symbol.iterator](): Iterator<T> {
    const mod = this._mod;
    for (let h = 0; h < this._k; h++) {
      for (let s = this._hSlot[h] as number; s !== NONE; s = this._next[s] as number) {
        yield this._item(s);
        if (this._mod !== mod) mutated("PriorityQueue", "push, pop, update, delete or clear", "[...queue]");
      }
    }
  }

  /** The item in (queued) slot `s`. */
  private _item(s: number): T {
    return (this._items[s >> ITEM_BITS] as (T | undefined)[])[s & ITEM_MASK] as T;
  }

  private _badPriority(member: string, priority: unknown): never {
    if (typeof priority === "number")
      fail("PriorityQueue", member, "nan", "priority must not be NaN", priority, "a number that is not NaN");
    return fail("PriorityQueue", member, "type", "priority must be a number", priority, "number");
  }

  private _ensureIndex(): Map<T, number | number[]> {
    let index = this._index;
    if (index === undefined) {
      index = new Map();
      const n = this._next.length;
      this._prev = new Int32Array(n);
      this._prio = new Float64Array(n);
      this._arrival = new Float64Array(n);
      this._hpos = new Int32Array(n);
      // the classes in service order: (priority, creation)
      const K = this._hKey;
      const S = this._hSeq;
      const order = Array.from({ length: this._k }, (_, i) => i);
      order.sort((a, b) => (K[a] as number) - (K[b] as number) || (S[a] as number) - (S[b] as number));
      for (const h of order) {
        const head = this._hSlot[h] as number;
        const key = K[h] as number;
        this._hpos[head] = h;
        let pv = NONE;
        for (let s = head; s !== NONE; s = this._next[s] as number) {
          this._prev[s] = pv;
          this._prio[s] = key;
          this._arrival[s] = this._arrivals++;
          pv = s;
          indexAdd(index, this._item(s), s);
        }
      }
      this._index = index;
    }
    return index;
  }

  /** The slot of `item`'s entry served first (smallest signed priority, then earliest arrival), or -1. */
  private _first(item: T): number {
    const e = this._ensureIndex().get(item);
    if (e === undefined) return -1;
    if (typeof e === "number") return e;
    const P = this._prio;
    const A = this._arrival;
    let best = e[0] as number;
    for (let i = 1; i < e.length; i++) {
      const s = e[i] as number;
      if ((P[s] as number) < (P[best] as number) || (P[s] === P[best] && (A[s] as number) < (A[best] as number))) best = s;
    }
    return best;
  }

  /** Links slot `s` at the back of the newest class of signed priority `sp`, or opens a class. */
  private _append(s: number, sp: number): void {
    const key = sp + 0; // -0 → 0
    const track = this._index !== undefined;
    if (track) {
      this._prio[s] = key;
      this._arrival[s] = this._arrivals++;
    }
    this._next[s] = NONE;
    const h = cacheSlot(key);
    if (this._cacheKey[h] === key) {
      const tail = this._cacheTail[h] as number;
      this._next[tail] = s;
      if (track) this._prev[s] = tail;
      this._cacheTail[h] = s;
      return;
    }
    this._cacheKey[h] = key;
    this._cacheTail[h] = s;
    if (track) this._prev[s] = NONE;
    const seq = this._classSeq++;
    if (this._k === this._hKey.length) this._growHeap();
    // sift the new head up from the end of the heap; it sorts after every older class of its priority
    // (twin of the upward walk in the sift below, without its creation-order tie-break, which `>=` makes needless here; inlined on push's hot path)
    const K = this._hKey;
    const H = this._hSlot;
    const HS = this._hSeq;
    const HP = this._hpos;
    let pos = this._k++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pk = K[parent] as number;
      if (key >= pk) break;
      K[pos] = pk;
      const ps = H[parent] as number;
      H[pos] = ps;
      HS[pos] = HS[parent] as number;
      if (track) HP[ps] = pos;
      pos = parent;
    }
    K[pos] = key;
    H[pos] = s;
    HS[pos] = seq;
    if (track) HP[s] = pos;
  }

  /** Unlinks queued slot `s` from its class (keeps the heap and the cache consistent; does not free `s`). */
  private _unlink(s: number): void {
    const pv = this._prev[s] as number;
    const nx = this._next[s] as number;
    if (pv === NONE) {
      if (nx === NONE) {
        this._dropClass(s, this._hpos[s] as number, this._prio[s] as number);
        return;
      }
      // a head with successors: the next slot takes its heap place (same key)
      const pos = this._hpos[s] as number;
      this._hSlot[pos] = nx;
      this._hpos[nx] = pos;
      this._prev[nx] = NONE;
      return;
    }
    this._next[pv] = nx;
    if (nx !== NONE) this._prev[nx] = pv;
    else {
      const h = cacheSlot(this._prio[s] as number);
      if (this._cacheTail[h] === s) this._cacheTail[h] = pv;
    }
  }

  /** Removes the heap entry (at `pos`, signed priority `prio`) of head slot `s`, whose class has no other item. */
  private _dropClass(s: number, pos: number, prio: number): void {
    const h = cacheSlot(prio);
    if (this._cacheTail[h] === s) this._cacheKey[h] = Number.NaN;
    const last = --this._k;
    if (pos === last) return;
    const K = this._hKey;
    const H = this._hSlot;
    const HP = this._hpos;
    const track = this._index !== undefined;
    const S = this._hSeq;
    const key = K[last] as number;
    const ls = H[last] as number;
    const lseq = S[last] as number;
    // classes of equal priority are ordered by creation (S); keys rarely tie, so S is read only then
    let at = pos;
    const up = (pos - 1) >> 1;
    if (pos > 0 && (key < (K[up] as number) || (key === K[up] && lseq < (S[up] as number)))) {
      // the moved head sorts before the removed one's parent: sift up
      while (at > 0) {
        const parent = (at - 1) >> 1;
        const pk = K[parent] as number;
        if (key > pk || (key === pk && lseq > (S[parent] as number))) break;
        K[at] = pk;
        const ps = H[parent] as number;
        H[at] = ps;
        S[at] = S[parent] as number;
        if (track) HP[ps] = at;
        at = parent;
      }
    } else {
      // Floyd's bottom-up sift (as CPython's heapq): the smaller child up to a leaf, then back up
      let child = 2 * at + 1;
      while (child < last) {
        const right = child + 1;
        let ck = K[child] as number;
        if (right < last) {
          const rk = K[right] as number;
          if (rk < ck || (rk === ck && (S[right] as number) < (S[child] as number))) {
            child = right;
            ck = rk;
          }
        }
        K[at] = ck;
        const cs = H[child] as number;
        H[at] = cs;
        S[at] = S[child] as number;
        if (track) HP[cs] = at;
        at = child;
        child = 2 * at + 1;
      }
      while (at > pos) {
        const parent = (at - 1) >> 1;
        const pk = K[parent] as number;
        if (key > pk || (key === pk && lseq > (S[parent] as number))) break;
        K[at] = pk;
        const ps = H[parent] as number;
        H[at] = ps;
        S[at] = S[parent] as number;
        if (track) HP[ps] = at;
        at = parent;
      }
    }
    K[at] = key;
    H[at] = ls;
    S[at] = lseq;
    if (track) HP[ls] = at;
  }

  private _grow(): void {
    const n = this._next.length * 2;
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this._next = i32(this._next);
    if (this._index !== undefined) {
      this._prev = i32(this._prev);
      this._prio = f64(this._prio);
      this._arrival = f64(this._arrival);
      this._hpos = i32(this._hpos);
    }
  }

  /** Doubles the room of the heap of classes (it holds one entry per class, so it grows apart from the slots). */
  private _growHeap(): void {
    const n = this._hKey.length * 2;
    const key = new Float64Array(n);
    key.set(this._hKey);
    this._hKey = key;
    const slot = new Int32Array(n);
    slot.set(this._hSlot);
    this._hSlot = slot;
    const seq = new Float64Array(n);
    seq.set(this._hSeq);
    this._hSeq = seq;
  }
}

/** Adds slot `s` to `item`'s entry of the index. */
function indexAdd<T>(index: Map<T, number | number[]>, item: T, s: number): void {
  const e = index.get(item);
  if (e === undefined) index.set(item, s);
  else if (typeof e === "number") index.set(item, [e, s]);
  else e.push(s);
}

/** Removes slot `s` from `item`'s entry of the index. */
function indexRemove<T>(index: Map<T, number | number[]>, item: T, s: number): void {
  const e = index.get(item);
  if (typeof e !== "object") {
    index.delete(item);
    return;
  }
  e.splice(e.indexOf(s), 1);
  if (e.length === 1) index.set(item, e[0] as number);
}

/**
 * The `decorum.PriorityQueue` codec (payload in docs/collections.md), declared for the
 * default registry when this module is evaluated: a bundle that uses PriorityQueue
 * can read and write it, without bundling the registry unless it serializes.
 */
export const priorityQueueCodec: Codec<PriorityQueue<unknown>> = makePriorityQueueCodec(PriorityQueue);
declareCodec(priorityQueueCodec);
