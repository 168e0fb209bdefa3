/**
 * decorum: a decorator-and-metaclass framework for serializable domain
 * models. This root entry re-exports every public name of the isomorphic
 * subpath entries `decorum/decorators`, `decorum/descriptors`,
 * `decorum/registry`, `decorum/collections` and `decorum/schedulers`, and
 * runs anywhere JavaScript runs. In Node (export condition `"node"`) it also
 * re-exports the Node-only runtime of `decorum/node`.
 *
 * The folders, one layer each; a layer imports only from the ones listed
 * before it (see ARCHITECTURE.md at the repository root):
 *
 * - `errors.ts`: the error classes, value and path printing, `argumentError`.
 * - `decorators/`: the dialect adapter, per-class metadata, `wraps`, `@timed`, `@profiled`.
 * - `descriptors/`: validated per-instance properties, built-in validators, `@validated`.
 * - `registry/`: `@model`, `@field`, plans, codecs, the `Registry`, serialize / deserialize.
 * - `collections/`: Heap, PriorityQueue, Deque, LRUCache, SortedList, Counter, WeakValueMap.
 * - `runtime/schedulers/`: round-robin, priority and actor schedulers (any runtime).
 * - `runtime/node/`: I/O coroutines, channels, process pool, hand-off (Node only).
 * - `bullmq/`: the process pool's task modules on BullMQ and Redis (own subpath).
 *
 * @module
 */
export * from "./collections/index.js";
export * from "./decorators/index.js";
export * from "./descriptors/index.js";
export * from "./errors.js";
export * from "./registry/index.js";
export * from "./runtime/schedulers/index.js";
