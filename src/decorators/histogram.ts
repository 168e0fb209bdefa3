/**
 * A fixed-memory log-linear histogram of durations, the storage behind
 * `@profiled` statistics. Its memory is allocated once, when it is created,
 * and never grows with the number of recorded values.
 *
 * Layout (like HdrHistogram with 5 significant bits): durations are recorded
 * in whole nanoseconds; values below 64 ns get one bucket each, and every
 * power-of-two range above that is split into 32 equal buckets, up to 2^46 ns
 * (about 19.5 hours; longer values land in the last bucket). A bucket spans
 * at most 1/32 of its lower bound, and a percentile is reported as the middle
 * of its bucket clamped to the exact min/max, so it is within 1.6% of the
 * true nearest-rank value.
 *
 * @module
 */
import { argumentError } from "../errors.js";

const SUB_BITS = 5;
const SUB_COUNT = 1 << SUB_BITS; // 32 buckets per power of two
const LINEAR_LIMIT = SUB_COUNT * 2; // values below 64 ns are exact
const MAX_EXPONENT = 45; // the largest power of two kept: 2^45 .. 2^46 ns
const BUCKETS = (MAX_EXPONENT - SUB_BITS) * SUB_COUNT + 2 * SUB_COUNT; // 1344
const TWO_32 = 4294967296;

/** The bucket holding `ns` (a non-negative integer number of nanoseconds). */
function bucketOf(ns: number): number {
  if (ns < LINEAR_LIMIT) return ns;
  let exponent: number;
  let top: number;
  if (ns < TWO_32) {
    exponent = 31 - Math.clz32(ns);
    top = ns >>> (exponent - SUB_BITS);
  } else {
    exponent = 63 - Math.clz32(Math.floor(ns / TWO_32));
    if (exponent > MAX_EXPONENT) return BUCKETS - 1;
    top = Math.floor(ns / 2 ** (exponent - SUB_BITS));
  }
  return (exponent - SUB_BITS) * SUB_COUNT + top;
}

/** The middle of bucket `index`, in nanoseconds. */
function bucketMiddle(index: number): number {
  if (index < LINEAR_LIMIT) return index;
  const shift = (index >> SUB_BITS) - 1;
  const lower = (SUB_COUNT + (index & (SUB_COUNT - 1))) * 2 ** shift;
  return lower + (2 ** shift - 1) / 2;
}

/**
 * A fixed-memory histogram of durations in milliseconds, with exact count,
 * sum, min and max, and percentiles within 1.6%.
 *
 * @example
 * ```ts
 * const h = new Histogram();
 * for (let ms = 1; ms <= 100; ms++) h.record(ms);
 * h.percentile(50); // ≈ 50
 * h.byteLength;     // 10752, whatever the number of values
 * ```
 */
export class Histogram {
  /** Number of recorded values. */
  count = 0;
  /** Sum of the recorded values, in milliseconds (exact, not bucketed). */
  sum = 0;
  /** Smallest recorded value in milliseconds (`Infinity` when empty). */
  min = Number.POSITIVE_INFINITY;
  /** Largest recorded value in milliseconds (`-Infinity` when empty). */
  max = Number.NEGATIVE_INFINITY;
  readonly #counts = new Float64Array(BUCKETS);

  /** Bytes of bucket storage: fixed when the histogram is created. */
  get byteLength(): number {
    return this.#counts.byteLength;
  }

  /** Number of buckets (fixed). */
  get bucketCount(): number {
    return BUCKETS;
  }

  /** The mean of the recorded values (0 when empty). */
  get mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  /** Records one duration in milliseconds; negative values count as 0. */
  record(ms: number): void {
    const value = Math.max(ms, 0);
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    const ns = Math.floor(value * 1e6);
    const counts = this.#counts;
    const i = ns < LINEAR_LIMIT ? ns : bucketOf(ns);
    counts[i] = (counts[i] as number) + 1;
  }

  /**
   * The nearest-rank percentile `q` (0–100) in milliseconds: the smallest
   * recorded value with at least `q`% of the values at or below it, within
   * the bucket precision. 0 when empty.
   *
   * @throws {RangeError} when `q` is not between 0 and 100.
   */
  percentile(q: number): number {
    if (!(q >= 0 && q <= 100)) throw argumentError(RangeError, "Histogram.percentile", "q", "between 0 and 100", q);
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((q / 100) * this.count));
    // The smallest and largest values are known exactly.
    if (rank === 1) return this.min;
    if (rank === this.count) return this.max;
    const counts = this.#counts;
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += counts[i] as number;
      if (seen >= rank) {
        if (i === BUCKETS - 1) return this.max; // beyond 2^46 ns: the bucket has no upper bound
        const ms = bucketMiddle(i) / 1e6;
        return Math.min(this.max, Math.max(this.min, ms));
      }
    }
    return this.max;
  }

  /** Forgets every recorded value (the storage is kept). */
  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
    this.#counts.fill(0);
  }
}
