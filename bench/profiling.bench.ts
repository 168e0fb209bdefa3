/**
 * Overhead of decorum's timing decorators per call, against the undecorated
 * function and against Node's own `performance.timerify`.
 *
 * Each contestant makes 1000 calls of a tiny function (a few ns of work), so
 * the time per call minus the baseline's is the instrumentation's overhead.
 * By default (`sample: "auto"`) decorum counts every call and times about one
 * in N, N picked from the clock's cost on this machine; the "exact" rows use
 * `sample: 1` and time every call. A timed call reads the clock twice;
 * "2 × performance.now()" measures that floor on this machine, and the "counter clock" rows replace
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
const live = new Profiler(); // the default: sample "auto"
const exact = new Profiler({ sample: 1 });
const counting = new Profiler();
let ticks = 0;
counting.clock = () => ++ticks;
const off = new Profiler({ enabled: false });

const plain = (acc: number, i: number) => step(acc, i);
const profiledFn = profile((acc: number, i: number) => step(acc, i), { profiler: live, label: "profiled" });
const timedFn = timed((acc: number, i: number) => step(acc, i), { profiler: live, label: "timed" });
const profiledExact = profile((acc: number, i: number) => step(acc, i), { profiler: exact, label: "profiled exact" });
const timedExact = timed((acc: number, i: number) => step(acc, i), { profiler: exact, label: "timed exact" });
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
const runProfiledExact = () => {
  let acc = 0;
  for (let i = 0; i < CALLS; i++) acc = profiledExact(acc, i);
  return acc;
};
const runTimedExact = () => {
  let acc = 0;
  for (let i = 0; i < CALLS; i++) acc = timedExact(acc, i);
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
class DecoratedExact {
  acc = 0;
  @profiled({ profiler: live, sample: 1 }) add(i: number): number {
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
const decoratedExactObj = new DecoratedExact();

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
const runProfiledExactMethod = () => {
  decoratedExactObj.acc = 0;
  let r = 0;
  for (let i = 0; i < CALLS; i++) r = decoratedExactObj.add(i);
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
    "profile(fn) (sampled, default)": runProfiled,
    "timed(fn) (sampled, default)": runTimed,
    "profile(fn), exact (sample: 1)": runProfiledExact,
    "timed(fn), exact (sample: 1)": runTimedExact,
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
    "@profiled() (sampled, default)": runProfiledMethod,
    "@profiled({ sample: 1 }) (exact)": runProfiledExactMethod,
    "@timed() (sampled, default)": runTimedMethod,
  },
  { unitsPerCall: CALLS, unit: "call" },
);

// Async functions: an untimed call is counted when it settles through two
// handlers shared by the function (no clock read, no closure per call).
const ASYNC_CALLS = 100;
const asyncPlain = async (acc: number, i: number) => step(acc, i);
const asyncSampled = profile(async (acc: number, i: number) => step(acc, i), { profiler: live, label: "async sampled" });
const asyncExact = profile(async (acc: number, i: number) => step(acc, i), { profiler: exact, label: "async exact" });
const asyncTimerified = performance.timerify(async (acc: number, i: number) => step(acc, i));
const runAsyncPlain = async () => {
  let acc = 0;
  for (let i = 0; i < ASYNC_CALLS; i++) acc = await asyncPlain(acc, i);
  return acc;
};
const runAsyncSampled = async () => {
  let acc = 0;
  for (let i = 0; i < ASYNC_CALLS; i++) acc = await asyncSampled(acc, i);
  return acc;
};
const runAsyncExact = async () => {
  let acc = 0;
  for (let i = 0; i < ASYNC_CALLS; i++) acc = await asyncExact(acc, i);
  return acc;
};
const runAsyncTimerified = async () => {
  let acc = 0;
  for (let i = 0; i < ASYNC_CALLS; i++) acc = await asyncTimerified(acc, i);
  return acc;
};
const asyncs = await compare(
  "async function overhead (per awaited call)",
  {
    undecorated: runAsyncPlain,
    "profile(async fn) (sampled, default)": runAsyncSampled,
    "profile(async fn), exact (sample: 1)": runAsyncExact,
    "performance.timerify": runAsyncTimerified,
  },
  { unitsPerCall: ASYNC_CALLS, unit: "call" },
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
function added(group: typeof fns, name: string, calls = CALLS): number {
  const base = group.rows.find((r) => r.name === group.baseline)?.p50NsPerCall ?? Number.NaN;
  const row = group.rows.find((r) => r.name === name)?.p50NsPerCall ?? Number.NaN;
  if (!Number.isFinite(row)) throw new Error(`no row ${JSON.stringify(name)} in ${group.group}`);
  return (row - base) / calls;
}

const clockNs = (fns.rows.find((r) => r.name === "2 × performance.now()")?.p50NsPerCall ?? Number.NaN) / CALLS;
const timerifyNs = added(fns, "performance.timerify");
note(`sampling: "auto" times 1 call in ${live.sampleEvery} here`, { sampleEvery: live.sampleEvery });
note("added ns per call, from medians (targets: sampled default ≤ 15; exact @profiled ≤ 60, @timed ≤ 40; disabled ≤ 5)", {
  "@profiled() method, sampled (default)": added(methods, "@profiled() (sampled, default)"),
  "@profiled({ sample: 1 }) method, exact": added(methods, "@profiled({ sample: 1 }) (exact)"),
  "@timed() method, sampled (default)": added(methods, "@timed() (sampled, default)"),
  "profile(fn), sampled (default)": added(fns, "profile(fn) (sampled, default)"),
  "profile(fn), exact": added(fns, "profile(fn), exact (sample: 1)"),
  "timed(fn), sampled (default)": added(fns, "timed(fn) (sampled, default)"),
  "timed(fn), exact": added(fns, "timed(fn), exact (sample: 1)"),
  "profiler disabled": added(fns, "profile(fn), profiler disabled"),
  "performance.timerify": added(fns, "performance.timerify"),
  "performance.timerify + histogram": added(fns, "performance.timerify + histogram"),
  "clock floor (2 × performance.now())": clockNs,
  "profile(fn) exact minus clock floor": added(fns, "profile(fn), exact (sample: 1)") - clockNs,
  "profile(fn) bookkeeping (counter clock)": added(bookkeeping, "profile(fn), counter clock"),
  "timed(fn) bookkeeping (counter clock)": added(bookkeeping, "timed(fn), counter clock"),
  "profile(async fn), sampled (default)": added(asyncs, "profile(async fn) (sampled, default)", ASYNC_CALLS),
  "profile(async fn), exact": added(asyncs, "profile(async fn), exact (sample: 1)", ASYNC_CALLS),
  "performance.timerify (async fn)": added(asyncs, "performance.timerify", ASYNC_CALLS),
});
note("overhead relative to performance.timerify's (added ns ÷ timerify's added ns; < 1 is cheaper)", {
  "@profiled() method, sampled": added(methods, "@profiled() (sampled, default)") / timerifyNs,
  "@profiled() method, exact": added(methods, "@profiled({ sample: 1 }) (exact)") / timerifyNs,
  "profile(fn), sampled": added(fns, "profile(fn) (sampled, default)") / timerifyNs,
  "profile(fn), exact": added(fns, "profile(fn), exact (sample: 1)") / timerifyNs,
  "profile(fn) sampled vs timerify + histogram":
    added(fns, "profile(fn) (sampled, default)") / added(fns, "performance.timerify + histogram"),
});

/**
 * Best-of timing: the fastest of many 1000-call loops. On a shared machine
 * other processes only ever add time, so the minimum is the most stable
 * estimate of a few-ns difference (the medians above move by ±5 ns between
 * runs).
 */
function bestNsPerCall(run: () => unknown, loops = 2000): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < loops; k++) {
    const t0 = performance.now();
    run();
    const ms = performance.now() - t0;
    if (ms < best) best = ms;
  }
  return (best * 1e6) / CALLS;
}
const bestPlain = bestNsPerCall(runPlain);
const bestPlainMethod = bestNsPerCall(runPlainMethod);
note("added ns per call, best of 2000 loops of 1000 calls (robust to other processes)", {
  "@profiled() method, sampled (default)": bestNsPerCall(runProfiledMethod) - bestPlainMethod,
  "@timed() method, sampled (default)": bestNsPerCall(runTimedMethod) - bestPlainMethod,
  "@profiled({ sample: 1 }) method, exact": bestNsPerCall(runProfiledExactMethod) - bestPlainMethod,
  "profile(fn), sampled (default)": bestNsPerCall(runProfiled) - bestPlain,
  "timed(fn), sampled (default)": bestNsPerCall(runTimed) - bestPlain,
  "profile(fn), exact": bestNsPerCall(runProfiledExact) - bestPlain,
  "timed(fn), exact": bestNsPerCall(runTimedExact) - bestPlain,
  "performance.timerify": bestNsPerCall(runTimerified, 300) - bestPlain,
});

save("profiling");
