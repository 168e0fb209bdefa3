/**
 * The worker side of `decorum/bullmq`: a BullMQ worker that runs the task
 * functions of a task module (the same modules `ProcessPool` runs), reading
 * arguments and writing results as decorum wire trees.
 *
 * @module
 */
import { type ConnectionOptions, type Job, UnrecoverableError, Worker, type WorkerOptions } from "bullmq";
import { formatValue } from "../errors.js";
import { moduleUrl } from "../runtime/node/locate.js";
import type { TaskModule } from "../runtime/node/process-pool.js";
import { type LoadedTasks, loadTaskModule, taskModule } from "../runtime/node/task-module.js";
import { connectionOf, decodeCalls, failedReasonOf } from "./job-wire.js";

/** Options of {@link serveQueue}: BullMQ's worker options, with `connection` also accepting a Redis URL. */
export interface ServeQueueOptions extends Omit<WorkerOptions, "connection" | "autorun"> {
  /** A Redis URL (`redis://host:6379/0`, `rediss://…`) or BullMQ connection options. */
  connection: string | ConnectionOptions;
  /** Jobs this worker runs at the same time (default 1). */
  concurrency?: number;
}

/** A running queue worker, as {@link serveQueue} returns it. */
export interface QueueServer {
  /** The queue served. */
  readonly queueName: string;
  /** The task functions of the module, by name. */
  readonly tasks: readonly string[];
  /** The underlying BullMQ worker (events such as `"completed"`, `"failed"`, `"stalled"`; `pause()`). */
  readonly worker: Worker;
  /**
   * Stops taking jobs, waits for the running ones to finish and closes the connections.
   * With `force`, running jobs are abandoned: another worker runs them again after the stall interval.
   */
  close(force?: boolean): Promise<void>;
}

/** An error thrown out of the processor: its message is the JSON `failedReason`, its stack the task's. */
function failure(error: unknown, unrecoverable: boolean): Error {
  const out = unrecoverable ? new UnrecoverableError(failedReasonOf(error)) : new Error(failedReasonOf(error));
  if (error instanceof Error && typeof error.stack === "string") out.stack = error.stack;
  return out;
}

/**
 * Builds the BullMQ processor that runs `tasks`: the job's name is the task,
 * its data the wire form of the arguments. Data that does not decode fails
 * the job at once (an `UnrecoverableError`: no retry can fix it) with the
 * `DeserializeError` as JSON in `failedReason`; a task's own error fails the
 * attempt (retried as the job's `attempts`/`backoff` say).
 */
function taskProcessor(tasks: LoadedTasks): (job: Job) => Promise<unknown> {
  const codec = tasks.codec;
  return async (job) => {
    let fn: (...args: unknown[]) => unknown;
    let decoded: ReturnType<typeof decodeCalls>;
    try {
      fn = tasks.task(job.name);
    } catch (error) {
      throw failure(error, false);
    }
    try {
      decoded = decodeCalls(codec, job.data);
    } catch (error) {
      throw failure(error, true);
    }
    try {
      if (!decoded.chunk) return codec.toPlain(await fn(...(decoded.calls[0] as unknown[])));
      const results: unknown[] = [];
      for (const args of decoded.calls) results.push(await fn(...args));
      return codec.toPlain(results);
    } catch (error) {
      throw failure(error, false);
    }
  };
}

/**
 * Serves the BullMQ queue `queueName` with the task functions of a task
 * module: the path or `file:` URL `ProcessPool` takes (imported here, so
 * the models it registers decode the arguments), or an already imported
 * module. Each job runs the task its name names, with its data decoded and
 * validated; the task's result is the job's return value. Delivery is
 * BullMQ's: at least once (a job whose worker dies is run again after the
 * stall interval), so tasks should be idempotent.
 *
 * @example
 * ```ts
 * const server = await serveQueue("shapes", new URL("./tasks.js", import.meta.url), {
 *   connection: "redis://127.0.0.1:6379",
 *   concurrency: 4,
 * });
 * process.on("SIGTERM", () => server.close());
 * ```
 * @throws {TypeError} when the queue name or the connection is missing or malformed.
 * @throws {Error} (rejects) with the task module's own error when it cannot be loaded.
 */
export async function serveQueue(
  queueName: string,
  tasksModule: string | URL | TaskModule,
  options: ServeQueueOptions,
): Promise<QueueServer> {
  if (typeof queueName !== "string" || queueName === "")
    throw new TypeError(`serveQueue: the queue name must be a non-empty string (got ${formatValue(queueName)})`);
  if (typeof options !== "object" || options === null)
    throw new TypeError(`serveQueue: the options are required, with the connection (got ${formatValue(options)})`);
  const connection = connectionOf("serveQueue", options.connection);
  const tasks =
    typeof tasksModule === "string" || tasksModule instanceof URL
      ? await loadTaskModule(moduleUrl(tasksModule))
      : taskModule(tasksModule, "(module object)");
  const worker = new Worker(queueName, taskProcessor(tasks), { ...options, connection, autorun: true });
  // A lost connection is retried by ioredis; without a listener, the EventEmitter would throw it.
  worker.on("error", (error) => {
    if (worker.listenerCount("error") === 1) console.error(`decorum serveQueue("${queueName}"): ${error.message}`);
  });
  await worker.waitUntilReady();
  return {
    queueName,
    tasks: tasks.names(),
    worker,
    close: (force?: boolean) => worker.close(force),
  };
}
