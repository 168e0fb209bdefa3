/**
 * LRUCache, declared for the default registry (registry/declared.ts, adopted at the
 * registry's next call, so this module does not load the registry) as `decorum.LRUCache` when this
 * module is evaluated. The collections entry exports LRUCache from here, so a
 * bundle that uses LRUCache keeps its codec and one that does not drops both
 * (package.json `sideEffects` lists only the polyfill: each collection
 * registers itself, not the others).
 *
 * @module
 */
import { declareCodec } from "../../registry/declared.js";
import { lruCodec } from "../codecs.js";
import { LRUCache } from "../lru-cache.js";

declareCodec(lruCodec);

export { LRUCache };
