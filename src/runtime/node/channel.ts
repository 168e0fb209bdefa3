/**
 * Typed duplex channels that carry registry-encoded messages between
 * processes (child-process IPC) and threads (`worker_threads` message
 * ports), like Python's `multiprocessing.Pipe`: a registered model sent on
 * one side arrives as an instance of its class on the other, validated.
 *
 * @module
 */
import type { ChildProcess } from "node:child_process";
import { MessageChannel, type MessagePort, parentPort, type Worker } from "node:worker_threads";
import { DeserializeError, formatValue, WorkerError } from "../../errors.js";
import { Registry } from "../../registry/index.js";
import { describeThrown, errorToPayload } from "./remote-error.js";
import { defaultCodec, type PlainCodec } from "./wire.js";

/**
 * What a {@link Channel} can run over: a `ChildProcess` (parent side of
 * `fork`), `process` (child side), a `worker_threads` `MessagePort`
 * (including `parentPort`) or a `Worker`.
 */
export type ChannelEndpoint = ChildProcess | NodeJS.Process | MessagePort | Worker;

/** Options of a {@link Channel}. */
export interface ChannelOptions<Receive = unknown> {
  /** The registry that encodes and decodes messages (default: `registry`). Both sides must register the same names. */
  registry?: PlainCodec;
  /**
   * Tag of this channel on the endpoint (default `"default"`). Channels with
   * different names share one endpoint without seeing each other's
   * messages; other traffic on the endpoint is ignored.
   */
  name?: string;
  /** The class every received message must be (a message of another type is reported as a `DeserializeError`). */
  expect?: AnyClass<Receive>;
}

// biome-ignore lint/suspicious/noExplicitAny: any constructor signature
type AnyClass<T> = abstract new (...args: any[]) => T;

/** The events of a {@link Channel} and their listeners. */
export interface ChannelEvents<Receive> {
  /** A valid message arrived (decoded: models are instances of their classes). */
  message: (message: Receive) => void;
  /** A message arrived that could not be decoded (`DeserializeError` with its issues), or sending failed. */
  error: (error: Error) => void;
  /** The channel closed: `close()` on either side, or the endpoint went away. */
  close: () => void;
}

/** `value instanceof Error`, `false` for a Proxy whose `getPrototypeOf` trap throws. */
function isError(value: unknown): value is Error {
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
}

/** The key that marks a channel envelope on a shared endpoint. */
const TAG = "$ch";

/**
 * The key that marks a message sent without an envelope: a message whose
 * wire tree is an object travels as that object with this key added last
 * (`{"$type":"Point","x":1,"y":2,"$cm":"default"}`), one object less for
 * Node to stringify and parse than `{"$ch":"default","m":{…}}` (measured:
 * 3% of the CPU time of a small message, both processes). The receiver
 * takes the key out while it decodes and puts it back (other listeners of
 * the endpoint see the message as it arrived).
 */
const INLINE = "$cm";

interface Envelope {
  [TAG]: string;
  /** One message. */
  m?: unknown;
  /** Several messages, in order (those sent in one tick). */
  b?: unknown[];
  end?: true;
}

/**
 * `true` for a wire tree the channel can send as it is, with its name added
 * under {@link INLINE}: an ordinary or null-prototype object that has no
 * such key of its own (anything else goes in an envelope).
 */
function isInlinable(tree: unknown): tree is Record<string, unknown> {
  if (typeof tree !== "object" || tree === null) return false;
  const proto = Object.getPrototypeOf(tree);
  return (proto === Object.prototype || proto === null) && !Object.hasOwn(tree, INLINE);
}

/** Most messages coalesced into one transport write; past it the batch goes at once. */
const MAX_BATCH = 512;

/**
 * Schedules the end-of-tick write: a reaction on a settled promise runs
 * when `queueMicrotask`'s callback would, without the `AsyncResource` Node
 * wraps every `queueMicrotask` callback in (measured: that wrapper was a
 * third of the channel's own cost per message).
 */
const SETTLED = Promise.resolve();

interface Transport {
  /** Throws the {@link WorkerError} `post` would throw now (the other side is gone). */
  check(): void;
  /** Writes one envelope; `quiet`: a failed write is not reported (the closing notice). */
  post(envelope: object, quiet?: boolean): void;
  /** Starts listening; `onError` hears a write on the endpoint that failed. Returns the detach function. */
  attach(onMessage: (data: unknown) => void, onGone: () => void, onError: (error: Error) => void): () => void;
  close(): void;
}

function isProcessLike(endpoint: ChannelEndpoint): endpoint is ChildProcess | NodeJS.Process {
  return typeof (endpoint as ChildProcess).send === "function" || endpoint === process;
}

const ignore = () => {};

/**
 * Marks the `"error"` listeners channels put on their process endpoints (to
 * tell them from the application's); a registered symbol, so the listeners
 * of another copy of decorum (ES module and CommonJS builds) count too.
 */
const CHANNEL_LISTENER: unique symbol = Symbol.for("decorum.Channel.endpointErrorListener");
const isChannelListener = (l: Function) => (l as { [CHANNEL_LISTENER]?: true })[CHANNEL_LISTENER] === true;

/**
 * `true` for what Node emits on a child process (or `process`) when an IPC
 * `send` without a callback fails: the failed write (`syscall: "write"`,
 * e.g. EPIPE) or a send after the channel closed.
 */
function isSendFailure(error: unknown): error is Error {
  if (!isError(error)) return false;
  try {
    const e = error as Error & { syscall?: unknown; code?: unknown };
    return e.syscall === "write" || e.code === "ERR_IPC_CHANNEL_CLOSED";
  } catch {
    return false;
  }
}

function transportOf(endpoint: ChannelEndpoint): Transport {
  if (isProcessLike(endpoint)) {
    const ep = endpoint as ChildProcess;
    const check = () => {
      if (typeof ep.send !== "function" || !ep.connected)
        throw new WorkerError("closed", "channel closed: the other process is disconnected");
    };
    return {
      check,
      post(envelope, quiet) {
        check();
        if (quiet === true) {
          ep.send(envelope, ignore);
          return;
        }
        // No callback: with one, Node queues a process.nextTick per message
        // to call it (3–4% of a small message's CPU time, measured). A failed
        // write is emitted as "error" on the endpoint instead, which the
        // listener below turns into the channel's error.
        ep.send(envelope);
      },
      attach(onMessage, onGone, onError) {
        const onEndpointError = (error: unknown) => {
          if (isSendFailure(error)) {
            onError(error);
            return;
          }
          // Not a send of ours: an error nobody else listens for stays as
          // loud as Node makes it (thrown by the first channel listener).
          const listeners = ep.listeners("error");
          if (listeners.every(isChannelListener) && listeners[0] === onEndpointError) throw error;
        };
        (onEndpointError as { [CHANNEL_LISTENER]?: true })[CHANNEL_LISTENER] = true;
        ep.on("message", onMessage);
        ep.on("disconnect", onGone);
        ep.on("error", onEndpointError);
        return () => {
          ep.off("message", onMessage);
          ep.off("disconnect", onGone);
          // A write that failed before this point is emitted on a process.nextTick
          // queued already: the listener stays until it has run.
          process.nextTick(() => ep.off("error", onEndpointError));
        };
      },
      close() {
        // The IPC channel may be shared: leave it open.
      },
    };
  }
  const port = endpoint as MessagePort;
  const closable = typeof (port as MessagePort).close === "function" && port !== parentPort;
  return {
    check() {
      // A closed port drops messages silently; the "close" event shuts the channel.
    },
    post(envelope) {
      port.postMessage(envelope);
    },
    attach(onMessage, onGone) {
      port.on("message", onMessage);
      port.on("close", onGone);
      port.on("exit", onGone);
      return () => {
        port.off("message", onMessage);
        port.off("close", onGone);
        port.off("exit", onGone);
      };
    },
    close() {
      if (closable) port.close();
    },
  };
}

/**
 * One end of a duplex, typed channel over child-process IPC or a
 * `worker_threads` port. `send` encodes once with the registry (the
 * transport then serializes the plain tree); messages sent in the same tick
 * travel together in one transport write at the end of the tick (in order,
 * each decoded and delivered on its own); the other side decodes, so
 * registered models arrive as instances, validated. Received messages go to
 * `"message"` listeners, or, when there are none, wait for `receive()` and
 * async iteration. An invalid message is reported as a `DeserializeError`
 * on `"error"` (a process warning when nobody listens), never a crash.
 *
 * @example
 * ```ts
 * // parent
 * const child = fork("./child.js");
 * const channel = new Channel<Point, Point>(child);
 * channel.send(new Point(1, 2));
 * const reply = await channel.receive(); // a Point instance
 * // child.js
 * const channel = new Channel<Point, Point>(process);
 * for await (const p of channel) channel.send(new Point(p.x * 2, p.y * 2));
 * ```
 */
export class Channel<Send = unknown, Receive = Send> implements AsyncIterable<Receive> {
  /** The tag of this channel on its endpoint. */
  readonly name: string;
  readonly #transport: Transport;
  readonly #codec: PlainCodec;
  readonly #expect: AnyClass<Receive> | undefined;
  readonly #listeners: { [E in keyof ChannelEvents<Receive>]: ChannelEvents<Receive>[E][] } = { message: [], error: [], close: [] };
  readonly #buffer: Receive[] = [];
  #bufferHead = 0;
  #waiters: { resolve(value: IteratorResult<Receive>): void }[] = [];
  #detach: (() => void) | undefined;
  #closed = false;
  /** The codec is a `Registry`, whose `toPlain` returns a new tree on every call (which the channel may then tag). */
  readonly #inline: boolean;
  /** Encoded messages waiting for the end of the tick. */
  #pending: unknown[] = [];
  readonly #flushSoon = () => this.#flush();

  /**
   * Opens a channel on `endpoint`; it starts receiving at once.
   *
   * @throws {TypeError} when `endpoint` is not a child process, `process`, a message port or a worker, or `options` is not an object.
   */
  constructor(endpoint: ChannelEndpoint, options: ChannelOptions<Receive> = {}) {
    const e = endpoint as Partial<ChildProcess & MessagePort> | null | undefined;
    if (
      endpoint !== process &&
      (typeof e !== "object" || e === null || (typeof e.send !== "function" && typeof e.postMessage !== "function"))
    ) {
      throw new TypeError(
        `Channel: the endpoint must be a ChildProcess, process, a MessagePort or a Worker (got ${formatValue(endpoint)})`,
      );
    }
    if (typeof options !== "object" || options === null || Array.isArray(options)) {
      throw new TypeError(`Channel: options must be an object or undefined (got ${formatValue(options)})`);
    }
    this.name = options.name ?? "default";
    this.#codec = options.registry ?? defaultCodec();
    this.#inline = this.#codec instanceof Registry;
    this.#expect = options.expect;
    this.#transport = transportOf(endpoint);
    this.#detach = this.#transport.attach(
      (data) => this.#onData(data),
      () => this.#shut(),
      (error) => this.#emitError(error),
    );
  }

  /** `true` once either side closed the channel or its endpoint went away. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Encodes `message` with the registry and sends it.
   *
   * @throws {SerializeError} when `message` cannot be encoded (nothing is sent).
   * @throws {WorkerError} (reason `"closed"`) when the channel is closed.
   * @example
   * ```ts
   * channel.send(new Point(1, 2));
   * ```
   */
  send(message: Send): void {
    if (this.#closed) throw new WorkerError("closed", `channel "${this.name}" is closed`);
    this.#transport.check();
    const plain = this.#codec.toPlain(message);
    const pending = this.#pending;
    pending.push(plain);
    if (pending.length === 1) void SETTLED.then(this.#flushSoon);
    else if (pending.length >= MAX_BATCH) this.#flush();
  }

  /** Writes the messages sent since the last write: one envelope, one transport message. */
  #flush(): void {
    const batch = this.#pending;
    const n = batch.length;
    if (n === 0) return;
    let envelope: Envelope | Record<string, unknown>;
    if (n === 1) {
      // One message per tick (the common case when sends are spread out):
      // the pending array is kept for the next tick; the message's own tree
      // carries the channel's name when it can, else a new envelope does.
      const tree = batch[0];
      batch.pop();
      if (this.#inline && isInlinable(tree)) {
        tree[INLINE] = this.name;
        envelope = tree;
      } else envelope = { [TAG]: this.name, m: tree };
    } else {
      // The batch array itself is handed over (a transport may hold on to
      // the message, e.g. Node queues IPC messages behind a handle in flight).
      envelope = { [TAG]: this.name, b: batch };
      this.#pending = [];
    }
    try {
      this.#transport.post(envelope);
    } catch (error) {
      // The other side went away between send() and the end of the tick.
      this.#emitError(isError(error) ? error : new WorkerError("closed", describeThrown(error)));
    }
  }

  /**
   * Resolves to the next message not taken by a `"message"` listener.
   *
   * @throws {WorkerError} (rejects, reason `"closed"`) when the channel closes before one arrives.
   * @example
   * ```ts
   * const point = await channel.receive();
   * ```
   */
  async receive(): Promise<Receive> {
    const next = await this.#next();
    if (next.done) throw new WorkerError("closed", `channel "${this.name}" closed before a message arrived`);
    return next.value;
  }

  /** Iterates over the messages until the channel closes. */
  [Symbol.asyncIterator](): AsyncIterator<Receive> {
    return { next: () => this.#next(), return: async () => ({ done: true, value: undefined }) };
  }

  /**
   * Adds a listener for `"message"`, `"error"` or `"close"`.
   *
   * @example
   * ```ts
   * channel.on("message", (p) => console.log(p instanceof Point)); // true
   * channel.on("error", (e) => console.log(e.message));           // an invalid message
   * ```
   */
  on<E extends keyof ChannelEvents<Receive>>(event: E, listener: ChannelEvents<Receive>[E]): this {
    this.#listeners[event].push(listener);
    if (event === "message") this.#drainToListeners();
    return this;
  }

  /** Removes a listener added with {@link Channel.on}. */
  off<E extends keyof ChannelEvents<Receive>>(event: E, listener: ChannelEvents<Receive>[E]): this {
    const list = this.#listeners[event] as ChannelEvents<Receive>[E][];
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
    return this;
  }

  /**
   * Closes this end and tells the other end, whose iteration then ends.
   * Messages already received stay readable. Idempotent.
   *
   * @example
   * ```ts
   * channel.close();
   * ```
   */
  close(): void {
    if (this.#closed) return;
    this.#flush();
    try {
      this.#transport.post({ [TAG]: this.name, end: true }, true);
    } catch {
      // The other side is already gone.
    }
    this.#shut();
  }

  #onData(data: unknown): void {
    if (typeof data !== "object" || data === null) return;
    const inline = (data as Record<string, unknown>)[INLINE];
    if (inline !== undefined) {
      if (inline === this.name) this.#receiveInline(data as Record<string, unknown>);
      return;
    }
    if ((data as Envelope)[TAG] !== this.name) return;
    const envelope = data as Envelope;
    if (envelope.end === true) {
      this.#shut();
      return;
    }
    const batch = envelope.b;
    if (Array.isArray(batch)) {
      for (let i = 0; i < batch.length && !this.#closed; i++) this.#receiveOne(batch[i]);
      return;
    }
    this.#receiveOne(envelope.m);
  }

  /** A message without an envelope: decoded without its channel key, which is put back afterwards. */
  #receiveInline(tree: Record<string, unknown>): void {
    delete tree[INLINE];
    try {
      this.#receiveOne(tree);
    } finally {
      tree[INLINE] = this.name;
    }
  }

  #receiveOne(plain: unknown): void {
    let message: Receive;
    try {
      message = this.#codec.fromPlain(plain, this.#expect) as Receive;
    } catch (error) {
      // A codec may throw anything (a null-prototype object, a Proxy): it
      // becomes a DeserializeError, never an exception out of the endpoint.
      this.#emitError(
        isError(error)
          ? error
          : new DeserializeError(
              [{ path: [], code: "invalid", message: `cannot decode message: ${describeThrown(error)}` }],
              this.#expect?.name,
            ),
      );
      return;
    }
    this.#deliver(message);
  }

  #deliver(message: Receive): void {
    const listeners = this.#listeners.message;
    if (listeners.length === 1) {
      (listeners[0] as ChannelEvents<Receive>["message"])(message);
      return;
    }
    if (listeners.length > 1) {
      for (const l of [...listeners]) l(message);
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter) waiter.resolve({ done: false, value: message });
    else this.#buffer.push(message);
  }

  #drainToListeners(): void {
    while (this.#bufferHead < this.#buffer.length && this.#listeners.message.length > 0) {
      const message = this.#buffer[this.#bufferHead++] as Receive;
      for (const l of [...this.#listeners.message]) l(message);
    }
    this.#compact();
  }

  #compact(): void {
    if (this.#bufferHead > 0 && this.#bufferHead === this.#buffer.length) {
      this.#buffer.length = 0;
      this.#bufferHead = 0;
    }
  }

  #next(): Promise<IteratorResult<Receive>> {
    if (this.#bufferHead < this.#buffer.length) {
      const value = this.#buffer[this.#bufferHead++] as Receive;
      this.#compact();
      return Promise.resolve({ done: false, value });
    }
    if (this.#closed) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve) => this.#waiters.push({ resolve }));
  }

  #emitError(error: Error): void {
    const listeners = this.#listeners.error;
    if (listeners.length === 0) {
      const p = errorToPayload(error);
      process.emitWarning(p.message, { type: p.name, code: typeof p.code === "string" ? p.code : undefined });
      return;
    }
    for (const l of [...listeners]) l(error);
  }

  #shut(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#detach?.();
    this.#detach = undefined;
    this.#transport.close();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.resolve({ done: true, value: undefined });
    for (const l of [...this.#listeners.close]) l();
  }
}

/**
 * Two connected channels over a `worker_threads` `MessageChannel`, like
 * Python's `Pipe()`: what one end sends, the other receives (decoded by
 * the registry). Closing either end closes both.
 *
 * @example
 * ```ts
 * const [left, right] = pipe<Point>();
 * left.send(new Point(1, 2));
 * (await right.receive()) instanceof Point; // true
 * left.close();
 * ```
 * @throws {TypeError} when `options` is not an object.
 */
export function pipe<A = unknown, B = A>(options: Omit<ChannelOptions<unknown>, "expect"> = {}): [Channel<A, B>, Channel<B, A>] {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`pipe: options must be an object or undefined (got ${formatValue(options)})`);
  }
  const { port1, port2 } = new MessageChannel();
  return [new Channel<A, B>(port1, options as ChannelOptions<B>), new Channel<B, A>(port2, options as ChannelOptions<A>)];
}
