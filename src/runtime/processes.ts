/**
 * Barrel of the processes part of `decorum/runtime`.
 *
 * @module
 */
export {};
