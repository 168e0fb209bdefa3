/**
 * A pool of worker processes running the task functions of one module, like
 * Python's `concurrent.futures.ProcessPoolExecutor`, with arguments and
 * results carried by the registry codec (registered models arrive as
 * instances, validated) and a pool that survives crashing workers.
 *
 * @module
 */
import type { ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { availableParallelism } from "node:os";
import { argumentError, WorkerError } from "../../errors.js";
import { checkModuleOptions, type ForkOptions, moduleUrl, type PipeWorker, runtimeEntry, spawnWorker } from "./locate.js";
import { describeExit, type ErrorPayload, payloadToError } from "./remote-error.js";
import { defaultCodec, type PlainCodec } from "./wire.js";

/** Any function a task module may export. */
// biome-ignore lint/suspicious/noExplicitAny: task functions take anything the codec carries
export type TaskFunction = (...args: any[]) => unknown;

/** The functions of a task module, by exported name (e.g. `typeof import("../tasks.js")`). */
export type TaskModule = Record<string, unknown>;

type TaskName<M> = { [K in keyof M]: M[K] extends TaskFunction ? K : never }[keyof M] & string;
type TaskArgs<M, K extends keyof M> = M[K] extends (...args: infer A) => unknown ? A : never;
type TaskResult<M, K extends keyof M> = M[K] extends (...args: never[]) => infer R ? Awaited<R> : never;

/** Options of a {@link ProcessPool}. */
export interface ProcessPoolOptions {
  /**
   * The task module (path or `file:` URL). Every worker imports it before
   * its first task, so the models it registers decode the arguments. It
   * exports the task functions by name (or as properties of its default
   * export); if it exports a `registry`, that registry carries the
   * arguments and results in the worker (pass the same one as
   * {@link ProcessPoolOptions.registry}).
   */
  module: string | URL;
  /** Number of worker processes (default: `os.availableParallelism()`). */
  workers?: number;
  /** Replace a worker after it has completed this many tasks (default: never). */
  maxTasksPerWorker?: number;
  /** How many times a task whose worker crashed is run again on another worker (default 0: it rejects). */
  retries?: number;
  /** The registry that encodes arguments and decodes results in this process (default: `registry`). */
  registry?: PlainCodec;
  /** Node options of the workers (default `[]`, e.g. `["--max-old-space-size=64"]`). */
  execArgv?: string[];
  /** Environment of the workers (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Whether the workers' stdout/stderr go to this process's (`"inherit"`, default) or nowhere. */
  stdio?: "inherit" | "ignore";
  /**
   * The most bytes of JSON one task's result may take on its way back
   * (default 64 MiB; `Infinity` for no limit). A larger result is not
   * sent: the task rejects with a `SerializeError` saying how large it
   * was, and the worker goes on. The parent bounds what it reads from a
   * worker the same way (this size plus room for an error, per call): a
   * worker that sends more, or a line that is not a message of the pool's
   * protocol, is killed and its task rejects with a `WorkerError`.
   */
  maxMessageBytes?: number;
}

/** Default of {@link ProcessPoolOptions.maxMessageBytes}: 64 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Options of {@link ProcessPool.map}. */
export interface MapOptions {
  /** Calls sent to a worker in one message (default 1); larger chunks cut messaging cost for small tasks. */
  chunkSize?: number;
}

/** Options of {@link ProcessPool.shutdown}. */
export interface ShutdownOptions {
  /** Whether the returned promise waits for queued and running tasks and for the workers to exit (default `true`). */
  wait?: boolean;
  /** Reject the tasks that have not started yet with a `WorkerError` (reason `"shutdown"`) instead of running them (default `false`). */
  cancelPending?: boolean;
}

/** A worker's end, as reported by the pool's `"exit"` event. */
export interface WorkerExit {
  pid: number | undefined;
  exitCode: number | null;
  signal: string | null;
  /** `true` when the pool retired the worker (shutdown, `maxTasksPerWorker`), `false` for a crash. */
  expected: boolean;
}

interface Job {
  id: number;
  fn: string;
  calls: unknown[];
  attempts: number;
  resolve(results: unknown[]): void;
  reject(error: Error): void;
}

/** One worker process of the pool, as the pool tracks it (the hand-off server's record has the same name). */
interface WorkerRecord {
  child: ChildProcess;
  worker: PipeWorker;
  pid: number | undefined;
  /** Why the pool killed this worker: it sent a message too large or not JSON. */
  bad: string | undefined;
  /** start() callers waiting for this worker to be ready (or gone). */
  waiters: (() => void)[];
  ready: boolean;
  job: Job | undefined;
  completed: number;
  retiring: boolean;
}

type OutMessage =
  | { t: "ready" }
  | { t: "load-error"; error: ErrorPayload }
  | { t: "done"; id: number; results: ([0, unknown] | [1, ErrorPayload])[] };

/** The most bytes a worker may send while it runs no task (a "ready" or a "load-error" message). */
const IDLE_MESSAGE_BYTES = 4 * 1024 * 1024;
/** Room per call for an error payload (bounded by the worker's encoder) beyond maxMessageBytes. */
const ERROR_ROOM = 2 * 1024 * 1024;

/** Consecutive workers dying before they are ready after which the pool is declared broken. */
const MAX_START_FAILURES = 3;

/**
 * A pool of worker processes that run the exported functions of a task
 * module. `submit` returns a promise of the result; `map` keeps input order;
 * `shutdown` drains and stops. A worker that exits, runs out of memory or
 * dies of an uncaught error is replaced; the task it was running rejects
 * with a {@link WorkerError} (or runs again when `retries` allows) and no
 * other task is lost. Emits `"spawn"` (pid) and `"exit"` ({@link WorkerExit}).
 *
 * @example
 * ```ts
 * const pool = new ProcessPool<typeof import("../tasks.js")>({ module: new URL("./tasks.js", import.meta.url), workers: 2 });
 * const area = await pool.submit("area", new Rect(2, 3)); // Rect arrives as a Rect in the worker
 * const squares = await pool.map("square", [1, 2, 3]);   // [1, 4, 9], in input order
 * await pool.shutdown();
 * ```
 */
export class ProcessPool<M extends TaskModule = Record<string, TaskFunction>> extends EventEmitter {
  /** The task module's URL, as the workers import it. */
  readonly module: string;
  /** The maximum number of worker processes. */
  readonly size: number;
  readonly #options: ProcessPoolOptions;
  readonly #fork: ForkOptions;
  readonly #maxBytes: number;
  readonly #codec: PlainCodec;
  readonly #entry: string;
  readonly #slots = new Set<WorkerRecord>();
  readonly #exits = new Set<Promise<void>>();
  #queue: Job[] = [];
  #head = 0;
  #nextId = 1;
  #closing = false;
  #broken: WorkerError | undefined;
  #startFailures = 0;
  #running = 0;
  #idleWaiters: (() => void)[] = [];

  /**
   * Creates the pool; workers start on demand (or all at once with {@link ProcessPool.start}).
   *
   * @throws {TypeError} when `options` is not an object or its `module` is not a path or URL.
   * @throws {RangeError} when `workers`, `maxTasksPerWorker`, `retries` or `maxMessageBytes` is out of range.
   */
  constructor(options: ProcessPoolOptions) {
    super();
    checkModuleOptions("ProcessPool", options, 'new ProcessPool({ module: new URL("./tasks.js", import.meta.url) })');
    const size = options.workers ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1) throw argumentError(RangeError, "ProcessPool", "workers", "a positive integer", size);
    const max = options.maxTasksPerWorker ?? Number.POSITIVE_INFINITY;
    if (!(max >= 1)) throw argumentError(RangeError, "ProcessPool", "maxTasksPerWorker", ">= 1", max);
    const retries = options.retries ?? 0;
    if (!Number.isInteger(retries) || retries < 0)
      throw argumentError(RangeError, "ProcessPool", "retries", "a non-negative integer", retries);
    const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    if (!(maxBytes === Number.POSITIVE_INFINITY || (Number.isInteger(maxBytes) && maxBytes >= 1024)))
      throw argumentError(RangeError, "ProcessPool", "maxMessageBytes", "an integer >= 1024 or Infinity", maxBytes);
    this.#options = options;
    this.#fork = { execArgv: options.execArgv, env: options.env, stdio: options.stdio, args: [String(maxBytes)] };
    this.#maxBytes = maxBytes;
    this.size = size;
    this.module = moduleUrl(options.module);
    this.#codec = options.registry ?? defaultCodec();
    this.#entry = runtimeEntry("pool-worker");
  }

  /** Process ids of the live workers. */
  get pids(): number[] {
    return [...this.#slots].flatMap((s) => (s.pid === undefined || s.retiring ? [] : [s.pid]));
  }

  /** Tasks queued and not yet started. */
  get pending(): number {
    return this.#queue.length - this.#head;
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /**
   * Starts every worker and resolves once all have loaded the task module.
   *
   * @throws {WorkerError} (rejects) when the task module cannot be loaded.
   */
  async start(): Promise<void> {
    this.#assertOpen();
    while (this.#slots.size < this.size) this.#spawn();
    await Promise.all(
      [...this.#slots].map((slot) => (slot.ready ? undefined : new Promise<void>((resolve) => slot.waiters.push(resolve)))),
    );
    if (this.#broken) throw this.#broken;
  }

  /**
   * Runs the task function `name` with `args` in a worker.
   *
   * @throws {SerializeError} (rejects) when an argument cannot be encoded.
   * @throws {WorkerError} (rejects) when the worker crashed while running it, the module failed to load, or the pool is shut down.
   * @throws {Error} (rejects) with the task's own error (name, message and remote stack kept; decorum's data errors keep their class).
   * @example
   * ```ts
   * const total = await pool.submit("sum", [1, 2, 3]);
   * ```
   */
  submit<K extends TaskName<M>>(name: K, ...args: TaskArgs<M, K>): Promise<TaskResult<M, K>> {
    return this.#enqueue(name, [args]).then((results) => results[0] as TaskResult<M, K>);
  }

  /**
   * Runs `name` once per item of `items` (one argument each) and resolves to
   * the results in input order; rejects with the first failure in input order.
   *
   * @throws {SerializeError} (rejects) when an item cannot be encoded.
   * @throws {WorkerError} (rejects) as {@link ProcessPool.submit}.
   * @example
   * ```ts
   * await pool.map("square", [1, 2, 3], { chunkSize: 2 }); // [1, 4, 9]
   * ```
   */
  async map<K extends TaskName<M>>(name: K, items: Iterable<TaskArgs<M, K>[0]>, options: MapOptions = {}): Promise<TaskResult<M, K>[]> {
    const chunk = options.chunkSize ?? 1;
    if (!Number.isInteger(chunk) || chunk < 1) throw argumentError(RangeError, "ProcessPool.map", "chunkSize", "a positive integer", chunk);
    const all = [...items];
    const parts: Promise<unknown[]>[] = [];
    for (let i = 0; i < all.length; i += chunk)
      parts.push(
        this.#enqueue(
          name,
          all.slice(i, i + chunk).map((item) => [item]),
        ),
      );
    // Settle every part before reporting, so no rejection goes unobserved.
    const settled = await Promise.allSettled(parts);
    const out: TaskResult<M, K>[] = [];
    for (const part of settled) {
      if (part.status === "rejected") throw part.reason;
      for (const r of part.value) out.push(r as TaskResult<M, K>);
    }
    return out;
  }

  /**
   * Stops accepting tasks; queued tasks still run (unless `cancelPending`),
   * then the workers exit. With `wait` (default) the promise resolves once
   * every task has settled and every worker has exited.
   *
   * @example
   * ```ts
   * await pool.shutdown();                          // drain, then stop
   * await pool.shutdown({ cancelPending: true });   // drop what has not started
   * ```
   */
  async shutdown(options: ShutdownOptions = {}): Promise<void> {
    this.#closing = true;
    if (options.cancelPending) {
      const cancelled = this.#queue.slice(this.#head);
      this.#queue = [];
      this.#head = 0;
      for (const job of cancelled)
        job.reject(new WorkerError("shutdown", `task "${job.fn}" (#${job.id}) cancelled: the pool was shut down`));
    }
    this.#pump();
    if (options.wait === false) return;
    await this.#drained();
    await this.#allExited();
  }

  /**
   * Kills every worker now; running and queued tasks reject with a
   * {@link WorkerError} (reason `"terminated"`). Resolves once all have exited.
   *
   * @example
   * ```ts
   * await pool.terminate();
   * ```
   */
  async terminate(): Promise<void> {
    this.#closing = true;
    const error = (job: Job) => new WorkerError("terminated", `task "${job.fn}" (#${job.id}) aborted: the pool was terminated`);
    const queued = this.#queue.slice(this.#head);
    this.#queue = [];
    this.#head = 0;
    for (const job of queued) job.reject(error(job));
    for (const slot of this.#slots) {
      slot.retiring = true;
      if (slot.job) {
        const job = slot.job;
        slot.job = undefined;
        this.#running--;
        job.reject(error(job));
      }
      slot.child.kill("SIGKILL");
    }
    this.#notifyIdle();
    await this.#allExited();
  }

  #assertOpen(): void {
    if (this.#broken) throw this.#broken;
    if (this.#closing) throw new WorkerError("shutdown", "the pool is shut down: no new tasks are accepted");
  }

  #enqueue(fn: string, calls: unknown[][]): Promise<unknown[]> {
    try {
      this.#assertOpen();
      const plain = calls.map((args) => this.#codec.toPlain(args));
      return new Promise<unknown[]>((resolve, reject) => {
        this.#queue.push({ id: this.#nextId++, fn, calls: plain, attempts: 0, resolve, reject });
        this.#pump();
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #pump(): void {
    let starting = 0;
    for (const slot of this.#slots) {
      if (slot.retiring) continue;
      if (!slot.ready) {
        starting++;
        continue;
      }
      if (slot.job !== undefined) continue;
      const job = this.#shift();
      if (job === undefined) break;
      this.#dispatch(slot, job);
    }
    if (this.#broken) return;
    while (this.pending > starting && this.#liveSlots() < this.size) {
      this.#spawn();
      starting++;
    }
    if (this.#closing && this.pending === 0) {
      for (const slot of this.#slots) if (slot.ready && slot.job === undefined && !slot.retiring) this.#retire(slot);
    }
  }

  #liveSlots(): number {
    let n = 0;
    for (const slot of this.#slots) if (!slot.retiring) n++;
    return n;
  }

  #shift(): Job | undefined {
    if (this.#head >= this.#queue.length) return undefined;
    const job = this.#queue[this.#head++];
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return job;
  }

  #dispatch(slot: WorkerRecord, job: Job): void {
    slot.job = job;
    this.#running++;
    job.attempts++;
    slot.worker.send({ t: "run", id: job.id, fn: job.fn, calls: job.calls }, (error) => {
      // A failed send means the worker is gone; its "exit" handler requeues or rejects the job.
      if (error) slot.child.kill("SIGKILL");
    });
  }

  #spawn(): WorkerRecord {
    const slot = {} as WorkerRecord;
    const maxBytes = this.#maxBytes;
    const worker = spawnWorker<OutMessage>(
      this.#entry,
      this.module,
      this.#fork,
      this.#exits,
      () => (slot.job === undefined ? IDLE_MESSAGE_BYTES : slot.job.calls.length * (maxBytes + ERROR_ROOM) + 4096),
      (message) => this.#onMessage(slot, message),
      (problem) => {
        slot.bad ??= problem;
        slot.child.kill("SIGKILL");
      },
      (code, signal) => this.#onExit(slot, code, signal),
    );
    const child = worker.child;
    Object.assign(slot, {
      child,
      worker,
      pid: child.pid,
      bad: undefined,
      waiters: [],
      ready: false,
      job: undefined,
      completed: 0,
      retiring: false,
    } satisfies WorkerRecord);
    this.#slots.add(slot);
    this.emit("spawn", child.pid);
    return slot;
  }

  #onMessage(slot: WorkerRecord, message: OutMessage): void {
    switch (message?.t) {
      case "ready":
        slot.ready = true;
        this.#startFailures = 0;
        this.#wakeStarters(slot);
        this.#pump();
        return;
      case "load-error": {
        const cause = payloadToError(message.error, slot.pid);
        this.#break(new WorkerError("load", `cannot load task module ${this.module}: ${cause.message}`, { pid: slot.pid, cause }));
        return;
      }
      case "done": {
        const job = slot.job;
        if (job === undefined || job.id !== message.id) return;
        const results: unknown = message.results;
        if (
          !Array.isArray(results) ||
          results.length !== job.calls.length ||
          !results.every((r) => Array.isArray(r) && r.length === 2 && (r[0] === 0 || r[0] === 1))
        ) {
          slot.bad ??= "a malformed result message";
          slot.child.kill("SIGKILL");
          return;
        }
        slot.job = undefined;
        this.#running--;
        slot.completed++;
        this.#settle(job, message.results, slot.pid);
        const max = this.#options.maxTasksPerWorker;
        if (max !== undefined && slot.completed >= max) this.#retire(slot);
        this.#pump();
        this.#notifyIdle();
        return;
      }
    }
  }

  #settle(job: Job, results: ([0, unknown] | [1, ErrorPayload])[], pid: number | undefined): void {
    const values: unknown[] = [];
    for (const [failed, payload] of results) {
      if (failed) {
        job.reject(payloadToError(payload as ErrorPayload, pid));
        return;
      }
      try {
        values.push(this.#codec.fromPlain(payload));
      } catch (error) {
        job.reject(error as Error);
        return;
      }
    }
    job.resolve(values);
  }

  #retire(slot: WorkerRecord): void {
    slot.retiring = true;
    slot.worker.end();
  }

  #wakeStarters(slot: WorkerRecord): void {
    const waiters = slot.waiters;
    slot.waiters = [];
    for (const w of waiters) w();
  }

  #onExit(slot: WorkerRecord, exitCode: number | null, signal: string | null): void {
    this.#slots.delete(slot);
    this.#wakeStarters(slot);
    const expected = slot.retiring && slot.job === undefined;
    if (!slot.ready && !slot.retiring && !this.#broken) {
      if (++this.#startFailures >= MAX_START_FAILURES) {
        this.#break(
          new WorkerError(
            "load",
            `${MAX_START_FAILURES} workers exited (${describeExit(exitCode, signal)}) before loading ${this.module}`,
            {
              pid: slot.pid,
              exitCode,
              signal,
            },
          ),
        );
      }
    }
    const job = slot.job;
    if (job !== undefined) {
      slot.job = undefined;
      this.#running--;
      const retries = this.#options.retries ?? 0;
      if (job.attempts <= retries && !this.#broken) {
        this.#queue.splice(this.#head, 0, job);
      } else {
        const why =
          slot.bad === undefined
            ? `exited (${describeExit(exitCode, signal)})`
            : `sent ${slot.bad} and was stopped (${describeExit(exitCode, signal)})`;
        job.reject(
          new WorkerError("crashed", `worker ${slot.pid} ${why} while running task "${job.fn}" (#${job.id})`, {
            pid: slot.pid,
            exitCode,
            signal,
          }),
        );
      }
    }
    this.emit("exit", { pid: slot.pid, exitCode, signal, expected } satisfies WorkerExit);
    // A crashed worker is replaced at once, so the pool keeps its size.
    if (!expected && slot.ready && !this.#closing && !this.#broken && this.#liveSlots() < this.size) this.#spawn();
    this.#pump();
    this.#notifyIdle();
  }

  #break(error: WorkerError): void {
    if (this.#broken) return;
    this.#broken = error;
    const queued = this.#queue.slice(this.#head);
    this.#queue = [];
    this.#head = 0;
    for (const job of queued) job.reject(error);
    for (const slot of this.#slots) this.#retire(slot);
    this.#notifyIdle();
  }

  #notifyIdle(): void {
    if (this.#running > 0 || this.pending > 0) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const w of waiters) w();
  }

  #drained(): Promise<void> {
    if (this.#running === 0 && this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  async #allExited(): Promise<void> {
    while (this.#exits.size > 0) await Promise.all([...this.#exits]);
  }
}
