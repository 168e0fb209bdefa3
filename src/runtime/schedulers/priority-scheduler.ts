/**
 * `PriorityScheduler`: coroutines and requests served by priority, through
 * a `PriorityQueue` (FIFO among equal priorities).
 *
 * @module
 */
import { PriorityQueue } from "../../collections/index.js";
import { argumentError, formatValue, SchedulerError, ValidationError } from "../../errors.js";
import {
  type Coroutine,
  CoroutineScheduler,
  checkSchedulerOptions,
  DONE,
  FAILED,
  isGenerator,
  READY,
  RUNNING,
  type SchedulerHooks,
  Task,
} from "./task.js";

/** Options of {@link PriorityScheduler}. */
export interface PrioritySchedulerOptions extends SchedulerHooks {
  /**
   * `"max"` (default): the largest priority number is served first, as the
   * Python Cookbook's `PriorityQueue`; `"min"`: the smallest first (Unix `nice`).
   */
  order?: "max" | "min";
}

/** Options of {@link PriorityScheduler.spawn} and {@link PriorityScheduler.submit}. */
export interface PrioritySpawnOptions {
  /** Importance (default 0); see {@link PrioritySchedulerOptions.order}. */
  priority?: number;
  /** A name for the task (default: the generator function's name, or `task <id>`). */
  name?: string;
}

/**
 * A server for requests that carry a priority: `server(request)` returns a
 * result (one step) or a coroutine (one step per `yield`).
 */
// biome-ignore lint/suspicious/noExplicitAny: the server may return a value or a coroutine
export type RequestServer<Req> = (request: Req) => any;

/** @internal a Task with its priority */
class PriorityTask<R = unknown> extends Task<R> {
  declare _priority: number;
  constructor(owner: object, id: number, name: string | undefined, gen: Coroutine<unknown, R>, priority: number) {
    super(owner, id, name, gen);
    this._priority = priority;
  }
  override get priority(): number {
    return this._priority;
  }
}

/**
 * Serves tasks by priority: every step runs the most important ready task;
 * among equal priorities, tasks are served in arrival order and a task that
 * yields goes to the back of its priority class (round-robin among equals).
 * Priorities are strict: a less important task waits while a more
 * important one is ready. The queue is a {@link PriorityQueue}, so a step
 * costs O(log n).
 *
 * With a `server` function it is the "server ← scheduler ← priority queue
 * ← client requests" pipeline: `submit(request, priority)` queues a request
 * and the server handles requests most important first.
 *
 * @example
 * ```ts
 * const sched = new PriorityScheduler<string>((req) => console.log("serving", req));
 * sched.submit("report", 1);
 * sched.submit("outage", 9);
 * sched.run(); // serving outage, serving report
 * ```
 * @throws {RangeError} an `order` other than "max" or "min".
 */
export class PriorityScheduler<Req = never> extends CoroutineScheduler {
  /** `"max"` or `"min"`: which end of the priority scale is served first. */
  readonly order: "max" | "min";
  readonly #queue: PriorityQueue<PriorityTask>;
  readonly #server: RequestServer<Req> | undefined;
  #running = false;
  /** the priority of the task `_create` is building */
  #spawnPriority = 0;

  constructor(server?: RequestServer<Req>, options?: PrioritySchedulerOptions);
  constructor(options?: PrioritySchedulerOptions);
  constructor(a?: RequestServer<Req> | PrioritySchedulerOptions, b?: PrioritySchedulerOptions) {
    const options = typeof a === "function" ? b : a;
    if (typeof a === "function") checkSchedulerOptions("PriorityScheduler", b, undefined, "options (the second argument)");
    else if (a !== undefined && (typeof a !== "object" || a === null || Array.isArray(a))) {
      throw new TypeError(`PriorityScheduler: the first argument must be a server function or an options object (got ${formatValue(a)})`);
    } else checkSchedulerOptions("PriorityScheduler", a);
    super(options);
    this.#server = typeof a === "function" ? a : undefined;
    const order = options?.order ?? "max";
    if (order !== "max" && order !== "min") {
      throw argumentError(RangeError, "PriorityScheduler", "order", '"max" or "min"', order);
    }
    this.order = order;
    this.#queue = new PriorityQueue<PriorityTask>({ order });
  }

  /**
   * Queues a coroutine with a priority: a generator object, or a generator
   * function and its arguments (then give the priority with {@link spawnWith}).
   *
   * @example
   * ```ts
   * sched.spawn(job(), { priority: 5, name: "job" });
   * ```
   * @throws {SchedulerError} (`invalid-task`) if it is not a generator.
   * @throws {ValidationError} a priority that is not a number (or is NaN).
   */
  spawn<R>(gen: Coroutine<unknown, R>, options?: PrioritySpawnOptions): Task<R> {
    if (!isGenerator(gen)) {
      throw new SchedulerError(
        "invalid-task",
        "PriorityScheduler.spawn: expected a generator object (use spawnWith for a generator function)",
      );
    }
    this.#spawnPriority = checkPriority(options?.priority);
    return this._create(gen, [options], "PriorityScheduler") as Task<R>;
  }

  /**
   * Queues `fn(...args)` with a priority.
   *
   * @example
   * ```ts
   * sched.spawnWith({ priority: 2 }, countdown, 3);
   * ```
   * @throws {SchedulerError} (`invalid-task`) if `fn` does not return a generator.
   * @throws {ValidationError} a priority that is not a number (or is NaN).
   */
  spawnWith<A extends unknown[], R>(options: PrioritySpawnOptions, fn: (...args: A) => Coroutine<unknown, R>, ...args: A): Task<R> {
    this.#spawnPriority = checkPriority(options.priority);
    const task = this._create(fn, args, "PriorityScheduler") as Task<R>;
    if (options.name !== undefined) task._name = options.name;
    return task;
  }

  /**
   * Queues a request for the server given to the constructor. The task's
   * `result` is the server's answer (a coroutine's return value).
   *
   * @example
   * ```ts
   * const t = sched.submit({ path: "/health" }, 10);
   * sched.run(); t.result;
   * ```
   * @throws {SchedulerError} (`invalid-task`) when the scheduler has no server.
   * @throws {ValidationError} a priority that is not a number (or is NaN).
   */
  submit(request: Req, priority = 0, options?: { name?: string }): Task {
    const server = this.#server;
    if (server === undefined)
      throw new SchedulerError("invalid-task", "PriorityScheduler.submit: this scheduler was created without a server function");
    this.#spawnPriority = checkPriority(priority);
    // a generator expression, not a hoisted declaration: `server` stays narrowed to the function inside it
    const serve = function* (): Coroutine<unknown, unknown> {
      const out = server(request);
      return isGenerator(out) ? yield* out : out;
    };
    return this._create(serve(), [{ name: options?.name ?? "request" }], "PriorityScheduler");
  }

  /**
   * Changes the priority of a task that has not finished; it moves to the
   * back of its new priority class (as `PriorityQueue.update` does). Returns
   * `false` for a finished task.
   *
   * @example
   * ```ts
   * sched.update(task, 100);
   * ```
   * @throws {ValidationError} a priority that is not a number (or is NaN).
   */
  update(task: Task, priority: number): boolean {
    const p = checkPriority(priority);
    if (task._owner !== this || task.finished) return false;
    const t = task as PriorityTask;
    t._priority = p;
    if (t._state === READY) this.#queue.update(t, p);
    return true;
  }

  /**
   * Changes the priority of a task: the old name of {@link PriorityScheduler.update}.
   *
   * @deprecated Use {@link PriorityScheduler.update}; `reprioritize` will be removed in the next minor version.
   * @example
   * ```ts
   * sched.update(task, 100); // was sched.reprioritize(task, 100)
   * ```
   * @throws {ValidationError} a priority that is not a number (or is NaN).
   */
  reprioritize(task: Task, priority: number): boolean {
    return this.update(task, priority);
  }

  /** Number of tasks waiting for their turn. */
  get pending(): number {
    return this.#queue.size;
  }

  /**
   * Runs one step of the most important ready task; `false` when none was ready.
   *
   * @example
   * ```ts
   * sched.step();
   * ```
   * @throws {SchedulerError} (`reentrant`) when called from inside a task.
   */
  step(): boolean {
    return this.run(1) === 1;
  }

  /**
   * Steps tasks by priority until none is left (or `maxSteps` steps ran);
   * returns the number of steps.
   *
   * @example
   * ```ts
   * sched.run();
   * ```
   * @throws {SchedulerError} (`reentrant`) when called from inside a task.
   */
  run(maxSteps = Infinity): number {
    if (this.#running) throw new SchedulerError("reentrant", "PriorityScheduler.run: called from inside a task");
    this.#running = true;
    // A deliberate twin of TaskScheduler.run (same hooks, same order of
    // checks), kept apart so each loop works on its own queue without a
    // call per step: here a PriorityQueue pop/push and a RUNNING state.
    const q = this.#queue;
    const onYield = this._onYield;
    let steps = 0;
    try {
      // Deliberate twin of TaskScheduler.run (a PriorityQueue instead of a Deque, priorities kept on the task): one loop per queue stays monomorphic.
      while (steps < maxSteps) {
        const task = q.pop();
        if (task === undefined) break;
        steps++;
        task._state = RUNNING;
        this._current = task;
        let r: IteratorResult<unknown, unknown>;
        try {
          const send = task._value;
          task._value = undefined;
          r = task._gen.next(send);
          if (r.done !== true && r.value !== undefined && onYield !== undefined && task._state === RUNNING) {
            task._value = onYield(r.value, task);
          }
        } catch (error) {
          this._current = undefined;
          this._fail(task, error);
          continue;
        }
        this._current = undefined;
        if (task._state !== RUNNING) {
          if (r.done === true) this._finish(task, r.value);
          else this._cancelNow(task);
        } else if (r.done === true) this._finish(task, r.value);
        else {
          task._state = READY;
          q.push(task, task._priority);
        }
      }
    } finally {
      this._current = undefined;
      this.#running = false;
    }
    return steps;
  }

  /** @internal */
  protected override _newTask(id: number, name: string | undefined, gen: Coroutine<unknown, unknown>): Task {
    return new PriorityTask(this, id, name, gen, this.#spawnPriority);
  }

  /** @internal */
  protected _enqueue(task: Task): void {
    this.#queue.push(task as PriorityTask, (task as PriorityTask)._priority);
  }

  /** @internal */
  protected _dequeue(task: Task): void {
    if (task._state !== DONE && task._state !== FAILED) this.#queue.delete(task as PriorityTask);
  }
}

function checkPriority(priority: unknown): number {
  if (priority === undefined) return 0;
  if (typeof priority !== "number" || Number.isNaN(priority)) {
    throw new ValidationError(
      [{ path: ["priority"], code: "type", message: "must be a number", expected: "number (not NaN)", received: priority }],
      "PriorityScheduler",
    );
  }
  return priority;
}
