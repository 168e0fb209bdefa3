/**
 * `decorum/collections`: Heap and heapq functions, PriorityQueue, Deque,
 * LRUCache and `@cached`, SortedList and bisect functions, Counter,
 * WeakValueMap, `pythonCompare`. Each collection declares its codec for
 * the default registry when it is imported (see registry/declared.ts), without
 * loading the registry, so a bundle carries only the collections it uses
 * and, unless it serializes, no registry.
 *
 * @module
 */
import "../decorators/polyfill.js";

export { type BisectOptions, bisectLeft, bisectRight, insortLeft, insortRight } from "./bisect.js";
export { type CachedDecorator, type CachedFunction, type CachedOptions, type CacheInfo, cached, defaultCacheKey } from "./cached.js";
export type { Comparator } from "./compare.js";
export { Counter, type CounterSource } from "./counter.js";
export { Deque, type DequeOptions } from "./deque.js";
export { Heap, type HeapOptions } from "./heap.js";
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
export { type EvictReason, LRUCache, type LRUCacheOptions, type LRUCacheStats } from "./lru-cache.js";
export { PriorityQueue, type PriorityQueueOptions } from "./priority-queue.js";
export { pythonCompare } from "./python-compare.js";
export { collectionCodecs, registerCollections } from "./register.js";
export { SortedList, type SortedListOptions, type SortedListRangeOptions } from "./sorted-list.js";
export { WeakValueMap } from "./weak-value-map.js";
