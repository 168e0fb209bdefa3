/**
 * Heap, declared for the default registry (registry/declared.ts, adopted at the
 * registry's next call, so this module does not load the registry) as `decorum.Heap` when this
 * module is evaluated. The collections entry exports Heap from here, so a
 * bundle that uses Heap keeps its codec and one that does not drops both
 * (package.json `sideEffects` lists only the polyfill: each collection
 * registers itself, not the others).
 *
 * @module
 */
import { declareCodec } from "../../registry/declared.js";
import { heapCodec } from "../codecs.js";
import { Heap } from "../heap.js";

declareCodec(heapCodec);

export { Heap };
