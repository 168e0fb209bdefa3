/**
 * WeakValueMap, registered with the default registry as `decorum.WeakValueMap` when this
 * module is evaluated. The collections entry exports WeakValueMap from here, so a
 * bundle that uses WeakValueMap keeps its codec and one that does not drops both
 * (package.json `sideEffects` lists only the polyfill: each collection
 * registers itself, not the others).
 *
 * @module
 */
import { registry } from "../../registry/index.js";
import { weakValueMapCodec } from "../codecs.js";
import { WeakValueMap } from "../weak-value-map.js";

if (!registry.has(weakValueMapCodec.name)) registry.registerCodec(weakValueMapCodec);

export { WeakValueMap };
