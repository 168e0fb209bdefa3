/**
 * The time source of the profiler. A clock is a function that returns the
 * current time in milliseconds (any origin, fractions allowed, never going
 * backwards). Injecting one makes timing code deterministic in tests.
 *
 * @module
 */
import { formatValue } from "../errors.js";
/**
 * A function returning the current time in milliseconds. Only differences
 * between two readings are used, except by `toChromeTrace()`, which uses the
 * readings as timestamps.
 *
 * @example
 * ```ts
 * let now = 0;
 * const fake: Clock = () => now;     // advance with now += 5
 * ```
 */
export type Clock = () => number;

/**
 * The default clock: the global `performance.now()` (Node, browsers, workers),
 * monotonic, sub-millisecond, milliseconds since the process or page started.
 *
 * @example
 * ```ts
 * const t0 = performanceClock();
 * ```
 */
export const performanceClock: Clock = () => globalThis.performance.now();

/**
 * A manual clock for tests and examples: time moves only when told to.
 *
 * @example
 * ```ts
 * const clock = manualClock();
 * const p = new Profiler({ clock });
 * clock.advance(5); // 5 ms pass
 * ```
 */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Sets the current time. */
  set(ms: number): void;
}

/**
 * Creates a {@link ManualClock} starting at `start` milliseconds.
 *
 * @example
 * ```ts
 * const clock = manualClock();
 * clock.advance(2.5);
 * clock(); // 2.5
 * ```
 * @throws {RangeError} when asked to move backwards.
 */
export function manualClock(start = 0): ManualClock {
  let now = start;
  const clock = (() => now) as ManualClock;
  clock.advance = (ms: number) => {
    if (!(ms >= 0)) throw new RangeError(`manualClock.advance: time cannot move backwards (got ${formatValue(ms)})`);
    now += ms;
  };
  clock.set = (ms: number) => {
    if (!(ms >= now)) throw new RangeError(`manualClock.set: time cannot move backwards (from ${now} to ${ms})`);
    now = ms;
  };
  return clock;
}
