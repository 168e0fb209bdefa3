/**
 * How errors and exits cross a process boundary. Internal.
 *
 * @module
 * @internal
 */
import { DecorumError, DeserializeError, formatPath, type Issue, SerializeError, UnknownTypeError, ValidationError } from "../errors.js";

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
  /** The error's `cause`, encoded the same way (a cause that is not an `Error` becomes one holding its text). */
  cause?: ErrorPayload;
}

/** Causes deeper than this are dropped (a cause chain can loop). */
const MAX_CAUSES = 8;

/** JavaScript's own error classes, rebuilt as themselves on the receiving side. */
const BUILTIN_ERRORS: Record<string, new (message: string) => Error> = {
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

/** The JSON payload of a thrown value (any value: non-errors become `Error(String(value))`). */
export function errorToPayload(error: unknown, depth = 0): ErrorPayload {
  if (!(error instanceof Error)) return { name: "Error", message: `non-error thrown: ${String(error)}` };
  const payload: ErrorPayload = { name: error.name, message: error.message };
  if (typeof error.stack === "string") payload.stack = error.stack;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") payload.code = code;
  if (error instanceof ValidationError || error instanceof DeserializeError) {
    payload.issues = error.issues.map((i) => {
      const copy: { -readonly [K in keyof Issue]: Issue[K] } = { path: [...i.path], code: i.code, message: i.message };
      if (i.expected !== undefined) copy.expected = i.expected;
      const received = jsonSafe(i.received);
      if (received !== undefined) copy.received = received;
      return copy;
    });
    const root = error instanceof ValidationError ? error.className : error.rootName;
    if (root !== undefined) payload.className = root;
  }
  if (error instanceof SerializeError) payload.path = [...error.path];
  if (error instanceof UnknownTypeError) {
    payload.typeName = error.typeName;
    payload.path = [...error.path];
  }
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && depth < MAX_CAUSES)
    payload.cause = cause instanceof Error ? errorToPayload(cause, depth + 1) : { name: "Error", message: String(cause) };
  return payload;
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
  let error: Error;
  if (payload.name === "ValidationError" && payload.issues) error = new ValidationError(payload.issues, payload.className);
  else if (payload.name === "DeserializeError" && payload.issues) error = new DeserializeError(payload.issues, payload.className);
  else if (payload.name === "UnknownTypeError" && payload.issues && payload.typeName !== undefined) {
    error = new UnknownTypeError(payload.typeName, payload.path ?? [], undefined, { issues: payload.issues, rootName: payload.className });
  } else if (payload.name === "SerializeError" && payload.path) {
    const where = formatPath(payload.path);
    const message = where && payload.message.startsWith(`${where}: `) ? payload.message.slice(where.length + 2) : payload.message;
    error = new SerializeError(payload.path, message);
  } else {
    const builtin = Object.hasOwn(BUILTIN_ERRORS, payload.name) ? BUILTIN_ERRORS[payload.name] : undefined;
    error = new (builtin ?? Error)(payload.message);
    if (builtin === undefined)
      Object.defineProperty(error, "name", { value: payload.name, enumerable: false, configurable: true, writable: true });
    if (payload.code !== undefined && !(error instanceof DecorumError)) (error as { code?: unknown }).code = payload.code;
  }
  if (payload.cause !== undefined)
    Object.defineProperty(error, "cause", {
      value: payloadToError(payload.cause, pid),
      enumerable: false,
      configurable: true,
      writable: true,
    });
  if (payload.stack) {
    const where = typeof pid === "string" ? pid : `worker ${pid ?? "?"}`;
    error.stack = `${error.stack?.split("\n")[0] ?? payload.name}\n    --- in ${where} ---\n${payload.stack.split("\n").slice(1).join("\n")}`;
  }
  return error;
}

/** A short description of how a process ended: `exit code 1`, `signal SIGKILL`. */
export function describeExit(code: number | null, signal: string | null): string {
  return signal ? `signal ${signal}` : `exit code ${code ?? "?"}`;
}
