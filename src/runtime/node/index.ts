/**
 * `decorum/node`: the Node-only runtime: I/O coroutines on `node:net`
 * sockets, channels between threads and processes, the process pool and
 * connection hand-off. Never part of a browser bundle; in Node the root entry
 * `decorum` and `decorum/runtime` re-export all of it too.
 *
 * @module
 */
import "../../decorators/polyfill.js";

export { WorkerError } from "../../errors.js";
export { Channel, type ChannelEndpoint, type ChannelEvents, type ChannelOptions, pipe } from "./channel.js";
export {
  type Dispatch,
  type HandoffListenOptions,
  HandoffServer,
  type HandoffServerOptions,
  type HandoffStats,
  type HandoffWorkerExit,
  type HandoffWorkerInfo,
} from "./handoff.js";
export { IoListener } from "./io/listener.js";
export { type IoAddress, type IoCoroutine, IoRequest } from "./io/request.js";
export {
  DEFAULT_IO_LIMIT,
  type IoConnectOptions,
  type IoListenOptions,
  IoScheduler,
  type IoSchedulerOptions,
  type IoWrapOptions,
} from "./io/scheduler.js";
export { IoSocket } from "./io/socket.js";
export {
  type MapOptions,
  ProcessPool,
  type ProcessPoolOptions,
  type ShutdownOptions,
  type TaskFunction,
  type TaskModule,
  type WorkerExit,
} from "./process-pool.js";
export type { PlainCodec } from "./wire.js";
