import { describe, expect, it } from "vitest";
import { manualClock, Profiler, profile, profiled, profiler, stats, timed } from "../../src/decorators/index.js";

/** The trace's pid: the process id in Node, 1 in a browser (no `process`). */
const PID = (globalThis as { process?: { pid?: number } }).process?.pid ?? 1;

interface TraceEvent {
  name: string;
  ph: string;
  ts?: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  cat?: string;
  args?: Record<string, unknown>;
}

function setup() {
  const clock = manualClock(1000);
  const p = new Profiler({ clock });
  const fast = profile(
    function fast() {
      clock.advance(1);
    },
    { profiler: p },
  );
  const slow = profile(
    function slow() {
      clock.advance(10);
    },
    { profiler: p },
  );
  const failing = profile(
    function failing() {
      clock.advance(2);
      throw new Error("x");
    },
    { profiler: p },
  );
  const logged = timed(
    function logged() {
      clock.advance(3);
    },
    { profiler: p },
  );
  const never = profile(function never() {}, { profiler: p });
  return { clock, p, fast, slow, failing, logged, never };
}

describe("Profiler.report", () => {
  it("prints a pstats-like table sorted by total time, skipping functions never called", () => {
    const { p, fast, slow, failing, logged } = setup();
    for (let i = 0; i < 5; i++) fast();
    slow();
    expect(() => failing()).toThrow("x");
    logged();
    const report = p.report();
    const lines = report.split("\n");
    expect(lines[0]).toBe("8 calls (1 error) to 4 functions in 20.000 ms");
    expect(lines[1]).toBe("Ordered by: total");
    expect(lines[3]).toMatch(/^\s+ncalls\s+errors\s+total ms\s+mean ms\s+p50 ms\s+p99 ms\s+name$/);
    const rows = lines.slice(4).map((l) => l.trim().split(/\s+/));
    expect(rows).toEqual([
      ["1", "0", "10.000", "10.000", "10.000", "10.000", "slow"],
      ["5", "0", "5.0000", "1.0000", "1.0000", "1.0000", "fast"],
      ["1", "0", "3.0000", "3.0000", "-", "-", "logged"],
      ["1", "1", "2.0000", "2.0000", "2.0000", "2.0000", "failing"],
    ]);
    expect(report).not.toContain("never");
  });

  it("sorts by another column and limits the rows", () => {
    const { p, fast, slow, failing } = setup();
    for (let i = 0; i < 5; i++) fast();
    slow();
    expect(() => failing()).toThrow();
    const byCalls = p.report({ sortBy: "ncalls", limit: 2 }).split("\n");
    expect(byCalls[1]).toBe("Ordered by: ncalls, first 2");
    expect(byCalls.slice(4).map((l) => l.trim().split(/\s+/).at(-1))).toEqual(["fast", "slow"]);
    const byName = p.report({ sortBy: "name" }).split("\n");
    expect(byName.slice(4).map((l) => l.trim().split(/\s+/).at(-1))).toEqual(["failing", "fast", "slow"]);
    const byErrors = p.report({ sortBy: "errors", limit: 1 }).split("\n");
    expect(byErrors[4]).toMatch(/failing$/);
  });

  it("rejects an unknown sort key or a negative limit", () => {
    const p = new Profiler();
    expect(() => p.report({ sortBy: "speed" as never })).toThrow('Profiler.report: cannot sort by "speed"');
    expect(() => p.report({ limit: -1 })).toThrow(RangeError);
  });
});

describe("Profiler.entries and reset", () => {
  it("lists every registered function in registration order and zeroes them on reset", () => {
    const { p, fast, slow } = setup();
    fast();
    slow();
    expect(p.entries().map((e) => [e.name, e.kind, e.ncalls])).toEqual([
      ["fast", "profiled", 1],
      ["slow", "profiled", 1],
      ["failing", "profiled", 0],
      ["logged", "timed", 0],
      ["never", "profiled", 0],
    ]);
    p.reset();
    expect(p.entries().every((e) => e.ncalls === 0 && e.totalMs === 0 && Number.isNaN(e.p99Ms) === (e.kind === "timed"))).toBe(true);
    expect(fast.stats).toMatchObject({ ncalls: 0, minMs: 0, maxMs: 0, meanMs: 0, p50Ms: 0 });
    fast();
    expect(fast.ncalls).toBe(1);
  });

  it("has a default profiler that decorators use unless told otherwise", () => {
    class Defaulted {
      @profiled() run() {
        return 7;
      }
    }
    const d = new Defaulted();
    d.run();
    expect(profiler.entries().some((e) => e.name === "Defaulted.run" && e.ncalls === 1)).toBe(true);
    profiler.enabled = false;
    try {
      d.run();
      expect(stats(d.run).ncalls).toBe(1);
    } finally {
      profiler.enabled = true;
    }
  });
});

describe("Profiler.toChromeTrace", () => {
  it("records no spans unless tracing was started", () => {
    const { p, fast } = setup();
    fast();
    const trace = JSON.parse(p.toChromeTrace()) as { traceEvents: TraceEvent[] };
    expect(trace.traceEvents.map((e) => e.ph)).toEqual(["M", "M"]);
    expect(p.tracing).toBe(false);
  });

  it("writes complete events in microseconds that nest, async events for async calls, and flags errors", async () => {
    const { clock, p, slow, failing } = setup();
    p.startTracing(100);
    const outer = profile(
      function outer() {
        clock.advance(1);
        slow();
        clock.advance(1);
      },
      { profiler: p },
    );
    outer();
    expect(() => failing()).toThrow();
    const later = profile(
      async function later() {
        clock.advance(4);
        await Promise.resolve();
        clock.advance(4);
      },
      { profiler: p },
    );
    await later();
    const trace = JSON.parse(p.toChromeTrace()) as {
      traceEvents: TraceEvent[];
      displayTimeUnit: string;
      otherData: { droppedSpans: number };
    };
    expect(trace.displayTimeUnit).toBe("ms");
    expect(trace.otherData.droppedSpans).toBe(0);
    const [processName, threadName, ...spans] = trace.traceEvents;
    expect(processName).toMatchObject({ name: "process_name", ph: "M", pid: PID });
    expect(threadName).toMatchObject({ name: "thread_name", ph: "M" });
    expect(spans.map((e) => [e.name, e.ph, e.ts, e.dur])).toEqual([
      ["outer", "X", 1_000_000, 12_000],
      ["slow", "X", 1_001_000, 10_000],
      ["failing", "X", 1_012_000, 2_000],
      ["later", "b", 1_014_000, undefined],
      ["later", "e", 1_022_000, undefined],
    ]);
    expect(spans[2]?.args).toEqual({ error: true });
    expect(spans[3]?.id).toBe(spans[4]?.id);
    for (const e of spans) {
      expect(e.pid).toBe(PID);
      expect(e.cat).toBe("decorum.profiled");
    }
  });

  it("starts tracing from the constructor option, records generator runs as async spans and timed calls under their own category", () => {
    const clock = manualClock(5);
    const p = new Profiler({ clock, trace: 50 });
    expect(p.tracing).toBe(true);
    expect(p.traceCapacity).toBe(50);
    const items = profile(
      function* items() {
        clock.advance(1);
        yield 1;
        clock.advance(2);
      },
      { profiler: p },
    );
    const tick = timed(
      function tick() {
        clock.advance(0.5);
      },
      { profiler: p },
    );
    for (const _ of items()) tick();
    const trace = JSON.parse(p.toChromeTrace()) as { traceEvents: TraceEvent[] };
    // The wrapper's span covers the run from its first step to its end (3.5 ms), though the
    // statistics count only the 3 ms spent inside the generator.
    const spans = trace.traceEvents.filter((e) => e.ph !== "M").sort((a, b) => (a.ts as number) - (b.ts as number));
    expect(spans.map((e) => [e.name, e.cat, e.ph, e.ts])).toEqual([
      ["items", "decorum.profiled", "b", 5_000],
      ["tick", "decorum.timed", "X", 6_000],
      ["items", "decorum.profiled", "e", 8_500],
    ]);
    expect(spans[1]?.dur).toBe(500);
    expect(spans[0]?.id).toBe(spans[2]?.id);
    expect(items.stats).toMatchObject({ ncalls: 1, totalMs: 3 });
    for (const e of trace.traceEvents) {
      expect(typeof e.name).toBe("string");
      expect(["M", "X", "b", "e"]).toContain(e.ph);
      expect(e.pid).toBe(PID);
      expect(e.tid).toBe(1);
      if (e.ph !== "M") expect(Number.isFinite(e.ts)).toBe(true);
    }
  });

  it("keeps only the last N spans in a fixed ring buffer", () => {
    const { p, fast } = setup();
    p.startTracing(10);
    for (let i = 0; i < 25; i++) fast();
    expect(p.spanCount).toBe(10);
    expect(p.droppedSpans).toBe(15);
    const trace = JSON.parse(p.toChromeTrace()) as { traceEvents: TraceEvent[]; otherData: { droppedSpans: number } };
    const spans = trace.traceEvents.filter((e) => e.ph === "X");
    expect(spans).toHaveLength(10);
    // The newest 10 calls: the 16th to the 25th, one millisecond apart.
    expect(spans.map((e) => e.ts)).toEqual(Array.from({ length: 10 }, (_, k) => (1000 + 15 + k) * 1000));
    expect(trace.otherData.droppedSpans).toBe(15);
    p.reset();
    expect(p.spanCount).toBe(0);
    expect(p.tracing).toBe(true);
    p.stopTracing();
    expect(p.tracing).toBe(false);
    expect(() => p.startTracing(0)).toThrow("capacity must be a positive integer (got 0)");
  });
});
