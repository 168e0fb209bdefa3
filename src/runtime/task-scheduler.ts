/**
 * `TaskScheduler`: round-robin over generator coroutines, on a `Deque`.
 *
 * @module
 */
import { Deque } from "../collections/index.js";
import { SchedulerError } from "../errors.js";
import { CANCELLED, type Coroutine, CoroutineScheduler, READY, type SchedulerHooks, TASK, type Task } from "./task.js";

/** A queued generator, carrying its Task. */
type Gen = Coroutine<unknown, unknown> & { [TASK]: Task };

/** Options of {@link TaskScheduler}: the hooks. */
export interface TaskSchedulerOptions extends SchedulerHooks {}

/**
 * Round-robin over generator coroutines: each `yield` hands the CPU to the
 * next ready task, in spawn order. Synchronous (no promise per switch): the
 * ready queue is a {@link Deque}. A task that throws is reported (the
 * `onError` hook, else `failures`) and the others go on; `yield value`
 * passes `value` to the `onYield` hook, whose answer is what `yield`
 * evaluates to.
 *
 * @example
 * ```ts
 * function* countdown(n: number) { while (n > 0) { console.log("T-minus", n); yield; n -= 1; } }
 * function* countup(n: number) { for (let x = 0; x < n; x++) { console.log("Counting up", x); yield; } }
 * const sched = new TaskScheduler();
 * sched.spawn(countdown, 5);
 * sched.spawn(countup(6));
 * sched.run(); // T-minus 5, Counting up 0, T-minus 4, ...
 * ```
 */
export class TaskScheduler extends CoroutineScheduler {
  // The queue holds the generators themselves (each carries its Task under a
  // symbol), so a switch touches only the generator: the Task is read when a
  // task finishes, fails, is cancelled, or when an onYield hook is set.
  readonly #ready = new Deque<Gen>();
  #running = false;
  #currentGen: Gen | undefined = undefined;
  #cancelCurrent = false;

  constructor(options?: TaskSchedulerOptions) {
    super(options);
  }

  /** The task being stepped right now (inside a coroutine), else `undefined`. */
  override get current(): Task | undefined {
    const gen = this.#currentGen;
    return gen === undefined ? undefined : gen[TASK];
  }

  /**
   * Adds a coroutine at the back of the ready queue: a generator object
   * (optionally named), or a generator function and its arguments.
   *
   * @example
   * ```ts
   * sched.spawn(countdown, 5);                 // named "countdown"
   * sched.spawn(countup(6), { name: "up" });
   * ```
   * @throws {SchedulerError} (`invalid-task`) if it is not a generator or a function returning one.
   */
  spawn<A extends unknown[], R>(fn: (...args: A) => Coroutine<unknown, R>, ...args: A): Task<R>;
  spawn<R>(gen: Coroutine<unknown, R>, options?: { name?: string }): Task<R>;
  spawn(source: unknown, ...rest: unknown[]): Task {
    return this._create(source, rest, 0, "TaskScheduler");
  }

  /**
   * Runs one step of the next ready task. Returns `false` when no task was ready.
   *
   * @example
   * ```ts
   * while (sched.step()) {}
   * ```
   * @throws {SchedulerError} (`reentrant`) when called from inside a task.
   */
  step(): boolean {
    return this.run(1) === 1;
  }

  /**
   * Steps tasks round-robin until none is left (or `maxSteps` steps ran) and
   * returns the number of steps. A task may spawn or cancel tasks while it runs.
   *
   * @example
   * ```ts
   * sched.run();        // to completion
   * sched.run(100);     // at most 100 steps
   * ```
   * @throws {SchedulerError} (`reentrant`) when called from inside a task; whatever an `onError` or `onExit` hook throws.
   */
  run(maxSteps = Infinity): number {
    if (this.#running) throw new SchedulerError("reentrant", "TaskScheduler.run: called from inside a task");
    this.#running = true;
    const q = this.#ready;
    const onYield = this._onYield;
    let steps = 0;
    try {
      while (steps < maxSteps) {
        const gen = q.shift();
        if (gen === undefined) break;
        this.#currentGen = gen;
        let r: IteratorResult<unknown, unknown>;
        try {
          if (onYield === undefined) r = gen.next();
          else {
            const task = gen[TASK];
            const send = task._send;
            task._send = undefined;
            r = gen.next(send);
            if (r.done !== true && r.value !== undefined && task._s === READY && !this.#cancelCurrent) task._send = onYield(r.value, task);
          }
        } catch (error) {
          this.#currentGen = undefined;
          this.#cancelCurrent = false;
          steps++;
          this._fail(gen[TASK], error);
          continue;
        }
        this.#currentGen = undefined;
        if (r.done !== true) {
          steps++;
          if (this.#cancelCurrent) {
            this.#cancelCurrent = false;
            this._cancelNow(gen[TASK]);
          } else q.push(gen);
          continue;
        }
        const task = gen[TASK];
        if (task._s === CANCELLED) continue; // the entry of a task cancelled while queued: not a step
        steps++;
        this.#cancelCurrent = false;
        this._finish(task, r.value);
      }
    } finally {
      this.#currentGen = undefined;
      this.#running = false;
    }
    return steps;
  }

  /** @internal */
  protected _enqueue(task: Task): void {
    const gen = task._gen as Gen;
    if (gen[TASK] !== undefined) {
      throw new SchedulerError(
        "invalid-task",
        `TaskScheduler.spawn: this generator was already spawned (as ${String(gen[TASK])})`,
        task.name,
      );
    }
    gen[TASK] = task;
    this.#ready.push(gen);
  }

  /** @internal the queued generator is already done when its turn comes (cancel ran generator.return()) */
  protected _dequeue(_task: Task): void {}

  /** @internal */
  protected override _isCurrent(task: Task): boolean {
    return this.#currentGen !== undefined && task._gen === this.#currentGen;
  }

  /** @internal */
  protected override _requestCancel(task: Task): void {
    super._requestCancel(task);
    this.#cancelCurrent = true;
  }
}
