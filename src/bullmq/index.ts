/**
 * `decorum/bullmq`: decorum's process-pool model on BullMQ and Redis. The
 * task modules `ProcessPool` runs are served by BullMQ workers on any number
 * of machines ({@link serveQueue} or the `decorum-worker` CLI), and a
 * {@link QueuePool} submits to them with `ProcessPool`'s `submit` / `map`:
 * registered models travel as decorum wire text and arrive as instances,
 * validated; errors cross with their type, code, issues and cause.
 * Requires the optional peer dependencies `bullmq` and `ioredis`.
 *
 * @module
 */
import "../decorators/polyfill.js";

export { WorkerError } from "../errors.js";
export type { MapOptions, TaskFunction, TaskModule } from "../runtime/node/process-pool.js";
export type { PlainCodec } from "../runtime/node/wire.js";
export { QueuePool, type QueuePoolCloseOptions, type QueuePoolOptions } from "./queue-pool.js";
export { type QueueServer, type ServeQueueOptions, serveQueue } from "./serve-queue.js";
