/**
 * Paths of nested values: a codec may name a nested payload's position with
 * several segments at once (`["entries", 3]`); the encoder and the decoder
 * both descend into it the same way, through {@link underSegments}.
 *
 * @module
 */
import type { PathSegment } from "../errors.js";

/**
 * Runs `step(last)` with every segment of `segs` but the last pushed onto
 * `keys` (the walk's current path), and pops them again however `step` ends.
 * `segs` has at least one segment.
 */
export function underSegments<T>(keys: PathSegment[], segs: readonly PathSegment[], step: (last: PathSegment) => T): T {
  const n = segs.length - 1;
  for (let i = 0; i < n; i++) keys.push(segs[i] as PathSegment);
  try {
    return step(segs[n] as PathSegment);
  } finally {
    keys.length -= n;
  }
}
