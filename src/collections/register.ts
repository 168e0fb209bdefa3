/**
 * Import-time registration of the collection codecs with the default
 * registry. Listed in package.json `sideEffects` so bundlers keep it.
 *
 * @module
 */
import { registry } from "../registry/index.js";
import { registerCollections } from "./codecs.js";

registerCollections(registry);
