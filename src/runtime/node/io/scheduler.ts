/**
 * `IoScheduler`: coroutines that yield socket operations on real
 * `node:net` sockets (`accept`, `recv`, `readline`, `send`, `connect`).
 * There is no `select()` in Node: each wrapped socket listens to Node's own
 * events (`connection`, `data`, `end`, `drain`, `error`, `close`) and
 * resumes the coroutine waiting on it. No polling, no timers, no promise
 * per operation.
 *
 * @module
 */
import * as net from "node:net";
import { Deque } from "../../../collections/index.js";
import { argumentError, formatValue, SchedulerError } from "../../../errors.js";
import {
  CANCEL_REQUESTED,
  type Coroutine,
  CoroutineScheduler,
  checkSchedulerOptions,
  READY,
  RUNNING,
  type SchedulerHooks,
  type Task,
  WAITING,
} from "../../schedulers/task.js";
import { IoListener } from "./listener.js";
import { ConnectRequest, type IoCoroutine, IoRequest, IoTask, PENDING } from "./request.js";
import { IoSocket } from "./socket.js";

/** Steps a coroutine may take in a row without suspending before it goes to the back of the queue. */
const SPIN_LIMIT = 64;
/** Steps per drain before the scheduler gives the event loop a turn (setImmediate). */
const DRAIN_BUDGET = 4096;

/**
 * The default {@link IoSchedulerOptions.limit}: 64 KiB, as asyncio's
 * `StreamReader`. A line longer than this is refused.
 */
export const DEFAULT_IO_LIMIT = 64 * 1024;

/** Throws a `RangeError` unless `limit` is undefined or a positive safe integer. */
export function checkLimit(owner: string, limit: unknown): number | undefined {
  if (limit === undefined) return undefined;
  if (typeof limit !== "number" || !Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`${owner}: limit must be a positive integer number of bytes (got ${formatValue(limit)})`);
  return limit;
}

/** Options of {@link IoScheduler}. */
export interface IoSchedulerOptions extends SchedulerHooks {
  /**
   * The longest line, in bytes with its `"\n"`, that `readline()` returns on
   * this scheduler's sockets (default {@link DEFAULT_IO_LIMIT}, 64 KiB).
   * Past it the reading coroutine gets a {@link SchedulerError} with reason
   * `"limit"` and the connection is closed. A socket also stops reading
   * from the peer once `max(limit, 1 MiB)` unread bytes are buffered.
   * Override it per listener ({@link IoListenOptions.limit}), per wrapped
   * socket, or on a socket ({@link IoSocket.limit}).
   */
  limit?: number;
}

/** Options of {@link IoScheduler.listen}. */
export interface IoListenOptions {
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind: `"127.0.0.1"` by default (loopback only; pass `"0.0.0.0"` or `"::"` to serve the network). */
  host?: string;
  /**
   * Length of the pending-connection queue (default 511): the kernel's
   * backlog, and the most accepted connections that wait for `accept()`
   * in the listener; past it a new connection is closed at once.
   */
  backlog?: number;
  /** The {@link IoSocket.limit} of the accepted sockets (default: the scheduler's). */
  limit?: number;
}

/** Where {@link IoScheduler.connect} connects: the same `{ port, host }` shape as `listen`. */
export interface IoConnectOptions {
  /** Port of the server. */
  port: number;
  /** Host of the server: `"127.0.0.1"` by default. */
  host?: string;
}

/** Options of {@link IoScheduler.wrap}. */
export interface IoWrapOptions {
  /** The {@link IoSocket.limit} of the wrapped socket (default: the scheduler's). */
  limit?: number;
}

/**
 * Runs coroutines that yield socket operations, resuming each when Node
 * reports that its operation completed. Ready coroutines run round-robin on
 * a {@link Deque}; a coroutine whose operation completes at once (data
 * already buffered, a write the kernel accepted) goes on without a detour
 * through the event loop. A coroutine that throws (a reset connection, a
 * bug) is reported through `onError` (else `failures`) and the others go on.
 *
 * @example
 * ```ts
 * const sched = new IoScheduler();
 * const server = await sched.listen({ port: 0 });
 * sched.spawn(function* () {
 *   const [client] = yield* server.accept();
 *   const line = yield* client.readline();
 *   yield* client.send(`GOT:${line}`);
 *   client.close();
 * });
 * const done = sched.run();
 * // ... connect with any TCP client ...
 * await sched.close(); await done;
 * ```
 */
export class IoScheduler extends CoroutineScheduler {
  /** @internal */
  readonly _sockets = new Set<IoSocket>();
  /** @internal */
  readonly _listeners = new Set<IoListener>();
  readonly #ready = new Deque<IoTask>();
  #draining = false;
  #immediate = false;
  #closed = false;
  #run: { promise: Promise<void>; resolve: () => void } | undefined = undefined;
  #scheduled = false;
  readonly #onMicrotask = (): void => {
    this.#scheduled = false;
    this.#kick();
  };
  readonly #onImmediate = (): void => {
    this.#immediate = false;
    this.#kick();
  };

  /** The default line limit of this scheduler's sockets (see {@link IoSchedulerOptions.limit}). */
  readonly limit: number;

  /**
   * @throws {TypeError} when `options` is not an object or a hook is not a function.
   * @throws {RangeError} when `limit` is not a positive integer.
   */
  constructor(options?: IoSchedulerOptions) {
    checkSchedulerOptions("IoScheduler", options);
    const limit = checkLimit("IoScheduler", options?.limit) ?? DEFAULT_IO_LIMIT;
    super(options);
    this.limit = limit;
  }

  /** `true` once {@link close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Adds a coroutine: a generator object (optionally named) or a generator
   * function and its arguments. It starts on the next microtask (inside a
   * coroutine: after the current one suspends); `run()` is not needed to start it.
   *
   * @example
   * ```ts
   * sched.spawn(handler, client);
   * ```
   * @throws {SchedulerError} (`invalid-task`) if it is not a generator or a function returning one.
   */
  spawn<A extends unknown[], R>(fn: (...args: A) => IoCoroutine<R>, ...args: A): Task<R>;
  spawn<R>(gen: IoCoroutine<R>, options?: { name?: string }): Task<R>;
  spawn(source: unknown, ...rest: unknown[]): Task {
    const task = this._create(source, rest, "IoScheduler");
    if (!this.#draining && !this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(this.#onMicrotask);
    }
    return task;
  }

  /**
   * Opens a TCP listener (loopback by default) whose `accept()` coroutines can yield.
   *
   * @example
   * ```ts
   * const server = await sched.listen({ port: 0 });
   * server.port; // the port the system picked
   * ```
   * @throws {SchedulerError} (`closed`) after `close()`; the listen error (e.g. `EADDRINUSE`) as the rejection.
   * @throws {RangeError} (rejects) when `limit` is not a positive integer.
   */
  listen(options: IoListenOptions = {}): Promise<IoListener> {
    if (this.#closed) return Promise.reject(new SchedulerError("closed", "IoScheduler.listen: the scheduler is closed"));
    let limit: number;
    try {
      limit = checkLimit("IoScheduler.listen", options.limit) ?? this.limit;
    } catch (error) {
      return Promise.reject(error);
    }
    const backlog = options.backlog ?? 511;
    if (!Number.isSafeInteger(backlog) || backlog < 1)
      return Promise.reject(new RangeError(`IoScheduler.listen: backlog must be a positive integer (got ${formatValue(backlog)})`));
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
    const listener = new IoListener(this, server, limit, backlog);
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => {
        this._listeners.delete(listener);
        reject(error);
      };
      server.once("error", failed);
      server.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1", backlog }, () => {
        server.off("error", failed);
        resolve(listener);
      });
    });
  }

  /**
   * An operation that opens a TCP connection to `{ port, host }` (host
   * `127.0.0.1` by default) and resumes with the socket.
   *
   * @example
   * ```ts
   * const sock = yield* sched.connect({ port: server.port });
   * ```
   * @throws {SchedulerError} (`closed`) into the coroutine after `close()`; the connection error (e.g. `ECONNREFUSED`) into the coroutine.
   * @throws {TypeError} an endpoint that is neither `{ port, host? }` nor a port number.
   */
  connect(endpoint: IoConnectOptions): IoRequest<IoSocket>;
  /**
   * The old shape of `connect`: a port and a host as two arguments.
   *
   * @deprecated Use `connect({ port, host })`; the two-argument form will be removed in the next minor version.
   * @example
   * ```ts
   * const sock = yield* sched.connect({ port: 8080 }); // was sched.connect(8080)
   * ```
   */
  connect(port: number, host?: string): IoRequest<IoSocket>;
  connect(endpoint: IoConnectOptions | number, host = "127.0.0.1"): IoRequest<IoSocket> {
    if (typeof endpoint === "number") return new ConnectRequest(this, endpoint, host);
    if (typeof endpoint !== "object" || endpoint === null) {
      throw argumentError(TypeError, "IoScheduler.connect", "the endpoint", "{ port, host? }", endpoint);
    }
    return new ConnectRequest(this, endpoint.port, endpoint.host ?? "127.0.0.1");
  }

  /**
   * Wraps a connected `net.Socket` (from your own server, a hand-off, ...)
   * so coroutines can yield its operations. Create the socket with
   * `allowHalfOpen: true` to send after the peer finished sending.
   *
   * @example
   * ```ts
   * netServer.on("connection", (s) => sched.spawn(handler, sched.wrap(s)));
   * ```
   * @throws {SchedulerError} (`closed`) after `close()`.
   * @throws {RangeError} when `limit` is not a positive integer.
   */
  wrap(socket: net.Socket, options: IoWrapOptions = {}): IoSocket {
    const limit = checkLimit("IoScheduler.wrap", options.limit) ?? this.limit;
    if (this.#closed) {
      socket.destroy();
      throw new SchedulerError("closed", "IoScheduler.wrap: the scheduler is closed");
    }
    return new IoSocket(this, socket, limit);
  }

  /**
   * Waits for the coroutines: the promise resolves once none is left (a
   * coroutine blocked in `accept()` keeps it pending until `close()`).
   * Coroutines start when spawned, so this only observes them; calling it
   * again after it resolved waits for the coroutines spawned since.
   *
   * @example
   * ```ts
   * const done = sched.run();
   * await sched.close();
   * await done;
   * ```
   */
  run(): Promise<void> {
    if (this.#run !== undefined) return this.#run.promise;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.#run = { promise, resolve };
    this.#kick();
    this.#checkIdle();
    return promise;
  }

  /**
   * Shuts down: listeners stop accepting, every socket is closed; coroutines
   * waiting in `accept`, `send` or `connect` are cancelled (their `finally`
   * blocks run) and those waiting to read see end-of-stream and finish on
   * their own. Resolves once every listener and socket is closed.
   *
   * @example
   * ```ts
   * await sched.close();
   * ```
   */
  async close(): Promise<void> {
    this.#closed = true;
    const closing: Promise<void>[] = [];
    for (const listener of [...this._listeners]) closing.push(listener.close());
    for (const sock of [...this._sockets]) closing.push(sock._shutdown());
    this.#checkIdle();
    await Promise.all(closing);
  }

  /** @internal resumes a waiting task with a result */
  _wake(task: Task, value: unknown): void {
    this.#resume(task, value, false);
  }

  /** @internal resumes a waiting task by throwing `error` into it */
  _wakeThrow(task: Task, error: unknown): void {
    this.#resume(task, error, true);
  }

  /** Queues a waiting task to go on with `value`, sent in or (`thrown`) thrown in; a task not waiting is left alone. */
  #resume(task: Task, value: unknown, thrown: boolean): void {
    if (task._state !== WAITING) return;
    const t = task as IoTask;
    t._wait = undefined;
    t._value = value;
    t._throw = thrown;
    t._state = READY;
    this.#ready.push(t);
    this.#kick();
  }

  /** @internal cancels a task waiting on an operation that can no longer complete */
  _cancelWaiting(task: Task): void {
    if (task._state !== WAITING) return;
    this._cancelNow(task);
    this.#checkIdle();
  }

  /** @internal */
  protected override _newTask(id: number, name: string | undefined, gen: Coroutine<unknown, unknown>): Task {
    return new IoTask(this, id, name, gen);
  }

  /** @internal */
  protected _enqueue(task: Task): void {
    this.#ready.push(task as IoTask);
  }

  /** @internal */
  protected _dequeue(task: Task): void {
    const op = (task as IoTask)._wait;
    if (op !== undefined) op._cancel(task);
  }

  /** @internal */
  protected override _cancelNow(task: Task): void {
    (task as IoTask)._wait = undefined;
    super._cancelNow(task);
    this.#checkIdle();
  }

  /** @internal */
  protected override _fail(task: Task, error: unknown): void {
    (task as IoTask)._wait = undefined;
    super._fail(task, error);
  }

  #kick(): void {
    if (this.#draining) return;
    this.#draining = true;
    const q = this.#ready;
    try {
      // Deliberate twin of TaskScheduler.run, bounded by a budget and resumed from the event loop: one loop per queue stays monomorphic.
      for (let budget = DRAIN_BUDGET; budget > 0; budget--) {
        const task = q.shift();
        if (task === undefined) break;
        if (task._state === READY) this.#step(task);
      }
    } finally {
      this.#draining = false;
    }
    if (q.length > 0) {
      if (!this.#immediate) {
        this.#immediate = true;
        setImmediate(this.#onImmediate);
      }
    } else this.#checkIdle();
  }

  #step(task: IoTask): void {
    let value = task._value;
    let thrown = task._throw;
    task._value = undefined;
    task._throw = false;
    const gen = task._gen;
    for (let spins = 0; ; ) {
      task._state = RUNNING;
      this._current = task;
      let r: IteratorResult<unknown, unknown>;
      try {
        r = thrown ? gen.throw(value) : gen.next(value);
      } catch (error) {
        this._current = undefined;
        this._fail(task, error);
        return;
      }
      this._current = undefined;
      if (task._state === CANCEL_REQUESTED) {
        if (r.done === true) this._finish(task, r.value);
        else this._cancelNow(task);
        return;
      }
      if (r.done === true) {
        this._finish(task, r.value);
        return;
      }
      const op = r.value;
      thrown = false;
      if (op instanceof IoRequest) {
        try {
          value = op._attempt(task);
        } catch (error) {
          value = error;
          thrown = true;
        }
        if (value === PENDING) {
          task._state = WAITING;
          task._wait = op;
          return;
        }
      } else if (op === undefined) {
        task._state = READY;
        this.#ready.push(task);
        return;
      } else if (this._onYield !== undefined) {
        try {
          value = this._onYield(op, task);
        } catch (error) {
          value = error;
          thrown = true;
        }
      } else {
        value = new SchedulerError(
          "bad-yield",
          `${task.name} yielded a value that is not an I/O operation (got ${formatValue(op)})`,
          task.name,
        );
        thrown = true;
      }
      if (++spins >= SPIN_LIMIT) {
        task._value = value;
        task._throw = thrown;
        task._state = READY;
        this.#ready.push(task);
        return;
      }
    }
  }

  #checkIdle(): void {
    const run = this.#run;
    if (run !== undefined && this._live === 0 && !this.#draining) {
      this.#run = undefined;
      run.resolve();
    }
  }
}
