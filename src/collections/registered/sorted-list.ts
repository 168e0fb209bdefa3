/**
 * SortedList, declared for the default registry (registry/declared.ts, adopted at the
 * registry's next call, so this module does not load the registry) as `decorum.SortedList` when this
 * module is evaluated. The collections entry exports SortedList from here, so a
 * bundle that uses SortedList keeps its codec and one that does not drops both
 * (package.json `sideEffects` lists only the polyfill: each collection
 * registers itself, not the others).
 *
 * @module
 */
import { declareCodec } from "../../registry/declared.js";
import { sortedListCodec } from "../codecs.js";
import { SortedList } from "../sorted-list.js";

declareCodec(sortedListCodec);

export { SortedList };
