/**
 * Overhead of decorum's timing decorators per call, against the undecorated
 * function and against Node's own `performance.timerify`.
 *
 * Each contestant makes 1000 calls of a tiny function (a few ns of work), so
 * the time per call minus the baseline's is the instrumentation's overhead.
 * Every instrumented call reads the clock twice; "2 × performance.now()"
 * measures that floor on this machine, and the "counter clock" rows replace
 * the clock with a trivial counter to show decorum's own bookkeeping alone.
 */
import { createHistogram, performance } from "node:perf_hooks";
import { Profiler, profile, profiled, timed } from "decorum";
import { compare, note, save } from "./lib.js";

const CALLS = 1000;

function step(acc: number, i: number): number {
  return (acc + i * 7) % 1_000_003;
}

function run(fn: (acc: number, i: number) => number): number {
  let acc = 0;
  for (let i = 0; i < CALLS; i++) acc = fn(acc, i);
  return acc;
}

// Each contestant gets its own copies so call sites stay monomorphic.
const live = new Profiler();
const counting = new Profiler();
let ticks = 0;
counting.clock = () => ++ticks;
const off = new Profiler({ enabled: false });

const plain = (acc: number, i: number) => step(acc, i);
const profiledFn = profile((acc: number, i: number) => step(acc, i), { profiler: live, label: "profiled" });
const timedFn = timed((acc: number, i: number) => step(acc, i), { profiler: live, label: "timed" });
const profiledCounter = profile((acc: number, i: number) => step(acc, i), { profiler: counting, label: "profiled (counter clock)" });
const timedCounter = timed((acc: number, i: number) => step(acc, i), { profiler: counting, label: "timed (counter clock)" });
const disabledFn = profile((acc: number, i: number) => step(acc, i), { profiler: off, label: "disabled" });
const timerified = performance.timerify((acc: number, i: number) => step(acc, i));
const timerHistogram = createHistogram();
const timerifiedHistogram = performance.timerify((acc: number, i: number) => step(acc, i), { histogram: timerHistogram });

class Plain {
  acc = 0;
  add(i: number): number {
    this.acc = step(this.acc, i);
    return this.acc;
  }
}
class Decorated {
  acc = 0;
  @profiled({ profiler: live }) add(i: number): number {
    this.acc = step(this.acc, i);
    return this.acc;
  }
}
class TimedMethod {
  acc = 0;
  @timed({ profiler: live }) add(i: number): number {
    this.acc = step(this.acc, i);
    return this.acc;
  }
}

function runMethod(o: { add(i: number): number; acc: number }): number {
  o.acc = 0;
  let r = 0;
  for (let i = 0; i < CALLS; i++) r = o.add(i);
  return r;
}

const plainObj = new Plain();
const decoratedObj = new Decorated();
const timedObj = new TimedMethod();

const clockFloor = () => {
  let s = 0;
  for (let i = 0; i < CALLS; i++) s += performance.now() - performance.now();
  return s;
};

const fns = await compare(
  "function overhead (per call of a ~5 ns function)",
  {
    undecorated: () => run(plain),
    "profile(fn)": () => run(profiledFn),
    "timed(fn)": () => run(timedFn),
    "profile(fn), profiler disabled": () => run(disabledFn),
    "performance.timerify": () => run(timerified),
    "performance.timerify + histogram": () => run(timerifiedHistogram),
    "2 × performance.now()": clockFloor,
  },
  { unitsPerCall: CALLS, unit: "call", exemptFromChecksum: ["2 × performance.now()"] },
);

const methods = await compare(
  "method overhead (per call)",
  {
    undecorated: () => runMethod(plainObj),
    "@profiled()": () => runMethod(decoratedObj),
    "@timed()": () => runMethod(timedObj),
  },
  { unitsPerCall: CALLS, unit: "call" },
);

// Measured last: a second clock function makes the profiler's shared call
// sites polymorphic, which would slow down the groups above.
const bookkeeping = await compare(
  "bookkeeping alone: the clock replaced by a counter (per call)",
  {
    undecorated: () => run(plain),
    "profile(fn), counter clock": () => run(profiledCounter),
    "timed(fn), counter clock": () => run(timedCounter),
  },
  { unitsPerCall: CALLS, unit: "call" },
);

/**
 * Added ns per call against the group's baseline, from the median sample
 * (p50), which other processes on a shared machine disturb less than the mean.
 */
function added(group: typeof fns, name: string): number {
  const base = group.rows.find((r) => r.name === group.baseline)?.p50NsPerCall ?? Number.NaN;
  const row = group.rows.find((r) => r.name === name)?.p50NsPerCall ?? Number.NaN;
  return (row - base) / CALLS;
}

const clockNs = (fns.rows.find((r) => r.name === "2 × performance.now()")?.p50NsPerCall ?? Number.NaN) / CALLS;
note("added ns per call, from medians (targets: @profiled ≤ 60, @timed ≤ 40, disabled ≤ 5)", {
  "@profiled() method": added(methods, "@profiled()"),
  "@timed() method": added(methods, "@timed()"),
  "profile(fn)": added(fns, "profile(fn)"),
  "timed(fn)": added(fns, "timed(fn)"),
  "profiler disabled": added(fns, "profile(fn), profiler disabled"),
  "performance.timerify": added(fns, "performance.timerify"),
  "performance.timerify + histogram": added(fns, "performance.timerify + histogram"),
  "clock floor (2 × performance.now())": clockNs,
  "profile(fn) minus clock floor": added(fns, "profile(fn)") - clockNs,
  "timed(fn) minus clock floor": added(fns, "timed(fn)") - clockNs,
  "profile(fn) bookkeeping (counter clock)": added(bookkeeping, "profile(fn), counter clock"),
  "timed(fn) bookkeeping (counter clock)": added(bookkeeping, "timed(fn), counter clock"),
});

save("profiling");
