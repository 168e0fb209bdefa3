/**
 * `@profiled()` and `profile(fn)`: per function (or method) call counts,
 * errors and duration statistics with percentiles from a fixed-memory
 * histogram, recorded in a {@link Profiler}.
 *
 * @module
 */

import { formatValue } from "../errors.js";
import { createDecorator } from "./dialect.js";
import {
  type Instrumented,
  type InstrumentOptions,
  instrumentClass,
  instrumentFunction,
  instrumentMethod,
  type UniversalMethodOrClassDecorator,
} from "./instrument.js";

/**
 * Options of `@profiled()` and `profile(fn)`.
 *
 * @example
 * ```ts
 * const options: ProfiledOptions = { label: "db.query", profiler: new Profiler() };
 * ```
 */
export interface ProfiledOptions extends InstrumentOptions {}

/**
 * Profiles a method (`@profiled()` on it) or every method of a class
 * (`@profiled()` on the class: prototype and static methods, each named
 * `Class.method`). Read the numbers with `stats(obj.method)` or
 * `profiler.report()`.
 *
 * @example
 * ```ts
 * class Service {
 *   @profiled() handle(req: string) { return req.length; }
 * }
 * @profiled()
 * class Repo { find() {} save() {} }
 * ```
 * @throws {ClassDefinitionError} when applied to a field, accessor, getter or setter.
 * @throws {TypeError} when `options` is not an object.
 */
export function profiled(options: ProfiledOptions = {}): UniversalMethodOrClassDecorator {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`profiled(): expected an options object (got ${formatValue(options)}); to profile a function, use profile(fn)`);
  }
  const opts = { ...options };
  return createDecorator({
    name: "@profiled",
    method: (fn, d) => instrumentMethod(fn, d, "profiled", opts),
    class: (ctor, d) => {
      instrumentClass(ctor, d, "profiled", opts);
    },
  });
}

/**
 * Profiles a plain function: the `Profiled` wrapper of the Python recipes decorum follows. The result is
 * the same function (same name, length, `this`, result and type) with
 * `ncalls` and `stats` (a fresh snapshot at each read).
 *
 * @example
 * ```ts
 * const add = profile((x: number, y: number) => x + y);
 * add(1, 2);
 * add.ncalls;        // 1
 * add.stats.meanMs;  // e.g. 0.0002
 * ```
 * @typeParam F - the function's type, kept by the result.
 * @throws {TypeError} when `fn` is not a function.
 */
// biome-ignore lint/suspicious/noExplicitAny: matches any function signature
export function profile<F extends (...args: any[]) => any>(fn: F, options?: ProfiledOptions): F & Instrumented {
  return instrumentFunction(fn, "profiled", options, "profile()");
}
