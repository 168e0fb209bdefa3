/**
 * PriorityQueue, registered with the default registry as `decorum.PriorityQueue` when this
 * module is evaluated. The collections entry exports PriorityQueue from here, so a
 * bundle that uses PriorityQueue keeps its codec and one that does not drops both
 * (package.json `sideEffects` lists only the polyfill: each collection
 * registers itself, not the others).
 *
 * @module
 */
import { registry } from "../../registry/index.js";
import { priorityQueueCodec } from "../codecs.js";
import { PriorityQueue } from "../priority-queue.js";

if (!registry.has(priorityQueueCodec.name)) registry.registerCodec(priorityQueueCodec);

export { PriorityQueue };
