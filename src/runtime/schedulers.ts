/**
 * Barrel of the schedulers part of `decorum/runtime`: round-robin tasks,
 * priority scheduling, actors and I/O coroutines on `node:net`.
 *
 * @module
 */
export { SchedulerError, type SchedulerErrorReason } from "../errors.js";
export {
  Actor,
  type ActorContext,
  type ActorFailure,
  type ActorLike,
  ActorScheduler,
  type ActorSchedulerOptions,
  type ActorSource,
} from "./actor-scheduler.js";
export {
  type IoAddress,
  type IoCoroutine,
  IoListener,
  type IoListenOptions,
  IoRequest,
  IoScheduler,
  type IoSchedulerOptions,
  IoSocket,
  type IoWrapOptions,
} from "./io-scheduler.js";
export {
  PriorityScheduler,
  type PrioritySchedulerOptions,
  type PrioritySpawnOptions,
  type RequestServer,
} from "./priority-scheduler.js";
export {
  type Coroutine,
  CoroutineScheduler,
  type CoroutineSource,
  type SchedulerHooks,
  Task,
  type TaskFailure,
  type TaskState,
} from "./task.js";
export { TaskScheduler, type TaskSchedulerOptions } from "./task-scheduler.js";
