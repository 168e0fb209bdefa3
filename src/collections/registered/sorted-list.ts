/**
 * SortedList, registered with the default registry as `decorum.SortedList` when this
 * module is evaluated. The collections entry exports SortedList from here, so a
 * bundle that uses SortedList keeps its codec and one that does not drops both
 * (package.json `sideEffects` lists only the polyfill: each collection
 * registers itself, not the others).
 *
 * @module
 */
import { registry } from "../../registry/index.js";
import { sortedListCodec } from "../codecs.js";
import { SortedList } from "../sorted-list.js";

if (!registry.has(sortedListCodec.name)) registry.registerCodec(sortedListCodec);

export { SortedList };
