/**
 * A task module for `ProcessPool`: every exported function is a task. The
 * pool's workers import this module (which registers `Rect`) before their
 * first task, so `Rect` arguments arrive as `Rect` instances.
 */
import { Rect } from "./shapes.js";

/** The area of a rectangle (a method call: `rect` is a real `Rect`). */
export function area(rect: Rect): number {
  return rect.area();
}

/** A rectangle scaled by `k`, returned as a `Rect`. */
export function scale(rect: Rect, k: number): Rect {
  return new Rect(rect.width * k, rect.height * k);
}

/** Counts the primes below `n` (some CPU work). */
export function countPrimes(n: number): number {
  let count = 0;
  for (let i = 2; i < n; i++) {
    let prime = true;
    for (let d = 2; d * d <= i; d++) {
      if (i % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}

/** Dies in the middle of the task, as a crashing worker would. */
export function crash(): never {
  process.exit(1);
}
