/**
 * `TaskScheduler`: round-robin over generator coroutines, on a ring buffer.
 *
 * @module
 */
import { SchedulerError } from "../../errors.js";
import { type Coroutine, CoroutineScheduler, checkSchedulerOptions, type READY, type SchedulerHooks, type Task } from "./task.js";

/** Options of {@link TaskScheduler}: the hooks. */
export interface TaskSchedulerOptions extends SchedulerHooks {}

/**
 * Round-robin over generator coroutines: each `yield` hands the CPU to the
 * next ready task, in spawn order. Synchronous (no promise per switch): the
 * ready queue is a ring buffer of its own. A task that throws is reported (the
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
  // The ready queue is a ring of Tasks owned by this class (one array whose
  // length is a power of two, doubled when full; head and tail indexes):
  // a switch is one load and one store at each end, one generator.next()
  // and no allocation besides the generator's own result object; `run`
  // keeps head and tail in locals, and tasks spawned while it runs wait in
  // `#incoming` until the step that spawned them ends (a
  // `Deque` here, chunked past 1024 items, adds an indirection per access
  // and a method call per end). A task cancelled while queued stays in the
  // ring, marked, and is dropped when its turn comes. (Measured against the
  // alternatives: generators in the queue with their Task in a symbol
  // property cost one more object per task; [generator, task] pairs cost
  // two more queue operations per switch; generators and Tasks in two
  // parallel rings, so a switch never loads the Task, were no faster: at
  // 100k tasks the Task's cost is the garbage collector's, not the load.)
  // The run loop below has two deliberate twins, kept apart so each
  // stays a tight loop over its own queue: PriorityScheduler.run (a heap,
  // a state change per step) and IoScheduler's drain loop (tasks that wait
  // for I/O).
  #ring: (Task | undefined)[] = new Array<Task | undefined>(16).fill(undefined);
  #mask = 15;
  #head = 0;
  #tail = 0;
  #running = false;
  /**
   * The ring index of the task being stepped, -1 between steps: `current`
   * reads the task from its slot, which keeps it until its step ends. A
   * number stored per switch instead of the task (measured: the pointer
   * store was the costliest line of the switch after `next()` itself).
   */
  #at = -1;
  /** Tasks spawned while `run` runs, moved into the ring by the loop. */
  readonly #incoming: Task[] = [];
  /**
   * Set when a task is spawned while `run` runs or the running task is
   * cancelled: the loop looks at `#incoming` and the task's state after a
   * step only then.
   */
  #stirred = false;

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

  /** The task being stepped right now (inside a coroutine), else `undefined`. */
  override get current(): Task | undefined {
    const at = this.#at;
    return at < 0 ? undefined : this.#ring[at];
  }

  /** @internal `true` for the task being stepped */
  protected override _isCurrent(task: Task): boolean {
    return task === this.current;
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
    const onYield = this._onYield;
    const incoming = this.#incoming;
    // READY (0) as a literal: an imported binding is read through the
    // module's cells on every use (five dependent loads and a TDZ check in
    // the optimized loop, twice per switch).
    const ready: typeof READY = 0;
    // Without a limit the loop compares no step count (a comparison with
    // Infinity keeps the count as a double).
    const unlimited = maxSteps === Infinity;
    let steps = 0;
    // The ring, its mask, the head and the tail live in locals for the
    // whole run, written back when it ends: a task spawned while the loop
    // runs (by a task or a hook) waits in `incoming`, which the loop moves
    // into the ring after the step that spawned it (one length check per
    // step), before that step's task goes back in, so the order is the
    // same as a push at the tail.
    let ring = this.#ring;
    let mask = this.#mask;
    let head = this.#head;
    let tail = this.#tail;
    // The try/catch for a task that throws wraps the whole loop, not each
    // step (a try block inside the loop cost ~10% per switch): `#at`
    // is set from just before a task's generator (or its onYield hook) runs
    // until just before an onExit / onError hook runs, so a throw while it
    // is set is the task's; any other throw (a hook) leaves run().
    try {
      for (;;) {
        try {
          while ((unlimited || steps < maxSteps) && head !== tail) {
            const at = head;
            const task = ring[at] as Task;
            head = (at + 1) & mask;
            if (task._state !== ready) {
              ring[at] = undefined;
              continue; // cancelled while queued: not a step
            }
            // `current` is the task in slot `at` while its step runs; the
            // slot is emptied once the step ends (before the ring can grow
            // or a spawned task be moved in), and `#at` stays set between
            // switches (no user code runs there) until a hook runs or the
            // loop ends
            this.#at = at;
            let r: IteratorResult<unknown, unknown>;
            if (onYield === undefined) r = task._gen.next();
            else {
              const send = task._value;
              task._value = undefined;
              r = task._gen.next(send);
              if (r.done !== true && r.value !== undefined && task._state === ready) task._value = onYield(r.value, task);
            }
            steps++;
            ring[at] = undefined;
            let again = r.done !== true;
            if (this.#stirred) {
              // the step spawned a task or cancelled itself (one field read
              // per switch instead of the spawned list's length and the
              // task's state)
              this.#stirred = false;
              if (incoming.length !== 0) {
                tail = this.#absorb(head, tail);
                ring = this.#ring;
                mask = this.#mask;
              }
              again = again && task._state === ready;
            }
            if (again) {
              ring[tail] = task;
              tail = (tail + 1) & mask;
              if (tail === head) {
                // full: the ring doubles (head stays where it is)
                this.#head = head;
                this.#tail = tail;
                this.#grow();
                ring = this.#ring;
                mask = this.#mask;
                tail = this.#tail;
              }
            } else {
              this.#at = -1;
              if (r.done === true) this._finish(task, r.value);
              else this._cancelNow(task); // it cancelled itself while running: it stops now that it is suspended
              if (incoming.length !== 0) {
                tail = this.#absorb(head, tail);
                ring = this.#ring;
                mask = this.#mask;
              }
            }
          }
          break;
        } catch (error) {
          const at = this.#at;
          if (at < 0) throw error; // a hook threw: it leaves run()
          const task = ring[at] as Task;
          ring[at] = undefined;
          this.#at = -1;
          steps++;
          this._fail(task, error);
          if (incoming.length !== 0) {
            tail = this.#absorb(head, tail);
            ring = this.#ring;
            mask = this.#mask;
          }
        }
      }
    } finally {
      this.#at = -1;
      this.#running = false;
      this.#head = head;
      this.#tail = tail;
      // tasks spawned by a hook that then threw out of run()
      if (incoming.length !== 0) this.#absorb(head, tail);
    }
    return steps;
  }

  /**
   * Moves the tasks spawned while the loop ran into the ring, in order,
   * and returns the new tail (the loop reloads ring and mask: the ring may
   * have grown).
   */
  #absorb(head: number, tail: number): number {
    this.#head = head;
    this.#tail = tail;
    const incoming = this.#incoming;
    for (let i = 0; i < incoming.length; i++) this.#push(incoming[i] as Task);
    incoming.length = 0;
    return this.#tail;
  }

  /** @internal appends at the tail of the ring (while the loop runs: to the tasks it moves in after the current step) */
  protected _enqueue(task: Task): void {
    if (this.#running) {
      this.#incoming.push(task);
      this.#stirred = true;
    } else this.#push(task);
  }

  /** @internal cancel() of the running task: it stops when it suspends (the loop is told) */
  protected override _requestCancel(task: Task): void {
    super._requestCancel(task);
    this.#stirred = true;
  }

  /** Appends at the tail of the ring; a full ring doubles. */
  #push(task: Task): void {
    const tail = this.#tail;
    this.#ring[tail] = task;
    const next = (tail + 1) & this.#mask;
    this.#tail = next;
    if (next === this.#head) this.#grow();
  }

  /**
   * Doubles the full ring in place: the array grows (one bulk copy by the
   * engine), the wrapped part `[0, head)` moves behind the old end, so the
   * queue is `[head, head + n)` again. (Copying item by item into a fresh
   * array was a tenth of the spawn time at 100k tasks.)
   */
  #grow(): void {
    const ring = this.#ring;
    const head = this.#head;
    const n = ring.length;
    ring.length = n * 2;
    ring.fill(undefined, n);
    if (head !== 0) {
      ring.copyWithin(n, 0, head);
      ring.fill(undefined, 0, head);
    }
    this.#mask = n * 2 - 1;
    this.#tail = n + head;
  }

  /** @internal the queued entry is dropped when its turn comes (its state is no longer READY) */
  protected _dequeue(_task: Task): void {}
}
