/**
 * Issue 5 requirements not covered by the per-module tests: TypeScript types
 * of instrumented functions and methods (checked by `npm run typecheck`,
 * which compiles this file under both dialects), `this` and identity of
 * errors for `@timed`, the default and replaceable log sinks, the default
 * profiler, and the disabled profiler passing results through untouched.
 */
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import {
  type Instrumented,
  manualClock,
  Profiler,
  type ProfileStats,
  profile,
  profiled,
  profiler,
  stats,
  timed,
  wraps,
} from "../../src/decorators/index.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("TypeScript types", () => {
  it("profile(fn) and timed(fn) keep the function's signature and add ncalls and stats", () => {
    const p = new Profiler();
    const add = profile((x: number, y: number) => x + y, { profiler: p });
    expectTypeOf(add).parameters.toEqualTypeOf<[number, number]>();
    expectTypeOf(add).returns.toEqualTypeOf<number>();
    expectTypeOf(add).toMatchTypeOf<Instrumented>();
    expectTypeOf(add.ncalls).toEqualTypeOf<number>();
    expectTypeOf(add.stats).toEqualTypeOf<ProfileStats>();
    expectTypeOf(add).toBeCallableWith(1, 2);
    // @ts-expect-error: the wrapped function still takes numbers
    expectTypeOf(add).toBeCallableWith("1", 2);

    const fetch = timed(async (id: string) => ({ id }), { profiler: p });
    expectTypeOf(fetch).returns.resolves.toEqualTypeOf<{ id: string }>();
    expectTypeOf(fetch.stats.p99Ms).toEqualTypeOf<number>();

    function* count(n: number): Generator<number, string, undefined> {
      for (let i = 0; i < n; i++) yield i;
      return "done";
    }
    expectTypeOf(profile(count, { profiler: p })).returns.toEqualTypeOf<Generator<number, string, undefined>>();

    expect(add(1, 2)).toBe(3);
    expect(add.ncalls).toBe(1);
  });

  it("decorated methods keep their declared types, and wraps() returns the wrapper's type", () => {
    const p = new Profiler();
    class Service {
      @profiled({ profiler: p }) handle(req: string, retries?: number): number {
        return req.length + (retries ?? 0);
      }
      @timed({ profiler: p }) async load(id: number): Promise<string> {
        return `#${id}`;
      }
    }
    expectTypeOf<Service["handle"]>().toEqualTypeOf<(req: string, retries?: number) => number>();
    expectTypeOf<Service["load"]>().toEqualTypeOf<(id: number) => Promise<string>>();
    const wrapper = wraps(
      (s: string) => s.length,
      (s: string) => s,
    );
    expectTypeOf(wrapper).toEqualTypeOf<(s: string) => number>();
    expect(new Service().handle("abc", 1)).toBe(4);
    expect(wrapper("abcd")).toBe(4);
  });
});

describe("@timed keeps this and the result, and rethrows the same object", () => {
  it("binds this per instance and keeps name, length and the return value", () => {
    const p = new Profiler();
    class Meter {
      constructor(readonly unit: string) {}
      @timed({ profiler: p }) read(value: number, digits = 1): string {
        return `${value.toFixed(digits)} ${this.unit}`;
      }
    }
    const a = new Meter("m");
    const b = new Meter("kg");
    expect(a.read(1.25)).toBe("1.3 m");
    expect(b.read(2, 0)).toBe("2 kg");
    expect(a.read.name).toBe("read");
    expect(a.read.length).toBe(1); // a default parameter ends `length`, as for the undecorated method
    expect(a.read).toBe(b.read);
    expect(stats(a.read)).toMatchObject({ name: "Meter.read", kind: "timed", ncalls: 2, errors: 0 });
  });

  it("rethrows exactly what a synchronous call threw, Error or not, and counts it", () => {
    const p = new Profiler();
    const failure = new SyntaxError("bad");
    const notAnError = { reason: "plain object" };
    const explode = timed(
      (what: "error" | "object" | "string") => {
        if (what === "error") throw failure;
        if (what === "object") throw notAnError;
        throw "a string";
      },
      { profiler: p, label: "explode" },
    );
    const caught: unknown[] = [];
    for (const what of ["error", "object", "string"] as const) {
      try {
        explode(what);
      } catch (e) {
        caught.push(e);
      }
    }
    expect(caught[0]).toBe(failure);
    expect(caught[1]).toBe(notAnError);
    expect(caught[2]).toBe("a string");
    expect(explode.stats).toMatchObject({ ncalls: 3, errors: 3 });
  });

  it("counts an async function that throws before its first await as a rejection", async () => {
    const p = new Profiler();
    const reason = new Error("early");
    const early = profile(
      async (fail: boolean) => {
        if (fail) throw reason;
        return 1;
      },
      { profiler: p },
    );
    const pending = early(true);
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toBe(reason);
    expect(early.stats).toMatchObject({ ncalls: 1, errors: 1 });
  });
});

describe("log sinks and the default profiler", () => {
  it("prints `name took X ms` with console.log by default", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const clock = manualClock();
    const p = new Profiler({ clock });
    const work = timed(
      function work() {
        clock.advance(1.5);
      },
      { profiler: p, log: true },
    );
    work();
    expect(log).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith("work took 1.500 ms");
  });

  it("sends the lines to a replaced profiler.sink, and a decorator's own sink wins over it", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const clock = manualClock();
    const p = new Profiler({ clock });
    const viaProfiler: string[] = [];
    const own: string[] = [];
    p.sink = (line) => viaProfiler.push(line);
    class Pipeline {
      @timed({ profiler: p, log: true }) parse() {
        clock.advance(2);
      }
      @timed({ profiler: p, log: true, label: "render page", sink: (line) => own.push(line) }) render() {
        clock.advance(0.25);
      }
    }
    const pipeline = new Pipeline();
    pipeline.parse();
    pipeline.render();
    expect(viaProfiler).toEqual(["Pipeline.parse took 2.000 ms"]);
    expect(own).toEqual(["render page took 0.250 ms"]);
    expect(log).not.toHaveBeenCalled();
  });

  it("records in the default profiler when no profiler is given, under the function's name", () => {
    const lines: string[] = [];
    const saved = profiler.sink;
    profiler.sink = (line) => lines.push(line);
    try {
      const square = timed(function square(x: number) {
        return x * x;
      });
      const loud = timed((x: number) => -x, { log: true, label: "negate" });
      const cube = profile(function cube(x: number) {
        return x * x * x;
      });
      expect(square(3)).toBe(9);
      expect(loud(3)).toBe(-3);
      expect(cube(2)).toBe(8);
      const names = profiler.entries().map((s) => [s.name, s.kind, s.ncalls]);
      expect(names).toContainEqual(["square", "timed", 1]);
      expect(names).toContainEqual(["negate", "timed", 1]);
      expect(names).toContainEqual(["cube", "profiled", 1]);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^negate took \d+\.\d{3} ms$/);
    } finally {
      profiler.sink = saved;
    }
  });
});

describe("a disabled profiler", () => {
  it("passes results, promises and errors through untouched and records nothing", async () => {
    const p = new Profiler({ enabled: false });
    const promise = Promise.resolve("kept");
    const failure = new Error("kept too");
    class Api {
      @timed({ profiler: p, log: true, sink: () => expect.unreachable("no logging while disabled") }) get() {
        return promise;
      }
      @profiled({ profiler: p }) fail(): never {
        throw failure;
      }
    }
    const api = new Api();
    expect(api.get()).toBe(promise);
    expect(() => api.fail()).toThrow(failure);
    expect(await api.get()).toBe("kept");
    expect(stats(api.get).ncalls).toBe(0);
    expect(stats(api.fail)).toMatchObject({ ncalls: 0, errors: 0 });
    expect(p.report()).toContain("0 calls (0 errors) to 0 functions");
  });

  it("starts recording again as soon as it is re-enabled, including for an async call in flight", async () => {
    const p = new Profiler();
    let release: () => void = () => {};
    const wait = profile(() => new Promise<void>((resolve) => (release = resolve)), { profiler: p, label: "wait" });
    const inFlight = wait();
    p.enabled = false;
    release();
    await inFlight; // started while enabled: still counted when it settles
    expect(wait.ncalls).toBe(1);
    const ignored = wait();
    release();
    await ignored;
    expect(wait.ncalls).toBe(1);
    p.enabled = true;
    const counted = wait();
    release();
    await counted;
    expect(wait.ncalls).toBe(2);
  });
});

describe("entries()", () => {
  it("returns a snapshot with every statistic of the issue for each registered function", () => {
    const clock = manualClock();
    const p = new Profiler({ clock });
    const step = profile((ms: number) => clock.advance(ms), { profiler: p, label: "step" });
    for (const ms of [4, 1, 3, 2]) step(ms);
    const [entry] = p.entries();
    expect(entry).toEqual({
      name: "step",
      kind: "profiled",
      ncalls: 4,
      errors: 0,
      totalMs: 10,
      meanMs: 2.5,
      minMs: 1,
      maxMs: 4,
      lastMs: 2,
      p50Ms: expect.closeTo(2, 1),
      p90Ms: 4,
      p99Ms: 4,
      sampled: 4,
      estimated: false,
    });
    // A snapshot, not a live view.
    step(10);
    expect(entry?.ncalls).toBe(4);
  });
});
