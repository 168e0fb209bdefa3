/**
 * decorum: a decorator-and-metaclass framework for serializable domain
 * models. This root entry re-exports every public name of the isomorphic
 * subpath entries `decorum/decorators`, `decorum/descriptors`,
 * `decorum/registry`, `decorum/collections` and `decorum/schedulers`, and
 * runs anywhere JavaScript runs. In Node (export condition `"node"`) it also
 * re-exports the Node-only runtime of `decorum/node`.
 *
 * @module
 */
export * from "./collections/index.js";
export * from "./decorators/index.js";
export * from "./descriptors/index.js";
export * from "./errors.js";
export * from "./registry/index.js";
export * from "./runtime/schedulers/index.js";
