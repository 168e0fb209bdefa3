/**
 * Heap, registered with the default registry as `decorum.Heap` when this
 * module is evaluated. The collections entry exports Heap from here, so a
 * bundle that uses Heap keeps its codec and one that does not drops both
 * (package.json `sideEffects` lists only the polyfill: each collection
 * registers itself, not the others).
 *
 * @module
 */
import { registry } from "../../registry/index.js";
import { heapCodec } from "../codecs.js";
import { Heap } from "../heap.js";

if (!registry.has(heapCodec.name)) registry.registerCodec(heapCodec);

export { Heap };
