import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Histogram } from "../../src/decorators/index.js";

/** The nearest-rank percentile of a sample, computed exactly. */
function exactPercentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((q / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

describe("Histogram", () => {
  it("reports the percentiles of 1..100 ms within its 1.6% precision", () => {
    const h = new Histogram();
    for (let ms = 100; ms >= 1; ms--) h.record(ms);
    expect(h.count).toBe(100);
    expect(h.sum).toBe(5050);
    expect(h.mean).toBe(50.5);
    expect(h.min).toBe(1);
    expect(h.max).toBe(100);
    for (const [q, exact] of [
      [50, 50],
      [90, 90],
      [99, 99],
      [100, 100],
      [0, 1],
    ] as const) {
      expect(Math.abs(h.percentile(q) - exact) / exact).toBeLessThanOrEqual(1 / 64);
    }
  });

  it("keeps every percentile within 1/64 of the exact nearest-rank value (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e12 }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (nanos, q) => {
          const h = new Histogram();
          const ms = nanos.map((n) => n / 1e6);
          for (const v of ms) h.record(v);
          const exact = exactPercentile(ms, q);
          // 1/64 relative, plus 1 ns for the rounding of a value to whole nanoseconds.
          expect(Math.abs(h.percentile(q) - exact)).toBeLessThanOrEqual(exact / 64 + 1e-6);
        },
      ),
    );
  });

  it("records durations longer than 2^32 ns and clamps beyond 2^46 ns to the maximum", () => {
    const h = new Histogram();
    h.record(10_000); // 10 s
    expect(Math.abs(h.percentile(50) - 10_000) / 10_000).toBeLessThanOrEqual(1 / 64);
    h.record(1e9); // about 11.6 days, beyond the last bucket
    expect(h.percentile(100)).toBe(1e9);
    expect(h.max).toBe(1e9);
  });

  it("keeps its storage size constant across a million values", () => {
    const h = new Histogram();
    const before = h.byteLength;
    for (let i = 0; i < 1_000_000; i++) h.record((i % 5000) / 100);
    expect(h.count).toBe(1_000_000);
    expect(h.byteLength).toBe(before);
    expect(h.bucketCount * Float64Array.BYTES_PER_ELEMENT).toBe(before);
  });

  it("treats negative durations as zero and forgets everything on reset", () => {
    const h = new Histogram();
    h.record(-3);
    expect(h.min).toBe(0);
    expect(h.percentile(50)).toBe(0);
    h.reset();
    expect(h.count).toBe(0);
    expect(h.mean).toBe(0);
    expect(h.percentile(99)).toBe(0);
  });

  it("rejects a percentile outside 0..100", () => {
    const h = new Histogram();
    expect(() => h.percentile(101)).toThrow(RangeError);
    expect(() => h.percentile(Number.NaN)).toThrow("Histogram.percentile: q must be between 0 and 100 (got NaN)");
  });
});
