/**
 * The error hierarchy of decorum. Every error thrown by the library extends
 * {@link DecorumError} and carries a stable `code`; errors about data carry
 * `issues`, each with a `path`, a `code` and a `message`.
 *
 * @module
 */

/** One segment of a path into a value graph: an object key or an array index. */
export type PathSegment = string | number;

/**
 * One problem found in a value: where (`path`), what kind (`code`, stable,
 * machine-readable), and a human sentence (`message`) without the location.
 *
 * @example
 * ```ts
 * const issue: Issue = { path: ["lines", 3, "price"], code: "positive",
 *   message: "must be positive", expected: "> 0", received: -2 };
 * ```
 */
export interface Issue {
  /** Path from the root value (or from the instance, for a validation error). */
  readonly path: readonly PathSegment[];
  /** Stable identifier of the rule that failed, e.g. `positive`, `type`, `required`. */
  readonly code: string;
  /** What is wrong, without location: `must be positive`. */
  readonly message: string;
  /** What was expected, in words: `> 0`, `number`, `Point2D`. */
  readonly expected?: string;
  /** The value that was found (kept as is; formatted only in messages). */
  readonly received?: unknown;
}

/** Stable codes of the error classes, one per class. */
export const ErrorCode = {
  validation: "DECORUM_VALIDATION",
  deserialize: "DECORUM_DESERIALIZE",
  unknownType: "DECORUM_UNKNOWN_TYPE",
  serialize: "DECORUM_SERIALIZE",
  registry: "DECORUM_REGISTRY",
  classDefinition: "DECORUM_CLASS_DEFINITION",
  worker: "DECORUM_WORKER",
  scheduler: "DECORUM_SCHEDULER",
  concurrentModification: "DECORUM_CONCURRENT_MODIFICATION",
} as const;

/** One of the stable error codes in {@link ErrorCode}. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Formats a path the way a TypeScript user writes it: `lines[3].price`,
 * `tags["two words"]`. An empty path formats as the empty string.
 *
 * @example
 * ```ts
 * formatPath(["lines", 3, "price"]); // "lines[3].price"
 * ```
 * Paths longer than 40 segments show their first and last 20 around `…(n more)…`.
 */
export function formatPath(path: readonly PathSegment[]): string {
  // A very deep path (a nesting-limit error) keeps its ends readable: the
  // full path stays on the error's `path` property.
  if (path.length > MAX_PATH_SHOWN) {
    const head = formatPath(path.slice(0, MAX_PATH_SHOWN / 2));
    const tail = formatPath(path.slice(path.length - MAX_PATH_SHOWN / 2)).replace(/^(?=[A-Za-z_$])/, ".");
    return `${head}…(${path.length - MAX_PATH_SHOWN} more)…${tail}`;
  }
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Segments of a path shown in a message before the middle is elided. */
const MAX_PATH_SHOWN = 40;

/**
 * A short, safe, one-line rendering of any value for error messages. Never
 * calls user code (no `toString`, no getters), never throws, and truncates.
 *
 * @example
 * ```ts
 * formatValue(-2);         // "-2"
 * formatValue("x");        // '"x"'
 * formatValue(new Map());  // "Map"
 * ```
 */
export function formatValue(value: unknown): string {
  switch (typeof value) {
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "string": {
      const s = JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
      return s;
    }
    case "boolean":
    case "undefined":
      return String(value);
    case "symbol":
      return value.description === undefined ? "Symbol()" : `Symbol(${value.description})`;
    case "function":
      try {
        const name: unknown = value.name;
        return typeof name === "string" && name ? `function ${name}` : "anonymous function";
      } catch {
        // A Proxy of a function whose get trap throws: describing must not throw.
        return "function (a Proxy)";
      }
    default: {
      if (value === null) return "null";
      try {
        if (Array.isArray(value)) return `array(${value.length})`;
        const proto: unknown = Object.getPrototypeOf(value);
        if (proto === null) return "object (null prototype)";
        if (proto === Object.prototype) return "object";
        const ctor = safeConstructorName(proto);
        return ctor ?? "object";
      } catch {
        // A Proxy whose traps throw, or a revoked one: describing must not throw.
        return "object (a Proxy)";
      }
    }
  }
}

/**
 * The error for calling the API wrongly: `Owner: param must be expected (got value)`,
 * the value printed by {@link formatValue}.
 *
 * Which error a caller gets, everywhere in decorum:
 *
 * - **Data** (an item, a field, a document) that breaks a rule is a
 *   {@link ValidationError} (or, while decoding, a {@link DeserializeError}),
 *   whose issues carry a `code` naming the rule (`positive`, `nan`,
 *   `range`), never the option or member.
 * - **API misuse** (a bad option, an argument of the wrong type or out of
 *   range) is a `TypeError` (wrong kind of value) or a `RangeError` (right
 *   kind, outside what is allowed), built here so that every message reads
 *   the same way.
 *
 * @example
 * ```ts
 * throw argumentError(RangeError, "Deque", "maxlen", "a non-negative integer", -1);
 * // RangeError: Deque: maxlen must be a non-negative integer (got -1)
 * ```
 * @param Ctor `TypeError` or `RangeError` (any error class taking a message).
 * @param owner the class or function called: `"Deque"`, `"ProcessPool.map"`.
 * @param param the option or parameter at fault: `"maxlen"`, `"the first argument"`.
 * @param expected what it must be, after "must be": `"a non-negative integer"`.
 * @param value what was passed.
 * @returns the error, for the caller to throw.
 */
export function argumentError<E extends Error>(
  Ctor: new (message: string) => E,
  owner: string,
  param: string,
  expected: string,
  value: unknown,
): E {
  return new Ctor(`${owner}: ${param} must be ${expected} (got ${formatValue(value)})`);
}

function safeConstructorName(proto: unknown): string | undefined {
  try {
    const desc = Object.getOwnPropertyDescriptor(proto, "constructor");
    const ctor: unknown = desc && "value" in desc ? desc.value : undefined;
    if (typeof ctor === "function" && typeof ctor.name === "string" && ctor.name) return ctor.name;
  } catch {
    // a Proxy prototype may throw; fall through
  }
  return undefined;
}

/**
 * Renders one issue as a line: `Order.lines[3].price: must be positive (got -2)`.
 * `root` (usually a class name) is prefixed to the path when given.
 */
export function formatIssue(issue: Issue, root?: string): string {
  const path = formatPath(issue.path);
  const where = root ? (path ? (path.startsWith("[") ? root + path : `${root}.${path}`) : root) : path;
  const got = "received" in issue ? ` (got ${formatValue(issue.received)})` : "";
  const expected = issue.expected !== undefined && !issue.message.includes(issue.expected) ? `, expected ${issue.expected}` : "";
  return `${where ? `${where}: ` : ""}${issue.message}${expected}${got}`;
}

function issuesMessage(issues: readonly Issue[], root: string | undefined, title: string): string {
  if (issues.length === 1) return formatIssue(issues[0] as Issue, root);
  const lines = issues.map((i) => `  - ${formatIssue(i, root)}`);
  return `${title} (${issues.length} issues):\n${lines.join("\n")}`;
}

/**
 * The base class of every error decorum throws. `code` is stable across
 * versions; match on it (or on the subclass) rather than on the message.
 *
 * @example
 * ```ts
 * try { deserialize(text); } catch (e) { if (e instanceof DecorumError) console.log(e.code); }
 * ```
 */
export class DecorumError extends Error {
  /** Stable, machine-readable identifier of the error class. */
  readonly code: ErrorCodeValue;

  constructor(code: ErrorCodeValue, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, "name", { value: new.target.name, enumerable: false, configurable: true, writable: true });
  }
}

/** Marks decorum's error prototypes and classes in every copy of the library. */
const ERROR_BRAND: unique symbol = Symbol.for("decorum.error") as never;
Object.defineProperty(DecorumError.prototype, ERROR_BRAND, { value: true });
Object.defineProperty(DecorumError, ERROR_BRAND, { value: true });

/**
 * `instanceof DecorumError` (and every subclass) also recognises errors made
 * by another copy of decorum loaded in the same process (the ESM and the
 * CommonJS build together share one registry, so either copy may throw):
 * an error branded by a copy matches a class of the same name on its
 * prototype chain.
 *
 * @example
 * ```ts
 * try { cjsDecorum.deserialize("{"); } catch (e) { e instanceof DeserializeError; } // true
 * ```
 */
function hasInstance(this: Function, value: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
  if (value === null || typeof value !== "object" || (value as Record<symbol, unknown>)[ERROR_BRAND] !== true) return false;
  for (let p = Object.getPrototypeOf(value); p !== null; p = Object.getPrototypeOf(p)) {
    const ctor = Object.hasOwn(p, "constructor") ? (p as { constructor: unknown }).constructor : undefined;
    if (typeof ctor === "function" && ctor.name === this.name && (ctor as unknown as Record<symbol, unknown>)[ERROR_BRAND] === true)
      return true;
  }
  return false;
}
Object.defineProperty(DecorumError, Symbol.hasInstance, { value: hasInstance });

/**
 * A value broke a validator: on construction, assignment or (wrapped in a
 * {@link DeserializeError}) on deserialize. `issues` lists every problem.
 *
 * @example
 * ```ts
 * new LineItem().weight = -1;
 * // ValidationError: LineItem.weight: must be positive (got -1)
 * ```
 */
export class ValidationError extends DecorumError {
  /** Every problem found, each with its path from the instance. */
  readonly issues: readonly Issue[];
  /** The class whose member was written, when known. */
  readonly className: string | undefined;

  constructor(issues: readonly Issue[], className?: string, options?: { cause?: unknown }) {
    super(ErrorCode.validation, issuesMessage(issues, className, `${className ?? "value"} is invalid`), options);
    this.issues = Object.freeze([...issues]);
    this.className = className;
  }
}

/**
 * Decoding a document found problems. All of them are collected before this
 * is thrown, each with its path from the document root.
 *
 * @example
 * ```ts
 * // DeserializeError: Order.lines[3].price: must be positive (got -2)
 * ```
 */
export class DeserializeError extends DecorumError {
  /** Every problem found in the document, each with its path from the root. */
  readonly issues: readonly Issue[];
  /** The expected root type name, when the caller gave one. */
  readonly rootName: string | undefined;

  constructor(issues: readonly Issue[], rootName?: string, options?: { cause?: unknown }) {
    super(ErrorCode.deserialize, issuesMessage(issues, rootName, "cannot deserialize document"), options);
    this.issues = Object.freeze([...issues]);
    this.rootName = rootName;
  }
}

/**
 * A `"$type"` tag names nothing registered. `Registry.resolve` throws it for
 * a name; `deserialize` throws it when a document holds an unknown tag. It is
 * a {@link DeserializeError}, so it carries every issue found in the document
 * (decoding still collects them all), and `typeName` / `path` name the first
 * unknown tag.
 *
 * @example
 * ```ts
 * registry.resolve("Nope"); // UnknownTypeError: unknown type "Nope"
 * try { deserialize('{"a":{"$type":"Nope"}}'); }
 * catch (e) { if (e instanceof UnknownTypeError) console.log(e.typeName, e.path); } // "Nope" ["a"]
 * ```
 */
export class UnknownTypeError extends DeserializeError {
  /** The name that was looked up. */
  readonly typeName: string;
  /** Where in the document the tag was found (empty outside documents). */
  readonly path: readonly PathSegment[];

  /**
   * @param document the document's issues (every one, the unknown tag included)
   *   and root name, when the error comes from decoding a document.
   */
  constructor(
    typeName: string,
    path: readonly PathSegment[] = [],
    known?: readonly string[],
    document?: { issues: readonly Issue[]; rootName?: string | undefined },
  ) {
    const hint = known?.length ? ` (registered: ${known.slice(0, 10).join(", ")}${known.length > 10 ? ", ..." : ""})` : "";
    const issues = document?.issues ?? [{ path, code: "unknown-type", message: `unknown type ${JSON.stringify(typeName)}${hint}` }];
    super(issues, document?.rootName);
    (this as { code: ErrorCodeValue }).code = ErrorCode.unknownType;
    this.typeName = typeName;
    this.path = Object.freeze([...path]);
  }
}

/**
 * A value cannot be serialized: a function, symbol, generator, an instance
 * of an unregistered class, or a cycle without `{ references: true }`.
 *
 * @example
 * ```ts
 * serialize({ f() {} }); // SerializeError: f: cannot serialize a function
 * ```
 */
export class SerializeError extends DecorumError {
  /** Where in the value graph the problem is. */
  readonly path: readonly PathSegment[];

  constructor(path: readonly PathSegment[], message: string, options?: { cause?: unknown }) {
    const where = formatPath(path);
    super(ErrorCode.serialize, `${where ? `${where}: ` : ""}${message}`, options);
    this.path = Object.freeze([...path]);
  }
}

/**
 * The registry was used wrongly: a name taken twice, a class registered
 * under two names, an invalid name.
 *
 * @example
 * ```ts
 * registry.register("Point", OtherPoint); // RegistryError: name "Point" is already registered to Point
 * ```
 */
export class RegistryError extends DecorumError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.registry, message, options);
  }
}

/**
 * A class definition breaks a rule: a required member is missing, a
 * validator is on a plain field under standard decorators, a decorator is
 * used on a member kind it does not support. Thrown when the class is defined.
 *
 * @example
 * ```ts
 * // ClassDefinitionError: Square: missing required member "area" (required by Shape)
 * ```
 */
export class ClassDefinitionError extends DecorumError {
  /** The class being defined. */
  readonly className: string;
  /** The member at fault, when there is one. */
  readonly member: string | undefined;

  constructor(className: string, member: string | undefined, message: string, options?: { cause?: unknown }) {
    super(ErrorCode.classDefinition, `${className}${member !== undefined ? `.${member}` : ""}: ${message}`, options);
    this.className = className;
    this.member = member;
  }
}

/**
 * Work across a process boundary failed: a worker crashed (exit, signal,
 * out of memory, uncaught error) while running a task or serving a
 * connection, could not load its module, the pool was shut down, or a
 * channel was used after it closed. `reason` says which; `pid`,
 * `exitCode` and `signal` say how a worker ended.
 *
 * @example
 * ```ts
 * // WorkerError: worker 4242 exited (signal SIGKILL) while running task "resize" (#7)
 * ```
 */
export class WorkerError extends DecorumError {
  /** What happened: `"crashed"`, `"load"` (the module failed to load), `"shutdown"`, `"terminated"` or `"closed"` (a channel). */
  readonly reason: "crashed" | "load" | "shutdown" | "terminated" | "closed";
  /** The worker's process id, when one was involved. */
  readonly pid: number | undefined;
  /** The worker's exit code, when it exited. */
  readonly exitCode: number | null | undefined;
  /** The signal that ended the worker, when one did. */
  readonly signal: string | null | undefined;

  constructor(
    reason: "crashed" | "load" | "shutdown" | "terminated" | "closed",
    message: string,
    details: { pid?: number; exitCode?: number | null; signal?: string | null; cause?: unknown } = {},
  ) {
    super(ErrorCode.worker, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.reason = reason;
    this.pid = details.pid;
    this.exitCode = details.exitCode;
    this.signal = details.signal;
  }
}

/** Why a {@link SchedulerError} was thrown. */
export type SchedulerErrorReason =
  | "unknown-actor"
  | "duplicate-actor"
  | "invalid-actor"
  | "invalid-task"
  | "bad-yield"
  | "closed"
  | "busy"
  | "reentrant"
  | "undeliverable"
  | "limit";

/**
 * A scheduler was used wrongly or could not do what was asked: a message
 * sent to an actor that does not exist (or stopped before it was
 * delivered), a name spawned twice, something that is not a coroutine or
 * an actor, a coroutine that yielded a value its scheduler cannot handle,
 * an operation on a closed scheduler or socket. `reason` says which and
 * `target` names the actor or task.
 *
 * @example
 * ```ts
 * sched.send("nobody", 1);
 * // SchedulerError: send to unknown actor "nobody" (actors: printer, counter)
 * ```
 */
export class SchedulerError extends DecorumError {
  /** What went wrong, as a stable keyword. */
  readonly reason: SchedulerErrorReason;
  /** The actor or task concerned, when there is one. */
  readonly target: string | undefined;

  constructor(reason: SchedulerErrorReason, message: string, target?: string, options?: { cause?: unknown }) {
    super(ErrorCode.scheduler, message, options);
    this.reason = reason;
    this.target = target;
  }
}

/**
 * A collection was changed while an iterator over it was in use: the
 * iterator's next step throws instead of yielding a stale or missing entry
 * (Python raises `RuntimeError: deque mutated during iteration`).
 * `collection` names the class; iterate a copy (`[...heap]`) to change the
 * collection inside the loop.
 *
 * @example
 * ```ts
 * for (const x of heap) heap.push(x + 1);
 * // ConcurrentModificationError: Heap changed during iteration (push, pop, ...); iterate a copy, e.g. [...heap], to change it in the loop
 * ```
 */
export class ConcurrentModificationError extends DecorumError {
  /** The class of the collection that changed: `"Heap"`, `"LRUCache"`, … */
  readonly collection: string;

  constructor(collection: string, message?: string) {
    super(
      ErrorCode.concurrentModification,
      message ?? `${collection} changed during iteration; iterate a copy (e.g. [...collection]) to change it in the loop`,
    );
    this.collection = collection;
  }
}
