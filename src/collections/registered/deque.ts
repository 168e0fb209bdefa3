/**
 * Deque, declared for the default registry (registry/declared.ts, adopted at the
 * registry's next call, so this module does not load the registry) as `decorum.Deque` when this
 * module is evaluated. The collections entry exports Deque from here, so a
 * bundle that uses Deque keeps its codec and one that does not drops both
 * (package.json `sideEffects` lists only the polyfill: each collection
 * registers itself, not the others).
 *
 * @module
 */
import { declareCodec } from "../../registry/declared.js";
import { dequeCodec } from "../codecs.js";
import { Deque } from "../deque.js";

declareCodec(dequeCodec);

export { Deque };
