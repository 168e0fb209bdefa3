/**
 * Overhead of decorum's timing decorators per call, against the undecorated
 * function and against Node's own `performance.timerify`.
 *
 * Each contestant makes 1000 calls of a tiny function (a few ns of work), so
 * the time per call minus the baseline's is the instrumentation's overhead.
 * Every instrumented call reads the clock twice; "2 × performance.now()"
 * measures that floor on this machine, and the "counter clock" rows replace
 * the clock with a trivial counter to show decorum's own bookkeeping alone.
 * The instrumented wrappers share one function literal, so their internal
 * call sites see every instrumented function, as in an application that
 * profiles many functions.
 */
import { createHistogram, performance } from "node:perf_hooks";
import { Profiler, profile, profiled, timed } from "decorum";
import { compare, note, save } from "./lib.js";

const CALLS = 1000;

function step(acc: number, i: number): number {
  return (acc + i * 7) % 1_000_003;
}

// Each contestant gets its own function object (and, below, its own loop).
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

// One loop per contestant, written out: a shared `run(fn)` loop would see
// every contestant at one call site, turn megamorphic, and measure that.
const runPlain = () => {
  let acc = 0;
  for (let i = 0; i < CALLS; i++) acc = plain(acc, i);
  return acc;
};
const runProfiled = () => {
  let acc = 0;
  for (let i = 0; i < CALLS; i++) acc = profiledFn(acc, i);
  return acc;
};
const runTimed = () => {
  let acc = 0;
  for (let i = 0; i < CALLS; i++) acc = timedFn(acc, i);
  return acc;
};
const runDisabled = () => {
  let acc = 0;
  for (let i = 0; i < CALLS; i++) acc = disabledFn(acc, i);
  return acc;
};
const runTimerified = () => {
  let acc = 0;
  for (let i = 0; i < CALLS; i++) acc = timerified(acc, i);
  return acc;
};
const runTimerifiedHistogram = () => {
  let acc = 0;
  for (let i = 0; i < CALLS; i++) acc = timerifiedHistogram(acc, i);
  return acc;
};
const runProfiledCounter = () => {
  let acc = 0;
  for (let i = 0; i < CALLS; i++) acc = profiledCounter(acc, i);
  return acc;
};
const runTimedCounter = () => {
  let acc = 0;
  for (let i = 0; i < CALLS; i++) acc = timedCounter(acc, i);
  return acc;
};

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

const plainObj = new Plain();
const decoratedObj = new Decorated();
const timedObj = new TimedMethod();

const runPlainMethod = () => {
  plainObj.acc = 0;
  let r = 0;
  for (let i = 0; i < CALLS; i++) r = plainObj.add(i);
  return r;
};
const runProfiledMethod = () => {
  decoratedObj.acc = 0;
  let r = 0;
  for (let i = 0; i < CALLS; i++) r = decoratedObj.add(i);
  return r;
};
const runTimedMethod = () => {
  timedObj.acc = 0;
  let r = 0;
  for (let i = 0; i < CALLS; i++) r = timedObj.add(i);
  return r;
};

const clockFloor = () => {
  let s = 0;
  for (let i = 0; i < CALLS; i++) s += performance.now() - performance.now();
  return s;
};

const fns = await compare(
  "function overhead (per call of a ~5 ns function)",
  {
    undecorated: runPlain,
    "profile(fn)": runProfiled,
    "timed(fn)": runTimed,
    "profile(fn), profiler disabled": runDisabled,
    "performance.timerify": runTimerified,
    "performance.timerify + histogram": runTimerifiedHistogram,
    "2 × performance.now()": clockFloor,
  },
  { unitsPerCall: CALLS, unit: "call", exemptFromChecksum: ["2 × performance.now()"] },
);

const methods = await compare(
  "method overhead (per call)",
  {
    undecorated: runPlainMethod,
    "@profiled()": runProfiledMethod,
    "@timed()": runTimedMethod,
  },
  { unitsPerCall: CALLS, unit: "call" },
);

// Measured last: a second clock function makes the profiler's shared call
// sites polymorphic, which would slow down the groups above.
const bookkeeping = await compare(
  "bookkeeping alone: the clock replaced by a counter (per call)",
  {
    undecorated: runPlain,
    "profile(fn), counter clock": runProfiledCounter,
    "timed(fn), counter clock": runTimedCounter,
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
const timerifyNs = added(fns, "performance.timerify");
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
note("overhead relative to performance.timerify's (added ns ÷ timerify's added ns; < 1 is cheaper)", {
  "@profiled() method": added(methods, "@profiled()") / timerifyNs,
  "@timed() method": added(methods, "@timed()") / timerifyNs,
  "profile(fn)": added(fns, "profile(fn)") / timerifyNs,
  "timed(fn)": added(fns, "timed(fn)") / timerifyNs,
  "profile(fn) vs timerify + histogram": added(fns, "profile(fn)") / added(fns, "performance.timerify + histogram"),
});

save("profiling");
