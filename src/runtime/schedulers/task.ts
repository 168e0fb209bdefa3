/**
 * What the coroutine schedulers share: the {@link Task} handle, the hooks
 * (`onYield`, `onError`, `onExit`), failure bookkeeping and cancellation.
 * The run loops themselves live in each scheduler, so the hot path stays a
 * tight loop over its own queue.
 *
 * @module
 */
import { formatValue, SchedulerError } from "../../errors.js";

/** A generator coroutine: what every scheduler in decorum runs. */
// biome-ignore lint/suspicious/noExplicitAny: `yield` expressions of a coroutine are untyped unless written with `yield*`
export type Coroutine<Y = unknown, R = void> = Generator<Y, R, any>;

/** Where a task is in its life. */
export type TaskState = "ready" | "running" | "waiting" | "done" | "failed" | "cancelled";

/** @internal */
export const READY = 0;
/** @internal */
export const RUNNING = 1;
/** @internal */
export const WAITING = 2;
/** @internal */
export const DONE = 3;
/** @internal */
export const FAILED = 4;
/** @internal */
export const CANCELLED = 5;
/** @internal cancel() was called on the task while it was running: finish it once it suspends. */
export const CANCEL_REQUESTED = 6;

const STATES: readonly TaskState[] = ["ready", "running", "waiting", "done", "failed", "cancelled", "running"];

/**
 * The handle of one spawned coroutine: its id, name, state and, once it
 * finished, its `result` or `error`.
 *
 * @example
 * ```ts
 * const task = sched.spawn(countdown, 3);
 * sched.run();
 * task.state; // "done"
 * ```
 */
export class Task<R = unknown> {
  // Six fields, assigned in the constructor (not initialised in place): at
  // 100k live tasks every spawned Task is one more object the garbage
  // collector copies, so the handle is kept as small as the API allows. The
  // schedulers that need more per task (priority, I/O wait) subclass it.
  /** Unique per scheduler, in spawn order (1, 2, ...). */
  declare readonly id: number;
  /** @internal */
  declare readonly _owner: object;
  /** @internal */
  declare _gen: Coroutine<unknown, R>;
  /** @internal state code */
  declare _state: number;
  /** @internal */
  declare _name: string | undefined;
  /**
   * @internal while the task is alive: the value sent in on its next resume;
   * once it ended: its return value (done) or what it threw (failed, or a
   * cancelled task whose `finally` block threw).
   */
  declare _value: unknown;

  /** @internal */
  constructor(owner: object, id: number, name: string | undefined, gen: Coroutine<unknown, R>) {
    (this as { _owner: object })._owner = owner;
    (this as { id: number }).id = id;
    this._gen = gen;
    this._state = READY;
    this._name = name;
    this._value = undefined;
  }

  /** The generator function's name, the `name` option, or `task <id>`. */
  get name(): string {
    return this._name ?? `task ${this.id}`;
  }

  /** `"ready"`, `"running"`, `"waiting"` (for I/O), `"done"`, `"failed"` or `"cancelled"`. */
  get state(): TaskState {
    if (this._state === READY && (this._owner as { current?: unknown }).current === this) return "running";
    return STATES[this._state] as TaskState;
  }

  /** The value the coroutine returned (once `state` is `"done"`), else `undefined`. */
  get result(): R | undefined {
    return this._state === DONE ? (this._value as R) : undefined;
  }

  /** What the coroutine threw (once `state` is `"failed"`; or what a cancelled task's `finally` block threw), else `undefined`. */
  get error(): unknown {
    return this._state === FAILED || this._state === CANCELLED ? this._value : undefined;
  }

  /** The priority the task is scheduled with (only a {@link PriorityScheduler} uses it; 0 elsewhere). */
  get priority(): number {
    return 0;
  }

  /** `true` once the task is done, failed or cancelled. */
  get finished(): boolean {
    return this._state >= DONE && this._state !== CANCEL_REQUESTED;
  }

  /** `Task 3 countdown (done)`. */
  toString(): string {
    return `Task ${this.id} ${this.name} (${this.state})`;
  }
}

/** A task that threw, as recorded when no `onError` hook is set. */
export interface TaskFailure {
  /** The task that failed. */
  readonly task: Task;
  /** What it threw. */
  readonly error: unknown;
}

/** Hooks shared by the coroutine schedulers. */
export interface SchedulerHooks {
  /**
   * Called when a task yields a value other than `undefined`; what it returns
   * is sent back into the task as the value of its `yield` expression.
   */
  onYield?: (value: unknown, task: Task) => unknown;
  /** Called when a task throws; without it, failures are collected in `failures`. The other tasks go on either way. */
  onError?: (error: unknown, task: Task) => void;
  /** Called once for every task that finishes, fails or is cancelled. */
  onExit?: (task: Task) => void;
}

/** A generator object, or a generator function with its arguments. */
// biome-ignore lint/suspicious/noExplicitAny: spawn accepts any generator function
export type CoroutineSource = Coroutine<unknown, unknown> | ((...args: any[]) => Coroutine<unknown, unknown>);

/** @internal `true` for a generator object (anything with next/throw/return). */
export function isGenerator(value: unknown): value is Coroutine<unknown, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const g = value as Record<string, unknown>;
  try {
    return typeof g.next === "function" && typeof g.throw === "function" && typeof g.return === "function";
  } catch {
    // A Proxy whose get trap throws is not a coroutine (and must not throw from a type check).
    return false;
  }
}

const HOOKS = ["onYield", "onError", "onExit"] as const;

/**
 * @internal Throws a `TypeError` unless `options` is an object (or
 * undefined) whose `hooks` are functions (or undefined). Every scheduler's
 * constructor calls it (the I/O scheduler's too). Constructors only.
 */
export function checkSchedulerOptions(owner: string, options: unknown, hooks: readonly string[] = HOOKS, param = "options"): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${owner}: ${param} must be an object or undefined (got ${formatValue(options)})`);
  }
  for (const hook of hooks) {
    let f: unknown;
    try {
      f = (options as Record<string, unknown>)[hook];
    } catch {
      throw new TypeError(`${owner}: ${param} could not be read (reading ${hook} threw)`);
    }
    if (f !== undefined && typeof f !== "function") {
      throw new TypeError(`${owner}: the ${hook} option must be a function (got ${formatValue(f)})`);
    }
  }
}

/**
 * The base of {@link TaskScheduler}, {@link PriorityScheduler} and
 * {@link IoScheduler}: task creation, hooks, failures and cancellation.
 * Subclasses own the queue and the run loop; it is not constructed directly.
 *
 * @example
 * ```ts
 * const sched: CoroutineScheduler = new TaskScheduler();
 * sched.size; // live tasks
 * ```
 */
export abstract class CoroutineScheduler {
  /** Tasks that threw while no `onError` hook was set, in order. */
  readonly failures: TaskFailure[] = [];
  /** @internal */
  protected _live = 0;
  /** @internal */
  protected _current: Task | undefined = undefined;
  /** @internal */
  protected readonly _onYield: ((value: unknown, task: Task) => unknown) | undefined;
  /** @internal */
  protected readonly _onError: ((error: unknown, task: Task) => void) | undefined;
  /** @internal */
  protected readonly _onExit: ((task: Task) => void) | undefined;
  /** @internal */
  protected _nextId = 1;

  /** @internal */
  constructor(hooks: SchedulerHooks | undefined) {
    this._onYield = hooks?.onYield;
    this._onError = hooks?.onError;
    this._onExit = hooks?.onExit;
  }

  /** Number of tasks spawned and not yet finished (ready, running or waiting). */
  get size(): number {
    return this._live;
  }

  /** The task being stepped right now (inside a coroutine), else `undefined`. */
  get current(): Task | undefined {
    return this._current;
  }

  /** @internal queue a new or resumed task */
  protected abstract _enqueue(task: Task): void;
  /** @internal remove a queued or waiting task (cancellation) */
  protected abstract _dequeue(task: Task): void;

  /** @internal the Task object for a new coroutine (a subclass may use a subclass of Task) */
  protected _newTask(id: number, name: string | undefined, gen: Coroutine<unknown, unknown>): Task {
    return new Task(this, id, name, gen);
  }

  /** @internal builds the task of `spawn` and queues it */
  protected _create(source: unknown, rest: unknown[], className: string): Task {
    let gen: unknown;
    let name: string | undefined;
    if (typeof source === "function") {
      gen = source(...rest);
      name = source.name || undefined;
      if (!isGenerator(gen)) {
        throw new SchedulerError(
          "invalid-task",
          `${className}.spawn: ${name ?? "the function"} did not return a generator (write it as function*)`,
          name,
        );
      }
    } else if (isGenerator(source)) {
      gen = source;
      const opts = rest[0] as { name?: unknown } | undefined;
      if (typeof opts?.name === "string") name = opts.name;
    } else {
      throw new SchedulerError(
        "invalid-task",
        `${className}.spawn: expected a generator or a generator function (got ${formatValue(source)})`,
      );
    }
    const task = this._newTask(this._nextId++, name, gen as Coroutine<unknown, unknown>);
    this._enqueue(task);
    this._live++;
    return task;
  }

  /**
   * Cancels a task: it will not run again, and its `finally` blocks run now
   * (`generator.return()`); a task that cancels itself stops when it next
   * suspends. Returns `false` if the task had already finished.
   *
   * @example
   * ```ts
   * const t = sched.spawn(forever());
   * sched.cancel(t); // true; t.state === "cancelled"
   * ```
   * @throws {SchedulerError} (`invalid-task`) for a task of another scheduler.
   */
  cancel(task: Task): boolean {
    if (task._owner !== this) throw new SchedulerError("invalid-task", `cancel: ${String(task)} belongs to another scheduler`, task.name);
    const s = task._state;
    if (s === DONE || s === FAILED || s === CANCELLED || s === CANCEL_REQUESTED) return false;
    if (s === RUNNING || this._isCurrent(task)) {
      this._requestCancel(task);
      return true;
    }
    this._dequeue(task);
    this._cancelNow(task);
    return true;
  }

  /** @internal `true` for the task being stepped */
  protected _isCurrent(task: Task): boolean {
    return task === this._current;
  }

  /** @internal cancel() of the running task: it stops when it suspends */
  protected _requestCancel(task: Task): void {
    task._state = CANCEL_REQUESTED;
  }

  /** @internal ends a suspended task: runs its finally blocks, reports a throw from them */
  protected _cancelNow(task: Task): void {
    task._state = CANCELLED;
    task._value = undefined;
    this._live--;
    try {
      // a finally block may yield: return again until the generator is done
      for (let i = 0; i < 1000 && task._gen.return(undefined).done !== true; i++);
    } catch (error) {
      task._value = error;
      this._report(error, task);
    }
    this._onExit?.(task);
  }

  /** @internal */
  protected _finish(task: Task, value: unknown): void {
    task._state = DONE;
    task._value = value;
    this._live--;
    this._onExit?.(task);
  }

  /** @internal */
  protected _fail(task: Task, error: unknown): void {
    task._state = FAILED;
    task._value = error;
    this._live--;
    this._report(error, task);
    this._onExit?.(task);
  }

  /** @internal */
  protected _report(error: unknown, task: Task): void {
    if (this._onError) this._onError(error, task);
    else this.failures.push({ task, error });
  }
}
