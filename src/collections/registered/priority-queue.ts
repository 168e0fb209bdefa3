/**
 * PriorityQueue, declared for the default registry (registry/declared.ts, adopted at the
 * registry's next call, so this module does not load the registry) as `decorum.PriorityQueue` when this
 * module is evaluated. The collections entry exports PriorityQueue from here, so a
 * bundle that uses PriorityQueue keeps its codec and one that does not drops both
 * (package.json `sideEffects` lists only the polyfill: each collection
 * registers itself, not the others).
 *
 * @module
 */
import { declareCodec } from "../../registry/declared.js";
import { priorityQueueCodec } from "../codecs.js";
import { PriorityQueue } from "../priority-queue.js";

declareCodec(priorityQueueCodec);

export { PriorityQueue };
