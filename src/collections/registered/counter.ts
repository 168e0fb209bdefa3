/**
 * Counter, registered with the default registry as `decorum.Counter` when this
 * module is evaluated. The collections entry exports Counter from here, so a
 * bundle that uses Counter keeps its codec and one that does not drops both
 * (package.json `sideEffects` lists only the polyfill: each collection
 * registers itself, not the others).
 *
 * @module
 */
import { registry } from "../../registry/index.js";
import { counterCodec } from "../codecs.js";
import { Counter } from "../counter.js";

if (!registry.has(counterCodec.name)) registry.registerCodec(counterCodec);

export { Counter };
