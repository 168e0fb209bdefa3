/**
 * `collectionCodecs` and `registerCollections`: every collection codec at
 * once, for an isolated `new Registry()`. The default registry does not need
 * them: each collection declares its own codec when its module is evaluated.
 *
 * @module
 */
import type { Codec, Registry } from "../registry/index.js";
import { counterCodec } from "./counter.js";
import { dequeCodec } from "./deque.js";
import { heapCodec } from "./heap.js";
import { lruCodec } from "./lru-cache.js";
import { priorityQueueCodec } from "./priority-queue.js";
import { pythonCompare } from "./python-compare.js";
import { sortedListCodec } from "./sorted-list.js";
import { weakValueMapCodec } from "./weak-value-map.js";

/** The codecs of every collection, in registration order. */
export const collectionCodecs: readonly Codec<unknown>[] = [
  heapCodec,
  priorityQueueCodec,
  dequeCodec,
  lruCodec,
  sortedListCodec,
  counterCodec,
  weakValueMapCodec,
] as unknown as Codec<unknown>[];

/**
 * Registers the collection codecs (`decorum.Heap`, `decorum.PriorityQueue`,
 * `decorum.Deque`, `decorum.LRUCache`, `decorum.SortedList`,
 * `decorum.Counter`, `decorum.WeakValueMap`) and the comparator
 * `pythonCompare` (as `"decorum.pythonCompare"`) with `registry`. Names already
 * registered are skipped, so calling it twice is harmless. The default
 * registry gets each collection's codec when that collection is imported
 * (each collection module declares its own; see registry/declared.ts).
 *
 * @example
 * ```ts
 * const mine = new Registry();
 * registerCollections(mine);
 * mine.serialize(new Deque([1, 2]));
 * ```
 */
export function registerCollections(registry: Registry): void {
  for (const codec of collectionCodecs) if (!registry.has(codec.name)) registry.registerCodec(codec);
  // (another copy of decorum loaded in the process, ESM beside CJS, may have registered its own)
  if (registry.resolveFunction("decorum.pythonCompare") === undefined) registry.registerFunction("decorum.pythonCompare", pythonCompare);
}
