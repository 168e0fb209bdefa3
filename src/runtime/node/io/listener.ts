/**
 * `IoListener`: a listening TCP socket whose connections coroutines take
 * with `yield* listener.accept()`.
 *
 * @module
 */
import type * as net from "node:net";
import { Deque } from "../../../collections/index.js";
import { SchedulerError } from "../../../errors.js";
import type { Task } from "../../schedulers/task.js";
import { AcceptRequest, type IoAddress, type IoRequest, PENDING, type Pending } from "./request.js";
import type { IoScheduler } from "./scheduler.js";
import { IoSocket } from "./socket.js";

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
