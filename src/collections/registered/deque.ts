/**
 * Deque, registered with the default registry as `decorum.Deque` when this
 * module is evaluated. The collections entry exports Deque from here, so a
 * bundle that uses Deque keeps its codec and one that does not drops both
 * (package.json `sideEffects` lists only the polyfill: each collection
 * registers itself, not the others).
 *
 * @module
 */
import { registry } from "../../registry/index.js";
import { dequeCodec } from "../codecs.js";
import { Deque } from "../deque.js";

if (!registry.has(dequeCodec.name)) registry.registerCodec(dequeCodec);

export { Deque };
