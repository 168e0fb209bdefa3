/**
 * decorum: a decorator-and-metaclass framework for serializable domain
 * models. This root entry re-exports every public name of the subpath
 * entries `decorum/decorators`, `decorum/descriptors`, `decorum/registry`,
 * `decorum/collections` and `decorum/runtime`.
 *
 * @module
 */
export * from "./collections/index.js";
export * from "./decorators/index.js";
export * from "./descriptors/index.js";
export * from "./errors.js";
export * from "./registry/index.js";
export * from "./runtime/index.js";
