import { describe, expect, it } from "vitest";
import { manualClock, Profiler, stats, timed, type UniversalDecorator } from "../../src/decorators/index.js";
import { ClassDefinitionError } from "../../src/errors.js";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("@timed", () => {
  it("records each call's duration and logs `Class.method took X ms` through the sink", () => {
    const clock = manualClock();
    const p = new Profiler({ clock });
    const lines: string[] = [];
    class Downloader {
      @timed({ profiler: p, log: true, sink: (line) => lines.push(line) }) fetch(ms: number): string {
        clock.advance(ms);
        return `fetched in ${ms}`;
      }
    }
    const d = new Downloader();
    expect(d.fetch(12.5)).toBe("fetched in 12.5");
    expect(d.fetch(3)).toBe("fetched in 3");
    expect(lines).toEqual(["Downloader.fetch took 12.500 ms", "Downloader.fetch took 3.000 ms"]);
    const s = stats(d.fetch);
    expect(s).toMatchObject({ kind: "timed", ncalls: 2, errors: 0, totalMs: 15.5, minMs: 3, maxMs: 12.5, lastMs: 3, meanMs: 7.75 });
    // @timed keeps no histogram: percentiles need @profiled.
    expect(s.p50Ms).toBeNaN();
  });

  it("prints nothing without { log: true }", () => {
    const lines: string[] = [];
    const p = new Profiler({ sink: (line) => lines.push(line) });
    class Quiet {
      @timed({ profiler: p }) run() {
        return 1;
      }
    }
    new Quiet().run();
    expect(lines).toEqual([]);
    expect(stats(new Quiet().run).ncalls).toBe(1);
  });

  it("uses the profiler's replaceable sink when the decorator has none, and the label as the name", () => {
    const clock = manualClock();
    const p = new Profiler({ clock });
    const lines: string[] = [];
    p.sink = (line) => lines.push(line);
    class Job {
      @timed({ profiler: p, log: true, label: "nightly job" }) run() {
        clock.advance(1);
        throw new RangeError("disk full");
      }
    }
    expect(() => new Job().run()).toThrow(RangeError);
    expect(lines).toEqual(["nightly job took 1.000 ms (failed)"]);
    expect(stats(Job.prototype.run)).toMatchObject({ ncalls: 1, errors: 1 });
  });

  it("times an async method until it settles", async () => {
    const p = new Profiler();
    class Sleeper {
      @timed({ profiler: p }) async nap(ms: number) {
        await sleep(ms);
        return ms;
      }
    }
    const s = new Sleeper();
    expect(await s.nap(30)).toBe(30);
    expect(stats(s.nap).lastMs).toBeGreaterThanOrEqual(25);
  });

  it("refuses to decorate a class or an accessor", () => {
    expect(() => {
      // @ts-expect-error: @timed applies to methods only
      @timed()
      class Whole {}
      void Whole;
    }).toThrow(ClassDefinitionError);
    // Typed to accept anything: a legacy accessor is a get/set pair, which the types cannot tell from a method.
    const untyped = timed() as UniversalDecorator;
    expect(() => {
      class Box {
        @untyped accessor size = 1;
      }
      void Box;
    }).toThrow("@timed cannot decorate an accessor");
  });
});

describe("timed(fn)", () => {
  it("is the Python recipe's timethis: wraps a function, keeps name and length, prints `name took X ms`", () => {
    const clock = manualClock();
    const lines: string[] = [];
    const p = new Profiler({ clock, sink: (line) => lines.push(line) });
    const countdown = timed(
      function countdown(n: number) {
        while (n > 0) {
          clock.advance(0.5);
          n--;
        }
        return n;
      },
      { profiler: p, log: true },
    );
    expect(countdown(4)).toBe(0);
    expect(countdown.name).toBe("countdown");
    expect(countdown.length).toBe(1);
    expect(countdown.ncalls).toBe(1);
    expect(countdown.stats.totalMs).toBe(2);
    expect(lines).toEqual(["countdown took 2.000 ms"]);
  });

  it("counts a rejection as an error and passes the same reason on", async () => {
    const p = new Profiler();
    const reason = new Error("nope");
    const failing = timed(async () => Promise.reject(reason), { profiler: p, label: "failing" });
    await expect(failing()).rejects.toBe(reason);
    expect(failing.stats).toMatchObject({ name: "failing", ncalls: 1, errors: 1 });
  });

  it("rejects a non-function", () => {
    expect(() => timed("x" as unknown as () => void, {})).toThrow('timed(): expected a function or an options object (got "x")');
  });
});
