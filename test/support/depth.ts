import { depthSettings } from "../../src/registry/depth.js";

/**
 * Runs `fn` with the recursion threshold set to `n` (1: every node goes
 * through the iterative walk; `undefined`: the threshold as it is), and
 * restores it after.
 */
export function withRecursion<T>(n: number | undefined, fn: () => T): T {
  if (n === undefined) return fn();
  const saved = { ...depthSettings };
  depthSettings.recursive = n;
  depthSettings.decode = n;
  try {
    return fn();
  } finally {
    Object.assign(depthSettings, saved);
  }
}
