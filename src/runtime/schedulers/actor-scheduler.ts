/**
 * `ActorScheduler`: named actors (generators that receive messages through
 * `yield`, or registered {@link Actor} classes) and one message queue, a
 * `Deque`. Snapshots go through the registry.
 *
 * @module
 */
import { Deque } from "../../collections/index.js";
import { DeserializeError, formatValue, type Issue, SchedulerError, SerializeError } from "../../errors.js";
import { registry as defaultRegistry, type Registry } from "../../registry/index.js";
import { type Coroutine, checkSchedulerOptions, isGenerator } from "./task.js";

/**
 * What an actor sees besides its message: its own name, and the scheduler
 * to send messages, spawn actors or stop itself.
 */
export interface ActorContext {
  /** This actor's name. */
  readonly self: string;
  /** The scheduler running this actor. */
  readonly scheduler: ActorScheduler;
  /** Sends `message` to the actor named `to` (same rules as {@link ActorScheduler.send}). */
  send(to: string, message: unknown): void;
  /** Stops this actor once the current message is handled. */
  stop(): void;
}

/**
 * Base class of class-based actors: implement `receive`. Register the
 * subclass with `@model` (its fields are its state) so that
 * {@link ActorScheduler.snapshot} can save it.
 *
 * @example
 * ```ts
 * @model("demo.Printer")
 * class Printer extends Actor<number> {
 *   @field() count = 0;
 *   receive(n: number) { this.count++; console.log("Got:", n); }
 * }
 * ```
 */
export abstract class Actor<M = unknown> {
  /** Handles one message. Throwing stops the actor (unless `onError` answers `"resume"`). */
  abstract receive(message: M, ctx: ActorContext): void;
}

/** Anything with a `receive(message, ctx)` method is a class-based actor. */
export interface ActorLike<M = unknown> {
  /** Handles one message. Throwing stops the actor (unless `onError` answers `"resume"`). */
  receive(message: M, ctx: ActorContext): void;
}

/** What `spawn` accepts as an actor. */
export type ActorSource<M = unknown> =
  | Coroutine<unknown, unknown>
  | ActorLike<M>
  | (new () => ActorLike<M>)
  | (() => Coroutine<unknown, unknown>);

/** An actor that threw, as recorded when no `onError` hook is set. */
export interface ActorFailure {
  /** The actor's name. */
  readonly actor: string;
  /** The message it was handling (`undefined` for an undeliverable-message report). */
  readonly message: unknown;
  /** What it threw, or the {@link SchedulerError} (`undeliverable`) for a message whose actor stopped. */
  readonly error: unknown;
}

/** Options of {@link ActorScheduler} (and of {@link ActorScheduler.restore}). */
export interface ActorSchedulerOptions {
  /**
   * Called when an actor throws (or a queued message finds its actor
   * stopped). Return `"resume"` to keep a class-based actor running; by
   * default the actor stops. Without the hook, failures go to `failures`.
   */
  onError?: (error: unknown, actor: string, message: unknown) => "resume" | "stop" | undefined | void;
  /**
   * Called instead of throwing when a message is sent to a name with no
   * actor, and instead of `onError` when a queued message's actor stopped.
   * Pass `() => {}` to drop such messages silently.
   */
  onUndeliverable?: (to: string, message: unknown, reason: "unknown" | "stopped") => void;
  /** The registry for `snapshot` / `restore` (default: the shared `registry`). */
  registry?: Registry;
}

/** @internal one spawned actor: its name, its generator or object, and the context it receives (`ctx`). */
class ActorRecord implements ActorContext {
  alive = true;
  constructor(
    readonly self: string,
    readonly scheduler: ActorScheduler,
    readonly gen: Coroutine<unknown, unknown> | undefined,
    readonly actor: ActorLike | undefined,
  ) {}
  send(to: string, message: unknown): void {
    // an actor messaging itself needs no lookup
    if (to === this.self && this.alive) this.scheduler._push(this, message);
    else this.scheduler.send(to, message);
  }
  stop(): void {
    this.scheduler.cancel(this.self);
  }
}

const FORMAT = "decorum.ActorScheduler";

/**
 * Runs named actors over one FIFO message queue (a {@link Deque}): `send`
 * queues, `run` delivers in order. A generator actor is primed on `spawn`
 * and receives each message as the value of `yield`; it stops when it
 * returns. A class-based actor gets `receive(message, ctx)`. Synchronous: no
 * promise per message.
 *
 * Sending to a name with no actor throws a {@link SchedulerError}
 * (`unknown-actor`) unless `onUndeliverable` is set; a message still queued
 * when its actor stops is reported through `onUndeliverable`, else `onError`
 * (else `failures`).
 *
 * @example
 * ```ts
 * const sched = new ActorScheduler();
 * sched.spawn("printer", printer());
 * sched.spawn("counter", counter(sched));
 * sched.send("counter", 10000);
 * sched.run(); // Got: 10000 ... Got: 1
 * ```
 */
export class ActorScheduler {
  /** Actor failures recorded while no `onError` hook is set. */
  readonly failures: ActorFailure[] = [];
  readonly #actors = new Map<string, ActorRecord>();
  /** entry, message, entry, message, ... */
  readonly #queue = new Deque<unknown>();
  readonly #options: ActorSchedulerOptions;
  #current: ActorRecord | undefined = undefined;
  #running = false;

  /** @throws {TypeError} when `options` is not an object or a hook is not a function. */
  constructor(options: ActorSchedulerOptions = {}) {
    checkSchedulerOptions("ActorScheduler", options, ["onError", "onUndeliverable"]);
    this.#options = options;
  }

  /**
   * Starts an actor under `name`: a generator (primed now), a generator
   * function (called with no arguments), an object with `receive`, or a
   * class with `receive` (constructed with no arguments).
   *
   * @example
   * ```ts
   * sched.spawn("printer", printer());
   * sched.spawn("tally", new Tally());
   * ```
   * @throws {SchedulerError} (`duplicate-actor`) for a name in use; (`invalid-actor`) for anything else.
   */
  spawn(name: string, actor: ActorSource): void {
    if (typeof name !== "string")
      throw new SchedulerError("invalid-actor", `ActorScheduler.spawn: a name must be a string (got ${formatValue(name)})`);
    if (this.#actors.has(name))
      throw new SchedulerError("duplicate-actor", `ActorScheduler.spawn: an actor named "${name}" is already running`, name);
    let source: unknown = actor;
    if (typeof source === "function") {
      if (hasReceive(readPrototype(source))) source = new (source as new () => ActorLike)();
      else source = (source as () => unknown)();
    }
    let entry: ActorRecord;
    if (isGenerator(source)) {
      entry = new ActorRecord(name, this, source, undefined);
      this.#actors.set(name, entry);
      try {
        if (source.next().done === true) this.#remove(entry);
      } catch (error) {
        this.#remove(entry);
        throw error;
      }
    } else if (hasReceive(source)) {
      entry = new ActorRecord(name, this, undefined, source as ActorLike);
      this.#actors.set(name, entry);
    } else {
      throw new SchedulerError(
        "invalid-actor",
        `ActorScheduler.spawn: actor "${name}" must be a generator or have a receive(message, ctx) method (got ${formatValue(actor)})`,
        name,
      );
    }
  }

  /**
   * Queues `message` for the actor `to`; it is delivered by `run`/`step`,
   * after every message queued before it.
   *
   * @example
   * ```ts
   * sched.send("counter", 10);
   * ```
   * @throws {SchedulerError} (`unknown-actor`) when no actor is named `to` and no `onUndeliverable` hook is set.
   */
  send(to: string, message: unknown): void {
    const entry = this.#actors.get(to);
    if (entry === undefined) {
      const hook = this.#options.onUndeliverable;
      if (hook) {
        hook(to, message, "unknown");
        return;
      }
      const names = [...this.#actors.keys()];
      throw new SchedulerError(
        "unknown-actor",
        `send to unknown actor "${to}" (${names.length ? `actors: ${names.slice(0, 10).join(", ")}${names.length > 10 ? ", ..." : ""}` : "no actors"})`,
        to,
      );
    }
    const q = this.#queue;
    q.push(entry);
    q.push(message);
  }

  /** @internal queues a message for a known live actor */
  _push(entry: ActorRecord, message: unknown): void {
    const q = this.#queue;
    q.push(entry);
    q.push(message);
  }

  /**
   * Stops an actor now (a generator's `finally` blocks run); messages still
   * queued for it become undeliverable. Returns `false` if no actor has that name.
   *
   * @example
   * ```ts
   * sched.cancel("printer");
   * ```
   */
  cancel(name: string): boolean {
    const entry = this.#actors.get(name);
    if (entry === undefined) return false;
    this.#remove(entry);
    if (entry.gen !== undefined && entry !== this.#current) {
      try {
        entry.gen.return(undefined);
      } catch (error) {
        this.#report(error, name, undefined);
      }
    }
    return true;
  }

  /** `true` while an actor named `name` is running. */
  has(name: string): boolean {
    return this.#actors.has(name);
  }

  /** Names of the running actors, in spawn order. */
  get names(): string[] {
    return [...this.#actors.keys()];
  }

  /** Number of queued messages. */
  get pending(): number {
    return this.#queue.length >>> 1;
  }

  /**
   * Delivers one message; `false` when the queue was empty.
   *
   * @example
   * ```ts
   * while (sched.step()) {}
   * ```
   * @throws {SchedulerError} (`reentrant`) when called from inside an actor.
   */
  step(): boolean {
    return this.run(1) === 1;
  }

  /**
   * Delivers queued messages in order until the queue is empty (or
   * `maxMessages` were delivered); returns how many were delivered.
   *
   * @example
   * ```ts
   * sched.run();
   * ```
   * @throws {SchedulerError} (`reentrant`) when called from inside an actor; whatever a hook throws.
   */
  run(maxMessages = Infinity): number {
    if (this.#running) throw new SchedulerError("reentrant", "ActorScheduler.run: called from inside an actor");
    this.#running = true;
    // The message-loop twin of TaskScheduler.run: one queue of
    // (actor, message) pairs instead of ready tasks, so a message to a
    // generator actor is one next(message) and no Task record.
    const q = this.#queue;
    let n = 0;
    try {
      while (n < maxMessages && q.length !== 0) {
        let entry = q.shift() as ActorRecord;
        const message = q.shift();
        n++;
        if (!entry.alive) {
          const replacement = this.#actors.get(entry.self);
          if (replacement === undefined) {
            this.#undeliverable(entry.self, message);
            continue;
          }
          entry = replacement;
        }
        this.#current = entry;
        try {
          const gen = entry.gen;
          if (gen !== undefined) {
            if (gen.next(message).done === true) this.#remove(entry);
          } else (entry.actor as ActorLike).receive(message, entry);
        } catch (error) {
          this.#current = undefined;
          this.#crashed(entry, message, error);
        }
        this.#current = undefined;
        if (!entry.alive && entry.gen !== undefined) {
          // stopped itself (ctx.stop) while running: end the generator now that it is suspended
          try {
            entry.gen.return(undefined);
          } catch (error) {
            this.#report(error, entry.self, message);
          }
        }
      }
    } finally {
      this.#current = undefined;
      this.#running = false;
    }
    return n;
  }

  /**
   * Saves the actors and the queued messages as JSON through the registry:
   * each actor must be an instance of a registered class (its fields are its
   * state); messages are encoded with their types.
   *
   * @example
   * ```ts
   * const json = sched.snapshot();
   * const again = ActorScheduler.restore(json);
   * ```
   * @throws {SerializeError} naming the actor, for a generator actor or an actor of an unregistered class; naming the path, for a message that cannot be serialized.
   */
  snapshot(): string {
    const reg = this.#options.registry ?? defaultRegistry;
    const actors: { name: string; actor: unknown }[] = [];
    for (const [name, entry] of this.#actors) {
      if (entry.gen !== undefined) {
        throw new SerializeError(
          ["actors", name],
          `cannot snapshot generator actor "${name}": a generator's state cannot be serialized (make it a class-based Actor registered with @model)`,
        );
      }
      const actor = entry.actor as object;
      if (reg.nameOf(actor) === undefined) {
        throw new SerializeError(
          ["actors", name],
          `cannot snapshot actor "${name}": ${formatValue(actor)} is not a registered class (register it with @model or defineModel)`,
        );
      }
      actors.push({ name, actor });
    }
    const q = this.#queue;
    const queue: [string, unknown][] = [];
    for (let i = 0; i < q.length; i += 2) queue.push([(q.at(i) as ActorRecord).self, q.at(i + 1)]);
    return reg.serialize({ format: FORMAT, version: 1, actors, queue });
  }

  /**
   * Rebuilds a scheduler from {@link snapshot}: the same actors (restored
   * through the registry, validated) and the same queue, so `run()` goes on
   * exactly where the snapshot was taken.
   *
   * @example
   * ```ts
   * const sched = ActorScheduler.restore(json);
   * sched.run();
   * ```
   * @throws {DeserializeError} listing every problem of the document with its path.
   */
  static restore(json: string, options: ActorSchedulerOptions = {}): ActorScheduler {
    const reg = options.registry ?? defaultRegistry;
    const doc = reg.deserialize(json) as Record<string, unknown> | null;
    const issues: Issue[] = [];
    const bad = (path: (string | number)[], message: string, received?: unknown, expected?: string) => {
      const issue: { path: (string | number)[]; code: string; message: string; received?: unknown; expected?: string } = {
        path,
        code: "snapshot",
        message,
      };
      if (received !== undefined) issue.received = received;
      if (expected !== undefined) issue.expected = expected;
      issues.push(issue);
    };
    if (typeof doc !== "object" || doc === null || doc.format !== FORMAT) {
      bad([], "not an ActorScheduler snapshot", doc?.format, JSON.stringify(FORMAT));
      throw new DeserializeError(issues, "ActorScheduler");
    }
    if (doc.version !== 1) bad(["version"], "unsupported snapshot version", doc.version, "1");
    const actors = Array.isArray(doc.actors) ? (doc.actors as unknown[]) : [];
    if (!Array.isArray(doc.actors)) bad(["actors"], "must be an array", doc.actors);
    const queue = Array.isArray(doc.queue) ? (doc.queue as unknown[]) : [];
    if (!Array.isArray(doc.queue)) bad(["queue"], "must be an array", doc.queue);
    const sched = new ActorScheduler(options);
    actors.forEach((item, i) => {
      const { name, actor } = (item ?? {}) as { name?: unknown; actor?: unknown };
      if (typeof name !== "string") bad(["actors", i, "name"], "must be a string", name, "string");
      else if (typeof (actor as ActorLike | null)?.receive !== "function") {
        bad(["actors", i, "actor"], "must be an actor with a receive method", actor, "Actor");
      } else if (sched.#actors.has(name)) bad(["actors", i, "name"], `duplicate actor name "${name}"`, name);
      else sched.#actors.set(name, new ActorRecord(name, sched, undefined, actor as ActorLike));
    });
    queue.forEach((item, i) => {
      if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== "string") {
        bad(["queue", i], "must be a [actorName, message] pair", item, "[string, message]");
        return;
      }
      const name = item[0] as string;
      let entry = sched.#actors.get(name);
      if (entry === undefined) {
        // addressed to an actor that had already stopped: stays undeliverable, as in the original run
        entry = new ActorRecord(name, sched, undefined, undefined);
        entry.alive = false;
      }
      sched.#queue.push(entry);
      sched.#queue.push(item[1]);
    });
    if (issues.length > 0) throw new DeserializeError(issues, "ActorScheduler");
    return sched;
  }

  #remove(entry: ActorRecord): void {
    entry.alive = false;
    if (this.#actors.get(entry.self) === entry) this.#actors.delete(entry.self);
  }

  #crashed(entry: ActorRecord, message: unknown, error: unknown): void {
    const hook = this.#options.onError;
    if (hook) {
      const answer = hook(error, entry.self, message);
      if (answer === "resume" && entry.gen === undefined && entry.alive) return;
    } else this.failures.push({ actor: entry.self, message, error });
    this.#remove(entry);
  }

  #undeliverable(name: string, message: unknown): void {
    const hook = this.#options.onUndeliverable;
    if (hook) {
      hook(name, message, "stopped");
      return;
    }
    this.#report(
      new SchedulerError("undeliverable", `message for actor "${name}" not delivered: the actor stopped before it arrived`, name),
      name,
      message,
    );
  }

  #report(error: unknown, name: string, message: unknown): void {
    const hook = this.#options.onError;
    if (hook) hook(error, name, message);
    else this.failures.push({ actor: name, message, error });
  }
}

/** `typeof value.receive === "function"`; `false` when reading it throws (a hostile Proxy). */
function hasReceive(value: unknown): boolean {
  try {
    return typeof (value as ActorLike | null | undefined)?.receive === "function";
  } catch {
    return false;
  }
}

/** `fn.prototype`, `undefined` when reading it throws. */
function readPrototype(fn: unknown): unknown {
  try {
    return (fn as { prototype?: unknown }).prototype;
  } catch {
    return undefined;
  }
}
