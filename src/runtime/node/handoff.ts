/**
 * Connection hand-off: a parent process accepts TCP connections and passes
 * each socket to a worker process (`child.send(message, socket)`), which
 * serves it. Dispatch is round-robin or least-busy; a worker that dies
 * drops only its own connections (the operating system closes them) and is
 * replaced, while the parent keeps accepting and handing off.
 *
 * @module
 */
import type { ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { type AddressInfo, createServer, type Server, type Socket } from "node:net";
import { availableParallelism } from "node:os";
import { argumentError, WorkerError } from "../../errors.js";
import { checkModuleOptions, forkWorker, moduleUrl, runtimeEntry } from "./locate.js";
import { describeExit, type ErrorPayload, payloadToError } from "./remote-error.js";

/** How a {@link HandoffServer} picks the worker for a new connection. */
export type Dispatch = "round-robin" | "least-busy";

/** Where {@link HandoffServer.listen} listens: the same `{ port, host }` shape as `IoScheduler.listen`. */
export interface HandoffListenOptions {
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind: `"127.0.0.1"` by default. */
  host?: string;
}

/** Options of a {@link HandoffServer}. */
export interface HandoffServerOptions {
  /**
   * The serving module (path or `file:` URL), imported by every worker. It
   * exports `serve(socket, info)` (or a default function) that serves one
   * connection; `info` is `{ id, pid }`. The connection counts as open until
   * the socket closes.
   */
  module: string | URL;
  /** Number of worker processes (default: `os.availableParallelism()`). */
  workers?: number;
  /** `"round-robin"` (default) or `"least-busy"` (fewest open connections, ties in turn). */
  dispatch?: Dispatch;
  /** Replace a worker that dies while the server is open (default `true`). */
  respawn?: boolean;
  /** Node options of the workers (default `[]`). */
  execArgv?: string[];
  /** Environment of the workers (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Whether the workers' stdout/stderr go to this process's (`"inherit"`, default) or nowhere. */
  stdio?: "inherit" | "ignore";
}

/** One worker as seen by the parent. */
export interface HandoffWorkerInfo {
  pid: number | undefined;
  /** `true` once it has loaded the serving module and takes connections. */
  ready: boolean;
  /** Connections handed to it and not yet closed. */
  active: number;
  /** Connections handed to it in total. */
  handled: number;
}

/** Counters of a {@link HandoffServer}. */
export interface HandoffStats {
  /** Connections accepted by the parent. */
  accepted: number;
  /** Connections handed to a worker. */
  handedOff: number;
  /** Connections a worker reported closed. */
  completed: number;
  /** Connections that were open in a worker when it died (closed by the operating system). */
  dropped: number;
  /** Workers started to replace dead ones. */
  respawned: number;
}

/** A worker's end, as reported by the server's `"exit"` event. */
export interface HandoffWorkerExit {
  pid: number | undefined;
  exitCode: number | null;
  signal: string | null;
  /** `true` when the server stopped it (close), `false` for a crash. */
  expected: boolean;
  /** Its connections that were still open. */
  dropped: number;
}

/** One worker process of the hand-off server, as the server tracks it (the process pool's record has the same name). */
interface WorkerRecord {
  child: ChildProcess;
  pid: number | undefined;
  ready: boolean;
  stopping: boolean;
  active: Set<number>;
  handled: number;
}

type WorkerMessage = { t: "ready" } | { t: "load-error"; error: ErrorPayload } | { t: "closed"; ids: number[] };

/**
 * Accepts TCP connections in this process and hands each socket to one of
 * its worker processes, which serves it with the `serve` function of
 * `module`. Emits `"spawn"` (pid), `"exit"` ({@link HandoffWorkerExit}) and
 * `"error"` for errors of the listening socket after `listen` succeeded.
 *
 * @example
 * ```ts
 * // echo-worker.js: export function serve(socket) { socket.pipe(socket); }
 * const server = new HandoffServer({ module: new URL("./echo-worker.js", import.meta.url), workers: 2 });
 * const { port } = await server.listen(0, "127.0.0.1");
 * // ... clients connect to 127.0.0.1:port ...
 * await server.close();
 * ```
 */
export class HandoffServer extends EventEmitter {
  /** The serving module's URL, as the workers import it. */
  readonly module: string;
  /** The number of worker processes kept running. */
  readonly size: number;
  readonly #options: HandoffServerOptions;
  readonly #entry: string;
  readonly #workers: WorkerRecord[] = [];
  readonly #exits = new Set<Promise<void>>();
  readonly #waiting: Socket[] = [];
  #server: Server | undefined;
  #turn = 0;
  #nextId = 1;
  #closing = false;
  #loadError: WorkerError | undefined;
  #stats: HandoffStats = { accepted: 0, handedOff: 0, completed: 0, dropped: 0, respawned: 0 };

  /**
   * Creates the server; nothing runs until {@link HandoffServer.listen}.
   *
   * @throws {TypeError} when `options` is not an object or its `module` is not a path or URL.
   * @throws {RangeError} when `workers` is not a positive integer or `dispatch` is unknown.
   */
  constructor(options: HandoffServerOptions) {
    super();
    checkModuleOptions("HandoffServer", options, 'new HandoffServer({ module: new URL("./serve.js", import.meta.url) })');
    const size = options.workers ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1) throw argumentError(RangeError, "HandoffServer", "workers", "a positive integer", size);
    const dispatch = options.dispatch ?? "round-robin";
    if (dispatch !== "round-robin" && dispatch !== "least-busy") {
      throw argumentError(RangeError, "HandoffServer", "dispatch", '"round-robin" or "least-busy"', dispatch);
    }
    this.#options = options;
    this.size = size;
    this.module = moduleUrl(options.module);
    this.#entry = runtimeEntry("handoff-worker");
  }

  /** The listening address, once listening. */
  get address(): AddressInfo | undefined {
    const a = this.#server?.address();
    return a && typeof a === "object" ? a : undefined;
  }

  /** Process ids of the live workers. */
  get pids(): number[] {
    return this.#live().flatMap((w) => (w.pid === undefined ? [] : [w.pid]));
  }

  /** Each live worker with its open and total connections. */
  get workers(): HandoffWorkerInfo[] {
    return this.#live().map((w) => ({ pid: w.pid, ready: w.ready, active: w.active.size, handled: w.handled }));
  }

  /** Workers neither stopping nor gone (a dead worker is dropped before it is reaped). */
  #live(): WorkerRecord[] {
    return this.#workers.filter((w) => !w.stopping && w.child.connected);
  }

  /** A snapshot of the counters. */
  get stats(): HandoffStats {
    return { ...this.#stats };
  }

  /**
   * Starts the workers, waits until each has loaded the module, then
   * listens on `{ port, host }` (default `127.0.0.1`, an ephemeral port) and
   * resolves to the address.
   *
   * @throws {WorkerError} (rejects) when the serving module cannot be loaded.
   * @throws {Error} (rejects) when the address cannot be bound (e.g. `EADDRINUSE`).
   * @throws {TypeError} (rejects) an endpoint that is neither `{ port?, host? }` nor a port number.
   * @example
   * ```ts
   * const { port } = await server.listen({ port: 0, host: "127.0.0.1" });
   * ```
   */
  listen(endpoint?: HandoffListenOptions): Promise<AddressInfo>;
  /**
   * The old shape of `listen`: a port and a host as two arguments.
   *
   * @deprecated Use `listen({ port, host })`; the two-argument form will be removed in the next minor version.
   * @example
   * ```ts
   * await server.listen({ port: 0 }); // was server.listen(0)
   * ```
   */
  listen(port: number, host?: string): Promise<AddressInfo>;
  async listen(endpoint: HandoffListenOptions | number = {}, legacyHost?: string): Promise<AddressInfo> {
    if (typeof endpoint !== "number" && (typeof endpoint !== "object" || endpoint === null)) {
      throw argumentError(TypeError, "HandoffServer.listen", "the endpoint", "{ port?, host? }", endpoint);
    }
    const port = typeof endpoint === "number" ? endpoint : (endpoint.port ?? 0);
    const host = (typeof endpoint === "number" ? legacyHost : endpoint.host) ?? "127.0.0.1";
    if (this.#server) throw new Error("HandoffServer: already listening");
    this.#closing = false;
    const started = Array.from({ length: this.size }, () => this.#spawn());
    try {
      await Promise.all(started.map((w) => this.#whenReady(w)));
      const server = createServer({ pauseOnConnect: true }, (socket) => this.#accept(socket));
      this.#server = server;
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          server.on("error", (error) => this.emit("error", error));
          resolve();
        });
      });
      return this.address as AddressInfo;
    } catch (error) {
      this.#server = undefined;
      await this.#stopAll(0);
      throw error;
    }
  }

  /**
   * Stops accepting, lets every worker finish its open connections, and
   * resolves once all workers have exited; workers still busy after
   * `timeoutMs` (default 5000) are killed.
   *
   * @example
   * ```ts
   * await server.close({ timeoutMs: 1000 });
   * ```
   */
  async close(options: { timeoutMs?: number } = {}): Promise<void> {
    this.#closing = true;
    const server = this.#server;
    this.#server = undefined;
    // Not awaiting the callback: the server counts handed-off sockets as its
    // own connections until they close in the workers, but the listening
    // socket itself closes at once.
    server?.close();
    for (const socket of this.#waiting.splice(0)) socket.destroy();
    await this.#stopAll(options.timeoutMs ?? 5000);
  }

  #whenReady(worker: WorkerRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (worker.ready) return resolve();
      const check = () => {
        if (worker.ready) done();
      };
      const onExit = (e: HandoffWorkerExit) => {
        if (e.pid === worker.pid) done();
      };
      const done = () => {
        worker.child.off("message", check);
        this.off("exit", onExit);
        if (this.#loadError) reject(this.#loadError);
        else if (!worker.ready)
          reject(new WorkerError("crashed", `worker ${worker.pid} exited before loading ${this.module}`, { pid: worker.pid }));
        else resolve();
      };
      worker.child.on("message", check);
      this.on("exit", onExit);
    });
  }

  async #stopAll(timeoutMs: number): Promise<void> {
    for (const w of this.#workers) {
      w.stopping = true;
      if (w.child.connected) w.child.disconnect();
    }
    const timer = setTimeout(() => {
      for (const w of this.#workers) w.child.kill("SIGKILL");
    }, timeoutMs);
    while (this.#exits.size > 0) await Promise.all([...this.#exits]);
    clearTimeout(timer);
  }

  #spawn(): WorkerRecord {
    const worker = {} as WorkerRecord;
    const child = forkWorker<WorkerMessage>(
      this.#entry,
      this.module,
      this.#options,
      this.#exits,
      (message) => this.#onMessage(worker, message),
      (exitCode, signal) => this.#onExit(worker, exitCode, signal),
    );
    Object.assign(worker, { child, pid: child.pid, ready: false, stopping: false, active: new Set(), handled: 0 } satisfies WorkerRecord);
    this.#workers.push(worker);
    this.emit("spawn", child.pid);
    return worker;
  }

  #onMessage(worker: WorkerRecord, message: WorkerMessage): void {
    switch (message?.t) {
      case "ready":
        worker.ready = true;
        this.#flush();
        return;
      case "load-error": {
        if (worker.ready) return; // only the worker entry sends it, before "ready"
        const cause = payloadToError(message.error, worker.pid);
        this.#loadError ??= new WorkerError("load", `cannot load serving module ${this.module}: ${cause.message}`, {
          pid: worker.pid,
          cause,
        });
        return;
      }
      case "closed":
        // Serving code shares the worker's IPC channel: a stray message of the same shape must not throw here.
        if (Array.isArray(message.ids)) for (const id of message.ids) if (worker.active.delete(id)) this.#stats.completed++;
        return;
    }
  }

  #onExit(worker: WorkerRecord, exitCode: number | null, signal: string | null): void {
    const index = this.#workers.indexOf(worker);
    if (index >= 0) this.#workers.splice(index, 1);
    const dropped = worker.active.size;
    this.#stats.dropped += dropped;
    const expected = worker.stopping;
    this.emit("exit", { pid: worker.pid, exitCode, signal, expected, dropped } satisfies HandoffWorkerExit);
    if (!expected && !this.#closing && worker.ready && this.#options.respawn !== false) {
      this.#stats.respawned++;
      this.#spawn();
    }
    if (!expected && !this.#closing && worker.ready === false && this.#server) {
      // A replacement died before loading: report it rather than looping.
      this.emit(
        "error",
        new WorkerError("crashed", `worker ${worker.pid} exited (${describeExit(exitCode, signal)}) before loading ${this.module}`),
      );
    }
  }

  #accept(socket: Socket): void {
    this.#stats.accepted++;
    this.#waiting.push(socket);
    this.#flush();
    if (this.#waiting.length > 0 && this.#waiting[this.#waiting.length - 1] === socket) {
      // No worker ready: the socket waits here, paused; a client reset must not crash the parent.
      socket.on("error", () => socket.destroy());
    }
  }

  #pick(): WorkerRecord | undefined {
    const workers = this.#workers;
    const n = workers.length;
    const leastBusy = this.#options.dispatch === "least-busy";
    let best: WorkerRecord | undefined;
    // Scan from the worker after the last pick: round-robin takes the first
    // ready one, least-busy the one with the fewest open connections (ties in turn).
    for (let k = 0; k < n; k++) {
      const w = workers[(this.#turn + k) % n] as WorkerRecord;
      if (!w.ready || w.stopping || !w.child.connected) continue;
      if (!leastBusy) {
        this.#turn = (this.#turn + k + 1) % n;
        return w;
      }
      if (best === undefined || w.active.size < best.active.size) best = w;
    }
    if (best !== undefined) this.#turn = (workers.indexOf(best) + 1) % n;
    return best;
  }

  #flush(): void {
    while (this.#waiting.length > 0) {
      const worker = this.#pick();
      if (worker === undefined) return;
      const socket = this.#waiting.shift() as Socket;
      if (socket.destroyed) continue;
      const id = this.#nextId++;
      worker.active.add(id);
      worker.handled++;
      this.#stats.handedOff++;
      worker.child.send({ t: "conn", id }, socket, { keepOpen: false }, (error) => {
        if (!error) return;
        // The worker went away before taking the socket: give it to another one.
        if (worker.active.delete(id)) {
          worker.handled--;
          this.#stats.handedOff--;
        }
        if (!socket.destroyed && !this.#closing) {
          if (socket.listenerCount("error") === 0) socket.on("error", () => socket.destroy());
          this.#waiting.unshift(socket);
          this.#flush();
        } else socket.destroy();
      });
    }
  }
}
