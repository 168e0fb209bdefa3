/**
 * The client side of `decorum/bullmq`: `ProcessPool`'s shape (`submit`,
 * `map`) over a named BullMQ queue, so the workers can be any number of
 * processes on any number of machines.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { type ConnectionOptions, type JobsOptions, Queue, QueueEvents } from "bullmq";
import { argumentError, formatValue, WorkerError } from "../errors.js";
import type { MapOptions, TaskFunction, TaskModule } from "../runtime/node/process-pool.js";
import { defaultCodec, type PlainCodec } from "../runtime/node/wire.js";
import { connectionOf, encodeCall, encodeCalls, errorOfFailedReason, type JobData } from "./job-wire.js";

type TaskName<M> = { [K in keyof M]: M[K] extends TaskFunction ? K : never }[keyof M] & string;
type TaskArgs<M, K extends keyof M> = M[K] extends (...args: infer A) => unknown ? A : never;
type TaskResult<M, K extends keyof M> = M[K] extends (...args: never[]) => infer R ? Awaited<R> : never;

/** Options of a {@link QueuePool}. */
export interface QueuePoolOptions {
  /** A Redis URL (`redis://host:6379/0`, `rediss://…`) or BullMQ connection options. */
  connection: string | ConnectionOptions;
  /** The registry that encodes arguments and decodes results here (default: `registry`); the workers use their task module's. */
  registry?: PlainCodec;
  /**
   * BullMQ options of every job (`attempts`, `backoff`, `priority`, `removeOnFail`, …).
   * Defaults: `removeOnComplete: true` (the result reaches the caller in the completion event) and
   * `removeOnFail: { count: 1000 }`. `jobId` is always the pool's own.
   */
  jobOptions?: Omit<JobsOptions, "jobId">;
  /** The Redis key prefix of the queue (BullMQ's default `"bull"`); workers must use the same. */
  prefix?: string;
  /**
   * Approximate length the queue's event stream is trimmed to (BullMQ's default 10,000). Results
   * travel in that stream: it must hold the events of every job in flight, about 4 per job.
   * Default 100,000.
   */
  eventsMaxLen?: number;
}

/** Options of {@link QueuePool.close}. */
export interface QueuePoolCloseOptions {
  /** Whether to wait for the results of the jobs submitted so far (default `true`); without, they reject with a `WorkerError` (`"shutdown"`). */
  wait?: boolean;
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** The id of the last event in the queue's stream, so the listener misses nothing submitted after it. */
async function lastEventId(queue: Queue): Promise<string> {
  const q = queue as unknown as { getBackend?(): { client: unknown }; client?: unknown };
  const client = (await (q.getBackend?.().client ?? q.client)) as
    | { xrevrange(key: string, end: string, start: string, count: "COUNT", n: number): Promise<[string, string[]][]> }
    | undefined;
  if (typeof client?.xrevrange !== "function") return "$";
  const last = await client.xrevrange(queue.keys.events as string, "+", "-", "COUNT", 1);
  return last[0]?.[0] ?? "0-0";
}

/**
 * `ProcessPool`'s model on a BullMQ queue: `submit(name, ...args)` adds a
 * job named after the task with the decorum wire form of its arguments and
 * resolves to its decoded result (registered models come back as instances,
 * validated); a task's error rejects as the same error type with its name,
 * message, code, issues and cause. Results arrive through the queue's event
 * stream (BullMQ's `QueueEvents`), never by polling. Any number of workers
 * ({@link serveQueue} or the `decorum-worker` CLI) on any machine serve the
 * queue; delivery is at least once, and each job's result is delivered to
 * the caller exactly once (later completions of the same job id are ignored).
 *
 * @example
 * ```ts
 * const pool = new QueuePool<typeof import("./tasks.js")>("shapes", { connection: "redis://127.0.0.1:6379" });
 * const scaled = await pool.submit("scale", new Rect(2, 3), 2); // a Rect
 * const areas = await pool.map("area", rects, { chunkSize: 50 }); // input order
 * await pool.close();
 * ```
 */
export class QueuePool<M extends TaskModule = Record<string, TaskFunction>> {
  /** The queue's name. */
  readonly name: string;
  /** The underlying BullMQ queue (counts, pause, clean, dashboards). */
  readonly queue: Queue;
  readonly #codec: PlainCodec;
  readonly #jobOptions: JobsOptions;
  readonly #pending = new Map<string, Pending>();
  readonly #prefix = `${randomBytes(6).toString("base64url")}.`;
  readonly #events: Promise<QueueEvents>;
  #next = 1;
  #closing: Promise<void> | undefined;
  #idle: (() => void) | undefined;

  /**
   * Connects to the queue and starts listening for results.
   *
   * @throws {TypeError} when the queue name or the connection is missing or malformed.
   * @throws {RangeError} when `eventsMaxLen` is not a positive integer.
   */
  constructor(queueName: string, options: QueuePoolOptions) {
    if (typeof queueName !== "string" || queueName === "")
      throw new TypeError(`QueuePool: the queue name must be a non-empty string (got ${formatValue(queueName)})`);
    if (typeof options !== "object" || options === null)
      throw new TypeError(`QueuePool: the options are required, with the connection (got ${formatValue(options)})`);
    const connection = connectionOf("QueuePool", options.connection);
    const maxLen = options.eventsMaxLen ?? 100_000;
    if (!Number.isInteger(maxLen) || maxLen < 1) throw argumentError(RangeError, "QueuePool", "eventsMaxLen", "a positive integer", maxLen);
    this.name = queueName;
    this.#codec = options.registry ?? defaultCodec();
    this.#jobOptions = { removeOnComplete: true, removeOnFail: { count: 1000 }, ...options.jobOptions };
    const prefix = options.prefix === undefined ? {} : { prefix: options.prefix };
    this.queue = new Queue(queueName, { connection, ...prefix, streams: { events: { maxLen } } });
    this.queue.on("error", () => {
      // Connection errors: ioredis reconnects; a failed add rejects its own call.
    });
    this.#events = this.#listen(connection, prefix);
    // A failed start rejects the calls that wait for it; never an unhandled rejection.
    this.#events.catch(() => {});
  }

  async #listen(connection: ConnectionOptions, prefix: { prefix?: string }): Promise<QueueEvents> {
    await this.queue.waitUntilReady();
    const events = new QueueEvents(this.name, { connection, ...prefix, lastEventId: await lastEventId(this.queue) });
    events.on("error", () => {
      // Connection errors: ioredis reconnects and reading resumes after the last event seen.
    });
    events.on("completed", ({ jobId, returnvalue }) => {
      const pending = this.#take(jobId);
      if (pending === undefined) return;
      let value: unknown;
      try {
        value = this.#codec.fromPlain(returnvalue);
      } catch (error) {
        pending.reject(error as Error);
        return;
      }
      pending.resolve(value);
    });
    events.on("failed", ({ jobId, failedReason }) => {
      this.#take(jobId)?.reject(errorOfFailedReason(failedReason, this.name, jobId));
    });
    await events.waitUntilReady();
    return events;
  }

  /** Removes and returns the caller waiting for `jobId` (none for another client's job or a repeated event). */
  #take(jobId: string): Pending | undefined {
    const pending = this.#pending.get(jobId);
    if (pending === undefined) return undefined;
    this.#pending.delete(jobId);
    if (this.#pending.size === 0) this.#idle?.();
    return pending;
  }

  /** Jobs submitted whose result has not arrived yet. */
  get pending(): number {
    return this.#pending.size;
  }

  /**
   * Resolves once the pool listens for results (calls wait for it on their own).
   *
   * @throws {Error} (rejects) when Redis cannot be reached.
   */
  async ready(): Promise<void> {
    await this.#events;
  }

  /**
   * Runs the task `name` with `args` on some worker of the queue.
   *
   * @throws {SerializeError} (rejects) when an argument cannot be encoded.
   * @throws {DeserializeError} (rejects) when the worker cannot decode an argument (as JSON in the job's `failedReason`) or the result does not decode here.
   * @throws {Error} (rejects) with the task's own error: the same class for JavaScript's and decorum's errors, with name, message, code, issues and cause.
   * @throws {WorkerError} (rejects) when BullMQ failed the job (stalled too often), or the pool was closed without waiting.
   * @example
   * ```ts
   * const area = await pool.submit("area", new Rect(2, 3)); // 6
   * ```
   */
  submit<K extends TaskName<M>>(name: K, ...args: TaskArgs<M, K>): Promise<TaskResult<M, K>> {
    try {
      this.#assertOpen();
      const data = encodeCall(this.#codec, args);
      return this.#add([[name, data]])[0] as Promise<TaskResult<M, K>>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Runs `name` once per item of `items` (one argument each) and resolves to
   * the results in input order; rejects with the first failure in input
   * order. With `chunkSize` > 1, each job carries that many calls (fewer
   * round trips for small tasks; a failing call fails its whole job, and a
   * retry runs the whole job again).
   *
   * @throws {RangeError} (rejects) when `chunkSize` is not a positive integer.
   * @throws {SerializeError} (rejects) when an item cannot be encoded.
   * @example
   * ```ts
   * await pool.map("area", [new Rect(1, 2), new Rect(3, 3)], { chunkSize: 100 }); // [2, 9]
   * ```
   */
  async map<K extends TaskName<M>>(name: K, items: Iterable<TaskArgs<M, K>[0]>, options: MapOptions = {}): Promise<TaskResult<M, K>[]> {
    const chunk = options.chunkSize ?? 1;
    if (!Number.isInteger(chunk) || chunk < 1) throw argumentError(RangeError, "QueuePool.map", "chunkSize", "a positive integer", chunk);
    this.#assertOpen();
    const all = [...items];
    const jobs: [string, JobData][] = [];
    for (let i = 0; i < all.length; i += chunk) {
      const calls = all.slice(i, i + chunk).map((item) => [item]);
      jobs.push([name, chunk === 1 ? encodeCall(this.#codec, calls[0] as unknown[]) : encodeCalls(this.#codec, calls)]);
    }
    // Settle every job before reporting, so no rejection goes unobserved.
    const settled = await Promise.allSettled(this.#add(jobs));
    const out: TaskResult<M, K>[] = [];
    for (const part of settled) {
      if (part.status === "rejected") throw part.reason;
      if (chunk === 1) out.push(part.value as TaskResult<M, K>);
      else for (const r of part.value as unknown[]) out.push(r as TaskResult<M, K>);
    }
    return out;
  }

  /**
   * Stops accepting calls; by default waits for the results of the jobs
   * already submitted, then closes the connections. The jobs themselves stay
   * in the queue either way (workers still run them).
   *
   * @example
   * ```ts
   * await pool.close();
   * ```
   */
  close(options: QueuePoolCloseOptions = {}): Promise<void> {
    this.#closing ??= (async () => {
      if (options.wait !== false && this.#pending.size > 0) await new Promise<void>((resolve) => (this.#idle = resolve));
      for (const [id, pending] of this.#pending)
        pending.reject(new WorkerError("shutdown", `job ${id} of queue "${this.name}": the pool was closed before its result arrived`));
      this.#pending.clear();
      const events = await this.#events.catch(() => undefined);
      await Promise.all([events?.close(), this.queue.close()]);
    })();
    return this.#closing;
  }

  #assertOpen(): void {
    if (this.#closing) throw new WorkerError("shutdown", `QueuePool("${this.name}") is closed: no new calls are accepted`);
  }

  /** Adds the jobs (one round trip for several) and returns one promise of each job's decoded result. */
  #add(jobs: [string, JobData][]): Promise<unknown>[] {
    const entries = jobs.map(([name, data]) => ({ name, data, opts: { ...this.#jobOptions, jobId: `${this.#prefix}${this.#next++}` } }));
    const results = entries.map(
      (entry) => new Promise<unknown>((resolve, reject) => this.#pending.set(entry.opts.jobId, { resolve, reject })),
    );
    const [single] = entries;
    const added = this.#events.then(
      (): Promise<unknown> =>
        entries.length === 1 && single ? this.queue.add(single.name, single.data, single.opts) : this.queue.addBulk(entries),
    );
    added.catch((error: Error) => {
      for (const entry of entries) this.#take(entry.opts.jobId)?.reject(error);
    });
    return results;
  }
}
