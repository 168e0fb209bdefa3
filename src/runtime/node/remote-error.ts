/**
 * How errors and exits cross a process boundary. Internal.
 *
 * @module
 * @internal
 */
import { DeserializeError, formatPath, type Issue, SerializeError, UnknownTypeError, ValidationError } from "../../errors.js";

/** An error as it crosses a process boundary (JSON). */
export interface ErrorPayload {
  name: string;
  message: string;
  stack?: string;
  code?: string | number;
  issues?: Issue[];
  className?: string;
  path?: (string | number)[];
  typeName?: string;
  /** The error's `cause`, encoded the same way (a bounded chain; cycles end it). */
  cause?: ErrorPayload;
}

/** Longest `name` carried across (longer ones are cut, with a note). */
const MAX_NAME = 256;
/** Longest `message` or `stack` carried across (longer ones are cut, with a note). */
export const MAX_TEXT = 64 * 1024;
/** Most `cause` links carried across. */
const MAX_CAUSES = 8;
/** Most issues of a `ValidationError` / `DeserializeError` carried across. */
const MAX_ISSUES = 1000;

/** JavaScript's own error classes, rebuilt as themselves on the receiving side. */
const BUILTIN_ERRORS: Record<string, new (message: string, options?: { cause?: unknown }) => Error> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

function jsonSafe(value: unknown): unknown {
  const t = typeof value;
  return value === null || t === "string" || t === "boolean" || (t === "number" && Number.isFinite(value as number)) ? value : undefined;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** Reads `object[key]`; a getter or Proxy trap that throws reads as `undefined`. */
function read(object: object, key: PropertyKey): unknown {
  try {
    return (object as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** `value instanceof C`, `false` when a Proxy's `getPrototypeOf` trap throws. */
function isA(value: unknown, C: abstract new (...args: never[]) => unknown): boolean {
  try {
    return value instanceof C;
  } catch {
    return false;
  }
}

/**
 * A description of any thrown value that never throws: strings as they are,
 * symbols and bigints in their source form, objects through their own
 * `toString` when it works (and is not the useless `[object Object]`),
 * else their constructor name, else a neutral word.
 *
 * @internal
 */
export function describeThrown(value: unknown): string {
  try {
    switch (typeof value) {
      case "string":
        return value;
      case "symbol":
        return Symbol.prototype.toString.call(value);
      case "bigint":
        return `${BigInt.prototype.toString.call(value)}n`;
      case "function":
        return `function ${typeof read(value, "name") === "string" && read(value, "name") ? (read(value, "name") as string) : "(anonymous)"}`;
      case "object": {
        if (value === null) return "null";
        let text: unknown;
        try {
          text = String(value);
        } catch {
          text = undefined;
        }
        if (typeof text === "string" && !/^\[object [^\]]*\]$/.test(text)) return text;
        let proto: unknown;
        try {
          proto = Object.getPrototypeOf(value);
        } catch {
          return "a Proxy (its traps throw)";
        }
        if (proto === null) return "an object with a null prototype";
        const ctor = read(proto as object, "constructor");
        const name = typeof ctor === "function" ? read(ctor, "name") : undefined;
        return typeof name === "string" && name !== "" && name !== "Object" ? `a ${name}` : "an object";
      }
      default:
        return String(value);
    }
  } catch {
    return `a ${typeof value}`;
  }
}

/** A string property as text: strings as they are, anything else described; `undefined` stays. */
function textOf(value: unknown, max: number): string | undefined {
  if (value === undefined) return undefined;
  return clip(typeof value === "string" ? value : describeThrown(value), max);
}

/**
 * The JSON payload of a thrown value. Never throws, whatever was thrown:
 * non-errors (null-prototype objects, symbols, bigints, Proxies, ...)
 * become an `Error` whose message describes the value; an error's `name`,
 * `message`, `stack`, `code` and `cause` are read one by one, and a getter
 * that throws or a value of the wrong type is described instead of
 * propagating. Long texts are cut and the `cause` chain is bounded.
 */
export function errorToPayload(error: unknown): ErrorPayload {
  return withinBudget(encode(error, new Set(), 0));
}

/** The most characters of JSON one error payload takes (at most 1.5 MiB of UTF-8). */
export const MAX_PAYLOAD = 512 * 1024;

function jsonLength(payload: ErrorPayload): number {
  try {
    return JSON.stringify(payload).length;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Keeps a payload within {@link MAX_PAYLOAD}: an error with thousands of
 * long issues, or a long chain of such causes, loses first its causes,
 * then most issues, then the middle of its texts; it always keeps its name
 * and the start of its message.
 */
function withinBudget(payload: ErrorPayload): ErrorPayload {
  if (jsonLength(payload) <= MAX_PAYLOAD) return payload;
  delete payload.cause;
  if (jsonLength(payload) <= MAX_PAYLOAD) return payload;
  if (payload.issues) {
    payload.issues = payload.issues.slice(0, 10).map((i) => ({ ...i, path: i.path.slice(0, 64), message: clip(i.message, 1024) }));
  }
  if (payload.path) payload.path = payload.path.slice(0, 64);
  if (jsonLength(payload) <= MAX_PAYLOAD) return payload;
  const small: ErrorPayload = { name: payload.name, message: clip(payload.message, 16 * 1024) };
  if (payload.stack !== undefined) small.stack = clip(payload.stack, 16 * 1024);
  if (payload.code !== undefined) small.code = payload.code;
  return small;
}

function encode(error: unknown, seen: Set<unknown>, depth: number): ErrorPayload {
  try {
    if (!isA(error, Error)) return { name: "Error", message: clip(`non-error thrown: ${describeThrown(error)}`, MAX_TEXT) };
    const e = error as Error;
    seen.add(e);
    const payload: ErrorPayload = {
      name: textOf(read(e, "name"), MAX_NAME) || "Error",
      message: textOf(read(e, "message"), MAX_TEXT) ?? "",
    };
    const stack = read(e, "stack");
    if (typeof stack === "string") payload.stack = clip(stack, MAX_TEXT);
    const code = read(e, "code");
    if (typeof code === "string") payload.code = clip(code, MAX_NAME);
    else if (typeof code === "number" && Number.isFinite(code)) payload.code = code;
    try {
      decorumDetails(e, payload);
    } catch {
      // A hostile subclass of a decorum error: it crosses as a plain error.
      delete payload.issues;
      delete payload.className;
      delete payload.path;
      delete payload.typeName;
    }
    const cause = read(e, "cause");
    if (cause !== undefined && depth < MAX_CAUSES && !seen.has(cause)) payload.cause = encode(cause, seen, depth + 1);
    return payload;
  } catch {
    return { name: "Error", message: "a thrown value that could not be described" };
  }
}

function decorumDetails(error: Error, payload: ErrorPayload): void {
  if (error instanceof ValidationError || error instanceof DeserializeError) {
    payload.issues = error.issues.slice(0, MAX_ISSUES).map((i) => {
      const copy: { -readonly [K in keyof Issue]: Issue[K] } = {
        path: i.path.map((k) => (typeof k === "number" ? k : String(k))),
        code: String(i.code),
        message: clip(String(i.message), MAX_TEXT),
      };
      if (i.expected !== undefined) copy.expected = clip(String(i.expected), MAX_TEXT);
      const received = jsonSafe(i.received);
      if (received !== undefined) copy.received = typeof received === "string" ? clip(received, MAX_TEXT) : received;
      return copy;
    });
    const root = error instanceof ValidationError ? error.className : error.rootName;
    if (root !== undefined) payload.className = String(root);
  }
  if (error instanceof SerializeError) payload.path = error.path.map((k) => (typeof k === "number" ? k : String(k)));
  if (error instanceof UnknownTypeError) {
    payload.typeName = String(error.typeName);
    payload.path = error.path.map((k) => (typeof k === "number" ? k : String(k)));
  }
}

/**
 * Rebuilds an error sent by a worker: decorum's data errors
 * (`ValidationError`, `DeserializeError`, `UnknownTypeError`,
 * `SerializeError`) come back as their own class (with their issues and
 * path), JavaScript's own error classes (`TypeError`, `RangeError`, …) as
 * themselves, anything else as an `Error` with the remote name; each with
 * the remote message, code, cause (rebuilt the same way) and stack (the
 * remote stack follows a `--- in worker <pid> ---` line, or `--- in <where> ---`
 * when `pid` is a description such as `job 7`).
 */
export function payloadToError(payload: ErrorPayload, pid: number | string | undefined): Error {
  return rebuild(payload, pid, 0);
}

function rebuild(payload: ErrorPayload, pid: number | string | undefined, depth: number): Error {
  // The payload came from another process: trust none of its shapes.
  const p = (typeof payload === "object" && payload !== null ? payload : {}) as Partial<ErrorPayload>;
  const name = typeof p.name === "string" ? p.name : "Error";
  const message = typeof p.message === "string" ? p.message : "";
  const issues = Array.isArray(p.issues) ? p.issues : undefined;
  const path = Array.isArray(p.path) ? p.path : undefined;
  const className = typeof p.className === "string" ? p.className : undefined;
  const cause =
    typeof p.cause === "object" && p.cause !== null && depth < MAX_CAUSES ? { cause: rebuild(p.cause, pid, depth + 1) } : undefined;
  let error: Error | undefined;
  try {
    if (name === "ValidationError" && issues) error = new ValidationError(issues, className);
    else if (name === "DeserializeError" && issues) error = new DeserializeError(issues, className);
    else if (name === "UnknownTypeError" && issues && typeof p.typeName === "string") {
      error = new UnknownTypeError(p.typeName, path ?? [], undefined, { issues, rootName: className });
    } else if (name === "SerializeError" && path) {
      const where = formatPath(path);
      error = new SerializeError(path, where && message.startsWith(`${where}: `) ? message.slice(where.length + 2) : message);
    }
  } catch {
    error = undefined; // malformed issues or path: rebuilt as a plain error below
  }
  if (error === undefined) {
    const builtin = Object.hasOwn(BUILTIN_ERRORS, name) ? BUILTIN_ERRORS[name] : undefined;
    error = new (builtin ?? Error)(message, cause);
    if (builtin === undefined) Object.defineProperty(error, "name", { value: name, enumerable: false, configurable: true, writable: true });
    if (typeof p.code === "string" || typeof p.code === "number") (error as { code?: unknown }).code = p.code;
  } else if (cause) {
    Object.defineProperty(error, "cause", { value: cause.cause, enumerable: false, configurable: true, writable: true });
  }
  if (typeof p.stack === "string") {
    const where = typeof pid === "string" ? pid : `worker ${pid ?? "?"}`;
    error.stack = `${error.stack?.split("\n")[0] ?? name}\n    --- in ${where} ---\n${p.stack.split("\n").slice(1).join("\n")}`;
  }
  return error;
}

/** A short description of how a process ended: `exit code 1`, `signal SIGKILL`. */
export function describeExit(code: number | null, signal: string | null): string {
  return signal ? `signal ${signal}` : `exit code ${code ?? "?"}`;
}
