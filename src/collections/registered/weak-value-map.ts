/**
 * WeakValueMap, declared for the default registry (registry/declared.ts, adopted at the
 * registry's next call, so this module does not load the registry) as `decorum.WeakValueMap` when this
 * module is evaluated. The collections entry exports WeakValueMap from here, so a
 * bundle that uses WeakValueMap keeps its codec and one that does not drops both
 * (package.json `sideEffects` lists only the polyfill: each collection
 * registers itself, not the others).
 *
 * @module
 */
import { declareCodec } from "../../registry/declared.js";
import { weakValueMapCodec } from "../codecs.js";
import { WeakValueMap } from "../weak-value-map.js";

declareCodec(weakValueMapCodec);

export { WeakValueMap };
