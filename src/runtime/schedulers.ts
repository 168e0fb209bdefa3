/**
 * Barrel of the schedulers part of `decorum/runtime`.
 *
 * @module
 */
export {};
