/**
 * `decorum/node`: the Node-only runtime: I/O coroutines on `node:net`
 * sockets, channels between threads and processes, the process pool and
 * connection hand-off. Never part of a browser bundle; in Node the root entry
 * `decorum` and `decorum/runtime` re-export all of it too.
 *
 * @module
 */
import "../../decorators/polyfill.js";

export {
  type IoAddress,
  type IoCoroutine,
  IoListener,
  type IoListenOptions,
  IoRequest,
  IoScheduler,
  type IoSchedulerOptions,
  IoSocket,
} from "../io-scheduler.js";
export * from "../processes.js";
