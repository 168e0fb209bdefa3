/**
 * The root entry `decorum` as Node resolves it (export condition `"node"`):
 * everything of the isomorphic root entry plus the Node-only runtime of
 * `decorum/node` (IoScheduler, Channel, pipe, ProcessPool, HandoffServer).
 *
 * @module
 */
export * from "./index.js";
export * from "./runtime/node/index.js";
