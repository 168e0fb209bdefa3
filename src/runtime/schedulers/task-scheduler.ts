/**
 * `TaskScheduler`: round-robin over generator coroutines, on a `Deque`.
 *
 * @module
 */
import { Deque } from "../../collections/index.js";
import { SchedulerError } from "../../errors.js";
import { type Coroutine, CoroutineScheduler, checkSchedulerOptions, READY, type SchedulerHooks, type Task } from "./task.js";

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
 * function* countdown(n: number) { while (n > 0) { console.log("T-minus", n); yield; n -= 1; } console.log("Blastoff!"); }
 * function* countup(n: number) { for (let x = 0; x < n; x++) { console.log("Counting up", x); yield; } }
 * const sched = new TaskScheduler();
 * sched.spawn(countdown, 5);
 * sched.spawn(countup(6));
 * sched.run(); // T-minus 5, Counting up 0, T-minus 4, ...
 * ```
 */
export class TaskScheduler extends CoroutineScheduler {
  // The ready queue holds the Tasks (six-field objects, see Task). A switch
  // is one shift, one generator.next() and one push: no promise, no
  // allocation besides the generator's own result object. A task cancelled
  // while queued stays in the queue, marked, and is dropped when its turn
  // comes. (Measured against the alternatives: generators in the queue with
  // their Task in a symbol property cost one more object per task, and
  // [generator, task] pairs cost two more queue operations per switch.)
  readonly #ready = new Deque<Task>();
  #running = false;

  /** @throws {TypeError} when `options` is not an object or a hook is not a function. */
  constructor(options?: TaskSchedulerOptions) {
    checkSchedulerOptions("TaskScheduler", options);
    super(options);
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
    return this._create(source, rest, "TaskScheduler");
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
      // Deliberate twin of PriorityScheduler.run and IoScheduler's #kick/#step: each loop over its own queue stays monomorphic (one shared loop measured slower per switch).
      while (steps < maxSteps) {
        const task = q.shift();
        if (task === undefined) break;
        if (task._s !== READY) continue; // cancelled while queued: not a step
        // `current` stays set between switches (no user code runs there) and
        // is cleared before any hook runs and when the loop ends
        this._current = task;
        let r: IteratorResult<unknown, unknown>;
        try {
          if (onYield === undefined) r = task._gen.next();
          else {
            const send = task._value;
            task._value = undefined;
            r = task._gen.next(send);
            if (r.done !== true && r.value !== undefined && task._s === READY) task._value = onYield(r.value, task);
          }
        } catch (error) {
          this._current = undefined;
          steps++;
          this._fail(task, error);
          continue;
        }
        steps++;
        if (r.done !== true && task._s === READY) q.push(task);
        else {
          this._current = undefined;
          if (r.done === true) this._finish(task, r.value);
          else this._cancelNow(task); // it cancelled itself while running: it stops now that it is suspended
        }
      }
    } finally {
      this._current = undefined;
      this.#running = false;
    }
    return steps;
  }

  /** @internal */
  protected _enqueue(task: Task): void {
    this.#ready.push(task);
  }

  /** @internal the queued entry is dropped when its turn comes (its state is no longer READY) */
  protected _dequeue(_task: Task): void {}
}
