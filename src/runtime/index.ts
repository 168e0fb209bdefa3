/**
 * `decorum/runtime` as Node resolves it (export condition `"node"`): the pure
 * schedulers of `decorum/schedulers` (round-robin, priority, actors) and the
 * Node-only runtime of `decorum/node` (I/O coroutines, channels, process
 * pool, hand-off). Elsewhere `decorum/runtime` is `decorum/schedulers`.
 *
 * @module
 */
import "../decorators/polyfill.js";

export * from "./node/index.js";
export * from "./schedulers/index.js";
