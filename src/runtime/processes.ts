/**
 * Barrel of the processes part of `decorum/runtime`: channels, the process
 * pool and connection hand-off.
 *
 * @module
 */
export { WorkerError } from "../errors.js";
export { Channel, type ChannelEndpoint, type ChannelEvents, type ChannelOptions, pipe } from "./channel.js";
export {
  type Dispatch,
  HandoffServer,
  type HandoffServerOptions,
  type HandoffStats,
  type HandoffWorkerExit,
  type HandoffWorkerInfo,
} from "./handoff.js";
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
