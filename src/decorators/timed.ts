/**
 * `@timed()` and `timed(fn)`: record every call's duration (count, total,
 * min, max, last), and with `{ log: true }` print `name took X ms`, like the
 * classic `timethis` decorator. Lighter than `@profiled` (no histogram, so no
 * percentiles).
 *
 * @module
 */
import { formatValue } from "../errors.js";
import { createDecorator } from "./dialect.js";
import {
  type Instrumented,
  type InstrumentOptions,
  instrumentFunction,
  instrumentMethod,
  type UniversalMethodDecorator,
} from "./instrument.js";
import type { LogSink } from "./profiler.js";

/**
 * Options of `@timed()` and `timed(fn)`.
 *
 * @example
 * ```ts
 * const options: TimedOptions = { log: true, label: "render", sink: (line) => lines.push(line) };
 * ```
 */
export interface TimedOptions extends InstrumentOptions {
  /** Print `name took X ms` after every call. Default `false`. */
  log?: boolean;
  /** Where the line goes. Default: the profiler's `sink` (`console.log` unless replaced). */
  sink?: LogSink;
}

/**
 * Times every call of a function (`timed(fn, options?)`, returning the
 * wrapped function with `ncalls` and `stats`) or of a method (`@timed(options?)`).
 * Async functions are timed until their promise settles; see the profiling
 * guide for generators. `stats(fn)` reads the numbers; percentiles are `NaN`
 * (use `@profiled` for those).
 *
 * @example
 * ```ts
 * class Api {
 *   @timed({ log: true }) fetch(id: number) { return id; } // prints "Api.fetch took 0.004 ms"
 * }
 * const countdown = timed((n: number) => { while (n > 0) n--; }, { log: true, label: "countdown" });
 * ```
 * @typeParam F - the timed function's type, kept by the result.
 * @throws {ClassDefinitionError} when the decorator is applied to something other than a method.
 * @throws {TypeError} when given something other than a function or an options object.
 */
// biome-ignore lint/suspicious/noExplicitAny: matches any function signature
export function timed<F extends (...args: any[]) => any>(fn: F, options?: TimedOptions): F & Instrumented;
export function timed(options?: TimedOptions): UniversalMethodDecorator;
export function timed(first?: unknown, second?: TimedOptions): unknown {
  if (typeof first === "function") return instrumentFunction(first, "timed", second, "timed()");
  if (first !== undefined && (first === null || typeof first !== "object")) {
    throw new TypeError(`timed(): expected a function or an options object (got ${formatValue(first)})`);
  }
  const options = { ...((first ?? {}) as TimedOptions) };
  return createDecorator({
    name: "@timed",
    method: (fn, d) => instrumentMethod(fn, d, "timed", options),
  });
}
