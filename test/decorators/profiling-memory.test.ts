/**
 * Issue 5, bounded memory: statistics come from a fixed-memory histogram and
 * spans from a fixed ring buffer, so a long-running process does not grow
 * with the number of calls. Measured on the heap (after a full GC), so a
 * profiler that kept one number per call (8 MB for a million) would fail.
 */
import { describe, expect, it } from "vitest";
import { histogramOf, Profiler, profile, profiled, stats, timed } from "../../src/decorators/index.js";

const CALLS = 1_000_000;
/** Far below the 8 MB that one double per call would take. */
const SLACK_BYTES = 1_000_000;

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  expect(typeof gc, "the test projects run with --expose-gc").toBe("function");
  (gc as () => void)();
  (gc as () => void)();
  return process.memoryUsage().heapUsed;
}

/** A clock that moves by a varying amount, so the durations spread over many buckets. */
function steppingClock(): () => number {
  let now = 0;
  let k = 0;
  return () => {
    k = (k + 7919) % 100_003;
    now += k / 1e4; // 0 .. 10 ms
    return now;
  };
}

describe("bounded memory", () => {
  it("keeps the heap flat over a million profiled calls of a function", () => {
    const p = new Profiler({ clock: steppingClock() });
    const inc = profile((x: number) => x + 1, { profiler: p, label: "inc" });
    let x = inc(0); // warm up: everything that is allocated once is allocated now
    const bytes = histogramOf(inc)?.byteLength;
    const before = heapAfterGc();
    for (let i = 1; i < CALLS; i++) x = inc(x);
    const after = heapAfterGc();
    expect(x).toBe(CALLS);
    expect(inc.ncalls).toBe(CALLS);
    expect(histogramOf(inc)?.count).toBe(CALLS);
    expect(histogramOf(inc)?.byteLength).toBe(bytes);
    expect(after - before).toBeLessThan(SLACK_BYTES);
  });

  it("keeps the heap flat over a million calls of a @profiled and a @timed method", () => {
    const p = new Profiler({ clock: steppingClock() });
    class Counter {
      n = 0;
      @profiled({ profiler: p }) up() {
        return ++this.n;
      }
      @timed({ profiler: p }) down() {
        return --this.n;
      }
    }
    const c = new Counter();
    c.up();
    c.down();
    const before = heapAfterGc();
    for (let i = 1; i < CALLS; i++) {
      c.up();
      c.down();
    }
    const after = heapAfterGc();
    expect(stats(c.up).ncalls).toBe(CALLS);
    expect(stats(c.down).ncalls).toBe(CALLS);
    expect(after - before).toBeLessThan(SLACK_BYTES);
  });

  it("keeps only the ring buffer's spans while tracing a million calls", () => {
    const p = new Profiler({ clock: steppingClock(), trace: 1_000 });
    const inc = profile((x: number) => x + 1, { profiler: p, label: "inc" });
    let x = inc(0);
    const before = heapAfterGc();
    for (let i = 1; i < CALLS; i++) x = inc(x);
    const after = heapAfterGc();
    expect(x).toBe(CALLS);
    expect(p.spanCount).toBe(1_000);
    expect(p.droppedSpans).toBe(CALLS - 1_000);
    expect(after - before).toBeLessThan(SLACK_BYTES);
    const trace = JSON.parse(p.toChromeTrace()) as { traceEvents: Array<{ ph: string }> };
    expect(trace.traceEvents.filter((e) => e.ph === "X")).toHaveLength(1_000);
  });

  it("keeps the heap flat over a million sampled calls, sync and async, with errors counted", async () => {
    const p = new Profiler({ clock: steppingClock(), sample: 16, random: () => 0.5 });
    const inc = profile((x: number) => x + 1, { profiler: p, label: "inc" });
    const boom = new Error("odd");
    const check = profile(
      async (x: number) => {
        if (x % 2 === 1) throw boom;
        return x;
      },
      { profiler: p, label: "check" },
    );
    let x = inc(0);
    await check(0);
    const before = heapAfterGc();
    for (let i = 1; i < CALLS; i++) x = inc(x);
    // Async calls in batches, so the pending promises themselves stay few.
    const ASYNC = 100_000;
    for (let i = 1; i < ASYNC; i += 1000) {
      const batch: Array<Promise<unknown>> = [];
      for (let j = i; j < i + 1000 && j < ASYNC; j++) batch.push(check(j).catch(() => 0));
      await Promise.all(batch);
    }
    const after = heapAfterGc();
    expect(x).toBe(CALLS);
    expect(stats(inc)).toMatchObject({ ncalls: CALLS, sampled: CALLS / 16, estimated: true });
    expect(histogramOf(inc)?.count).toBe(CALLS / 16);
    expect(stats(check)).toMatchObject({ ncalls: ASYNC, errors: ASYNC / 2, sampled: Math.ceil(ASYNC / 16) });
    expect(after - before).toBeLessThan(SLACK_BYTES);
  });
});
