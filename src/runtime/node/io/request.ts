/**
 * Socket operations a coroutine yields to an {@link IoScheduler} (`accept`, `recv`,
 * `readline`, `send`, `connect`), the task that waits for one, and the
 * address type.
 *
 * @module
 */
import * as net from "node:net";
import { SchedulerError } from "../../../errors.js";
import { type Coroutine, Task } from "../../schedulers/task.js";
import type { IoListener } from "./listener.js";
import type { IoScheduler } from "./scheduler.js";
import { IoSocket } from "./socket.js";

/** Returned by an operation that cannot complete yet (internal to the I/O scheduler). */
export const PENDING: unique symbol = Symbol("decorum.io.pending");
export type Pending = typeof PENDING;

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
export class IoTask<R = unknown> extends Task<R> {
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

export class AcceptRequest extends IoRequest<[IoSocket, IoAddress]> {
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

export class RecvRequest extends IoRequest<Buffer> {
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

export class ReadlineRequest extends IoRequest<string> {
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

export class SendRequest extends IoRequest<number> {
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

export class ConnectRequest extends IoRequest<IoSocket> {
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
