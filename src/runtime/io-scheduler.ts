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
import { Deque } from "../collections/index.js";
import { formatValue, SchedulerError } from "../errors.js";
import { CANCEL_REQUESTED, type Coroutine, CoroutineScheduler, READY, RUNNING, type SchedulerHooks, Task, WAITING } from "./task.js";
import { checkSchedulerOptions } from "./task-scheduler.js";

/** @internal returned by an operation that cannot complete yet */
const PENDING: unique symbol = Symbol("decorum.io.pending");
type Pending = typeof PENDING;

/** Steps a coroutine may take in a row without suspending before it goes to the back of the queue. */
const SPIN_LIMIT = 64;
/** Steps per drain before the scheduler gives the event loop a turn (setImmediate). */
const DRAIN_BUDGET = 4096;
/** Buffered, unread bytes above which a socket is paused (while no one waits to read), unless its limit is larger. */
const HIGH_WATER = 1 << 20;

/**
 * The default {@link IoSchedulerOptions.limit}: 64 KiB, as asyncio's
 * `StreamReader`. A line longer than this is refused.
 */
export const DEFAULT_IO_LIMIT = 64 * 1024;

/** Throws a `RangeError` unless `limit` is undefined or a positive safe integer. */
function checkLimit(owner: string, limit: unknown): number | undefined {
  if (limit === undefined) return undefined;
  if (typeof limit !== "number" || !Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`${owner}: limit must be a positive integer number of bytes (got ${formatValue(limit)})`);
  return limit;
}

const EMPTY: Buffer = Buffer.alloc(0);

/** Where a connection comes from: `{ address: "127.0.0.1", port: 53122, family: "IPv4" }`. */
export interface IoAddress {
  /** The IP address. */
  readonly address: string;
  /** The port. */
  readonly port: number;
  /** `"IPv4"` or `"IPv6"`. */
  readonly family: string;
}

/**
 * One socket operation, to be yielded by a coroutine run by an
 * {@link IoScheduler}. `yield op` resumes with the result (untyped);
 * `yield* op` does the same and is typed.
 *
 * @example
 * ```ts
 * const line: string = yield* client.readline();
 * ```
 */
export abstract class IoRequest<R> {
  /** `"accept"`, `"recv"`, `"readline"`, `"send"` or `"connect"`. */
  abstract readonly kind: string;
  /** @internal completes now (returns the result), or registers `task` as the waiter and returns PENDING; may throw */
  abstract _attempt(task: Task): R | Pending;
  /** @internal forgets the waiting task (cancellation) */
  abstract _cancel(task: Task): void;

  /** Makes the operation usable with `yield*`, typed. */
  *[Symbol.iterator](): Generator<IoRequest<R>, R, unknown> {
    return (yield this) as R;
  }
}

/** A coroutine run by an {@link IoScheduler}: it yields socket operations (or nothing, to let the others run). */
export type IoCoroutine<R = void> = Coroutine<IoRequest<unknown> | undefined, R>;

/** @internal a Task that can wait for an I/O operation */
class IoTask<R = unknown> extends Task<R> {
  /** the next resume throws `_value` into the coroutine */
  declare _throw: boolean;
  /** the operation the task waits for */
  declare _wait: IoRequest<unknown> | undefined;
  constructor(owner: object, id: number, name: string | undefined, gen: Coroutine<unknown, R>) {
    super(owner, id, name, gen);
    this._throw = false;
    this._wait = undefined;
  }
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
   * An operation that opens a TCP connection and resumes with the socket.
   *
   * @example
   * ```ts
   * const sock = yield* sched.connect(server.port);
   * ```
   * @throws {SchedulerError} (`closed`) into the coroutine after `close()`; the connection error (e.g. `ECONNREFUSED`) into the coroutine.
   */
  connect(port: number, host = "127.0.0.1"): IoRequest<IoSocket> {
    return new ConnectRequest(this, port, host);
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
    if (task._s !== WAITING) return;
    const t = task as IoTask;
    t._wait = undefined;
    t._value = value;
    t._throw = false;
    t._s = READY;
    this.#ready.push(t);
    this.#kick();
  }

  /** @internal resumes a waiting task by throwing `error` into it */
  _wakeThrow(task: Task, error: unknown): void {
    if (task._s !== WAITING) return;
    const t = task as IoTask;
    t._wait = undefined;
    t._value = error;
    t._throw = true;
    t._s = READY;
    this.#ready.push(t);
    this.#kick();
  }

  /** @internal cancels a task waiting on an operation that can no longer complete */
  _cancelWaiting(task: Task): void {
    if (task._s !== WAITING) return;
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
      for (let budget = DRAIN_BUDGET; budget > 0; budget--) {
        const task = q.shift();
        if (task === undefined) break;
        if (task._s === READY) this.#step(task);
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
      task._s = RUNNING;
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
      if (task._s === CANCEL_REQUESTED) {
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
          task._s = WAITING;
          task._wait = op;
          return;
        }
      } else if (op === undefined) {
        task._s = READY;
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
        value = new SchedulerError("bad-yield", `${task.name} yielded a value that is not an I/O operation (got ${typeof op})`, task.name);
        thrown = true;
      }
      if (++spins >= SPIN_LIMIT) {
        task._value = value;
        task._throw = thrown;
        task._s = READY;
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

/**
 * A listening TCP socket whose connections coroutines take with
 * `yield* listener.accept()`. Connections that arrive while nobody accepts
 * wait (paused) in a queue of at most `backlog` (511 by default); past it
 * a new connection is closed at once and counted in `refused`.
 *
 * @example
 * ```ts
 * const [client, addr] = yield* listener.accept();
 * ```
 */
export class IoListener {
  /** The underlying `net.Server`. */
  readonly server: net.Server;
  readonly #sched: IoScheduler;
  readonly #pending = new Deque<net.Socket>();
  #acceptor: Task | undefined = undefined;
  #closed = false;
  #closing: Promise<void> | undefined = undefined;
  #error: unknown = undefined;
  readonly #accept = new AcceptRequest(this);
  readonly #limit: number;
  readonly #backlog: number;
  #refused = 0;

  /** @internal */
  constructor(sched: IoScheduler, server: net.Server, limit: number, backlog: number) {
    this.#sched = sched;
    this.#limit = limit;
    this.#backlog = backlog;
    this.server = server;
    sched._listeners.add(this);
    server.on("connection", (socket: net.Socket) => {
      if (this.#closed) {
        socket.destroy();
        return;
      }
      const task = this.#acceptor;
      if (task !== undefined) {
        this.#acceptor = undefined;
        this.#sched._wake(task, this.#take(socket));
      } else if (this.#pending.length >= this.#backlog) {
        // Nobody accepts and the queue is full: refuse, as a full kernel backlog would.
        this.#refused++;
        socket.destroy();
      } else this.#pending.push(socket);
    });
    server.on("error", (error) => {
      const task = this.#acceptor;
      if (task !== undefined) {
        this.#acceptor = undefined;
        this.#sched._wakeThrow(task, error);
      } else this.#error = error;
    });
  }

  /** The port the listener is bound to. */
  get port(): number {
    return (this.server.address() as net.AddressInfo | null)?.port ?? 0;
  }

  /** The bound address: `{ address, port, family }`. */
  get address(): IoAddress {
    const a = this.server.address() as net.AddressInfo | null;
    return { address: a?.address ?? "", port: a?.port ?? 0, family: a?.family ?? "" };
  }

  /** `true` once closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Connections waiting for `accept()`. */
  get pending(): number {
    return this.#pending.length;
  }

  /** Connections closed at once because `backlog` of them were already waiting for `accept()`. */
  get refused(): number {
    return this.#refused;
  }

  /**
   * The operation "take the next connection": resumes with `[socket, address]`.
   *
   * @example
   * ```ts
   * const [client, addr] = yield* listener.accept();
   * ```
   * @throws {SchedulerError} (`closed`, into the coroutine) on a closed listener; (`busy`) if another coroutine is already accepting.
   */
  accept(): IoRequest<[IoSocket, IoAddress]> {
    return this.#accept;
  }

  /**
   * Stops accepting: queued connections are dropped and a coroutine
   * waiting in `accept` is cancelled. Resolves when the server is closed.
   *
   * @example
   * ```ts
   * await listener.close();
   * ```
   */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#closed = true;
    for (let s = this.#pending.shift(); s !== undefined; s = this.#pending.shift()) s.destroy();
    this.#closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.#sched._listeners.delete(this);
    const task = this.#acceptor;
    if (task !== undefined) {
      this.#acceptor = undefined;
      this.#sched._cancelWaiting(task);
    }
    return this.#closing;
  }

  /** @internal */
  _attempt(task: Task): [IoSocket, IoAddress] | Pending {
    if (this.#error !== undefined) {
      const error = this.#error;
      this.#error = undefined;
      throw error;
    }
    if (this.#closed) throw new SchedulerError("closed", "accept on a closed listener", task.name);
    const socket = this.#pending.shift();
    if (socket !== undefined) return this.#take(socket);
    if (this.#acceptor !== undefined && this.#acceptor !== task) {
      throw new SchedulerError("busy", `accept: ${this.#acceptor.name} is already accepting on this listener`, task.name);
    }
    this.#acceptor = task;
    return PENDING;
  }

  /** @internal */
  _cancel(task: Task): void {
    if (this.#acceptor === task) this.#acceptor = undefined;
  }

  #take(socket: net.Socket): [IoSocket, IoAddress] {
    const sock = new IoSocket(this.#sched, socket, this.#limit);
    socket.resume();
    return [sock, sock.remote];
  }
}

class AcceptRequest extends IoRequest<[IoSocket, IoAddress]> {
  readonly kind = "accept";
  constructor(readonly listener: IoListener) {
    super();
  }
  _attempt(task: Task): [IoSocket, IoAddress] | Pending {
    return this.listener._attempt(task);
  }
  _cancel(task: Task): void {
    this.listener._cancel(task);
  }
}

class RecvRequest extends IoRequest<Buffer> {
  readonly kind = "recv";
  constructor(
    readonly sock: IoSocket,
    readonly max: number,
  ) {
    super();
  }
  _attempt(task: Task): Buffer | Pending {
    return this.sock._read(task, this) as Buffer | Pending;
  }
  _cancel(task: Task): void {
    this.sock._cancelRead(task);
  }
}

class ReadlineRequest extends IoRequest<string> {
  readonly kind = "readline";
  constructor(readonly sock: IoSocket) {
    super();
  }
  _attempt(task: Task): string | Pending {
    return this.sock._read(task, this) as string | Pending;
  }
  _cancel(task: Task): void {
    this.sock._cancelRead(task);
  }
}

class SendRequest extends IoRequest<number> {
  readonly kind = "send";
  constructor(
    readonly sock: IoSocket,
    readonly data: string | Uint8Array,
  ) {
    super();
  }
  _attempt(task: Task): number | Pending {
    return this.sock._send(task, this.data);
  }
  _cancel(task: Task): void {
    this.sock._cancelSend(task);
  }
}

class ConnectRequest extends IoRequest<IoSocket> {
  readonly kind = "connect";
  #socket: net.Socket | undefined = undefined;
  #settled = false;
  constructor(
    readonly sched: IoScheduler,
    readonly port: number,
    readonly host: string,
  ) {
    super();
  }
  _attempt(task: Task): IoSocket | Pending {
    if (this.sched.closed) throw new SchedulerError("closed", "connect: the scheduler is closed", task.name);
    if (this.#socket !== undefined) throw new SchedulerError("busy", "connect: this connect operation was already used", task.name);
    const socket = net.connect({ port: this.port, host: this.host, allowHalfOpen: true });
    this.#socket = socket;
    const sock = new IoSocket(this.sched, socket, this.sched.limit);
    socket.once("error", (error: Error) => {
      if (this.#settled) return;
      this.#settled = true;
      this.sched._wakeThrow(task, error);
    });
    socket.once("connect", () => {
      if (this.#settled) return;
      this.#settled = true;
      this.sched._wake(task, sock);
    });
    socket.once("close", () => {
      if (this.#settled) return;
      this.#settled = true;
      this.sched._cancelWaiting(task);
    });
    return PENDING;
  }
  _cancel(_task: Task): void {
    this.#settled = true;
    this.#socket?.destroy();
  }
}

/**
 * A `node:net` socket wrapped for coroutines: `recv`, `readline` and `send`
 * are operations to yield. Incoming data is buffered, and bounded: the
 * socket stops reading from the peer once `max(limit, 1 MiB)` unread bytes
 * are buffered while nobody reads, and `readline` refuses a line longer
 * than {@link IoSocket.limit} (a `SchedulerError` with reason `"limit"`,
 * and the connection is closed). One coroutine reads a socket at a time.
 *
 * @example
 * ```ts
 * const data = yield* sock.recv(1024);  // Buffer; empty at end-of-stream
 * const line = yield* sock.readline();  // "…\n"; "" at end-of-stream
 * const n = yield* sock.send("hi\n");   // bytes written (waits for drain under backpressure)
 * sock.close();
 * ```
 */
export class IoSocket {
  /** The underlying `net.Socket`. */
  readonly socket: net.Socket;
  #remote: IoAddress | undefined = undefined;
  readonly #sched: IoScheduler;
  readonly #chunks = new Deque<Buffer>();
  #buffered = 0;
  #scanned = 0;
  #eof = false;
  #closed = false;
  #paused = false;
  #error: unknown = undefined;
  #reader: Task | undefined = undefined;
  #readOp: RecvRequest | ReadlineRequest | undefined = undefined;
  #writers: { task: Task; bytes: number }[] = [];
  #done: Promise<void>;
  readonly #readline: ReadlineRequest;
  #limit: number;
  #highWater: number;

  /** @internal */
  constructor(sched: IoScheduler, socket: net.Socket, limit: number) {
    this.#sched = sched;
    this.socket = socket;
    this.#limit = limit;
    this.#highWater = Math.max(limit, HIGH_WATER);
    this.#readline = new ReadlineRequest(this);
    sched._sockets.add(this);
    this.#done = new Promise<void>((resolve) => {
      socket.once("close", () => {
        this.#eof = true;
        sched._sockets.delete(this);
        this.#wakeReader();
        const writers = this.#writers;
        this.#writers = [];
        for (const w of writers)
          sched._wakeThrow(w.task, this.#error ?? new SchedulerError("closed", "send: the connection closed", w.task.name));
        resolve();
      });
    });
    socket.on("data", (chunk: Buffer) => {
      if (this.#closed) return;
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
      if (this.#reader !== undefined) this.#wakeReader();
      else if (this.#buffered > this.#highWater && !this.#paused) {
        this.#paused = true;
        socket.pause();
      }
    });
    socket.on("end", () => {
      this.#eof = true;
      this.#wakeReader();
    });
    socket.on("error", (error) => {
      this.#error = error;
      this.#wakeReader();
    });
    socket.on("drain", () => {
      const writers = this.#writers;
      if (writers.length === 0) return;
      this.#writers = [];
      for (const w of writers) sched._wake(w.task, w.bytes);
    });
  }

  /**
   * The operation "receive up to `maxBytes` bytes": resumes with a Buffer of
   * what is available (at least one byte), or an empty Buffer at end-of-stream.
   *
   * @example
   * ```ts
   * const chunk = yield* sock.recv(4096);
   * if (chunk.length === 0) return; // peer closed
   * ```
   * @throws {SchedulerError} (into the coroutine) `closed` after `close()`, `busy` if another coroutine is reading; the socket's error (e.g. `ECONNRESET`).
   * @throws {RangeError} when `maxBytes` is not a number >= 1 (`Infinity` takes everything buffered).
   */
  recv(maxBytes = 65536): IoRequest<Buffer> {
    if (typeof maxBytes !== "number" || !(maxBytes >= 1))
      throw new RangeError(`IoSocket.recv: maxBytes must be a number >= 1 (got ${formatValue(maxBytes)})`);
    return new RecvRequest(this, Math.floor(maxBytes));
  }

  /**
   * The longest line `readline()` returns, in bytes including its `"\n"`
   * (default: the scheduler's {@link IoSchedulerOptions.limit}, 64 KiB).
   * Past it the reader gets a {@link SchedulerError} with reason `"limit"`
   * and the connection is closed. Settable; the socket also pauses the peer
   * once `max(limit, 1 MiB)` unread bytes are buffered.
   *
   * @example
   * ```ts
   * sock.limit = 1 << 20; // this protocol allows 1 MiB lines
   * ```
   * @throws {RangeError} (on set) when the value is not a positive integer.
   */
  get limit(): number {
    return this.#limit;
  }

  set limit(value: number) {
    this.#limit = checkLimit("IoSocket.limit", value) as number;
    this.#highWater = Math.max(this.#limit, HIGH_WATER);
  }

  /**
   * The operation "receive one line": resumes with the line including its
   * `"\n"` (decoded as UTF-8), the unterminated rest at end-of-stream, then
   * `""`. A line is at most {@link IoSocket.limit} bytes (64 KiB by
   * default): once that many bytes have arrived without a newline, the
   * coroutine gets a `SchedulerError` with reason `"limit"` (like asyncio's
   * `LimitOverrunError`) and the connection is closed, so a peer cannot make
   * the server buffer without end.
   *
   * @example
   * ```ts
   * for (let line = yield* sock.readline(); line; line = yield* sock.readline()) { ... }
   * ```
   * @throws {SchedulerError} (into the coroutine) as {@link recv}; `limit` for a line longer than {@link IoSocket.limit}.
   */
  readline(): IoRequest<string> {
    return this.#readline;
  }

  /**
   * The operation "send `data`": resumes with the number of bytes written,
   * at once when Node accepts the write, after `drain` under backpressure.
   *
   * @example
   * ```ts
   * yield* sock.send(`GOT:${line}`);
   * ```
   * @throws {SchedulerError} (`closed`, into the coroutine) on a closed socket; the socket's error.
   */
  send(data: string | Uint8Array): IoRequest<number> {
    return new SendRequest(this, data);
  }

  /**
   * Closes gracefully: sends what is buffered, then end-of-stream; the
   * socket is released when the peer closes too. Unread data is discarded.
   *
   * @example
   * ```ts
   * client.close();
   * ```
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#discard();
    if (this.#paused) this.socket.resume();
    this.socket.end();
    this.#wakeReader();
  }

  /** Where the peer is: `{ address, port, family }` (empty before a connection is established). */
  get remote(): IoAddress {
    if (this.#remote !== undefined) return this.#remote;
    const s = this.socket;
    const remote = { address: s.remoteAddress ?? "", port: s.remotePort ?? 0, family: s.remoteFamily ?? "" };
    if (remote.address !== "") this.#remote = remote;
    return remote;
  }

  /** `true` once `close()` was called or the connection is gone. */
  get closed(): boolean {
    return this.#closed || this.socket.destroyed;
  }

  /** @internal forced close by the scheduler */
  _shutdown(): Promise<void> {
    this.#closed = true;
    this.#discard();
    const writers = this.#writers;
    this.#writers = [];
    for (const w of writers) this.#sched._cancelWaiting(w.task);
    this.socket.destroy();
    this.#eof = true;
    this.#wakeReader();
    return this.#done;
  }

  /** @internal */
  _read(task: Task, op: RecvRequest | ReadlineRequest): Buffer | string | Pending {
    const out = this.#poll(op, task);
    if (out !== PENDING) return out;
    if (this.#reader !== undefined && this.#reader !== task) {
      throw new SchedulerError("busy", `${op.kind}: ${this.#reader.name} is already reading this socket`, task.name);
    }
    this.#reader = task;
    this.#readOp = op;
    if (this.#paused) {
      this.#paused = false;
      this.socket.resume();
    }
    return PENDING;
  }

  /** @internal */
  _cancelRead(task: Task): void {
    if (this.#reader === task) {
      this.#reader = undefined;
      this.#readOp = undefined;
    }
  }

  /** @internal */
  _send(task: Task, data: string | Uint8Array): number | Pending {
    if (this.#error !== undefined) throw this.#error;
    const socket = this.socket;
    if (this.#closed || socket.destroyed || !socket.writable) {
      throw new SchedulerError("closed", "send on a closed socket", task.name);
    }
    const bytes = typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
    if (socket.write(data)) return bytes;
    this.#writers.push({ task, bytes });
    return PENDING;
  }

  /** @internal */
  _cancelSend(task: Task): void {
    this.#writers = this.#writers.filter((w) => w.task !== task);
  }

  #wakeReader(): void {
    const task = this.#reader;
    if (task === undefined) return;
    let out: Buffer | string | Pending;
    try {
      out = this.#poll(this.#readOp as RecvRequest | ReadlineRequest, task);
    } catch (error) {
      this.#reader = undefined;
      this.#readOp = undefined;
      this.#sched._wakeThrow(task, error);
      return;
    }
    if (out === PENDING) return;
    this.#reader = undefined;
    this.#readOp = undefined;
    this.#sched._wake(task, out);
  }

  #poll(op: RecvRequest | ReadlineRequest, task: Task): Buffer | string | Pending {
    if (this.#closed) {
      if (this.socket.destroyed || this.#eof) return op.kind === "recv" ? EMPTY : "";
      throw new SchedulerError("closed", `${op.kind} on a closed socket`);
    }
    const buffered = this.#buffered;
    if (op.kind === "readline") {
      if (buffered > 0) {
        const nl = this.#findNewline();
        if (nl >= 0 && nl < this.#limit) return this.#take(nl + 1).toString("utf8");
        if (nl >= 0 || buffered >= this.#limit) throw this.#overrun(nl, task);
      }
    } else if (buffered > 0) return this.#take(Math.min((op as RecvRequest).max, buffered));
    if (this.#eof) {
      if (op.kind === "recv") return EMPTY;
      return buffered > 0 ? this.#take(buffered).toString("utf8") : "";
    }
    if (this.#error !== undefined) {
      if (buffered > 0) return this.#take(buffered).toString("utf8");
      throw this.#error;
    }
    return PENDING;
  }

  /** Closes the connection after a line longer than the limit; returns the error for the reader. */
  #overrun(nl: number, task: Task): SchedulerError {
    const limit = this.#limit;
    const what = nl >= 0 ? `a line of ${nl + 1} bytes` : `no newline in the first ${this.#buffered} bytes`;
    this.#closed = true;
    this.#discard();
    this.socket.destroy();
    return new SchedulerError(
      "limit",
      `readline: ${what}, more than the limit of ${limit} bytes per line; the connection was closed (raise IoSocket.limit or the scheduler's limit option for longer lines)`,
      task.name,
    );
  }

  #findNewline(): number {
    const chunks = this.#chunks;
    const first = chunks.peekFront() as Buffer;
    if (this.#scanned === 0 && first.length === this.#buffered) {
      const i = first.indexOf(10);
      if (i < 0) this.#scanned = this.#buffered;
      return i;
    }
    let offset = 0;
    const scanned = this.#scanned;
    for (let k = 0; k < chunks.length; k++) {
      const c = chunks.at(k) as Buffer;
      if (offset + c.length > scanned) {
        const i = c.indexOf(10, Math.max(0, scanned - offset));
        if (i >= 0) return offset + i;
      }
      offset += c.length;
    }
    this.#scanned = this.#buffered;
    return -1;
  }

  #take(n: number): Buffer {
    const chunks = this.#chunks;
    const first = chunks.peekFront() as Buffer;
    let out: Buffer;
    if (first.length === n) {
      chunks.shift();
      out = first;
    } else if (first.length > n) {
      out = first.subarray(0, n);
      chunks.set(0, first.subarray(n));
    } else {
      const parts: Buffer[] = [];
      let need = n;
      while (need > 0) {
        const c = chunks.peekFront() as Buffer;
        if (c.length <= need) {
          parts.push(c);
          chunks.shift();
          need -= c.length;
        } else {
          parts.push(c.subarray(0, need));
          chunks.set(0, c.subarray(need));
          need = 0;
        }
      }
      out = Buffer.concat(parts, n);
    }
    this.#buffered -= n;
    this.#scanned = 0;
    if (this.#paused && this.#buffered < this.#highWater >> 1) {
      this.#paused = false;
      this.socket.resume();
    }
    return out;
  }

  #discard(): void {
    this.#chunks.clear();
    this.#buffered = 0;
    this.#scanned = 0;
  }
}
