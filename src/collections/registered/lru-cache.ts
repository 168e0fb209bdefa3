/**
 * LRUCache, registered with the default registry as `decorum.LRUCache` when this
 * module is evaluated. The collections entry exports LRUCache from here, so a
 * bundle that uses LRUCache keeps its codec and one that does not drops both
 * (package.json `sideEffects` lists only the polyfill: each collection
 * registers itself, not the others).
 *
 * @module
 */
import { registry } from "../../registry/index.js";
import { lruCodec } from "../codecs.js";
import { LRUCache } from "../lru-cache.js";

if (!registry.has(lruCodec.name)) registry.registerCodec(lruCodec);

export { LRUCache };
