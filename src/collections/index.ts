/**
 * `decorum/collections`: Heap and heapq functions, PriorityQueue, Deque,
 * LRUCache and `@cached`, SortedList and bisect functions, Counter,
 * WeakValueMap, `pythonCompare`. Each collection declares its codec for
 * the default registry when it is imported (see registered/), without
 * loading the registry, so a bundle carries only the collections it uses
 * and, unless it serializes, no registry.
 *
 * @module
 */
import "../decorators/polyfill.js";

export { type BisectOptions, bisectLeft, bisectRight, insortLeft, insortRight } from "./bisect.js";
export { type CachedDecorator, type CachedFunction, type CachedOptions, type CacheInfo, cached, defaultCacheKey } from "./cached.js";
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
export type { EvictReason, LRUCacheOptions, LRUCacheStats } from "./lru-cache.js";
export type { PriorityQueueOptions } from "./priority-queue.js";
export { Counter } from "./registered/counter.js";
export { Deque } from "./registered/deque.js";
export { Heap } from "./registered/heap.js";
export { LRUCache } from "./registered/lru-cache.js";
export { PriorityQueue } from "./registered/priority-queue.js";
export { pythonCompare } from "./registered/python-compare.js";
export { SortedList } from "./registered/sorted-list.js";
export { WeakValueMap } from "./registered/weak-value-map.js";
export type { SortedListOptions, SortedListRangeOptions } from "./sorted-list.js";
