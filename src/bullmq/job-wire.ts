/**
 * What a decorum job looks like in Redis, shared by {@link QueuePool} (the
 * client) and {@link serveQueue} (the workers): the job's name is the task
 * name, its data is the decorum wire form of the arguments, its return value
 * the wire form of the result, and a failure's `failedReason` the error as
 * JSON. Internal.
 *
 * @module
 * @internal
 */
import type { ConnectionOptions } from "bullmq";
import { DeserializeError, formatValue, WorkerError } from "../errors.js";
import { type ErrorPayload, errorToPayload, payloadToError } from "../runtime/node/remote-error.js";
import type { PlainCodec } from "../runtime/node/wire.js";

/**
 * Job data: the wire tree of one call's argument array, or of several calls
 * (`map` with `chunkSize` > 1) under `calls`. BullMQ stores it with
 * `JSON.stringify`, so the job's `data` field in Redis is decorum wire text.
 */
export type JobData = unknown[] | { calls: unknown[][] };

/** The wire tree of one call's arguments. */
export function encodeCall(codec: PlainCodec, args: unknown[]): unknown[] {
  return codec.toPlain(args) as unknown[];
}

/** The wire tree of several calls' arguments (one job of a chunked `map`). */
export function encodeCalls(codec: PlainCodec, calls: unknown[][]): JobData {
  return { calls: codec.toPlain(calls) as unknown[][] };
}

/**
 * Decodes a job's data to the argument lists of its calls (one for a plain
 * call), validating every argument through the registry.
 *
 * @throws {DeserializeError} when the data is not a decorum job (listing what was found) or an argument fails to decode.
 */
export function decodeCalls(codec: PlainCodec, data: unknown): { calls: unknown[][]; chunk: boolean } {
  if (Array.isArray(data)) return { calls: [codec.fromPlain(data) as unknown[]], chunk: false };
  const calls = (data as { calls?: unknown } | null)?.calls;
  if (data !== null && typeof data === "object" && Array.isArray(calls) && calls.every(Array.isArray))
    return { calls: codec.fromPlain(calls) as unknown[][], chunk: true };
  throw new DeserializeError([
    {
      path: [],
      code: "job-data",
      message: "job data must be the decorum wire form of the task's argument array (or { calls: [argument arrays] })",
      received: typeof data === "object" && data !== null ? JSON.stringify(data).slice(0, 80) : data,
    },
  ]);
}

/**
 * A job's `failedReason`: the error as JSON (`name`, `message`, `code`,
 * `issues`, `path`, `cause`, …) without its stack, which BullMQ keeps in the
 * job's `stacktrace`.
 */
export function failedReasonOf(error: unknown): string {
  const payload = errorToPayload(error);
  const strip = (p: ErrorPayload): ErrorPayload => {
    const { stack: _stack, cause, ...rest } = p;
    return cause === undefined ? rest : { ...rest, cause: strip(cause) };
  };
  return JSON.stringify(strip(payload));
}

/**
 * The error a failed job reports to its caller: the task's own error
 * rebuilt from its JSON `failedReason`, or a {@link WorkerError} (reason
 * `"crashed"`) when BullMQ itself failed the job (a job that stalled more
 * often than `maxStalledCount` allows, a worker without decorum).
 */
export function errorOfFailedReason(reason: unknown, queue: string, jobId: string): Error {
  if (typeof reason === "string" && reason.startsWith("{")) {
    try {
      const payload = JSON.parse(reason) as ErrorPayload;
      if (typeof payload?.name === "string" && typeof payload.message === "string") return payloadToError(payload, `job ${jobId}`);
    } catch {
      // Not decorum's JSON: reported as BullMQ's own reason below.
    }
  }
  return new WorkerError(
    "crashed",
    `job ${jobId} of queue "${queue}" failed: ${typeof reason === "string" ? reason : formatValue(reason)}`,
  );
}

/** A Redis URL becomes BullMQ connection options; options pass through. */
export function connectionOf(owner: string, connection: unknown): ConnectionOptions {
  if (typeof connection === "string") {
    if (!/^rediss?:\/\//.test(connection))
      throw new TypeError(
        `${owner}: connection must be a redis:// or rediss:// URL or BullMQ connection options (got ${formatValue(connection)})`,
      );
    return { url: connection };
  }
  if (typeof connection !== "object" || connection === null)
    throw new TypeError(
      `${owner}: the connection option is required: a Redis URL such as "redis://127.0.0.1:6379" or BullMQ connection options (got ${formatValue(connection)})`,
    );
  return connection as ConnectionOptions;
}
