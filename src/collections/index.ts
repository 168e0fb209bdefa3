/**
 * `decorum/collections`: Heap and heapq functions, PriorityQueue, Deque,
 * LRUCache, SortedList and bisect functions, Counter, WeakValueMap. Each
 * collection registers its codec with the default registry when it is
 * imported (see registered/), so a bundle carries only the collections it uses.
 *
 * @module
 */
import "../decorators/polyfill.js";

export { type BisectOptions, bisectLeft, bisectRight, insortLeft, insortRight } from "./bisect.js";
export { collectionCodecs, registerCollections } from "./codecs.js";
export type { Comparator } from "./compare.js";
export type { CounterSource } from "./counter.js";
export type { DequeOptions } from "./deque.js";
export type { HeapOptions } from "./heap.js";
export {
  heapify,
  heapPop,
  heapPush,
  heapPushPop,
  heapReplace,
  type MergeOptions,
  mergeSorted,
  nLargest,
  nSmallest,
  type SelectOptions,
} from "./heapq.js";
export type { EvictReason, LRUCacheOptions } from "./lru-cache.js";
export type { PriorityQueueOptions } from "./priority-queue.js";
export { Counter } from "./registered/counter.js";
export { Deque } from "./registered/deque.js";
export { Heap } from "./registered/heap.js";
export { LRUCache } from "./registered/lru-cache.js";
export { PriorityQueue } from "./registered/priority-queue.js";
export { SortedList } from "./registered/sorted-list.js";
export { WeakValueMap } from "./registered/weak-value-map.js";
export type { SortedListOptions } from "./sorted-list.js";
