/**
 * `decorum/runtime`: schedulers (round-robin, actors, priority, I/O
 * coroutines) and cross-process tools (channels, process pool, hand-off).
 *
 * @module
 */
import "../decorators/polyfill.js";

export * from "./processes.js";
export * from "./schedulers.js";
