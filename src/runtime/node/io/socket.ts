/**
 * `IoSocket`: a `node:net` socket wrapped for coroutines (`recv`,
 * `readline`, `send`), with bounded buffering.
 *
 * @module
 */
import type * as net from "node:net";
import { Deque } from "../../../collections/index.js";
import { formatValue, SchedulerError } from "../../../errors.js";
import type { Task } from "../../schedulers/task.js";
import { type IoAddress, type IoRequest, PENDING, type Pending, ReadlineRequest, RecvRequest, SendRequest } from "./request.js";
import { checkLimit, type IoScheduler } from "./scheduler.js";

/** Buffered, unread bytes above which a socket is paused (while no one waits to read), unless its limit is larger. */
const HIGH_WATER = 1 << 20;

const EMPTY: Buffer = Buffer.alloc(0);

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

  /** Changes the limit for the lines read from now on. */
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
