/**
 * `decorum/collections`: Heap and heapq functions, PriorityQueue, Deque,
 * LRUCache and `@cached`, SortedList and bisect functions, Counter,
 * WeakValueMap, `pythonCompare`. Each
 * collection is registered with the default registry (see register.ts).
 *
 * @module
 */
import "../decorators/polyfill.js";

export { type BisectOptions, bisectLeft, bisectRight, insortLeft, insortRight } from "./bisect.js";
export { type CachedDecorator, type CachedFunction, type CachedOptions, type CacheInfo, cached, defaultCacheKey } from "./cached.js";
export { collectionCodecs, registerCollections } from "./codecs.js";
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
export { SortedList, type SortedListOptions, type SortedListRangeOptions } from "./sorted-list.js";
export { WeakValueMap } from "./weak-value-map.js";

import "./register.js";
