/**
 * `PriorityQueue<T>`: a stable priority queue (FIFO among equal priorities)
 * with O(log n) `update` and `delete` by item.
 *
 * Layout: a binary heap over a `Float64Array` of keys plus a parallel array
 * of items. While every priority is an integer in ±2^20 (the usual case),
 * the key packs priority and insertion counter into one exact double
 * (`priority · 2^32 + seq`), so stability costs one comparison; any other
 * priority switches the queue to a second `Float64Array` of counters that
 * breaks ties. The item → position index that `has`/`update`/`delete` need
 * is built on their first use and maintained from then on, so a queue that
 * is only pushed and popped never pays for it.
 *
 * @module
 */
import { fail } from "./compare.js";

const TWO32 = 4294967296;
const SMALL = 1048576; // 2^20: |priority| up to this packs exactly with a 32-bit counter

/** Options of {@link PriorityQueue}. */
export interface PriorityQueueOptions {
  /** `"min"` (default): smallest priority first; `"max"`: largest first. */
  order?: "min" | "max";
}

/**
 * A priority queue with numeric priorities. Items of equal priority leave in
 * the order they were pushed; `update` moves an item to the back of its new
 * priority class. Items are expected to be distinct (compared like `Map`
 * keys): `push` does not look for an earlier entry of the same item (that
 * would cost a hash lookup per push); use `update` to change a queued item's
 * priority. Empty `pop`/`peek` return `undefined`.
 *
 * @example
 * ```ts
 * const q = new PriorityQueue<string>();
 * q.push("write", 2); q.push("read", 1); q.pop(); // "read"
 * ```
 * @throws {ValidationError} a priority that is NaN or not a number.
 */
export class PriorityQueue<T> implements Iterable<T> {
  /** `"min"` or `"max"`. */
  readonly order: "min" | "max";
  private readonly _sign: number;
  private _packed: boolean;
  private _keys: Float64Array;
  private _seqs: Float64Array;
  private _items: (T | undefined)[];
  private _index: Map<T, number> | undefined;
  private _size: number;
  private _counter: number;

  constructor(options?: PriorityQueueOptions) {
    const order = options?.order ?? "min";
    if (order !== "min" && order !== "max") fail("PriorityQueue", "order", "enum", 'must be "min" or "max"', order, '"min" | "max"');
    this.order = order;
    this._sign = order === "max" ? -1 : 1;
    this._packed = true;
    this._keys = new Float64Array(16);
    this._seqs = new Float64Array(0);
    this._items = [];
    this._index = undefined;
    this._size = 0;
    this._counter = 0;
  }

  /** Number of queued items. */
  get size(): number {
    return this._size;
  }

  /**
   * Queues `item` with `priority` in O(log n).
   *
   * @example
   * ```ts
   * q.push(job, 5);
   * ```
   * @throws {ValidationError} a priority that is NaN or not a number.
   */
  push(item: T, priority: number): void {
    if (typeof priority !== "number" || Number.isNaN(priority)) this._badPriority("push", priority);
    const n = this._size;
    if (n === this._keys.length) this._grow();
    this._size = n + 1;
    const sp = this._sign * priority;
    if (this._packed) {
      if ((sp | 0) === sp && sp <= SMALL && sp >= -SMALL) {
        if (this._counter >= TWO32) this._renumber();
        this._upPacked(n, sp * TWO32 + this._counter++, item);
        return;
      }
      this._unpack();
    }
    this._upSplit(n, sp, this._counter++, item);
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
    const n = this._size;
    if (n === 0) return undefined;
    const items = this._items;
    const top = items[0] as T;
    if (this._index !== undefined) this._index.delete(top);
    const last = n - 1;
    this._size = last;
    const item = items[last] as T;
    items[last] = undefined;
    if (last > 0) {
      if (this._packed) this._popSiftPacked(this._keys[last] as number, item, last);
      else this._downSplit(0, this._keys[last] as number, this._seqs[last] as number, item, last);
    }
    return top;
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
    return this._size === 0 ? undefined : this._items[0];
  }

  /** The priority of the first item; `undefined` when empty. */
  peekPriority(): number | undefined {
    return this._size === 0 ? undefined : this._priorityAt(0);
  }

  /** The priority of `item`, or `undefined` when it is not queued. */
  priorityOf(item: T): number | undefined {
    const pos = this._ensureIndex().get(item);
    return pos === undefined ? undefined : this._priorityAt(pos);
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
    const pos = this._ensureIndex().get(item);
    if (pos === undefined) return false;
    const sp = this._sign * priority;
    if (this._packed && !((sp | 0) === sp && sp <= SMALL && sp >= -SMALL)) this._unpack();
    if (this._packed) {
      if (this._counter >= TWO32) this._renumber();
      this._placePacked(pos, sp * TWO32 + this._counter++, item, this._size);
    } else this._placeSplit(pos, sp, this._counter++, item, this._size);
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
    const index = this._ensureIndex();
    const pos = index.get(item);
    if (pos === undefined) return false;
    index.delete(item);
    const last = this._size - 1;
    this._size = last;
    const moved = this._items[last] as T;
    this._items[last] = undefined;
    if (pos !== last) {
      if (this._packed) this._placePacked(pos, this._keys[last] as number, moved, last);
      else this._placeSplit(pos, this._keys[last] as number, this._seqs[last] as number, moved, last);
    }
    return true;
  }

  /** Removes every item. */
  clear(): void {
    this._items = [];
    if (this._index !== undefined) this._index = new Map();
    this._size = 0;
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
    const order: number[] = [];
    for (let i = 0; i < this._size; i++) order.push(i);
    const k = this._keys;
    const s = this._seqs;
    if (this._packed) order.sort((a, b) => (k[a] as number) - (k[b] as number));
    else order.sort((a, b) => (k[a] as number) - (k[b] as number) || (s[a] as number) - (s[b] as number));
    return order.map((i) => [this._items[i] as T, this._priorityAt(i)]);
  }

  /** Iterates the queued items in heap order (not sorted; never mutates). */
  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this._size; i++) yield this._items[i] as T;
  }

  private _priorityAt(pos: number): number {
    const k = this._keys[pos] as number;
    return this._sign * (this._packed ? Math.floor(k / TWO32) : k) + 0;
  }

  private _badPriority(member: string, priority: unknown): never {
    if (typeof priority === "number")
      fail("PriorityQueue", member, "nan", "priority must not be NaN", priority, "a number that is not NaN");
    return fail("PriorityQueue", member, "type", "priority must be a number", priority, "number");
  }

  private _ensureIndex(): Map<T, number> {
    let index = this._index;
    if (index === undefined) {
      index = new Map();
      for (let i = 0; i < this._size; i++) index.set(this._items[i] as T, i);
      this._index = index;
    }
    return index;
  }

  private _grow(): void {
    const k = new Float64Array(this._keys.length * 2);
    k.set(this._keys);
    this._keys = k;
    if (!this._packed) {
      const s = new Float64Array(k.length);
      s.set(this._seqs);
      this._seqs = s;
    }
  }

  /** Leaves packed keys for (priority, counter) pairs in two arrays. */
  private _unpack(): void {
    const k = this._keys;
    const s = new Float64Array(k.length);
    for (let i = 0; i < this._size; i++) {
      const p = Math.floor((k[i] as number) / TWO32);
      s[i] = (k[i] as number) - p * TWO32;
      k[i] = p;
    }
    this._seqs = s;
    this._packed = false;
  }

  /** Renumbers the insertion counters 0..n-1 in key order (keeps heap order; packed mode only). */
  private _renumber(): void {
    const k = this._keys;
    const order: number[] = [];
    for (let i = 0; i < this._size; i++) order.push(i);
    order.sort((a, b) => (k[a] as number) - (k[b] as number));
    for (let r = 0; r < order.length; r++) {
      const i = order[r] as number;
      k[i] = Math.floor((k[i] as number) / TWO32) * TWO32 + r;
    }
    this._counter = order.length;
  }

  private _placePacked(pos: number, key: number, item: T, end: number): void {
    if (pos > 0 && key < (this._keys[(pos - 1) >> 1] as number)) this._upPacked(pos, key, item);
    else this._downPacked(pos, key, item, end);
  }

  private _placeSplit(pos: number, key: number, seq: number, item: T, end: number): void {
    if (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pk = this._keys[parent] as number;
      if (key < pk || (key === pk && seq < (this._seqs[parent] as number))) {
        this._upSplit(pos, key, seq, item);
        return;
      }
    }
    this._downSplit(pos, key, seq, item, end);
  }

  private _upPacked(pos: number, key: number, item: T): void {
    const K = this._keys;
    const I = this._items;
    const index = this._index;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pk = K[parent] as number;
      if (key >= pk) break;
      K[pos] = pk;
      const pi = I[parent] as T;
      I[pos] = pi;
      if (index !== undefined) index.set(pi, pos);
      pos = parent;
    }
    K[pos] = key;
    I[pos] = item;
    if (index !== undefined) index.set(item, pos);
  }

  /**
   * Refills the root after a pop (Floyd's bottom-up sift, as CPython's
   * heapq): walk the smaller child down to a leaf with one comparison per
   * level, then sift the moved-in last item up from there. Keys are all
   * distinct (the counter breaks ties), so this beats the top-down sift.
   */
  private _popSiftPacked(key: number, item: T, end: number): void {
    const K = this._keys;
    const I = this._items;
    const index = this._index;
    let pos = 0;
    let child = 1;
    while (child < end) {
      const right = child + 1;
      let ck = K[child] as number;
      if (right < end) {
        const rk = K[right] as number;
        if (rk < ck) {
          child = right;
          ck = rk;
        }
      }
      K[pos] = ck;
      const ci = I[child] as T;
      I[pos] = ci;
      if (index !== undefined) index.set(ci, pos);
      pos = child;
      child = 2 * pos + 1;
    }
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pk = K[parent] as number;
      if (key >= pk) break;
      K[pos] = pk;
      const pi = I[parent] as T;
      I[pos] = pi;
      if (index !== undefined) index.set(pi, pos);
      pos = parent;
    }
    K[pos] = key;
    I[pos] = item;
    if (index !== undefined) index.set(item, pos);
  }

  private _downPacked(pos: number, key: number, item: T, end: number): void {
    const K = this._keys;
    const I = this._items;
    const index = this._index;
    const half = end >> 1;
    while (pos < half) {
      let child = 2 * pos + 1;
      let ck = K[child] as number;
      const right = child + 1;
      if (right < end) {
        const rk = K[right] as number;
        if (rk < ck) {
          child = right;
          ck = rk;
        }
      }
      if (ck >= key) break;
      K[pos] = ck;
      const ci = I[child] as T;
      I[pos] = ci;
      if (index !== undefined) index.set(ci, pos);
      pos = child;
    }
    K[pos] = key;
    I[pos] = item;
    if (index !== undefined) index.set(item, pos);
  }

  private _upSplit(pos: number, key: number, seq: number, item: T): void {
    const K = this._keys;
    const S = this._seqs;
    const I = this._items;
    const index = this._index;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pk = K[parent] as number;
      const ps = S[parent] as number;
      if (key > pk || (key === pk && seq > ps)) break;
      K[pos] = pk;
      S[pos] = ps;
      const pi = I[parent] as T;
      I[pos] = pi;
      if (index !== undefined) index.set(pi, pos);
      pos = parent;
    }
    K[pos] = key;
    S[pos] = seq;
    I[pos] = item;
    if (index !== undefined) index.set(item, pos);
  }

  private _downSplit(pos: number, key: number, seq: number, item: T, end: number): void {
    const K = this._keys;
    const S = this._seqs;
    const I = this._items;
    const index = this._index;
    const half = end >> 1;
    while (pos < half) {
      let child = 2 * pos + 1;
      let ck = K[child] as number;
      let cs = S[child] as number;
      const right = child + 1;
      if (right < end) {
        const rk = K[right] as number;
        const rs = S[right] as number;
        if (rk < ck || (rk === ck && rs < cs)) {
          child = right;
          ck = rk;
          cs = rs;
        }
      }
      if (ck > key || (ck === key && cs > seq)) break;
      K[pos] = ck;
      S[pos] = cs;
      const ci = I[child] as T;
      I[pos] = ci;
      if (index !== undefined) index.set(ci, pos);
      pos = child;
    }
    K[pos] = key;
    S[pos] = seq;
    I[pos] = item;
    if (index !== undefined) index.set(item, pos);
  }
}
