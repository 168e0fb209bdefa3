/**
 * `decorum/schedulers`: the pure schedulers, which run anywhere JavaScript
 * runs (Node, browsers, workers, bundlers): round-robin tasks, priority
 * scheduling and actors. The Node-only I/O scheduler lives in `decorum/node`.
 *
 * @module
 */
import "../../decorators/polyfill.js";

export { SchedulerError, type SchedulerErrorReason } from "../../errors.js";
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
