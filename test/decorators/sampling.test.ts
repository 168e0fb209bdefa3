/**
 * Sampled timing: every call counted exactly, about one call in N timed,
 * durations estimated from the timed calls and marked as estimated in
 * `stats`, `profiler.report()` and the Chrome trace; exact timing with
 * `sample: 1`. A manual clock and `random: () => 0.5` (every N-th call
 * timed, starting with the first) make the estimates exact numbers.
 */
import { describe, expect, it } from "vitest";
import {
  AUTO_SAMPLE,
  histogramOf,
  manualClock,
  Profiler,
  performanceClock,
  profile,
  profiled,
  stats,
  timed,
} from "../../src/decorators/index.js";

/** A profiler timing exactly every `every`-th call (the 1st, the every+1-th, ...). */
function sampledProfiler(every: number) {
  const clock = manualClock();
  const p = new Profiler({ clock, sample: every, random: () => 0.5 });
  return { clock, p };
}

describe("sampled timing", () => {
  it("counts every call and estimates the durations from the timed ones", () => {
    const { clock, p } = sampledProfiler(4);
    const work = profile((ms: number) => clock.advance(ms), { profiler: p, label: "work" });
    // Calls 1, 5 and 9 are timed: 1 ms, 5 ms, 9 ms.
    for (let i = 1; i <= 10; i++) work(i);
    const s = stats(work);
    expect(s).toMatchObject({ ncalls: 10, errors: 0, sampled: 3, estimated: true });
    expect(s.meanMs).toBe(5);
    expect(s.totalMs).toBe(50); // mean × ncalls
    expect(s.minMs).toBe(1);
    expect(s.maxMs).toBe(9);
    expect(s.lastMs).toBe(9);
    expect(histogramOf(work)?.count).toBe(3);
    expect(s.p99Ms).toBe(9);
  });

  it("times every call with sample: 1, on the function or on the profiler, and its stats are exact", () => {
    const { clock, p } = sampledProfiler(4);
    const exact = profile((ms: number) => clock.advance(ms), { profiler: p, sample: 1 });
    const sampled = profile((ms: number) => clock.advance(ms), { profiler: p });
    for (let i = 1; i <= 10; i++) {
      exact(i);
      sampled(i);
    }
    expect(stats(exact)).toMatchObject({ ncalls: 10, sampled: 10, estimated: false, totalMs: 55, meanMs: 5.5, minMs: 1, maxMs: 10 });
    expect(stats(sampled).estimated).toBe(true);

    p.sample = 1; // applies from each function's next timed call (the 13th here)
    p.reset();
    for (let i = 1; i <= 6; i++) sampled(i);
    expect(stats(sampled)).toMatchObject({ ncalls: 6, sampled: 6, estimated: false, totalMs: 21 });
  });

  it("spreads the gaps around N with the random source and stays within 1 .. 2N-1", () => {
    const clock = manualClock();
    const draws = [0, 0.999999, 0.5, 0.25];
    let k = 0;
    const p = new Profiler({ clock, sample: 4, random: () => draws[k++ % draws.length] as number });
    const f = profile(() => 0, { profiler: p });
    // Timed: call 1 (gap drawn 1), call 2 (gap 7), call 9 (gap 4), call 13 (gap 2), call 15 ...
    for (let i = 0; i < 14; i++) f();
    expect(stats(f)).toMatchObject({ ncalls: 14, sampled: 4 });
    // A broken random source (out of [0, 1)) falls back to the mean gap.
    p.random = () => Number.NaN;
    p.reset();
    for (let i = 0; i < 8; i++) f();
    expect(stats(f).sampled).toBe(2);
  });

  it("counts errors exactly, timed or not, and rethrows the same error", () => {
    const { p } = sampledProfiler(3);
    const boom = new Error("boom");
    const fail = profile(
      (n: number) => {
        if (n % 2 === 0) throw boom;
        return n;
      },
      { profiler: p },
    );
    for (let n = 0; n < 9; n++) {
      if (n % 2 === 0) expect(() => fail(n)).toThrow(boom);
      else expect(fail(n)).toBe(n);
    }
    expect(stats(fail)).toMatchObject({ ncalls: 9, errors: 5, sampled: 3, estimated: true });
  });

  it("counts untimed async calls when they settle, rejections included, and passes values and errors through", async () => {
    const { clock, p } = sampledProfiler(3);
    const boom = new Error("async boom");
    const releases: Array<() => void> = [];
    const job = profile(
      (n: number) =>
        new Promise<number>((resolve, reject) => {
          releases.push(() => {
            clock.advance(n);
            if (n % 3 === 1) reject(boom);
            else resolve(n);
          });
        }),
      { profiler: p },
    );
    const pending = [1, 2, 3, 4, 5, 6].map((n) => job(n));
    expect(job.ncalls).toBe(0); // nothing settled yet, timed or not
    const outcomes = pending.map((pr) =>
      pr.then(
        (v) => v,
        (e: unknown) => e,
      ),
    );
    for (const release of releases) release();
    expect(await Promise.all(outcomes)).toEqual([boom, 2, 3, boom, 5, 6]);
    // Calls 1 and 4 are timed; each is timed until it settles.
    expect(stats(job)).toMatchObject({ ncalls: 6, errors: 2, sampled: 2, estimated: true });
  });

  it("reports NaN durations, marked estimated, while no call has been timed yet", async () => {
    const { p } = sampledProfiler(2);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const wait = profile(async (first: boolean) => (first ? gate : undefined), { profiler: p });
    const first = wait(true); // timed, still pending
    await wait(false); // untimed, settled
    const s = stats(wait);
    expect(s).toMatchObject({ ncalls: 1, sampled: 0, estimated: true });
    expect(s.meanMs).toBeNaN();
    expect(s.totalMs).toBeNaN();
    expect(s.p50Ms).toBeNaN();
    expect(p.report()).toContain("1 call (0 errors) to 1 function in ~- ms");
    release();
    await first;
    expect(stats(wait)).toMatchObject({ ncalls: 2, sampled: 1 });
  });

  it("counts every generator run, finished, failed or closed, and times one run in N", () => {
    const { clock, p } = sampledProfiler(2);
    const boom = new Error("gen boom");
    const gen = profile(
      function* (n: number, fail: boolean) {
        for (let i = 0; i < n; i++) {
          clock.advance(1);
          yield i;
        }
        if (fail) throw boom;
      },
      { profiler: p, label: "gen" },
    );
    expect([...gen(3, false)]).toEqual([0, 1, 2]); // run 1, timed: 3 ms
    expect(() => [...gen(2, true)]).toThrow(boom); // run 2, untimed
    for (const v of gen(5, false)) if (v === 1) break; // run 3, timed, closed: 2 ms
    expect([...gen(1, false)]).toEqual([0]); // run 4, untimed
    const unfinished = gen(4, false); // run 5, never finished: not counted
    unfinished.next();
    expect(stats(gen)).toMatchObject({ ncalls: 4, errors: 1, sampled: 2, estimated: true, meanMs: 2.5, totalMs: 10 });
  });

  it("counts every async generator run and its rejections", async () => {
    const { p } = sampledProfiler(2);
    const boom = new Error("agen boom");
    const agen = profile(
      async function* (fail: boolean) {
        yield 1;
        if (fail) throw boom;
        yield 2;
      },
      { profiler: p },
    );
    const drain = async (it: AsyncIterable<number>) => {
      const out: number[] = [];
      for await (const v of it) out.push(v);
      return out;
    };
    expect(await drain(agen(false))).toEqual([1, 2]); // timed
    await expect(drain(agen(true))).rejects.toBe(boom); // untimed
    await expect(drain(agen(true))).rejects.toBe(boom); // timed
    expect(await drain(agen(false))).toEqual([1, 2]); // untimed
    const closed = agen(false); // timed, closed by return()
    await closed.next();
    await closed.return(undefined);
    expect(stats(agen)).toMatchObject({ ncalls: 5, errors: 2, sampled: 3, estimated: true });
  });

  it("marks estimated durations with ~ in the report, and leaves exact rows unmarked", () => {
    const { clock, p } = sampledProfiler(4);
    const sampled = profile((ms: number) => clock.advance(ms), { profiler: p, label: "sampled" });
    const exact = profile((ms: number) => clock.advance(ms), { profiler: p, label: "exact", sample: 1 });
    for (let i = 1; i <= 8; i++) {
      sampled(2);
      exact(1);
    }
    const lines = p.report({ sortBy: "name" }).split("\n");
    expect(lines[0]).toBe("16 calls (0 errors) to 2 functions in ~24.000 ms");
    expect(lines[2]).toBe("~ estimated from sampled calls: 10 of 16 calls timed; counts are exact");
    expect(lines[6]).toBe(
      `${"8".padStart(9)}  ${"0".padStart(7)}  ${"~16.000".padStart(11)}  ${"~2.0000".padStart(10)}  ${"~2.0000".padStart(10)}  ${"~2.0000".padStart(10)}  sampled`,
    );
    expect(lines[5]).toMatch(/^ +8 +0 +8\.0000 +1\.0000 +1\.0000 +1\.0000 {2}exact$/);

    const exactOnly = new Profiler({ clock, sample: 1 });
    const f = profile((ms: number) => clock.advance(ms), { profiler: exactOnly });
    f(1);
    expect(exactOnly.report()).not.toContain("~");
  });

  it("traces only the timed calls, and says so in the trace", () => {
    const { clock, p } = sampledProfiler(3);
    p.startTracing(100);
    const sampled = profile((ms: number) => clock.advance(ms), { profiler: p, label: "sampled" });
    const exact = profile((ms: number) => clock.advance(ms), { profiler: p, label: "exact", sample: 1 });
    for (let i = 0; i < 6; i++) {
      sampled(1);
      exact(1);
    }
    const trace = JSON.parse(p.toChromeTrace()) as {
      traceEvents: Array<{ name: string; ph: string; args: Record<string, unknown> }>;
      otherData: { sampled: boolean };
    };
    const spans = trace.traceEvents.filter((e) => e.ph === "X");
    expect(spans.filter((e) => e.name === "sampled")).toHaveLength(2);
    expect(spans.filter((e) => e.name === "exact")).toHaveLength(6);
    for (const e of spans) expect(e.args.sampled).toBe(e.name === "sampled" ? true : undefined);
    expect(trace.otherData.sampled).toBe(true);

    const q = new Profiler({ clock, sample: 1, trace: 10 });
    profile(() => 0, { profiler: q })();
    expect(JSON.parse(q.toChromeTrace()).otherData.sampled).toBe(false);
  });

  it("keeps @timed({ log: true }) exact under a sampling profiler, and refuses a sample with log", () => {
    const { clock, p } = sampledProfiler(8);
    const lines: string[] = [];
    const logged = timed((ms: number) => clock.advance(ms), { profiler: p, log: true, label: "logged", sink: (l) => lines.push(l) });
    for (let i = 1; i <= 3; i++) logged(i);
    expect(lines).toEqual(["logged took 1.000 ms", "logged took 2.000 ms", "logged took 3.000 ms"]);
    expect(stats(logged)).toMatchObject({ ncalls: 3, sampled: 3, estimated: false, totalMs: 6 });
    expect(() => timed(() => 0, { log: true, sample: 4 })).toThrow(RangeError);
    expect(() => timed(() => 0, { log: true, sample: 4 })).toThrow("timed(): { log: true } prints every call's duration");
    expect(timed(() => 0, { profiler: p, log: true, sample: 1 })).toBeTypeOf("function");
  });

  it("applies { sample } from @profiled and @timed on methods and classes, in every dialect", () => {
    const { clock, p } = sampledProfiler(1);
    class Service {
      @profiled({ profiler: p, sample: 2 }) handle(ms: number) {
        clock.advance(ms);
      }
      @timed({ profiler: p, sample: 3 }) tick(ms: number) {
        clock.advance(ms);
      }
    }
    @profiled({ profiler: p, sample: 4 })
    class Repo {
      find(ms: number) {
        clock.advance(ms);
      }
    }
    const s = new Service();
    const r = new Repo();
    for (let i = 1; i <= 12; i++) {
      s.handle(i);
      s.tick(i);
      r.find(i);
    }
    expect(stats(s.handle)).toMatchObject({ ncalls: 12, sampled: 6, estimated: true, meanMs: 6 }); // 1,3,5,7,9,11
    expect(stats(s.tick)).toMatchObject({ kind: "timed", ncalls: 12, sampled: 4, meanMs: 5.5 }); // 1,4,7,10
    expect(stats(r.find)).toMatchObject({ ncalls: 12, sampled: 3, meanMs: 5, totalMs: 60 }); // 1,5,9
  });

  it("rejects a sample that is not 'auto' or an integer from 1 to 1e6, naming the caller", () => {
    expect(() => new Profiler({ sample: 0 })).toThrow('new Profiler(): sample must be "auto" or an integer from 1');
    expect(() => new Profiler({ sample: "fast" as never })).toThrow('(got "fast")');
    expect(() => profile(() => 0, { sample: 2.5 })).toThrow("profile(): sample must be");
    expect(() => timed(() => 0, { sample: -1 })).toThrow(RangeError);
    const p = new Profiler();
    expect(() => {
      p.sample = 2e6;
    }).toThrow("Profiler.sample: sample must be");
    expect(() => {
      class Bad {
        @profiled({ sample: Number.NaN }) m() {}
      }
      return Bad;
    }).toThrow("@profiled: sample must be");
  });

  it("samples 1 in AUTO_SAMPLE by default with the built-in clock and times every call with an injected clock", () => {
    const real = new Profiler();
    expect(real.sample).toBe("auto");
    expect(real.clock).toBe(performanceClock);
    expect(AUTO_SAMPLE).toBe(32);
    expect(real.sampleEvery).toBe(AUTO_SAMPLE);
    const f = profile(() => 0, { profiler: real });
    for (let i = 0; i < 3 * AUTO_SAMPLE; i++) f();
    expect(stats(f)).toMatchObject({ ncalls: 3 * AUTO_SAMPLE, estimated: true });
    expect(stats(f).sampled).toBeGreaterThanOrEqual(2);

    const injected = new Profiler({ clock: manualClock() });
    expect(injected.sampleEvery).toBe(1);
    expect(new Profiler({ clock: manualClock(), sample: 16 }).sampleEvery).toBe(16);
    injected.clock = performanceClock;
    expect(injected.sampleEvery).toBe(AUTO_SAMPLE);
  });
});
