/**
 * Counter, declared for the default registry (registry/declared.ts, adopted at the
 * registry's next call, so this module does not load the registry) as `decorum.Counter` when this
 * module is evaluated. The collections entry exports Counter from here, so a
 * bundle that uses Counter keeps its codec and one that does not drops both
 * (package.json `sideEffects` lists only the polyfill: each collection
 * registers itself, not the others).
 *
 * @module
 */
import { declareCodec } from "../../registry/declared.js";
import { counterCodec } from "../codecs.js";
import { Counter } from "../counter.js";

declareCodec(counterCodec);

export { Counter };
