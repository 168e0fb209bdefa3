/**
 * `wraps`: what Python's `functools.wraps` does for a decorator's wrapper
 * function, in TypeScript. The wrapper takes the wrapped function's `name`,
 * `length` and decorum metadata, and remembers what it wraps.
 *
 * @module
 */
import { argumentError, formatValue } from "../errors.js";

/**
 * Where a wrapper keeps the function it wraps (Python's `__wrapped__`).
 *
 * @example
 * ```ts
 * (wraps(wrapper, fn) as any)[WRAPPED] === fn; // true
 * ```
 */
export const WRAPPED: unique symbol = Symbol.for("decorum.wrapped") as never;

/** Own properties of a function that describe the function object itself, never copied. */
const SKIPPED = new Set<PropertyKey>(["name", "length", "prototype", "caller", "arguments"]);

function copyMetadata(wrapper: Function, wrapped: Function): void {
  for (const key of Reflect.ownKeys(wrapped)) {
    if (SKIPPED.has(key)) continue;
    const desc = Object.getOwnPropertyDescriptor(wrapped, key) as PropertyDescriptor;
    const existing = Object.getOwnPropertyDescriptor(wrapper, key);
    if (existing && !existing.configurable) continue;
    Object.defineProperty(wrapper, key, { ...desc, configurable: true });
  }
}

/**
 * Makes `wrapper` look like `wrapped`, as Python's `functools.wraps` does:
 * copies `name` and `length`, and every other own property of `wrapped`
 * (string and symbol keys, accessors as accessors) — which is where decorum
 * keeps a function's metadata: its own `Symbol.metadata`, the profiler
 * attachment read by `stats(fn)`, and the `ncalls` / `stats` getters of a
 * profiled function. `prototype`, `caller` and `arguments` are never copied.
 * Finally `wrapper[WRAPPED]` is set to `wrapped` (see {@link unwrap}).
 * Returns `wrapper`. Called with one argument, returns a function that
 * applies it, like `@functools.wraps(func)`.
 *
 * @example
 * ```ts
 * function logged<F extends (...args: any[]) => any>(fn: F): F {
 *   return wraps(function (this: unknown, ...args: unknown[]) {
 *     console.log(`calling ${fn.name}`);
 *     return fn.apply(this, args);
 *   }, fn) as F;
 * }
 * logged(function add(x: number, y: number) { return x + y; }).name; // "add"
 * ```
 * @throws {TypeError} when `wrapper` or `wrapped` is not a function.
 */
export function wraps<W extends Function>(wrapper: W, wrapped: Function): W;
export function wraps(wrapped: Function): <W extends Function>(wrapper: W) => W;
export function wraps(first: Function, second?: Function): unknown {
  if (second === undefined) {
    if (typeof first !== "function") throw new TypeError(`wraps: expected a function to wrap (got ${formatValue(first)})`);
    return <W extends Function>(wrapper: W): W => wraps(wrapper, first);
  }
  if (typeof first !== "function") throw argumentError(TypeError, "wraps", "the wrapper", "a function", first);
  if (typeof second !== "function") throw argumentError(TypeError, "wraps", "the wrapped value", "a function", second);
  copyMetadata(first, second);
  Object.defineProperty(first, "name", { value: second.name, configurable: true });
  Object.defineProperty(first, "length", { value: second.length, configurable: true });
  Object.defineProperty(first, WRAPPED, { value: second, configurable: true, writable: true });
  return first;
}

/**
 * The innermost function under a chain of {@link wraps} wrappers (the
 * function itself when it wraps nothing), like Python's `inspect.unwrap`.
 *
 * @example
 * ```ts
 * const add = (x: number, y: number) => x + y;
 * unwrap(profile(add)) === add; // true
 * ```
 */
export function unwrap<F extends Function>(fn: F): F {
  let current: Function = fn;
  const seen = new Set<Function>();
  for (;;) {
    const inner = (current as { [WRAPPED]?: unknown })[WRAPPED];
    if (typeof inner !== "function" || seen.has(inner)) return current as F;
    seen.add(current);
    current = inner;
  }
}
